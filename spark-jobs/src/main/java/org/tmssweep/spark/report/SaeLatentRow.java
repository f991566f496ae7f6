package org.tmssweep.spark.report;

import java.util.Objects;

/**
 * One row of the {@code sae_latents} table: latent {@code latent} of one SAE. Nullable doubles arrive as NaN.
 *
 * @param firing      the fraction of evaluation samples on which it fires (z &gt; 0)
 * @param dead        never fires on the evaluation sample
 * @param bestFeature the true feature of largest cosine with its decoder row
 * @param bestCosine  that cosine
 * @param decoder     its decoder row, unit norm, length d; not copied, do not mutate
 */
public record SaeLatentRow(String sweepId, String pointId, int seed, int latent, double firing, boolean dead,
        int bestFeature, double bestCosine, double[] decoder) {

    public SaeLatentRow {
        Objects.requireNonNull(sweepId, "sweepId");
        Objects.requireNonNull(pointId, "pointId");
        decoder = decoder == null ? new double[0] : decoder;
    }

    public ModelKey key() {
        return new ModelKey(sweepId, pointId, seed);
    }
}
