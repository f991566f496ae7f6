package org.tmssweep.core.analysis;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.data.FiniteDataset;

/**
 * How a trained model spreads its training points over the hidden space (Henighan et al. 2023,
 * "Superposition, Memorization, and Double Descent"). With h_i = W x_i the hidden vector of training point i
 * (stored here as row i of H, T x m) and G = sum_j h_j h_j^T (m x m):
 * <ul>
 *   <li><b>data-point dimensionality</b> D_X(i) = ||h_i||^2 / sum_j (ĥ_i . h_j)^2, j over the training points
 *       (i included): the feature dimensionality of docs/paper.md §3 with points in place of features. Since
 *       sum_j (ĥ_i . h_j)^2 = ĥ_i^T G ĥ_i, it is computed as ||h_i||^4 / (h_i^T G h_i), in O(T m^2) rather than
 *       O(T^2 m). A regular T-gon of points in m = 2 (T &ge; 3) has G = (T/2) r^2 I and D_X = 2/T for each
 *       point; 0 where h_i = 0.</li>
 *   <li><b>maximal data dimensionality</b> D*(i) = h_i^T G^+ h_i (introduced in Chris Olah's comment on the
 *       sequel): the leverage score of h_i, in [0, 1], with sum_i D*(i) = rank(H) &le; min(m, T). G^+ keeps the
 *       eigenvalues of G above {@link #RANK_TOL} times the largest (singular values of H above 1e-6 of the
 *       largest).</li>
 * </ul>
 * D_X(i) &le; D*(i) for every point (Cauchy-Schwarz: (h^T h)^2 &le; (h^T G h)(h^T G^+ h) for h in the range of
 * G), with equality iff h_i is an eigenvector of G; so sum_i D_X(i) &le; rank(H) &le; m, and the mean D_X of T
 * points is at most m/T, reached when the h_i form a tight frame (G a multiple of the identity), as a regular
 * T-gon does.
 */
public final class DataDimensionality {
    /** Eigenvalues of G at most this fraction of the largest count as 0 (rank and pseudo-inverse). */
    public static final double RANK_TOL = 1e-12;

    private DataDimensionality() {
    }

    /**
     * The training points of a model as it sees them: h_i = x_i W (ReLU(x_i W) for the ReLU-hidden kinds,
     * with W = W1^T for {@link ModelKind#ABS}), their D_X and D*, and their non-zero features.
     *
     * @param w    n x m, row f = feature f's embedding
     * @param data the model's training set
     */
    public static List<DataPoint> points(ModelKind kind, double[][] w, FiniteDataset data) {
        double[][] h = data.project(w);
        if (kind.reluHidden()) {
            for (double[] hi : h) {
                for (int k = 0; k < hi.length; k++) {
                    hi[k] = Math.max(hi[k], 0);
                }
            }
        }
        double[] dx = dimensionality(h);
        double[] dStar = maxDimensionality(h);
        List<DataPoint> out = new ArrayList<>(h.length);
        for (int i = 0; i < h.length; i++) {
            out.add(new DataPoint(i, Linalg.norm(h[i]), dx[i], dStar[i], data.features(i), data.values(i)));
        }
        return out;
    }

    /** G = sum_i h_i h_i^T, m x m. */
    static double[][] gram(double[][] h) {
        int m = h.length == 0 ? 0 : h[0].length;
        double[][] g = new double[m][m];
        for (double[] hi : h) {
            for (int a = 0; a < m; a++) {
                for (int c = 0; c < m; c++) {
                    g[a][c] += hi[a] * hi[c];
                }
            }
        }
        return g;
    }

    private static double quadratic(double[][] g, double[] x) {
        double s = 0;
        for (int a = 0; a < x.length; a++) {
            s += x[a] * Linalg.dot(g[a], x);
        }
        return s;
    }

    /** D_X(i) of every row h_i of H (T x m). */
    public static double[] dimensionality(double[][] h) {
        double[][] g = gram(h);
        double[] out = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            double sq = Linalg.dot(h[i], h[i]);
            double q = quadratic(g, h[i]);
            out[i] = sq > 0 && q > 0 ? sq * sq / q : 0.0;
        }
        return out;
    }

    /** D*(i) of every row h_i of H (T x m): h_i^T G^+ h_i. */
    public static double[] maxDimensionality(double[][] h) {
        double[] out = new double[h.length];
        if (h.length == 0) {
            return out;
        }
        double[][] pinv = pseudoInverse(gram(h));
        for (int i = 0; i < h.length; i++) {
            out[i] = quadratic(pinv, h[i]);
        }
        return out;
    }

    /** rank(H): the eigenvalues of G above {@link #RANK_TOL} times the largest. */
    public static int rank(double[][] h) {
        if (h.length == 0) {
            return 0;
        }
        double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(gram(h))).getRealEigenvalues();
        double max = 0;
        for (double e : ev) {
            max = Math.max(max, e);
        }
        int r = 0;
        for (double e : ev) {
            if (max > 0 && e > RANK_TOL * max) {
                r++;
            }
        }
        return r;
    }

    /** The Moore-Penrose inverse of a symmetric positive semi-definite matrix, by its eigendecomposition. */
    static double[][] pseudoInverse(double[][] sym) {
        int m = sym.length;
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(sym));
        double[] ev = eig.getRealEigenvalues();
        RealMatrix v = eig.getV();
        double max = 0;
        for (double e : ev) {
            max = Math.max(max, e);
        }
        double[][] out = new double[m][m];
        for (int k = 0; k < m; k++) {
            if (!(max > 0 && ev[k] > RANK_TOL * max)) {
                continue;
            }
            double[] u = v.getColumn(k);
            for (int a = 0; a < m; a++) {
                for (int c = 0; c < m; c++) {
                    out[a][c] += u[a] * u[c] / ev[k];
                }
            }
        }
        return out;
    }
}
