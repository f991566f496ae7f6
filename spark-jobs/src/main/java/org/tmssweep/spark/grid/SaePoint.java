package org.tmssweep.spark.grid;

import java.io.Serializable;
import org.tmssweep.core.sae.AbsorptionToy;
import org.tmssweep.core.sae.SaeConfig;
import org.tmssweep.core.sae.SaeSource;
import org.tmssweep.core.sae.SaeSpec;
import org.tmssweep.core.sae.SyntheticFeaturesConfig;
import org.tmssweep.spark.spec.SaeSourceKind;

/**
 * One sparse autoencoder to train: an SAE point's recipe and data source plus an SAE seed index. Plain
 * serializable values only (the toy model whose hidden vectors a {@link SaeSourceKind#TOY} SAE reads is trained
 * in the same task, {@link SaeUnit}).
 *
 * <p>Identity, as for {@link GridPoint}: {@code pointId} is the first 8 bytes (hex) of the SHA-256 of the
 * canonical text and {@code rngSeed} the first 8 bytes of the SHA-256 of that text plus {@code ;seed=<index>}.
 * The canonical text is {@code v<semantics>} (or, for a toy source, the toy model's canonical text and
 * {@code ;toy_seed=<its seed index>}) followed by {@code ;key=value} for every sae key of the point in grid order
 * except the sweep-wide sae.seeds and sae.recovery_threshold. So an SAE's seed depends on its own settings and
 * on the toy model it reads, never on grouping, partitioning or the other SAEs of the sweep.
 *
 * @param index             position in the sweep's SAE order (SAE points x SAE seeds, in grid order)
 * @param pointId           16 hex digits
 * @param seedIndex         SAE seed index, 0..sae.seeds-1
 * @param rngSeed           the SAE's seed ({@link SaeSpec#seed()})
 * @param canonical         canonical text the ids are hashed from
 * @param crossKey          the canonical text without sae.latents / sae.ratio, plus the seed index: SAEs with
 *                          the same cross key differ only in their size (cross_mmcs compares them)
 * @param toyPointId        the point id of the toy model (toy source), else null
 * @param toySeedIndex      the toy model's seed index (toy source), else -1
 * @param source            where the data comes from
 * @param features          G, the number of true features
 * @param dim               d
 * @param config            the recipe (k included)
 * @param synthetic         the synthetic source's settings, null for the other sources
 * @param absorptionSeed    the absorption toy's truth seed (absorption source), else 0
 * @param hierarchy         the absorption toy's hierarchy setting (absorption source), else null
 * @param recoveryThreshold sae.recovery_threshold
 */
public record SaePoint(
        long index,
        String pointId,
        int seedIndex,
        long rngSeed,
        String canonical,
        String crossKey,
        String toyPointId,
        int toySeedIndex,
        SaeSourceKind source,
        int features,
        int dim,
        SaeConfig config,
        SyntheticFeaturesConfig synthetic,
        long absorptionSeed,
        Boolean hierarchy,
        double recoveryThreshold) implements Serializable {

    /** k / G. */
    public double ratio() {
        return (double) config.latents() / features;
    }

    /**
     * The data source of a synthetic or absorption SAE (a toy SAE's comes from its trained toy model):
     * {@link SyntheticFeaturesConfig#build()} draws the directions, so SAEs of one task share one built source.
     */
    public SaeSource buildSource() {
        return switch (source) {
            case SYNTHETIC -> synthetic.build();
            case ABSORPTION -> new AbsorptionToy(absorptionSeed, hierarchy);
            case TOY -> throw new IllegalStateException("a toy SAE's source is its trained toy model");
        };
    }

    /** The model-core spec of this SAE on {@code data}. */
    public SaeSpec spec(SaeSource data) {
        return new SaeSpec(config, data, rngSeed);
    }

    /** Rough training cost in multiply-adds: 6·B·k·d per step (encoder and decoder, forward and backward). */
    public double estimatedMacs() {
        return 6.0 * config.batchSize() * config.latents() * dim * config.steps();
    }

    @Override
    public String toString() {
        return "SaePoint[" + pointId + "/" + seedIndex + " " + canonical + "]";
    }
}
