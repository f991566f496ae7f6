package org.tmssweep.core.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.core.Tolerances.F32;
import static org.tmssweep.core.Tolerances.F64;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.rng.Rng;
import org.tmssweep.core.rng.RngStream;
import org.tmssweep.core.sae.SyntheticFeaturesConfig.AlphaDraw;
import org.tmssweep.core.sae.SyntheticFeaturesConfig.EmptySamples;
import org.tmssweep.core.sae.SyntheticFeaturesConfig.FeatureFrequencies;
import org.tmssweep.core.train.TrainStatus;

class SaeTrainerTest {
    private static final SaeSource SYNTHETIC = new SyntheticFeaturesConfig(12, 6, 1.5, 0.95,
            FeatureFrequencies.INDEPENDENT, AlphaDraw.PER_BATCH, EmptySamples.KEEP, 3).build();

    private static SaeConfig small(SaeConfig c) {
        return c.toBuilder().steps(60).batchSize(30).evalSamples(500).build();
    }

    private static void assertSame(TrainedSae a, TrainedSae b, String what) {
        assertEquals(a.loss(), b.loss(), what);
        assertArrayEquals(a.firing(), b.firing(), 0.0, what);
        assertEquals(a.status(), b.status(), what);
        SaeParams p = a.params();
        SaeParams q = b.params();
        for (int j = 0; j < p.latents(); j++) {
            assertArrayEquals(p.encoder()[j], q.encoder()[j], 0.0, what);
            if (p.decoder() != null) {
                assertArrayEquals(p.decoder()[j], q.decoder()[j], 0.0, what);
            }
        }
        assertArrayEquals(p.encoderBias(), q.encoderBias(), 0.0, what);
        if (p.decoderBias() != null) {
            assertArrayEquals(p.decoderBias(), q.decoderBias(), 0.0, what);
        }
    }

    /** Every variant, with AdamW decay and the coupled Adam decay too, trained in one pack and each alone. */
    @Test
    void aPackTrainsEachSaeAsItWouldAlone() {
        List<SaeSpec> pack = new ArrayList<>();
        long seed = 40;
        for (SaeConfig c : SaeFixtures.variants(9).values()) {
            pack.add(new SaeSpec(small(c), SYNTHETIC, seed++));
        }
        pack.add(new SaeSpec(small(SaeConfig.arena(9).toBuilder().optimizer(SaeOptimizer.ADAMW).weightDecay(0.1)
                .build()), SYNTHETIC, seed++));
        pack.add(new SaeSpec(small(SaeConfig.arena(9).toBuilder().weightDecay(0.1).build()), SYNTHETIC, seed));
        SaeTrainer trainer = new SaeTrainer();
        List<TrainedSae> together = trainer.train(pack);
        for (int i = pack.size() - 1; i >= 0; i--) {
            TrainedSae alone = trainer.train(pack.get(i));
            assertSame(alone, together.get(i), "spec " + i);
            assertEquals(TrainStatus.OK, alone.status());
            assertTrue(alone.loss().loss() > 0);
        }
        TrainedSae decayed = together.get(together.size() - 2);
        TrainedSae coupled = together.get(together.size() - 1);
        assertTrue(decayed.params().encoder()[0][0] != coupled.params().encoder()[0][0],
                "coupled and decoupled decay train differently");
    }

    @Test
    void trainingIsAPureFunctionOfTheSpecAndLowersTheLoss() {
        SaeSpec spec = new SaeSpec(SaeConfig.arena(8).toBuilder().steps(300).batchSize(64).evalSamples(2000)
                .l1(0.01).build(), SYNTHETIC, 7);
        TrainedSae a = new SaeTrainer().train(spec);
        TrainedSae b = new SaeTrainer().train(spec);
        assertSame(a, b, "same spec");
        ReferenceSae.SaeEvaluation before = SaeTrainer.evaluate(spec, SaeTrainer.initialParams(spec));
        assertTrue(a.loss().loss() < before.loss().loss() / 2,
                "loss " + before.loss().loss() + " -> " + a.loss().loss());
        assertEquals(a.loss(), SaeTrainer.evaluate(spec, a.params()).loss());
        assertEquals(SaeMetrics.deadLatents(a.firing()), a.deadLatents());
        TrainedSae other = new SaeTrainer().train(new SaeSpec(spec.config(), SYNTHETIC, 8));
        assertTrue(a.loss().loss() != other.loss().loss(), "another seed, another SAE");
    }

