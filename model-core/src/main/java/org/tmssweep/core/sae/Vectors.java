package org.tmssweep.core.sae;

import org.tmssweep.core.rng.Rng;

/** Small double-precision vector helpers of the package. */
final class Vectors {
    private Vectors() {
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** a / ||a|| as a new array; a zero vector stays zero. */
    static double[] unit(double[] a) {
        double n = norm(a);
        double[] out = new double[a.length];
        if (n > 0) {
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i] / n;
            }
        }
        return out;
    }

    /** Every row scaled to unit norm (zero rows stay zero), as new arrays. */
    static double[][] unitRows(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            out[r] = unit(rows[r]);
        }
        return out;
    }

    /** Deep copy. */
    static double[][] copy(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            out[r] = rows[r].clone();
        }
        return out;
    }

    /** A direction n / ||n||, n ~ N(0, I_dim) from {@code rng} (dim draws). */
    static double[] gaussianUnit(Rng rng, int dim) {
        double[] v = new double[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = rng.nextGaussian();
        }
        return unit(v);
    }

    /**
     * {@code count} orthonormal vectors of length {@code dim} (count &le; dim): Gaussian rows drawn row by row
     * from {@code rng}, orthonormalised by modified Gram-Schmidt in order (Haar-distributed).
     */
    static double[][] orthonormalRows(Rng rng, int count, int dim) {
        if (count > dim) {
            throw new IllegalArgumentException("count: must be <= dim = " + dim + ", got " + count);
        }
        double[][] q = new double[count][dim];
        for (int r = 0; r < count; r++) {
            for (int i = 0; i < dim; i++) {
                q[r][i] = rng.nextGaussian();
            }
        }
        for (int r = 0; r < count; r++) {
            for (int p = 0; p < r; p++) {
                double c = dot(q[r], q[p]);
                for (int i = 0; i < dim; i++) {
                    q[r][i] -= c * q[p][i];
                }
            }
            double n = norm(q[r]);
            for (int i = 0; i < dim; i++) {
                q[r][i] /= n;
            }
        }
        return q;
    }
}
