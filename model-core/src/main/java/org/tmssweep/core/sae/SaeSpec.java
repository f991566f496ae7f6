package org.tmssweep.core.sae;

import java.io.Serializable;

/**
 * Everything that determines one trained sparse autoencoder: its recipe, its data and its seed. Training is a
 * pure function of the spec: init from {@code Rng.derive(seed, RngStream.SAE_INIT)}, training batches from
 * {@code SAE_DATA}, resampled directions from {@code SAE_RESAMPLE}, evaluation samples from {@code SAE_EVAL}
 * (the source's own fixed parts come from its truth seed).
 *
 * @param config the recipe
 * @param source the data
 * @param seed   the SAE's seed
 */
public record SaeSpec(SaeConfig config, SaeSource source, long seed) implements Serializable {

    public SaeSpec {
        if (config == null) {
            throw new IllegalArgumentException("config: is required");
        }
        if (source == null) {
            throw new IllegalArgumentException("source: is required");
        }
    }

    /** d. */
    public int dim() {
        return source.dim();
    }

    /** What specs must share to be trained in one {@link SaeModel}: d, k, batch size and step count. */
    public PackKey packKey() {
        return new PackKey(source.dim(), config.latents(), config.batchSize(), config.steps());
    }

    /** The shape part of a spec (everything else may differ between the instances of a pack). */
    public record PackKey(int dim, int latents, int batchSize, int steps) implements Serializable {
    }
}
