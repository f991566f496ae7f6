package org.tmssweep.core.analysis;

import java.util.Arrays;

/** Small dense double-precision helpers for the analysis (sizes up to a few hundred). */
final class Linalg {
    private static final int MAX_SWEEPS = 100;

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

    /** Eigenvalues of a symmetric matrix (cyclic Jacobi rotations), in decreasing order; input untouched. */
    static double[] symmetricEigenvalues(double[][] sym) {
        int n = sym.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = sym[i].clone();
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            double total = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    total += a[i][j] * a[i][j];
                    if (i != j) {
                        off += a[i][j] * a[i][j];
                    }
                }
            }
            if (off <= 1e-30 * total || off == 0) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) { // A <- A J (columns p, q)
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) { // A <- J^T A (rows p, q)
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                }
            }
        }
        double[] ev = new double[n];
        for (int i = 0; i < n; i++) {
            ev[i] = a[i][i];
        }
        Arrays.sort(ev);
        for (int i = 0; i < n / 2; i++) {
            double tmp = ev[i];
            ev[i] = ev[n - 1 - i];
            ev[n - 1 - i] = tmp;
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
