package org.tmssweep.core.analysis;

/**
 * Labels a feature dimensionality D_i with the nearest simple fraction: the paper's sticky values
 * 1, 3/4 (tetrahedron), 2/3 (triangle), 1/2 (digon), 2/5 (pentagon), 3/8 (square antiprism), 0
 * (docs/paper.md §3), and arbitrary ones such as the clusters near 4/9 that comments on the paper
 * asked about.
 */
public final class Fractions {
    /** The paper's sticky fractions, as (numerator, denominator). */
    public static final int[][] PAPER_STICKY = {{1, 1}, {3, 4}, {2, 3}, {1, 2}, {2, 5}, {3, 8}, {0, 1}};

    private Fractions() {
    }

    /**
     * Nearest a/b in [0, 1] with 1 &le; b &le; {@code maxDenominator}, in lowest terms; on a tie the
     * smaller denominator, then the smaller value, wins. Values outside [0, 1] map to 0 or 1.
     */
    public static Fraction nearest(double value, int maxDenominator) {
        if (maxDenominator < 1) {
            throw new IllegalArgumentException("maxDenominator: must be >= 1, got " + maxDenominator);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value: must be finite, got " + value);
        }
        int bestA = 0;
        int bestB = 1;
        double bestErr = Math.abs(value);
        for (int b = 1; b <= maxDenominator; b++) {
            for (int a = 0; a <= b; a++) {
                if (gcd(a, b) != 1) {
                    continue;
                }
                double err = Math.abs(value - (double) a / b);
                if (err < bestErr) {
                    bestErr = err;
                    bestA = a;
                    bestB = b;
                }
            }
        }
        return new Fraction(bestA, bestB, value - (double) bestA / bestB);
    }

    /** Nearest of {@link #PAPER_STICKY} (ties: the earlier in that list). */
    public static Fraction nearestSticky(double value) {
        int[] best = PAPER_STICKY[0];
        double bestErr = Double.POSITIVE_INFINITY;
        for (int[] f : PAPER_STICKY) {
            double err = Math.abs(value - (double) f[0] / f[1]);
            if (err < bestErr) {
                bestErr = err;
                best = f;
            }
        }
        return new Fraction(best[0], best[1], value - (double) best[0] / best[1]);
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
