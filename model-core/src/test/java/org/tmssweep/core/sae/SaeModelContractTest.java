package org.tmssweep.core.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.core.Tolerances.F32;
import static org.tmssweep.core.Tolerances.F32_GRAD;
import static org.tmssweep.core.Tolerances.relErr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 kernel against the double definition: on the same (float-rounded) parameters and batch, SaeModel's
 * loss parts agree with ReferenceSae's to {@code F32} and every gradient entry to {@code F32_GRAD} of the largest
 * one, for every variant and shapes that exercise the four-sample passes and their remainder (B not a multiple
 * of 4). The L0 count is exact (no pre-activation of these problems lies within float rounding of 0).
 */
class SaeModelContractTest {

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {8, 12, 16}, {17, 9, 10}};
        for (int[] s : shapes) {
            for (Map.Entry<String, SaeConfig> v : SaeFixtures.variants(s[1]).entrySet()) {
                out.add(Arguments.of(v.getKey(), v.getValue(), s[0], s[2]));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} d={2} B={3}")
    @MethodSource("cases")
    void lossAndGradientsMatchTheReference(String name, SaeConfig cfg, int d, int rows) {
        long seed = 7919L * d + 31L * cfg.latents() + rows + name.hashCode();
        SaeModel model = new SaeModel(d, rows, List.of(cfg));
        model.setParams(0, SaeFixtures.params(cfg, d, seed));
        SaeParams rounded = model.params(0);
        double[][] x = SaeFixtures.batch(rows, d, seed + 1);
        model.setInput(SaeFixtures.flat(x), 0);
        SaeLoss got = model.forwardBackward(0);
        ReferenceSae ref = new ReferenceSae(cfg, rounded);
        SaeLoss want = ref.loss(x);
        assertTrue(relErr(got.reconstruction(), want.reconstruction(), 0) < F32,
                name + " reconstruction " + got.reconstruction() + " vs " + want.reconstruction());
        assertTrue(relErr(got.l1(), want.l1(), 1e-30) < F32, name + " l1 " + got.l1() + " vs " + want.l1());
        assertEquals(want.l0(), got.l0(), 0.0, name + " l0");
        assertTrue(relErr(got.loss(), want.loss(), 0) < F32, name + " loss " + got.loss() + " vs " + want.loss());
        SaeParams g = model.gradients();
        SaeParams w = ref.gradients(x);
        double scale = Math.max(SaeFixtures.maxAbs(w), 1e-30);
        for (int j = 0; j < cfg.latents(); j++) {
            close(name + " dW_enc[" + j + "]", w.encoder()[j], g.encoder()[j], scale);
            if (!cfg.tied()) {
                close(name + " dv[" + j + "]", w.decoder()[j], g.decoder()[j], scale);
            }
        }
        close(name + " db_enc", w.encoderBias(), g.encoderBias(), scale);
        if (cfg.decoderBias()) {
            close(name + " db_dec", w.decoderBias(), g.decoderBias(), scale);
        }
    }

    private static void close(String what, double[] want, double[] got, double scale) {
        assertEquals(want.length, got.length, what + " length");
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - got[i]) / scale < F32_GRAD,
                    what + "[" + i + "]: " + got[i] + " vs " + want[i] + " (largest entry " + scale + ")");
        }
    }

    /** D g computed densely or only at the active latents: the same bits (the choice is a matter of time). */
    @ParameterizedTest(name = "{0} d={2} B={3}")
    @MethodSource("cases")
    void bothWaysOfComputingDgGiveTheSameBits(String name, SaeConfig cfg, int d, int rows) {
        double[][] x = SaeFixtures.batch(rows, d, 5);
        SaeLoss[] loss = new SaeLoss[2];
        SaeParams[] grads = new SaeParams[2];
        SaeModel.GzPath[] paths = {SaeModel.GzPath.DENSE, SaeModel.GzPath.ACTIVE};
        for (int p = 0; p < 2; p++) {
            SaeModel model = new SaeModel(d, rows, List.of(cfg));
            model.gzPath(paths[p]);
            model.setParams(0, SaeFixtures.params(cfg, d, 6));
            model.setInput(SaeFixtures.flat(x), 0);
            loss[p] = model.forwardBackward(0);
            grads[p] = model.gradients();
        }
        assertEquals(loss[0], loss[1], name);
        for (int j = 0; j < cfg.latents(); j++) {
            assertArrayEquals(grads[0].encoder()[j], grads[1].encoder()[j], name + " dW_enc[" + j + "]");
            if (!cfg.tied()) {
                assertArrayEquals(grads[0].decoder()[j], grads[1].decoder()[j], name + " dv[" + j + "]");
            }
        }
        assertArrayEquals(grads[0].encoderBias(), grads[1].encoderBias(), name + " db_enc");
        if (cfg.decoderBias()) {
            assertArrayEquals(grads[0].decoderBias(), grads[1].decoderBias(), name + " db_dec");
        }
    }

    /** An instance's pass gives the same bits alone as in a pack, whatever the other instances hold. */
    @Test
    void anInstanceComputesTheSameBitsInAnyPack() {
        int d = 6;
        int rows = 9;
        Map<String, SaeConfig> variants = SaeFixtures.variants(5);
        List<SaeConfig> configs = new ArrayList<>(variants.values());
        SaeModel pack = new SaeModel(d, rows, configs);
        double[][] x = SaeFixtures.batch(rows, d, 3);
        for (int i = 0; i < configs.size(); i++) {
            pack.setParams(i, SaeFixtures.params(configs.get(i), d, 100 + i));
        }
        pack.setInput(SaeFixtures.flat(x), 0);
        for (int i = configs.size() - 1; i >= 0; i--) {
            SaeModel alone = new SaeModel(d, rows, List.of(configs.get(i)));
            alone.setParams(0, SaeFixtures.params(configs.get(i), d, 100 + i));
            alone.setInput(SaeFixtures.flat(x), 0);
            SaeLoss a = alone.forwardBackward(0);
            SaeLoss p = pack.forwardBackward(i);
            assertEquals(a, p, "instance " + i);
            SaeParams ga = alone.gradients();
            SaeParams gp = pack.gradients();
            for (int j = 0; j < 5; j++) {
                assertArrayEquals(ga.encoder()[j], gp.encoder()[j], "instance " + i);
                if (ga.decoder() != null) {
                    assertArrayEquals(ga.decoder()[j], gp.decoder()[j], "instance " + i);
                }
            }
            assertArrayEquals(ga.encoderBias(), gp.encoderBias());
        }
    }
}
