package org.tmssweep.core.analysis;

import java.util.Arrays;

/**
 * One training point of a model trained on a finite dataset, seen through the model's hidden layer (Henighan
 * et al. 2023, "Superposition, Memorization, and Double Descent"): its hidden vector h_i and how much of the
 * hidden space it takes ({@link DataDimensionality}). One row of a per-model, per-point table. The point's
 * non-zero features are arrays (an array column each), not strings, so that they stay queryable.
 *
 * @param index                 i, the point's position in the training set
 * @param hiddenNorm            ||h_i||
 * @param dimensionality        D_X(i) = ||h_i||^2 / sum_j (ĥ_i . h_j)^2, j over the training points
 *                              (i included); 0 when h_i = 0
 * @param maxDimensionality     D*(i) = h_i^T (H H^T)^+ h_i, the point's leverage in the hidden space
 * @param features              the point's non-zero features, ascending
 * @param values                their values, parallel to {@code features}
 */
public record DataPoint(int index, double hiddenNorm, double dimensionality, double maxDimensionality,
                        int[] features, float[] values) {

    public DataPoint {
        if (features.length != values.length) {
            throw new IllegalArgumentException("values: must have one per feature (" + features.length + "), got "
                    + values.length);
        }
        features = features.clone();
        values = values.clone();
    }

    /** Defensive copy. */
    @Override
    public int[] features() {
        return features.clone();
    }

    /** Defensive copy. */
    @Override
    public float[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataPoint p && index == p.index
                && Double.compare(hiddenNorm, p.hiddenNorm) == 0 && Double.compare(dimensionality, p.dimensionality) == 0
                && Double.compare(maxDimensionality, p.maxDimensionality) == 0 && Arrays.equals(features, p.features)
                && Arrays.equals(values, p.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * index + Double.hashCode(dimensionality)) + Arrays.hashCode(features);
    }

    @Override
    public String toString() {
        return "DataPoint[" + index + " |h|=" + hiddenNorm + " D_X=" + dimensionality + " D*=" + maxDimensionality
                + " features=" + Arrays.toString(features) + "]";
    }
}
