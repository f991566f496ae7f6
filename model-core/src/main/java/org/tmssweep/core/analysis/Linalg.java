package org.tmssweep.core.analysis;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/** Small dense double-precision helpers for the analysis (sizes up to a few hundred). */
final class Linalg {
    private Linalg() {
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }

    /** Eigenvalues of a symmetric matrix by commons-math3's {@link EigenDecomposition}, in decreasing order. */
    static double[] symmetricEigenvalues(double[][] sym) {
        if (sym.length == 0) {
            return new double[0];
        }
        double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(sym)).getRealEigenvalues();
        Arrays.sort(ev);
        for (int i = 0; i < ev.length / 2; i++) {
            double tmp = ev[i];
            ev[i] = ev[ev.length - 1 - i];
            ev[ev.length - 1 - i] = tmp;
        }
        return ev;
    }

    /**
     * Rank of the k vectors {@code rows}: the number of singular values &ge; {@code relTol} times the
     * largest (0 for an all-zero set). Uses the smaller of the k x k and m x m Gram matrices.
     */
    static int rank(double[][] rows, double relTol) {
        int k = rows.length;
        if (k == 0) {
            return 0;
        }
        int m = rows[0].length;
        double[][] gram;
        if (k <= m) {
            gram = new double[k][k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    gram[i][j] = dot(rows[i], rows[j]);
                }
            }
        } else {
            gram = new double[m][m];
            for (double[] r : rows) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        gram[i][j] += r[i] * r[j];
                    }
                }
            }
        }
        double[] ev = symmetricEigenvalues(gram);
        if (!(ev[0] > 0)) {
            return 0;
        }
        double cut = relTol * relTol * ev[0]; // eigenvalues of the Gram matrix are squared singular values
        int r = 0;
        for (double e : ev) {
            if (e >= cut) {
                r++;
            }
        }
        return r;
    }
}
