package org.tmssweep.spark.analysis;

import java.io.Serializable;

/**
 * One trained model as the analyses need it, rebuilt from its {@code models} row and its
 * {@code features} rows: W (n x m, row f = features.embedding of feature f), b (features.bias) and the
 * per-feature importance, probability and dimensionality columns.
 *
 * @param finalLoss   NaN when the table has null
 * @param featureSets models.feature_sets (FeatureSets.describe), null when the model has none
 * @param w2          W2 (n x m, row f = features.readout of feature f) for the abs model; null when no
 *                    feature row has a readout (the tied models)
 */
public record ModelInput(String sweepId, String pointId, int seed, String model, int nFeatures, int nHidden,
        double sparsity, double finalLoss, double frobeniusSq, double[][] w, double[] b, double[] importance,
        double[] probability, double[] dimensionality, String featureSets, double[][] w2) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A tied model (no W2) without feature sets. */
    public ModelInput(String sweepId, String pointId, int seed, String model, int nFeatures, int nHidden,
            double sparsity, double finalLoss, double frobeniusSq, double[][] w, double[] b, double[] importance,
            double[] probability, double[] dimensionality) {
        this(sweepId, pointId, seed, model, nFeatures, nHidden, sparsity, finalLoss, frobeniusSq, w, b, importance,
                probability, dimensionality, (String) null, (double[][]) null);
    }

    /** A tied model (no W2) with these feature sets. */
    public ModelInput(String sweepId, String pointId, int seed, String model, int nFeatures, int nHidden,
            double sparsity, double finalLoss, double frobeniusSq, double[][] w, double[] b, double[] importance,
            double[] probability, double[] dimensionality, String featureSets) {
        this(sweepId, pointId, seed, model, nFeatures, nHidden, sparsity, finalLoss, frobeniusSq, w, b, importance,
                probability, dimensionality, featureSets, (double[][]) null);
    }

    /** A model without feature sets, with this W2 (null for the tied kinds). */
    public ModelInput(String sweepId, String pointId, int seed, String model, int nFeatures, int nHidden,
            double sparsity, double finalLoss, double frobeniusSq, double[][] w, double[] b, double[] importance,
            double[] probability, double[] dimensionality, double[][] w2) {
        this(sweepId, pointId, seed, model, nFeatures, nHidden, sparsity, finalLoss, frobeniusSq, w, b, importance,
                probability, dimensionality, (String) null, w2);
    }

    /** W2 complete (one finite row of length n_hidden per feature); false when absent. */
    public boolean completeReadout() {
        if (w2 == null || w2.length != nFeatures) {
            return false;
        }
        for (double[] row : w2) {
            if (row == null || row.length != nHidden) {
                return false;
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

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
