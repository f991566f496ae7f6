package org.tmssweep.spark.analysis;

import java.io.Serializable;

/**
 * One trained model as the analyses need it, rebuilt from its {@code models} row and its
 * {@code features} rows: W (n x m, row f = features.embedding of feature f), b (features.bias) and the
 * per-feature importance, probability and dimensionality columns.
 *
 * @param finalLoss   NaN when the table has null
 * @param featureSets models.feature_sets (FeatureSets.describe), null when the model has none
 */
public record ModelInput(String sweepId, String pointId, int seed, String model, int nFeatures, int nHidden,
        double sparsity, double finalLoss, double frobeniusSq, double[][] w, double[] b, double[] importance,
        double[] probability, double[] dimensionality, String featureSets) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Feature rows complete (one per feature, embeddings of length n_hidden) and every weight finite. */
    public boolean complete() {
        if (w == null || w.length != nFeatures || nFeatures == 0) {
            return false;
        }
        for (int f = 0; f < nFeatures; f++) {
            if (w[f] == null || w[f].length != nHidden || !Double.isFinite(b[f])) {
                return false;
            }
            for (double v : w[f]) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }
}
