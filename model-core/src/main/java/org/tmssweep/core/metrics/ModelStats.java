package org.tmssweep.core.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Whole-model geometry of a trained W (docs/paper.md §3).
 *
 * @param frobeniusSq         ||W||_F^2
 * @param dimsPerFeature      D* = m / ||W||_F^2 (infinite for W = 0)
 * @param representedFeatures number of features with ||W_f|| &gt; {@link #REPRESENTED_NORM}
 * @param features            per-feature statistics, in feature order
 */
public record ModelStats(double frobeniusSq, double dimsPerFeature, int representedFeatures,
                         List<FeatureStats> features) {
    /** A feature counts as represented when its embedding norm exceeds this. */
    public static final double REPRESENTED_NORM = 0.5;
    /** The notebook's clamp of the norm used to normalise rows (compute_dimensionality). */
    static final double NORM_CLAMP = 1e-6;

    public ModelStats {
        features = List.copyOf(features);
    }

    /**
     * Statistics of W (n x m, row f = feature f's embedding) and b (length n). Ŵ_f = W_f /
     * max(||W_f||, 1e-6) as in the notebook, so a zero row has interference 0 and D = 0.
     */
    public static ModelStats of(double[][] w, double[] b) {
        int n = w.length;
        if (b.length != n) {
            throw new IllegalArgumentException("b: must have n = " + n + " entries, got " + b.length);
        }
        int m = n == 0 ? 0 : w[0].length;
        double[] norms = new double[n];
        double fro = 0;
        for (int f = 0; f < n; f++) {
            double s = 0;
            for (int k = 0; k < m; k++) {
                s += w[f][k] * w[f][k];
            }
            fro += s;
            norms[f] = Math.sqrt(s);
        }
        List<FeatureStats> stats = new ArrayList<>(n);
        int represented = 0;
        for (int f = 0; f < n; f++) {
            double scale = 1.0 / Math.max(norms[f], NORM_CLAMP);
            double total = 0;
            double others = 0;
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int k = 0; k < m; k++) {
                    dot += w[f][k] * w[j][k];
                }
                double sq = (dot * scale) * (dot * scale);
                total += sq;
                if (j != f) {
                    others += sq;
                }
            }
            double dim = total > 0 ? norms[f] * norms[f] / total : 0.0;
            if (norms[f] > REPRESENTED_NORM) {
                represented++;
            }
            stats.add(new FeatureStats(f, norms[f], others, dim, b[f]));
        }
        return new ModelStats(fro, m / fro, represented, stats);
    }
}
