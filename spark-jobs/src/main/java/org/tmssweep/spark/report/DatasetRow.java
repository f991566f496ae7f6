package org.tmssweep.spark.report;

import java.util.Objects;

/**
 * The finite-dataset columns of one row of the {@code models} table (docs/spec.md, "Finite datasets"), for a
 * model whose {@code dataset_size} is set. Nullable doubles of the table arrive here as NaN.
 *
 * @param datasetSize       T, the training points
 * @param datasetSeedIndex  K, the dataset's seed index
 * @param trainLoss         the loss on the T training points
 * @param testLoss          the loss on the test set (the model's final_loss)
 * @param meanDataDim       the mean data dimensionality D_X over the training points
 * @param meanTopFeatureDim the mean feature dimensionality D_i of the features with the largest ||W_i||
 * @param weightFro         ||W||_F
 * @param biasNorm          ||b||
 */
public record DatasetRow(String sweepId, String pointId, int seed, int datasetSize, int datasetSeedIndex,
        double trainLoss, double testLoss, double meanDataDim, double meanTopFeatureDim, double weightFro,
        double biasNorm) {

    public DatasetRow {
        Objects.requireNonNull(sweepId, "sweepId");
        Objects.requireNonNull(pointId, "pointId");
        if (datasetSize < 1) {
            throw new IllegalArgumentException("datasetSize: must be >= 1, got " + datasetSize);
        }
    }

    public ModelKey key() {
        return new ModelKey(sweepId, pointId, seed);
    }
}
