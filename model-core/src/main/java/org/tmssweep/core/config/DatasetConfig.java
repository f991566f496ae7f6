package org.tmssweep.core.config;

import java.io.Serializable;

/**
 * Training on a finite dataset (Henighan et al. 2023, "Superposition, Memorization, and Double Descent")
 * instead of a fresh batch every step (the paper's infinite-data regime). Part of {@link TrainConfig}, so
 * only models with equal dataset settings share a pack; the points themselves come from the model's
 * {@link ModelSpec#datasetSeed()} ({@code FiniteDataset}).
 *
 * <p>{@link #NONE} ({@code size} 0, every other setting at its zero value) is the infinite-data regime and
 * the default. With {@code size} T &ge; 1:
 * <ul>
 *   <li>the training set is T points drawn once from the spec's data rule (same densities, values and
 *       feature sets as the sampled batches), then normalised by {@code normalization};</li>
 *   <li>each step trains on all T points (full batch, {@code minibatch} 0) or on the next {@code minibatch}
 *       points of a sequence of epochs, each a fresh shuffle of the T points ({@code FiniteDataset.epochs});
 *       {@code train.batch_size} is not used;</li>
 *   <li>the test set is {@code testSize} further points of the same rule and normalisation, from their own
 *       stream; the model's {@code final_loss} is its loss there ({@code train.eval_samples} is not used).</li>
 * </ul>
 *
 * @param size          T, the number of training points; 0 for infinite data (default)
 * @param testSize      test points, &ge; 1 with a dataset (suggested default {@link #DEFAULT_TEST_SIZE}), 0 without
 * @param normalization rescaling of the points; {@link DatasetNormalization#NONE} without a dataset
 * @param minibatch     0 for full-batch training (default), else the points per step, in [1, size]; 0 without
 *                      a dataset. A minibatch of T is not the full batch: each epoch visits the points in a
 *                      new order, which changes the float sums.
 */
public record DatasetConfig(int size, int testSize, DatasetNormalization normalization, int minibatch)
        implements Serializable {

    /** Infinite data: a fresh batch of {@code train.batch_size} samples every step. */
    public static final DatasetConfig NONE = new DatasetConfig(0, 0, DatasetNormalization.NONE, 0);

    /**
     * The test-set size of {@link #fullBatch}: {@link TrainConfig#DEFAULT_EVAL_SAMPLES}, so that the test loss
     * has the sampling error of an infinite-data model's {@code final_loss}.
     */
    public static final int DEFAULT_TEST_SIZE = TrainConfig.DEFAULT_EVAL_SAMPLES;

    public DatasetConfig {
        if (size < 0) {
            throw new IllegalArgumentException("dataset.size: must be >= 0 (0: infinite data), got " + size);
        }
        Checks.notNull("dataset.normalize", normalization);
        if (size == 0) {
            if (testSize != 0) {
                throw new IllegalArgumentException("dataset.test_size: must be 0 without a dataset (dataset.size 0), got "
                        + testSize);
            }
            if (normalization != DatasetNormalization.NONE) {
                throw new IllegalArgumentException("dataset.normalize: must be none without a dataset (dataset.size 0), got "
                        + normalization.specName());
            }
            if (minibatch != 0) {
                throw new IllegalArgumentException("dataset.minibatch: must be 0 without a dataset (dataset.size 0), got "
                        + minibatch);
            }
        } else {
            Checks.positive("dataset.test_size", testSize);
            if (minibatch < 0 || minibatch > size) {
                throw new IllegalArgumentException("dataset.minibatch: must be in [0, dataset.size = " + size
                        + "] (0: full batch), got " + minibatch);
            }
        }
    }

    /** T points, trained full batch, {@link #DEFAULT_TEST_SIZE} test points. */
    public static DatasetConfig fullBatch(int size, DatasetNormalization normalization) {
        return new DatasetConfig(size, DEFAULT_TEST_SIZE, normalization, 0);
    }

    /** True iff there is a dataset ({@code size} &ge; 1). */
    public boolean finite() {
        return size > 0;
    }

    /** True iff every step sees all the points. */
    public boolean fullBatchTraining() {
        return finite() && minibatch == 0;
    }

    /** The points of one training step: T (full batch) or the minibatch; 0 without a dataset. */
    public int stepBatch() {
        return minibatch > 0 ? minibatch : size;
    }

    public DatasetConfig withTestSize(int newTestSize) {
        return new DatasetConfig(size, newTestSize, normalization, minibatch);
    }

    public DatasetConfig withMinibatch(int newMinibatch) {
        return new DatasetConfig(size, testSize, normalization, newMinibatch);
    }

    /** The spec's spelling, e.g. {@code size=5 test_size=16384 normalize=unit} or {@code none}. */
    public String describe() {
        if (!finite()) {
            return "none";
        }
        return "size=" + size + " test_size=" + testSize + " normalize=" + normalization.specName()
                + (minibatch > 0 ? " minibatch=" + minibatch : "");
    }
}
