package org.tmssweep.core.sae;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tmssweep.core.config.LossNormalization;
import org.tmssweep.core.rng.Rng;

/** Shared test problems: one config per variant of the model, random parameters and batches. */
final class SaeFixtures {
    private SaeFixtures() {
    }

    /** Every variant of the forward pass and loss, by name. */
    static Map<String, SaeConfig> variants(int latents) {
        Map<String, SaeConfig> out = new LinkedHashMap<>();
        SaeConfig arena = SaeConfig.builder().latents(latents).l1(0.05).build();
        out.put("arena", arena);
        out.put("arena_tied", arena.toBuilder().tied(true).build());
        out.put("arena_no_decoder_bias", arena.toBuilder().decoderBias(false).build());
        out.put("sharkey", SaeConfig.sharkey(latents, 0.05));
        out.put("sharkey_decoder_bias", SaeConfig.sharkey(latents, 0.05).toBuilder().decoderBias(true).build());
        out.put("per_latent_feature_sum", arena.toBuilder().l1(0.3).l1PerLatent(true)
                .reconstruction(LossNormalization.FEATURE_SUM).build());
        out.put("tied_no_decoder_bias", arena.toBuilder().tied(true).decoderBias(false).build());
        return out;
    }

    /**
     * Random parameters for a config: Gaussian encoder (std 0.5) and decoder rows (std 1, not unit norm, so the
     * normalisation is exercised), biases Gaussian with std 0.1.
     */
    static SaeParams params(SaeConfig cfg, int d, long seed) {
        Rng rng = new Rng(seed);
        int k = cfg.latents();
        double[][] enc = gaussian(rng, k, d, 0.5);
        double[] encBias = gaussian(rng, 1, k, 0.1)[0];
        double[][] dec = cfg.tied() ? null : gaussian(rng, k, d, 1.0);
        double[] decBias = cfg.decoderBias() ? gaussian(rng, 1, d, 0.1)[0] : null;
        return new SaeParams(enc, encBias, dec, decBias);
    }

    /** rows x d Gaussian values, float-representable. */
    static double[][] batch(int rows, int d, long seed) {
        Rng rng = new Rng(seed);
        double[][] x = new double[rows][d];
        for (int b = 0; b < rows; b++) {
            for (int i = 0; i < d; i++) {
                x[b][i] = (float) rng.nextGaussian();
            }
        }
        return x;
    }

    static float[] flat(double[][] x) {
        int d = x[0].length;
        float[] out = new float[x.length * d];
        for (int b = 0; b < x.length; b++) {
            for (int i = 0; i < d; i++) {
                out[b * d + i] = (float) x[b][i];
            }
        }
        return out;
    }

    static double[][] gaussian(Rng rng, int rows, int cols, double std) {
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = std * rng.nextGaussian();
            }
        }
        return m;
    }

    /** The largest |entry| over every tensor of a parameter (or gradient) set. */
    static double maxAbs(SaeParams p) {
        double m = 0;
        for (double[] row : p.encoder()) {
            m = Math.max(m, maxAbs(row));
        }
        if (p.decoder() != null) {
            for (double[] row : p.decoder()) {
                m = Math.max(m, maxAbs(row));
            }
        }
        m = Math.max(m, maxAbs(p.encoderBias()));
        if (p.decoderBias() != null) {
            m = Math.max(m, maxAbs(p.decoderBias()));
        }
        return m;
    }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
