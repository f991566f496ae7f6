package org.tmssweep.spark.spec;

import java.util.List;
import java.util.Map;
import org.tmssweep.core.config.DatasetConfig;
import org.tmssweep.core.config.DatasetNormalization;
import org.tmssweep.core.config.InitScheme;
import org.tmssweep.core.config.LossNormalization;
import org.tmssweep.core.config.LrSchedule;
import org.tmssweep.core.config.TrainConfig;

/**
 * The training recipe of one grid point's assignment: the {@code train.*} keys and the finite dataset
 * ({@code dataset.*}), with the defaults of the keys that have none in {@link Param} filled in. Pure; used by
 * the parser to validate every point and by the grid to build it, so the two cannot disagree.
 */
public final class TrainRule {
    /** The dataset keys other than {@code dataset.size}: they need a dataset. */
    private static final List<Param> NEED_A_DATASET = List.of(Param.DATASET_TEST_SIZE, Param.DATASET_NORMALIZE,
            Param.DATASET_MINIBATCH, Param.DATASET_SEED);

    private TrainRule() {
    }

    /**
     * The point's training recipe.
     *
     * @throws SpecException naming the key when the settings do not fit together (a dataset key without
     *                       {@code dataset.size} &ge; 1, a minibatch above the size, warmup steps with another
     *                       schedule or not below {@code train.steps})
     */
    public static TrainConfig train(Map<Param, Object> a) throws SpecException {
        DatasetConfig dataset = dataset(a);
        try {
            return TrainConfig.builder()
                    .steps((Integer) a.get(Param.TRAIN_STEPS))
                    .batchSize((Integer) a.get(Param.TRAIN_BATCH_SIZE))
                    .lr((Double) a.get(Param.TRAIN_LR))
                    .weightDecay((Double) a.get(Param.TRAIN_WEIGHT_DECAY))
                    .beta1((Double) a.get(Param.TRAIN_BETA1))
                    .beta2((Double) a.get(Param.TRAIN_BETA2))
                    .eps((Double) a.get(Param.TRAIN_EPS))
                    .schedule((LrSchedule) a.get(Param.TRAIN_SCHEDULE))
                    .init((InitScheme) a.get(Param.TRAIN_INIT))
                    .notebookInstances((Integer) a.get(Param.TRAIN_NOTEBOOK_INSTANCES))
                    .evalSamples((Integer) a.get(Param.TRAIN_EVAL_SAMPLES))
                    .l1(a.containsKey(Param.TRAIN_L1) ? (Double) a.get(Param.TRAIN_L1) : TrainConfig.DEFAULT_L1)
                    .warmupSteps(warmupSteps(a))
                    .lossNormalization(lossNormalization(a))
                    .dataset(dataset)
                    .build();
        } catch (IllegalArgumentException e) {
            throw keyed(e);
        }
    }

    /** {@code train.warmup_steps}, 0 when absent. */
    public static int warmupSteps(Map<Param, Object> a) {
        return a.containsKey(Param.TRAIN_WARMUP_STEPS) ? (Integer) a.get(Param.TRAIN_WARMUP_STEPS)
                : TrainConfig.DEFAULT_WARMUP_STEPS;
    }

    /** {@code train.loss_normalization}, mean when absent. */
    public static LossNormalization lossNormalization(Map<Param, Object> a) {
        return a.containsKey(Param.TRAIN_LOSS_NORMALIZATION)
                ? (LossNormalization) a.get(Param.TRAIN_LOSS_NORMALIZATION) : LossNormalization.MEAN;
    }

    /** K, {@code dataset.seed}: 0 when absent. */
    public static int datasetSeedIndex(Map<Param, Object> a) {
        return a.containsKey(Param.DATASET_SEED) ? (Integer) a.get(Param.DATASET_SEED) : 0;
    }

    /**
     * The point's dataset: {@link DatasetConfig#NONE} when {@code dataset.size} is absent or 0, else T points
     * with {@code test_size} (default {@link DatasetConfig#DEFAULT_TEST_SIZE}), {@code normalize} (default
     * none) and {@code minibatch} (default 0, full batch).
     */
    public static DatasetConfig dataset(Map<Param, Object> a) throws SpecException {
        int size = a.containsKey(Param.DATASET_SIZE) ? (Integer) a.get(Param.DATASET_SIZE) : 0;
        if (size == 0) {
            for (Param p : NEED_A_DATASET) {
                if (a.containsKey(p)) {
                    throw new SpecException(p.key(), "needs dataset.size >= 1 (absent or 0: infinite data), got "
                            + Param.render(a.get(p)) + "; with a dataset.size axis that includes 0, set it in a "
                            + "when block");
                }
            }
            return DatasetConfig.NONE;
        }
        int testSize = a.containsKey(Param.DATASET_TEST_SIZE) ? (Integer) a.get(Param.DATASET_TEST_SIZE)
                : DatasetConfig.DEFAULT_TEST_SIZE;
        DatasetNormalization normalization = a.containsKey(Param.DATASET_NORMALIZE)
                ? (DatasetNormalization) a.get(Param.DATASET_NORMALIZE) : DatasetNormalization.NONE;
        int minibatch = a.containsKey(Param.DATASET_MINIBATCH) ? (Integer) a.get(Param.DATASET_MINIBATCH) : 0;
        try {
            return new DatasetConfig(size, testSize, normalization, minibatch);
        } catch (IllegalArgumentException e) {
            throw keyed(e);
        }
    }

    /** model-core's messages start with the key ("train.warmup_steps: must be ..."): keep it as the path. */
    private static SpecException keyed(IllegalArgumentException e) {
        String message = e.getMessage() == null ? "invalid" : e.getMessage();
        int colon = message.indexOf(": ");
        if (colon > 0 && !message.substring(0, colon).contains(" ")) {
            return new SpecException(message.substring(0, colon), message.substring(colon + 2));
        }
        return new SpecException("train", message);
    }
}
