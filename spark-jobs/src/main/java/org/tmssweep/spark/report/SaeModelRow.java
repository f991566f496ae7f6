package org.tmssweep.spark.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of the {@code sae_models} table: one sparse autoencoder (SAE) trained on data with known features
 * (docs/spec.md, "Sparse autoencoders"). Nullable doubles of the table arrive here as NaN, nullable strings as
 * the empty string; the settings of other sources (the synthetic ones for a toy SAE, say) stay null.
 *
 * @param toyPointId  the toy model's point for {@code source = toy}, else empty
 * @param toySeed     that toy model's seed, else null
 * @param seed        the SAE seed index
 * @param features    G, the number of true features
 * @param dim         d, the dimension the SAE reads
 * @param latents     k, the SAE's latents
 * @param ratio       k / G
 * @param recipe      the rest of the recipe by column name (optimiser moments, resampling schedule, evaluation
 *                    sample), as text: part of {@link #settings()}
 * @param deadLatents latents that never fire on the evaluation sample (0 where the table has null: a diverged SAE)
 * @param mmcs        mean max cosine similarity of the true features to the decoder rows (Sharkey et al.)
 * @param crossMmcs   MMCS between this dictionary and the one of the next larger k of the same settings, NaN
 *                    for the largest k
 * @param crossLatents that next larger k, or null
 */
public record SaeModelRow(String sweepId, String pointId, int seed, String toyPointId, Integer toySeed, String source,
        int features, int dim, int latents, double ratio, double l1, boolean l1PerLatent, boolean tied,
        boolean decoderBias, String decoderNorm, String init, String reconstruction, String optimizer, double lr,
        double weightDecay, int batchSize, int steps, String resample, Double meanActive, Double decay,
        String frequencies, String alphaDraw, String emptySamples, Long truthSeed, Boolean hierarchy,
        Map<String, String> recipe, String status, double reconstructionLoss, double l0, int deadLatents, double mmcs,
        double recoveredFraction, double recoveryThreshold, double crossMmcs, Integer crossLatents) {

    public SaeModelRow {
        Objects.requireNonNull(sweepId, "sweepId");
        Objects.requireNonNull(pointId, "pointId");
        toyPointId = toyPointId == null ? "" : toyPointId;
        source = source == null ? "" : source;
        decoderNorm = decoderNorm == null ? "" : decoderNorm;
        init = init == null ? "" : init;
        optimizer = optimizer == null ? "" : optimizer;
        resample = resample == null ? "" : resample;
        reconstruction = reconstruction == null ? "" : reconstruction;
        recipe = recipe == null ? Map.of() : Map.copyOf(recipe);
        status = status == null ? "" : status;
        if (latents < 1) {
            throw new IllegalArgumentException("latents: must be >= 1, got " + latents);
        }
    }

    public ModelKey key() {
        return new ModelKey(sweepId, pointId, seed);
    }

    /** Trained normally: status ok and a finite MMCS. */
    public boolean usable() {
        return ModelRow.STATUS_OK.equals(status) && Double.isFinite(mmcs);
    }

    /** The fraction of its latents that never fire on the evaluation sample. */
    public double deadFraction() {
        return deadLatents / (double) latents;
    }

    /**
     * Everything that defines the SAE except the penalty l1, the latents (k and k/G) and the seed, by column
     * name, in the table's order: SAEs of equal settings are the cells of one (l1, k/G) grid.
     */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("source", source);
        s.put("toy_point_id", toyPointId);
        s.put("toy_seed", toySeed == null ? "" : toySeed.toString());
        s.put("features", Integer.toString(features));
        s.put("dim", Integer.toString(dim));
        s.put("l1_per_latent", Boolean.toString(l1PerLatent));
        s.put("tied", Boolean.toString(tied));
        s.put("decoder_bias", Boolean.toString(decoderBias));
        s.put("decoder_norm", decoderNorm);
        s.put("init", init);
        s.put("reconstruction", reconstruction);
        s.put("optimizer", optimizer);
        s.put("lr", Fmt.num(lr));
        s.put("weight_decay", Fmt.num(weightDecay));
        s.put("batch_size", Integer.toString(batchSize));
        s.put("steps", Integer.toString(steps));
        s.put("resample", resample);
        s.put("mean_active", meanActive == null ? "" : Fmt.num(meanActive));
        s.put("decay", decay == null ? "" : Fmt.num(decay));
        s.put("frequencies", frequencies == null ? "" : frequencies);
        s.put("alpha_draw", alphaDraw == null ? "" : alphaDraw);
        s.put("empty_samples", emptySamples == null ? "" : emptySamples);
        s.put("truth_seed", truthSeed == null ? "" : truthSeed.toString());
        s.put("hierarchy", hierarchy == null ? "" : hierarchy.toString());
        s.put("recovery_threshold", Fmt.num(recoveryThreshold));
        new java.util.TreeMap<>(recipe).forEach(s::putIfAbsent);
        return s;
    }
}
