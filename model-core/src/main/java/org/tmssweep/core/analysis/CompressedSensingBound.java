package org.tmssweep.core.analysis;

/**
 * The paper's compressed-sensing appendix (paper row 22, docs/paper.md §4): if T(x) = ReLU(W2 W1 x - b) recovers
 * every k-sparse x in R^n to within epsilon and W1 (m x n) is (delta, k)-RIP, then m = Omega(k log(n/k)); with
 * k = (1 - S) n active features on average this reads m = Omega(-n (1 - S) log(1 - S)).
 *
 * <p>What can be computed without the theorem's unknown constant: the bound's shape ({@link #shape}, the identity
 * k log(n/k) = -n p log p at k = p n, its maximum at p = 1/e), and a tractable exact instance for the toy model's
 * own decoder ReLU(W^T W x + b), k = 1 and epsilon = 0: recovering every non-negative 1-sparse x with entries in
 * [0, 1] exactly forces b = 0, ||W_i|| = 1 and W_i . W_j &le; 0 for i &ne; j, and R^m holds at most 2m vectors
 * with pairwise non-positive inner products, so m &ge; n / 2 (far above the theorem's log n for exact recovery).
 * {@link #oneSparseRecoveryError} checks a given (W, b) against that.
 */
public final class CompressedSensingBound {
    private CompressedSensingBound() {
    }

    /** k log(n/k) (natural log), the theorem's lower bound on m up to a constant; k in (0, n]. */
    public static double kLogNOverK(double n, double k) {
        if (!(n > 0) || !(k > 0) || k > n) {
            throw new IllegalArgumentException("k: must be in (0, n] with n > 0, got n = " + n + ", k = " + k);
        }
        return k * Math.log(n / k);
    }

    /** The bound's shape in the toy model's terms, -n p log p with density p = 1 - S in (0, 1]. */
    public static double shape(double n, double density) {
        if (!(density > 0 && density <= 1)) {
            throw new IllegalArgumentException("density: must be in (0, 1], got " + density);
        }
        return -n * density * Math.log(density);
    }

    /** The density at which the bound is largest for fixed n: p = 1/e (d/dp of -p log p = -(log p + 1)). */
    public static double worstDensity() {
        return 1 / Math.E;
    }

    /** Most features a toy model can decode exactly from 1-sparse non-negative inputs in m dimensions: 2m. */
    public static int maxExactOneSparseFeatures(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("m: must be >= 1, got " + m);
        }
        return 2 * m;
    }

    /**
     * Largest |x'_j - x_j| of the toy decoder x' = ReLU(W^T W x + b) over the 1-sparse inputs x = a e_i, i = 0..n-1,
     * a = 1/grid, 2/grid, ..., 1 (W n x m, row i = W_i).
     */
    public static double oneSparseRecoveryError(double[][] w, double[] b, int grid) {
        int n = w.length;
        if (b.length != n) {
            throw new IllegalArgumentException("b: must have n = " + n + " entries, got " + b.length);
        }
        if (grid < 1) {
            throw new IllegalArgumentException("grid: must be >= 1, got " + grid);
        }
        double[][] gram = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < w[i].length; k++) {
                    s += w[i][k] * w[j][k];
                }
                gram[i][j] = s;
            }
        }
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int g = 1; g <= grid; g++) {
                double a = (double) g / grid;
                for (int j = 0; j < n; j++) {
                    double out = Math.max(0, a * gram[j][i] + b[j]);
                    worst = Math.max(worst, Math.abs(out - (j == i ? a : 0)));
                }
            }
        }
        return worst;
    }
}
