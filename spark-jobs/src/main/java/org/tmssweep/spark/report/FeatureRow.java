package org.tmssweep.spark.report;

import java.util.Objects;

/**
 * One row of the {@code features} table: feature {@code feature} of one model. Nullable doubles of
 * the table arrive here as NaN.
 *
 * @param interference the superposition measure sum_{j != i} (W^_i . W_j)^2
 * @param embedding    the feature's row W_f (length n_hidden); not copied, do not mutate
 */
public record FeatureRow(String sweepId, String pointId, int seed, int feature, double importance,
        double probability, double norm, double interference, double dimensionality, double bias,
        double[] embedding) {

    public FeatureRow {
        Objects.requireNonNull(sweepId, "sweepId");
        Objects.requireNonNull(pointId, "pointId");
        embedding = embedding == null ? new double[0] : embedding;
    }

    public ModelKey key() {
        return new ModelKey(sweepId, pointId, seed);
    }

    /** The notebook's bar colour: sqrt of the superposition measure, clipped to [0, 1]; NaN stays NaN. */
    public double polysemanticity() {
        if (!Double.isFinite(interference)) {
            return Double.NaN;
        }
        return Math.min(1.0, Math.sqrt(Math.max(0.0, interference)));
    }
}
