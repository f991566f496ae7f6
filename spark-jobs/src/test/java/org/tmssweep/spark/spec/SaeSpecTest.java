package org.tmssweep.spark.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.sae.DecoderNorm;
import org.tmssweep.core.sae.ResampleRule;
import org.tmssweep.core.sae.SaeConfig;
import org.tmssweep.core.sae.SaeInit;
import org.tmssweep.core.sae.SyntheticFeaturesConfig;
import org.tmssweep.spark.grid.GridPoint;
import org.tmssweep.spark.grid.SaePoint;
import org.tmssweep.spark.grid.SaeUnit;
import org.tmssweep.spark.grid.SweepPlan;

/** The sae block of a spec: keys, defaults, validation messages, identities and the plan's tasks. */
class SaeSpecTest {
    static final String TOY = """
            name: sae-toy
            n_features: 5
            n_hidden: 2
            sparsity: 0.975
            sae:
              source: toy
              latents: 5
            """;
    static final String SYNTHETIC = """
            name: sae-syn
            sae:
              source: synthetic
              synthetic: {features: 16, dim: 8, mean_active: 2}
              ratio: [0.5, 1, 2]
              l1: [0.1, 0.3]
              seeds: 2
            """;

    static String error(String text) {
        return assertThrows(SpecException.class, () -> SpecParser.parse(text)).getMessage();
    }

    static SweepPlan plan(String text) throws SpecException {
        return SweepPlan.of(SpecParser.parse(text));
    }

    @Test
    void aToySaeGetsArenasRecipeByDefaultAndNoOtherSourcesKeys() throws SpecException {
        SweepSpec spec = SpecParser.parse(TOY);
        assertEquals(SaeSourceKind.TOY, spec.saeSource());
        assertEquals(1, spec.saeSeeds());
        String json = spec.canonicalJson();
        assertTrue(json.contains("\"sae.source\":\"toy\",\"sae.latents\":5,\"sae.l1\":0.2,\"sae.l1_per_latent\":false"),
                json);
        assertFalse(json.contains("sae.synthetic"), json);
        assertFalse(json.contains("sae.absorption"), json);
        assertTrue(json.contains("\"model\":\"relu_output\""), json);
        SaePoint p = plan(TOY).sae().saes().get(0);
        assertEquals(SaeConfig.arena(5), p.config());
        assertEquals(5, p.features());
        assertEquals(2, p.dim());
        assertEquals(0.9, p.recoveryThreshold());
    }

    @Test
    void aSyntheticSpecHasNoToyModelAndTheReportsDefaults() throws SpecException {
        SweepSpec spec = SpecParser.parse("""
                name: sae-syn-defaults
                sae: {source: synthetic, ratio: 1}
                """);
        String json = spec.canonicalJson();
        assertFalse(json.contains("\"model\""), json);
        assertFalse(json.contains("train."), json);
        assertFalse(json.contains("importance_decay"), json);
        SweepPlan plan = SweepPlan.of(spec);
        assertTrue(plan.points().isEmpty());
        SaePoint p = plan.sae().saes().get(0);
        assertEquals(SyntheticFeaturesConfig.sharkey(0), p.synthetic());
        assertEquals(512, p.config().latents());
        assertEquals(256, p.dim());
    }

    @Test
    void everyRecipeKeyReachesTheConfig() throws SpecException {
        SaePoint p = plan("""
                name: sae-keys
                sae:
                  source: absorption
                  absorption: {hierarchy: false, truth_seed: 7}
                  latents: 6
                  l1: 0.5
                  l1_per_latent: true
                  tied: true
                  decoder_bias: false
                  init: sharkey
                  reconstruction: feature_sum
                  optimizer: adamw
                  lr: 0.01
                  weight_decay: 0.1
                  beta1: 0.8
                  beta2: 0.99
                  eps: 1.0e-6
                  batch_size: 64
                  steps: 123
                  resample: arena
                  resample_every: 50
                  resample_window: 10
                  resample_scale: 0.25
                  eval_samples: 99
                  recovery_threshold: 0.95
                """).sae().saes().get(0);
        SaeConfig c = p.config();
        assertEquals(SaeConfig.builder().latents(6).l1(0.5).l1PerLatent(true).tied(true).decoderBias(false)
                .init(SaeInit.SHARKEY).reconstruction(org.tmssweep.core.config.LossNormalization.FEATURE_SUM)
                .optimizer(org.tmssweep.core.sae.SaeOptimizer.ADAMW).lr(0.01).weightDecay(0.1).beta1(0.8).beta2(0.99)
                .eps(1e-6).batchSize(64).steps(123).resample(ResampleRule.ARENA).resampleEvery(50).resampleWindow(10)
                .resampleScale(0.25).evalSamples(99).build(), c);
        assertEquals(DecoderNorm.GRADIENT_THROUGH, c.decoderNorm());
        assertEquals(Boolean.FALSE, p.hierarchy());
        assertEquals(7L, p.absorptionSeed());
        assertEquals(0.95, p.recoveryThreshold());
        assertEquals(4, p.features());
        assertEquals(50, p.dim());
    }

