package org.tmssweep.core.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.config.LossNormalization;
import org.tmssweep.core.sae.SyntheticFeaturesConfig.AlphaDraw;
import org.tmssweep.core.sae.SyntheticFeaturesConfig.EmptySamples;
import org.tmssweep.core.sae.SyntheticFeaturesConfig.FeatureFrequencies;

class SaeConfigTest {

    private static void rejects(String message, Supplier<?> build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        assertEquals(message, e.getMessage());
    }

    @Test
    void defaultsAreArenasToySae() {
        SaeConfig c = SaeConfig.arena(5);
        assertEquals(5, c.latents());
        assertEquals(0.2, c.l1());
        assertFalse(c.l1PerLatent());
        assertFalse(c.tied());
        assertTrue(c.decoderBias());
        assertEquals(DecoderNorm.GRADIENT_THROUGH, c.decoderNorm());
        assertEquals(SaeInit.ARENA, c.init());
        assertEquals(LossNormalization.MEAN, c.reconstruction());
        assertEquals(SaeOptimizer.ADAM, c.optimizer());
        assertEquals(1e-3, c.lr());
        assertEquals(0.0, c.weightDecay());
        assertEquals(1024, c.batchSize());
        assertEquals(10_000, c.steps());
        assertEquals(ResampleRule.NONE, c.resample());
        assertEquals(2500, c.resampleEvery());
        assertEquals(500, c.resampleWindow());
        assertEquals(0.5, c.resampleScale());
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void sharkeysRecipe() {
        SaeConfig c = SaeConfig.sharkey(1024, 0.1);
        assertFalse(c.decoderBias());
        assertEquals(DecoderNorm.RENORMALISE_ONLY, c.decoderNorm());
        assertEquals(SaeInit.SHARKEY, c.init());
        assertEquals(256, c.batchSize());
        assertEquals(20_000, c.steps());
        assertEquals(0.1, c.penaltyCoefficient());
        assertEquals(0.1 / 1024, c.toBuilder().l1PerLatent(true).build().penaltyCoefficient());
    }

    @Test
    void reconstructionScaleFollowsTheNormalisation() {
        SaeConfig c = SaeConfig.arena(3);
        assertEquals(1.0 / (256 * 8), c.reconstructionScale(8, 256));
        assertEquals(1.0 / 256, c.toBuilder().reconstruction(LossNormalization.FEATURE_SUM).build()
                .reconstructionScale(8, 256));
    }

    @Test
    void invalidSettingsAreNamedWithTheirValue() {
        rejects("sae.latents: must be >= 1, got 0", () -> SaeConfig.builder().build());
        rejects("sae.l1: must be >= 0 and finite, got -0.1", () -> SaeConfig.arena(4).toBuilder().l1(-0.1).build());
        rejects("sae.lr: must be > 0 and finite, got NaN", () -> SaeConfig.arena(4).toBuilder().lr(Double.NaN).build());
        rejects("sae.beta2: must be in [0, 1), got 1.0", () -> SaeConfig.arena(4).toBuilder().beta2(1).build());
        rejects("sae.batch_size: must be >= 1, got 0", () -> SaeConfig.arena(4).toBuilder().batchSize(0).build());
        rejects("sae.resample_window: must be <= sae.resample_every = 100, got 101",
                () -> SaeConfig.arena(4).toBuilder().resampleEvery(100).resampleWindow(101).build());
        rejects("sae.resample_scale: must be > 0 and finite, got 0.0",
                () -> SaeConfig.arena(4).toBuilder().resampleScale(0).build());
        rejects("sae.decoder_norm: a tied SAE needs gradient_through, got renormalise_only",
                () -> SaeConfig.sharkey(4, 0.1).toBuilder().tied(true).build());
        rejects("sae.optimizer: is required", () -> SaeConfig.arena(4).toBuilder().optimizer(null).build());
        assertEquals(SaeOptimizer.ADAMW, SaeOptimizer.parse("adamw"));
        assertEquals(DecoderNorm.RENORMALISE_ONLY, DecoderNorm.parse("renormalise_only"));
    }

    @Test
    void syntheticFeatureSettingsAreValidated() {
        SyntheticFeaturesConfig s = SyntheticFeaturesConfig.sharkey(1);
        assertEquals(512, s.features());
        assertEquals(256, s.dim());
        assertEquals(5.0, s.meanActive());
        assertEquals(0.99, s.decay());
        assertFalse(s.correlated());
        rejects("synthetic.mean_active: must be in (0, features = 4], got 5.0",
                () -> new SyntheticFeaturesConfig(4, 2, 5, 0.99, FeatureFrequencies.INDEPENDENT, AlphaDraw.PER_BATCH,
                        EmptySamples.KEEP, 0));
        rejects("synthetic.decay: must be in (0, 1], got 0.0",
                () -> new SyntheticFeaturesConfig(4, 2, 1, 0, FeatureFrequencies.INDEPENDENT, AlphaDraw.PER_BATCH,
                        EmptySamples.KEEP, 0));
        rejects("synthetic.dim: must be >= 1, got 0",
                () -> new SyntheticFeaturesConfig(4, 0, 1, 0.9, FeatureFrequencies.INDEPENDENT, AlphaDraw.PER_BATCH,
                        EmptySamples.KEEP, 0));
        rejects("synthetic.frequencies: is required",
                () -> new SyntheticFeaturesConfig(4, 2, 1, 0.9, null, AlphaDraw.PER_BATCH, EmptySamples.KEEP, 0));
    }
}
