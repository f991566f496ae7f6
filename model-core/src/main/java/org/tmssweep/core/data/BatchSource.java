package org.tmssweep.core.data;

import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.rng.Rng;
import org.tmssweep.core.rng.RngStream;

/**
 * Where one model's training batches come from, step after step: fresh samples of its data rule (the
 * paper's infinite data, {@link #sampled}) or the points of its finite training set
 * ({@link FiniteDataset#fullBatch}, {@link FiniteDataset#epochs}). The trainer asks for each step's batch in
 * the layout its kernel reads (the three fills mirror those of {@link DataSampler}); a source is stateful
 * (it owns its random stream or its position in the epochs), one per model.
 */
public interface BatchSource {
    /**
     * The training batches of a spec: {@link #sampled} from {@code Rng.derive(seed, RngStream.DATA)} with
     * infinite data; with a dataset, its training set ({@link FiniteDataset#training}) full batch, or in
     * minibatch epochs shuffled by {@code Rng.derive(seed, RngStream.SHUFFLE)}.
     */
    static BatchSource forSpec(ModelSpec spec) {
        return forSpec(spec, spec.finiteData() ? FiniteDataset.training(spec) : null);
    }

    /**
     * {@link #forSpec(ModelSpec)} with the spec's training set already drawn ({@link FiniteDataset#training}),
     * so that a caller who also needs the points draws them once; null for a spec with infinite data.
     */
    static BatchSource forSpec(ModelSpec spec, FiniteDataset training) {
        if (spec.finiteData() != (training != null)) {
            throw new IllegalArgumentException("training: must be given iff the spec has a dataset (dataset.size "
                    + spec.train().dataset().size() + "), got " + (training == null ? "none" : "a set"));
        }
        if (training == null) {
            return sampled(DataSampler.forSpec(spec), Rng.derive(spec.seed(), RngStream.DATA));
        }
        int minibatch = spec.train().dataset().minibatch();
        return minibatch == 0 ? training.fullBatch()
                : training.epochs(minibatch, Rng.derive(spec.seed(), RngStream.SHUFFLE));
    }

    /** Fresh samples of {@code sampler}'s rule from {@code rng} at every call. */
    static BatchSource sampled(DataSampler sampler, Rng rng) {
        return new BatchSource() {
            @Override
            public void fillFeatureMajor(float[] dst, int offset, int rows) {
                sampler.fillFeatureMajor(rng, dst, offset, rows);
            }

            @Override
            public void fillFeatureMajor(float[] dst, int offset, int rows, SparseColumns cols) {
                sampler.fillFeatureMajor(rng, dst, offset, rows, cols);
            }

            @Override
            public void fillColumns(int rows, SparseColumns cols) {
                sampler.fillColumns(rng, rows, cols);
            }
        };
    }

    /**
     * True iff every call writes the same batch into the same place (full-batch training): the trainer then
     * fills a model's input once, since the kernels only read it.
     */
    default boolean fixed() {
        return false;
    }

    /** The next batch, feature-major [n, rows] at {@code offset} of {@code dst}. */
    void fillFeatureMajor(float[] dst, int offset, int rows);

    /**
     * The next batch as {@link #fillFeatureMajor(float[], int, int)} writes it, its non-zero pattern recorded
     * in {@code cols}, for a {@code dst} block last written by this call with the same {@code cols} (or all
     * zero).
     */
    void fillFeatureMajor(float[] dst, int offset, int rows, SparseColumns cols);

    /** The next batch, recorded only in {@code cols} (no dense batch is written). */
    void fillColumns(int rows, SparseColumns cols);
}
