package org.tmssweep.core.data;

import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.rng.Rng;

/**
 * Draws batches of a model's data rule: {@link SparseSampler} for independent features (signed for the
 * abs model), {@link FeatureSetSampler} when the spec has correlated or anticorrelated sets. Every
 * caller (training, evaluation, curves) gets its sampler from {@link #forSpec}, so they all draw the
 * same rule.
 */
public interface DataSampler {
    /** The sampler of the spec's data rule. */
    static DataSampler forSpec(ModelSpec spec) {
        return spec.featureSets().isEmpty()
                ? new SparseSampler(spec.probability(), spec.kind().absoluteValue())
                : new FeatureSetSampler(spec.probability(), spec.featureSets());
    }

    int nFeatures();

    /** Fills a row-major [rows, n] batch (sample-major) starting at {@code offset}. */
    void fillRowMajor(Rng rng, float[] dst, int offset, int rows);

    /** Fills a feature-major [n, rows] batch (each feature's values contiguous) starting at {@code offset}. */
    void fillFeatureMajor(Rng rng, float[] dst, int offset, int rows);

    /**
     * Same values and random stream as {@link #fillFeatureMajor(Rng, float[], int, int)}, recording the
     * non-zero pattern in {@code cols} (for the sparse-input mode).
     */
    void fillFeatureMajor(Rng rng, float[] dst, int offset, int rows, SparseColumns cols);

    /**
     * The batch {@link #fillFeatureMajor(Rng, float[], int, int, SparseColumns)} would draw (same random
     * stream, same {@code cols} afterwards), recorded only in {@code cols}: no dense batch is written. For
     * a model that reads nothing but the non-zero entries (the ND4J model's sparse-input mode), this
     * saves the scattered writes and clears of a dense batch that may not fit in cache.
     */
    void fillColumns(Rng rng, int rows, SparseColumns cols);

    /** {@code samples} fresh samples [samples][n] from {@code rng}, widened to double. */
    default double[][] rows(Rng rng, int samples) {
        int n = nFeatures();
        float[] buf = new float[samples * n];
        fillRowMajor(rng, buf, 0, samples);
        double[][] x = new double[samples][n];
        for (int s = 0; s < samples; s++) {
            for (int f = 0; f < n; f++) {
                x[s][f] = buf[s * n + f];
            }
        }
        return x;
    }
}
