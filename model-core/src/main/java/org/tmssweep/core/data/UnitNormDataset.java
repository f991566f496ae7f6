package org.tmssweep.core.data;

import java.util.Arrays;
import org.tmssweep.core.rng.Rng;

/**
 * The finite-data variant of Henighan et al. 2023 ("Superposition, Memorization, and Double Descent",
 * docs/paper.md §1 and D15): T fixed samples of the usual sparse data (each feature non-zero with
 * probability 1 - S, then U[0, 1)), each non-zero sample rescaled to unit L2 norm; an all-zero sample
 * stays zero. Deterministic: the samples come from {@link SparseSampler} on the given generator, one
 * row after another.
 */
public final class UnitNormDataset {
    private UnitNormDataset() {
    }

    /**
     * @param nFeatures n, at least 1
     * @param density   1 - S, in (0, 1]
     * @param samples   T, at least 1
     * @param rng       the stream the samples are drawn from
     * @return [samples][nFeatures], every non-zero row of unit L2 norm
     */
    public static float[][] draw(int nFeatures, double density, int samples, Rng rng) {
        if (nFeatures < 1) {
            throw new IllegalArgumentException("n_features: must be >= 1, got " + nFeatures);
        }
        if (!(density > 0 && density <= 1)) {
            throw new IllegalArgumentException("density: must be in (0, 1], got " + density);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples: must be >= 1, got " + samples);
        }
        double[] p = new double[nFeatures];
        Arrays.fill(p, density);
        SparseSampler sampler = new SparseSampler(p);
        float[] row = new float[nFeatures];
        float[][] out = new float[samples][];
        for (int s = 0; s < samples; s++) {
            sampler.fillRowMajor(rng, row, 0, 1);
            double sq = 0;
            for (float v : row) {
                sq += (double) v * v;
            }
            float[] x = row.clone();
            if (sq > 0) {
                double scale = 1 / Math.sqrt(sq);
                for (int f = 0; f < nFeatures; f++) {
                    x[f] = (float) (x[f] * scale);
                }
            }
            out[s] = x;
        }
        return out;
    }
}