    @Test
    void theRatioRoundsToLatentsOfTheSourcesFeatures() throws SpecException {
        List<Integer> ks = plan(SYNTHETIC).sae().saes().stream().map(p -> p.config().latents()).distinct().toList();
        assertEquals(List.of(8, 16, 32), ks);
    }

    @Test
    void invalidSaeKeysAreOneLineErrorsNamingKeyAndValue() {
        assertEquals("sae.source: is required with the other sae keys (toy, synthetic or absorption), got sae.l1"
                + " without it", error("name: x\nn_features: 5\nn_hidden: 2\nsae: {l1: 0.1}\n"));
        assertEquals("sae.source: is sweep-wide: must be one value, not a list, got a list [toy, synthetic]",
                error("name: x\nn_features: 5\nn_hidden: 2\nsae: {source: [toy, synthetic], latents: 5}\n"));
        assertEquals("sae.source: must be one of toy, synthetic, absorption, got 'bogus'",
                error("name: x\nsae: {source: bogus, latents: 5}\n"));
        assertEquals("sae.synthetic.features: only with sae.source synthetic, got sae.source toy",
                error(TOY + "  synthetic: {features: 8}\n"));
        assertEquals("n_features: is a toy-model key, not used with sae.source synthetic (whose data the"
                + " sae.synthetic keys set)", error("name: x\nn_features: 5\nsae: {source: synthetic, latents: 5}\n"));
        assertEquals("seeds: counts toy models, not used with sae.source absorption; sae.seeds sets the SAE seeds,"
                + " got [0, 1, 2]", error("name: x\nseeds: 3\nsae: {source: absorption, latents: 4}\n"));
        assertEquals("sae.latents: give sae.latents (k) or sae.ratio (k / features)",
                error("name: x\nsae: {source: absorption}\n"));
        assertEquals("sae.ratio: give sae.latents or sae.ratio, not both",
                error("name: x\nsae: {source: absorption, latents: 4, ratio: 1}\n"));
        assertEquals("sae.ratio: gives k = round(ratio x features) = round(0.1 x 4) = 0 latents, must give between 1"
                + " and 2147483647, got 0.1", error("name: x\nsae: {source: absorption, ratio: 0.1}\n"));
        assertEquals("sae.l1[1]: must be >= 0 and finite, got -1.0",
                error("name: x\nsae: {source: absorption, latents: 4, l1: [0.1, -1]}\n"));
        assertEquals("sae.tied: must be true or false, got 'maybe'",
                error("name: x\nsae: {source: absorption, latents: 4, tied: maybe}\n"));
        assertEquals("sae.decoder_norm: a tied SAE needs gradient_through, got renormalise_only", error(
                "name: x\nsae: {source: absorption, latents: 4, tied: true, decoder_norm: renormalise_only}\n"));
        assertEquals("sae.resample_window: must be <= sae.resample_every = 2500, got 3000",
                error("name: x\nsae: {source: absorption, latents: 4, resample_window: 3000}\n"));
        assertEquals("sae.synthetic.mean_active: must be in (0, features = 10], got 100.0", error(
                "name: x\nsae: {source: synthetic, latents: 4, synthetic: {features: 10, mean_active: 100}}\n"));
        assertEquals("sae.synthetic.frequencies: must be one of independent, cdf_times_decay, cdf_power, got 'zipf'",
                error("name: x\nsae: {source: synthetic, latents: 4, synthetic: {frequencies: zipf}}\n"));
        assertTrue(error(TOY + "dataset: {size: 100}\n").startsWith("dataset.size: sae.source toy trains its SAEs"
                + " on fresh hidden vectors"));
        assertTrue(error(TOY + "  bogus: 1\n").startsWith("sae.bogus: unknown key (known in sae: absorption,"
                + " batch_size, beta1"));
        assertTrue(error("name: x\nsae: {source: synthetic, latents: 4, synthetic: {bogus: 1}}\n")
                .startsWith("sae.synthetic.bogus: unknown key (known in sae.synthetic: alpha_draw, decay,"));
        assertEquals("sae: must be a mapping (e.g. {source: toy, latents: 5, l1: 0.2}), got 'toy'",
                error("name: x\nn_features: 5\nn_hidden: 2\nsae: toy\n"));
        assertEquals("zip[0].sae.seeds: is sweep-wide: give it once, at the top level", error(TOY.replace(
                "sparsity: 0.975\n", "") + "zip:\n  - {sae: {seeds: [1, 2]}, sparsity: [0.9, 0.99]}\n"));
        assertEquals("order: SAE sweeps train in grid order, got shuffled", error(TOY + "order: shuffled\n"));
        assertEquals("when[0].sae.seeds: is sweep-wide: give it once, at the top level", error(TOY
                + "when:\n  - if: {n_hidden: 2}\n    set: {sae: {seeds: 3}}\n"));
    }

