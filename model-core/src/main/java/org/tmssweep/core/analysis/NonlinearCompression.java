package org.tmssweep.core.analysis;

/**
 * The paper's appendix "Nonlinear compression" (paper row 21, docs/paper.md §4): two dense values x, y in [0, 1)
 * packed into one number t = (floor(Z x) + y) / Z, and decoded as x' = (floor(Z t) + 1/2) / Z (the middle of x's
 * bin), y' = Z t - floor(Z t) (exact). The {@code smoothed} variant replaces each jump of floor by a linear ramp of
 * width {@code epsilon} (in units of Z x), so that encoder and decoder are continuous, piecewise-linear functions (a
 * ReLU network can compute them); the values inside a ramp are then decoded wrongly.
 *
 * <p>The comparison is the best linear compression of the same two values into one dimension (with biases): x, y
 * are independent U[0, 1), so their covariance is I/12 and every direction keeps the same variance; the optimal
 * linear 2-to-1 encoder/decoder (PCA) loses the variance of the other direction, an MSE (summed over the two
 * values) of exactly 1/12 (see {@link #LINEAR_OPTIMUM_MSE}). The exact nonlinear scheme loses only x's position
 * inside its bin, 1/(12 Z^2).
 *
 * <p>{@link #mse} integrates the squared error over the unit square by the midpoint rule on a regular grid: a
 * deterministic computation, no random numbers.
 */
public final class NonlinearCompression {
    /** MSE (summed over x and y) of the best linear 2-to-1 compression of two independent U[0,1) values. */
    public static final double LINEAR_OPTIMUM_MSE = 1.0 / 12;

    private final int z;
    private final double epsilon;

    /**
     * @param z       bins for x, at least 1
     * @param epsilon ramp width in units of Z x, in [0, 1); 0 = the exact (discontinuous) scheme
     */
    public NonlinearCompression(int z, double epsilon) {
        if (z < 1) {
            throw new IllegalArgumentException("z: must be >= 1, got " + z);
        }
        if (!(epsilon >= 0 && epsilon < 1)) {
            throw new IllegalArgumentException("epsilon: must be in [0, 1), got " + epsilon);
        }
        this.z = z;
        this.epsilon = epsilon;
    }

    /** The exact scheme with Z bins. */
    public static NonlinearCompression exact(int z) {
        return new NonlinearCompression(z, 0);
    }

    /**
     * floor(u) on [0, Z), or its smoothed version: 0 on [0, 1 - eps], then each jump at k = 1..Z-1 spread over
     * [k - eps, k] linearly. Continuous when eps &gt; 0.
     */
    double step(double u) {
        if (epsilon == 0) {
            return Math.min(Math.floor(u), z - 1);
        }
        double s = 0;
        for (int k = 1; k < z; k++) {
            s += Math.min(1, Math.max(0, (u - (k - epsilon)) / epsilon));
        }
        return s;
    }

    /** t = (step(Z x) + y) / Z, in [0, 1). */
    public double encode(double x, double y) {
        return (step(z * x) + y) / z;
    }

    /** (x', y') from t: x' = (step(Z t) + 1/2) / Z, y' = Z t - step(Z t). */
    public double[] decode(double t) {
        double k = step(z * t);
        return new double[] {(k + 0.5) / z, z * t - k};
    }

    /**
     * E[(x - x')^2 + (y - y')^2] for independent x, y ~ U[0, 1), by the midpoint rule on a grid x grid.
     *
     * @param grid points per axis, at least 1
     */
    public double mse(int grid) {
        if (grid < 1) {
            throw new IllegalArgumentException("grid: must be >= 1, got " + grid);
        }
        double sum = 0;
        for (int i = 0; i < grid; i++) {
            double x = (i + 0.5) / grid;
            double rowSum = 0;
            for (int j = 0; j < grid; j++) {
                double y = (j + 0.5) / grid;
                double[] d = decode(encode(x, y));
                rowSum += (x - d[0]) * (x - d[0]) + (y - d[1]) * (y - d[1]);
            }
            sum += rowSum;
        }
        return sum / ((double) grid * grid);
    }

    /** The exact scheme's MSE in closed form: x is known to a bin of width 1/Z, y exactly: 1/(12 Z^2). */
    public static double exactMse(int z) {
        return 1.0 / (12.0 * z * z);
    }

    /**
     * The MSE of the best linear compression of (x, y) into one number, computed, not assumed: the 2x2 covariance
     * of the grid points, minus its largest eigenvalue (PCA keeps that direction, the decoder adds back the means).
     */
    public static double linearOptimumMse(int grid) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < grid; i++) {
            mx += (i + 0.5) / grid;
        }
        mx /= grid;
        my = mx;
        double cxx = 0;
        double cyy = 0;
        double cxy = 0;
        for (int i = 0; i < grid; i++) {
            double dx = (i + 0.5) / grid - mx;
            for (int j = 0; j < grid; j++) {
                double dy = (j + 0.5) / grid - my;
                cxx += dx * dx;
                cyy += dy * dy;
                cxy += dx * dy;
            }
        }
        double n = (double) grid * grid;
        cxx /= n;
        cyy /= n;
        cxy /= n;
        double mean = (cxx + cyy) / 2;
        double lambdaMax = mean + Math.sqrt((cxx - cyy) * (cxx - cyy) / 4 + cxy * cxy);
        return cxx + cyy - lambdaMax;
    }

    public int z() {
        return z;
    }

    public double epsilon() {
        return epsilon;
    }
}
