package org.tmssweep.core.sae;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.core.Tolerances.FD_REL;
import static org.tmssweep.core.Tolerances.FD_STEP;
import static org.tmssweep.core.Tolerances.relErr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Central differences in double against ReferenceSae's hand-written gradients, for every variant (untied and
 * tied, with and without decoder bias, both decoder normalisations, the per-latent penalty and the summed
 * reconstruction) and a few shapes. The loss is differentiated as a function of the stored parameters, so the
 * check covers the gradient through the dictionary's normalisation.
 */
class ReferenceSaeGradientTest {
    /**
     * Denominator floor of the relative error: the losses here are of order 1, so a central difference carries
     * round-off of about eps L / h = 2e-10, which is more than {@code FD_REL} of the smallest gradient entries;
     * entries below the floor are held to FD_REL * floor = 1e-9 absolute instead.
     */
    private static final double FD_FLOOR_ORDER_ONE_LOSS = 1e-3;

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int[][] shapes = {{1, 1, 3}, {3, 2, 4}, {4, 7, 6}, {6, 3, 5}};
        for (int[] s : shapes) {
            for (Map.Entry<String, SaeConfig> v : SaeFixtures.variants(s[1]).entrySet()) {
                out.add(Arguments.of(v.getKey(), v.getValue(), s[0], s[2]));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} d={2} rows={3}")
    @MethodSource("cases")
    void gradientsMatchCentralDifferences(String name, SaeConfig cfg, int d, int rows) {
        long seed = 1000L * d + 10L * cfg.latents() + rows + name.hashCode();
        SaeParams p = SaeFixtures.params(cfg, d, seed);
        double[][] x = SaeFixtures.batch(rows, d, seed + 1);
        SaeParams grad = new ReferenceSae(cfg, p).gradients(x);
        Function<SaeParams, Double> loss = q -> new ReferenceSae(cfg, q).loss(x).loss();
        for (int latent = 0; latent < cfg.latents(); latent++) {
            int j = latent;
            for (int i = 0; i < d; i++) {
                check(name + " dW_enc[" + j + "][" + i + "]", grad.encoder()[j][i], loss, p, q -> q.encoder()[j], i);
                if (!cfg.tied()) {
                    check(name + " dv[" + j + "][" + i + "]", grad.decoder()[j][i], loss, p, q -> q.decoder()[j], i);
                }
            }
            check(name + " db_enc[" + j + "]", grad.encoderBias()[j], loss, p, SaeParams::encoderBias, j);
        }
        if (cfg.decoderBias()) {
            for (int i = 0; i < d; i++) {
                check(name + " db_dec[" + i + "]", grad.decoderBias()[i], loss, p, SaeParams::decoderBias, i);
            }
        }
    }

    private static void check(String what, double analytic, Function<SaeParams, Double> loss, SaeParams p,
            Function<SaeParams, double[]> tensor, int index) {
        SaeParams plus = p.copy();
        SaeParams minus = p.copy();
        tensor.apply(plus)[index] += FD_STEP;
        tensor.apply(minus)[index] -= FD_STEP;
        double fd = (loss.apply(plus) - loss.apply(minus)) / (2 * FD_STEP);
        assertTrue(relErr(analytic, fd, FD_FLOOR_ORDER_ONE_LOSS) < FD_REL, what + ": analytic " + analytic + " vs fd " + fd);
    }
}