    @Test
    void theModelLimitCountsSaeSeeds() {
        String m = assertThrows(SpecException.class, () -> SpecParser.parse(SYNTHETIC, new SpecLimits(10,
                SpecLimits.DEFAULT_MAX_MODEL_BYTES))).getMessage();
        assertTrue(m.startsWith("the spec expands to 12 models (sae.seeds 2 x sae.ratio 3 x sae.l1 2), above the"
                + " limit of 10"), m);
    }

    @Test
    void saeIdsDependOnTheSaesOwnSettingsOnly() throws SpecException {
        SweepPlan a = plan(SYNTHETIC);
        // key order, the recovery threshold and the other SAEs of the grid change no SAE's identity
        SweepPlan b = plan("""
                name: sae-syn-other
                sae:
                  l1: [0.3, 0.1, 5.0]
                  recovery_threshold: 0.5
                  seeds: 2
                  synthetic: {mean_active: 2, dim: 8, features: 16}
                  ratio: [2, 1, 0.5]
                  source: synthetic
                """);
        Set<String> idsA = a.sae().saes().stream().map(p -> p.pointId() + "/" + p.seedIndex() + "/" + p.rngSeed())
                .collect(Collectors.toSet());
        Set<String> idsB = b.sae().saes().stream().map(p -> p.pointId() + "/" + p.seedIndex() + "/" + p.rngSeed())
                .collect(Collectors.toSet());
        assertTrue(idsB.containsAll(idsA));
        assertEquals(12, idsA.size());
        assertEquals(12, a.sae().saes().stream().map(SaePoint::rngSeed).distinct().count());
        assertNotEquals(a.spec().specHash(), b.spec().specHash());
    }

    @Test
    void aToySourceHasOneUnitPerToyModelAndItsSaesNameIt() throws SpecException {
        SweepPlan plan = plan(TOY.replace("sparsity: 0.975", "sparsity: [0.9, 0.975]\nseeds: 2")
                + "  l1: [0.1, 0.2]\n  seeds: 3\n");
        SweepPlan plain = plan("name: sae-toy\nn_features: 5\nn_hidden: 2\nsparsity: [0.9, 0.975]\nseeds: 2\n");
        assertEquals(plain.points().stream().map(GridPoint::rngSeed).toList(),
                plan.points().stream().map(GridPoint::rngSeed).toList());
        assertEquals(4, plan.sae().units().size());
        assertEquals(4 + 4 * 2 * 3, plan.modelCount());
        assertEquals(4 * 2 * 3, plan.sae().saes().size());
        for (SaeUnit u : plan.sae().units()) {
            assertEquals(6, u.saes().size());
            for (SaePoint p : u.saes()) {
                assertEquals(u.toy().pointId(), p.toyPointId());
                assertEquals(u.toy().seedIndex(), p.toySeedIndex());
                assertTrue(p.canonical().startsWith(u.toy().canonical() + ";toy_seed=" + u.toy().seedIndex() + ";"),
                        p.canonical());
            }
        }
        // the two toy seeds of a point give different SAE points
        assertEquals(8, plan.sae().saes().stream().map(SaePoint::pointId).distinct().count());
    }

    @Test
    void otherSourcesGroupTheSizesOfOneRecipeAndSeedIntoAUnit() throws SpecException {
        SweepPlan plan = plan(SYNTHETIC);
        assertEquals(2 * 2, plan.sae().units().size()); // l1 x seed
        for (SaeUnit u : plan.sae().units()) {
            assertNull(u.toy());
            assertEquals(List.of(8, 16, 32), u.saes().stream().map(p -> p.config().latents()).toList());
            assertEquals(1, u.saes().stream().map(SaePoint::crossKey).distinct().count());
            assertEquals(1, u.saes().stream().map(p -> p.config().l1()).distinct().count());
        }
        assertEquals(12, plan.modelCount());
        assertEquals(6, plan.pointCount());
        assertEquals(4, plan.taskCount());
        double macs = plan.sae().saes().stream()
                .mapToDouble(p -> 6.0 * 1024 * p.config().latents() * 8 * 10_000).sum();
        assertEquals(macs, plan.estimatedMacs(), 1e-6 * macs);
    }
}