    @Test
    void packsMustShareTheirShape() {
        List<SaeSpec> pack = List.of(new SaeSpec(small(SaeConfig.arena(4)), SYNTHETIC, 1),
                new SaeSpec(small(SaeConfig.arena(5)), SYNTHETIC, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SaeTrainer().train(pack));
        assertTrue(e.getMessage().startsWith("pack: all specs must share one pack key, spec 1 has"), e.getMessage());
    }

    @Test
    void initialisationFollowsTheScheme() {
        int d = 6;
        SaeParams arena = SaeTrainer.initialParams(new SaeSpec(SaeConfig.arena(9), SYNTHETIC, 1));
        double bound = Math.sqrt(6.0 / (d * 9));
        for (int j = 0; j < 9; j++) {
            for (int t = 0; t < d; t++) {
                assertTrue(Math.abs(arena.encoder()[j][t]) < bound);
                assertTrue(Math.abs(arena.decoder()[j][t]) < bound);
            }
        }
        assertArrayEquals(new double[9], arena.encoderBias(), 0.0);
        assertArrayEquals(new double[d], arena.decoderBias(), 0.0);
        for (int k : new int[] {4, 9}) {
            SaeParams sh = SaeTrainer.initialParams(new SaeSpec(SaeConfig.sharkey(k, 0.1), SYNTHETIC, 2));
            assertNull(sh.decoderBias());
            for (int j = 0; j < k; j++) {
                assertEquals(1.0, Vectors.norm(sh.decoder()[j]), F64, "unit dictionary element");
                assertTrue(Math.abs(sh.encoderBias()[j]) < 1 / Math.sqrt(d));
                if (k <= d) {
                    for (int i = 0; i < j; i++) {
                        assertEquals(0.0, Vectors.dot(sh.decoder()[i], sh.decoder()[j]), F64, "orthogonal");
                    }
                }
            }
        }
        SaeParams tied = SaeTrainer.initialParams(new SaeSpec(SaeConfig.arena(5).toBuilder().tied(true).build(),
                SYNTHETIC, 3));
        assertNull(tied.decoder());
    }

    /**
     * A source of zero vectors never activates an ARENA-initialised SAE (every pre-activation is 0), so every
     * resampling check finds every latent dead: 3 checks of 4 latents. The gradients are all zero, so the
     * final parameters are those of the last resampling: decoder rows the directions drawn from the seed's
     * resample stream, encoder rows half of them, encoder biases 0.
     */
    @Test
    void arenaResamplingRevivesLatentsThatDidNotFireInTheWindow() {
        ToyHiddenSource zeros = new ToyHiddenSource(new double[][] {{0, 0, 0}}, new double[] {0.5});
        SaeConfig cfg = SaeConfig.arena(4).toBuilder().steps(12).batchSize(8).evalSamples(10)
                .resample(ResampleRule.ARENA).resampleEvery(4).resampleWindow(2).build();
        SaeSpec spec = new SaeSpec(cfg, zeros, 11);
        TrainedSae t = new SaeTrainer().train(spec);
        assertEquals(12, t.resampledLatents());
        Rng rng = Rng.derive(11, RngStream.SAE_RESAMPLE);
        double[][] last = new double[4][];
        for (int event = 0; event < 3; event++) {
            for (int j = 0; j < 4; j++) {
                last[j] = Vectors.gaussianUnit(rng, 3);
            }
        }
        for (int j = 0; j < 4; j++) {
            for (int t2 = 0; t2 < 3; t2++) {
                assertEquals(last[j][t2], t.params().decoder()[j][t2], F32);
                assertEquals(0.5 * last[j][t2], t.params().encoder()[j][t2], F32);
            }
        }
        assertArrayEquals(new double[4], t.params().encoderBias(), 0.0);
        assertEquals(4, t.deadLatents());
        TrainedSae none = new SaeTrainer().train(new SaeSpec(cfg.toBuilder().resample(ResampleRule.NONE).build(),
                zeros, 11));
        assertEquals(0, none.resampledLatents());
    }

    /** A latent that fired within the window is kept; only the silent ones are resampled. */
    @Test
    void resamplingSparesLatentsThatFired() {
        SaeConfig cfg = SaeConfig.arena(12).toBuilder().steps(100).batchSize(32).evalSamples(100).l1(0.0)
                .resample(ResampleRule.ARENA).resampleEvery(50).resampleWindow(20).build();
        TrainedSae t = new SaeTrainer().train(new SaeSpec(cfg, SYNTHETIC, 5));
        assertTrue(t.resampledLatents() < 2 * 12, "without a penalty most latents fire: " + t.resampledLatents());
    }

    @Test
    void aDivergingSaeIsReportedAndStopped() {
        ToyHiddenSource huge = new ToyHiddenSource(new double[][] {{3e37, -3e37}, {2e37, 3e37}}, new double[] {1, 1});
        TrainedSae t = new SaeTrainer().train(new SaeSpec(small(SaeConfig.arena(3)), huge, 1));
        assertEquals(TrainStatus.DIVERGED, t.status());
        assertTrue(Double.isNaN(t.loss().loss()));
        assertEquals(-1, t.deadLatents());
    }
}
