package org.tmssweep.core.analysis;

/**
 * Closed-form "toy model of the toy model" of Wattenberg's notebook (docs/paper.md §4): the loss of a
 * few hand-built solutions of the n=2, m=1 and n=3, m=2 models as a function of the feature density
 * {@code s} (= 1 - S; his notebook calls it "sparsity") and the relative importance {@code r} of the
 * extra feature (his "relative weight"), the other features having importance 1. The theoretical
 * phase is the solution of lowest loss.
 *
 * <p>Loss units: the paper's sum over features of I_f E[(x_f - x'_f)^2] (not divided by n); a
 * dedicated feature costs 0, an unrepresented one with optimal bias p/2 costs I Var(x) =
 * I (s/3 - s^2/4), an antipodal pair costs s^2 (I_a + I_b)/6 (both active with probability s^2, each
 * then loses min(x_a, x_b), E[min^2] = 1/6).
 *
 * <p>The theory ignores the optimal bias of antipodal solutions and the "confused" solution (docs/paper.md
 * §6); ties go to the non-superposition solution.
 */
public final class PhaseTheory {
    private PhaseTheory() {
    }

    /** Loss of dropping one importance-1 feature (optimal bias): s/3 - s^2/4. */
    public static double lossF(double s) {
        checkDensity(s);
        return s / 3 - s * s / 4;
    }

    /** Loss of dropping the extra feature of importance r: r (s/3 - s^2/4). */
    public static double lossG(double s, double r) {
        checkImportance(r);
        return r * lossF(s);
    }

    /** Loss of two importance-1 features sharing a dimension antipodally: s^2/3. */
    public static double lossHFirst(double s) {
        checkDensity(s);
        return s * s / 3;
    }

    /** Loss of the extra feature sharing a dimension antipodally with an importance-1 feature: (1+r) s^2/6. */
    public static double lossHLast(double s, double r) {
        checkDensity(s);
        checkImportance(r);
        return (1 + r) * s * s / 6;
    }

    /**
     * n=2, m=1 theoretical phase: argmin of {not learned: lossG, dedicated: lossF, superposition:
     * lossHLast}. Never {@link ExtraFeaturePhase#CONFUSED}.
     */
    public static ExtraFeaturePhase phase2(double s, double r) {
        ExtraFeaturePhase best = ExtraFeaturePhase.NOT_LEARNED;
        double bestLoss = lossG(s, r);
        if (lossF(s) < bestLoss) {
            best = ExtraFeaturePhase.DEDICATED;
            bestLoss = lossF(s);
        }
        if (lossHLast(s, r) < bestLoss) {
            best = ExtraFeaturePhase.SUPERPOSITION;
        }
        return best;
    }

    /**
     * Density below which the n=2, m=1 antipodal solution wins (derived from the closed forms,
     * docs/paper.md §4): 4r/(2+5r) for r &le; 1, 4/(5+2r) for r &ge; 1 (both 4/7 at r = 1).
     */
    public static double boundaryDensity2(double r) {
        checkImportance(r);
        return r <= 1 ? 4 * r / (2 + 5 * r) : 4 / (5 + 2 * r);
    }

    /**
     * n=3, m=2 theoretical phase (extra = third feature): argmin of {W perp [0,0,1]: lossG,
     * W perp [1,0,0]: lossF, W perp [1,1,0]: lossHFirst, W perp [0,1,1]: lossHLast}. Never
     * {@link NullDirection#JOINT} or {@link NullDirection#DEGENERATE}.
     */
    public static NullDirection phase3(double s, double r) {
        NullDirection best = NullDirection.IGNORE_EXTRA;
        double bestLoss = lossG(s, r);
        double[] losses = {lossF(s), lossHFirst(s), lossHLast(s, r)};
        NullDirection[] phases = {NullDirection.IGNORE_OTHER, NullDirection.OTHERS_ANTIPODAL,
            NullDirection.EXTRA_ANTIPODAL};
        for (int i = 0; i < losses.length; i++) {
            if (losses[i] < bestLoss) {
                best = phases[i];
                bestLoss = losses[i];
            }
        }
        return best;
    }

    /**
     * Density below which the n=3, m=2 model uses superposition (derived, docs/paper.md §4): 4/7 for
     * r &ge; 1 (the other two antipodal, independent of r), 4r/(2+5r) for r &le; 1 (extra antipodal).
     */
    public static double boundaryDensity3(double r) {
        checkImportance(r);
        return r >= 1 ? 4.0 / 7 : 4 * r / (2 + 5 * r);
    }

    private static void checkDensity(double s) {
        if (!(s > 0 && s <= 1)) {
            throw new IllegalArgumentException("density: must be in (0, 1], got " + s);
        }
    }

    private static void checkImportance(double r) {
        if (!(r > 0) || !Double.isFinite(r)) {
            throw new IllegalArgumentException("relative importance: must be > 0 and finite, got " + r);
        }
    }
}
