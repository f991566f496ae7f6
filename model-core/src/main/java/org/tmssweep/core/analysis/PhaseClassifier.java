package org.tmssweep.core.analysis;

/**
 * Empirical phase of trained n=2, m=1 and n=3, m=2 models, with the extra feature last (docs/paper.md
 * §3; the paper gives no thresholds, these rules are the project's).
 */
public final class PhaseClassifier {
    /** Norm above which a feature counts as represented (same as ModelStats.REPRESENTED_NORM). */
    public static final double REPRESENTED_NORM = 0.5;
    /** Ratio of singular values of the 2 x 3 W below which its null space is not a line. */
    public static final double DEGENERATE_RANK_GAP = 1e-3;

    private PhaseClassifier() {
    }

    /**
     * n=2, m=1: not learned if ||W_extra|| &lt; 0.5; dedicated if ||W_extra|| &ge; 0.5 and ||W_0|| &lt; 0.5;
     * both &ge; 0.5: superposition if W_0 . W_extra &lt; 0 (antipodal), confused otherwise.
     *
     * @param w 2 x 1, row f = feature f's embedding
     */
    public static PhaseResult classify2(double[][] w) {
        checkShape(w, 2, 1);
        double a = w[0][0];
        double e = w[1][0];
        double normOther = Math.abs(a);
        double normExtra = Math.abs(e);
        ExtraFeaturePhase phase;
        if (normExtra < REPRESENTED_NORM) {
            phase = ExtraFeaturePhase.NOT_LEARNED;
        } else if (normOther < REPRESENTED_NORM) {
            phase = ExtraFeaturePhase.DEDICATED;
        } else {
            phase = a * e < 0 ? ExtraFeaturePhase.SUPERPOSITION : ExtraFeaturePhase.CONFUSED;
        }
        return new PhaseResult(phase.label(), normOther, normExtra, a * e);
    }

    /**
     * n=3, m=2: the unit null vector v of W (v_0 W_0 + v_1 W_1 + v_2 W_2 = 0) is matched to the nearest
     * template by |cos|: [0,0,1] ignore extra; [1,0,0], [0,1,0] ignore other; [1,1,0]/sqrt2 others
     * antipodal; [1,0,1]/sqrt2, [0,1,1]/sqrt2 extra antipodal; [1,1,1]/sqrt3 joint. Ties go to the
     * earlier class in that order. W of rank &lt; 2 (smallest/largest singular value below
     * {@link #DEGENERATE_RANK_GAP}) is {@link NullDirection#DEGENERATE}.
     *
     * @param w 3 x 2, row f = feature f's embedding
     */
    public static NullPhaseResult classify3(double[][] w) {
        checkShape(w, 3, 2);
        // columns of the stored 3 x 2 matrix; their cross product is orthogonal to both = the null vector
        double[] c0 = {w[0][0], w[1][0], w[2][0]};
        double[] c1 = {w[0][1], w[1][1], w[2][1]};
        double[] v = {c0[1] * c1[2] - c0[2] * c1[1], c0[2] * c1[0] - c0[0] * c1[2], c0[0] * c1[1] - c0[1] * c1[0]};
        double rankGap = rankGap(c0, c1);
        double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        if (!(rankGap >= DEGENERATE_RANK_GAP) || norm == 0) {
            return new NullPhaseResult(NullDirection.DEGENERATE.label(), 0, 0, 0, 0, Double.isNaN(rankGap) ? 0 : rankGap);
        }
        int largest = 0;
        for (int i = 1; i < 3; i++) {
            if (Math.abs(v[i]) > Math.abs(v[largest])) {
                largest = i;
            }
        }
        double sign = v[largest] < 0 ? -1 : 1;
        for (int i = 0; i < 3; i++) {
            v[i] = sign * v[i] / norm;
        }
        NullDirection best = NullDirection.DEGENERATE;
        double bestCos = -1;
        for (NullDirection d : NullDirection.values()) {
            for (int t = 0; t < d.templateCount(); t++) {
                double cos = Math.abs(v[0] * d.template(t, 0) + v[1] * d.template(t, 1) + v[2] * d.template(t, 2));
                if (cos > bestCos) {
                    bestCos = cos;
                    best = d;
                }
            }
        }
        return new NullPhaseResult(best.label(), v[0], v[1], v[2], bestCos, rankGap);
    }

    /** sigma_min / sigma_max of the 3 x 2 matrix with columns c0, c1 (from its 2 x 2 Gram matrix). */
    private static double rankGap(double[] c0, double[] c1) {
        double a = dot(c0, c0);
        double b = dot(c0, c1);
        double d = dot(c1, c1);
        double hi = (a + d) / 2 + Math.sqrt(((a - d) / 2) * ((a - d) / 2) + b * b);
        double lo = hi > 0 ? Math.max((a * d - b * b) / hi, 0) : 0; // det / largest eigenvalue, no cancellation
        return hi > 0 ? Math.sqrt(lo / hi) : Double.NaN;
    }

    private static double dot(double[] x, double[] y) {
        return x[0] * y[0] + x[1] * y[1] + x[2] * y[2];
    }

    private static void checkShape(double[][] w, int n, int m) {
        if (w == null || w.length != n) {
            throw new IllegalArgumentException("w: must have n = " + n + " rows, got "
                    + (w == null ? "null" : w.length));
        }
        for (int f = 0; f < n; f++) {
            if (w[f].length != m) {
                throw new IllegalArgumentException("w[" + f + "]: must have m = " + m + " entries, got " + w[f].length);
            }
        }
    }
}
