package org.tmssweep.spark.report;

import java.util.Objects;

/**
 * One row of the {@code sae_features} table: true feature {@code feature} against the dictionary of one SAE.
 * Nullable doubles arrive as NaN.
 *
 * @param probability its firing probability under the data rule, NaN where unknown
 * @param maxCosine   its largest cosine with a decoder row
 * @param bestLatent  the latent of that cosine
 * @param direction   the feature's true direction, unit, length d; not copied, do not mutate
 */
public record SaeFeatureRow(String sweepId, String pointId, int seed, int feature, double probability,
        double maxCosine, int bestLatent, double[] direction) {

    public SaeFeatureRow {
        Objects.requireNonNull(sweepId, "sweepId");
        Objects.requireNonNull(pointId, "pointId");
        direction = direction == null ? new double[0] : direction;
    }

    public ModelKey key() {
        return new ModelKey(sweepId, pointId, seed);
    }
}
