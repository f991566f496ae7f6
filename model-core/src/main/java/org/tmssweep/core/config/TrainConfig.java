package org.tmssweep.core.config;

import java.io.Serializable;

/**
 * Training recipe of one model. Defaults are the paper notebook's: AdamW (torch defaults,
 * weight decay 0.01 on W and b, decoupled), lr 1e-3, batch 1024 fresh samples per step, 10,000
 * steps, constant schedule, W ~ N(0, 2/(n m + I m)) with I = 20 (the notebook's xavier_normal_ on its
 * [I, n, m] tensor), infinite data (a fresh batch every step) and the notebook's loss (a mean over batch and
 * features). Build one with {@link #builder()} (each setting by name, the rest defaults), or
 * from {@link #defaults()} or another recipe with {@link #toBuilder()} and the {@code withX} methods.
 *
 * <p>The recipe of Henighan et al. 2023, "Superposition, Memorization, and Double Descent", in these terms:
 * {@code dataset} T points, unit-normalised, full batch; {@code lossNormalization} FEATURE_SUM; 50,000 steps;
 * {@code schedule} WARMUP_COSINE with {@code warmupSteps} 2,500; lr 1e-3; weight decay 1e-2; importance 1.
 *
 * @param steps             optimiser steps, at least 1
 * @param batchSize         fresh samples per step, at least 1
 * @param lr                base learning rate, &gt; 0
 * @param weightDecay       decoupled AdamW decay, &ge; 0 (p &larr; p(1 - lr*wd) before the Adam step)
 * @param beta1             Adam first-moment decay, in [0, 1)
 * @param beta2             Adam second-moment decay, in [0, 1)
 * @param eps               Adam epsilon, &gt; 0
 * @param schedule          lr multiplier per step
 * @param init              initialisation of W
 * @param notebookInstances notional instance count for {@link InitScheme#NOTEBOOK}, at least 1
 * @param evalSamples       fresh samples on which {@code final_loss} is measured after training, at least 1
 * @param l1                weight lambda &ge; 0 of the optional L1 penalty on the hidden activations (paper
 *                          section "Strategic picture", docs/paper.md §1): the loss gains
 *                          {@code lambda * (1/B) sum_b sum_k |h_bk|}, the batch mean of ||h||_1, added to the
 *                          notebook's reconstruction loss (itself a mean over batch and features). 0 (the
 *                          default) trains exactly as without the penalty.
 * @param warmupSteps       steps of linear warmup of {@link LrSchedule#WARMUP_COSINE}, in [0, steps); must be 0
 *                          (the default) with every other schedule
 * @param lossNormalization mean over batch and features ({@link LossNormalization#MEAN}, the default) or mean
 *                          over the batch of the sum over features ({@link LossNormalization#FEATURE_SUM})
 * @param dataset           the finite training set, or {@link DatasetConfig#NONE} (the default) for a fresh
 *                          batch every step; with a dataset, {@code batchSize} and {@code evalSamples} are not used
 */
public record TrainConfig(
        int steps,
        int batchSize,
        double lr,
        double weightDecay,
        double beta1,
        double beta2,
        double eps,
        LrSchedule schedule,
        InitScheme init,
        int notebookInstances,
        int evalSamples,
        double l1,
        int warmupSteps,
        LossNormalization lossNormalization,
        DatasetConfig dataset) implements Serializable {

    public static final int DEFAULT_STEPS = 10_000;
    public static final int DEFAULT_BATCH_SIZE = 1024;
    public static final double DEFAULT_LR = 1e-3;
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;
    /**
     * The default initialisation: the notebook's small std sqrt(2/(n m + I m)). Measured against Xavier's
     * sqrt(2/(n + m)) at 10,000 steps (docs/spec.md, "Initialisation"): equal within the seed spread on every
     * shape tried except dense, equal-importance n &gt;&gt; m, where Xavier ends above the loss of W = 0.
     */
    public static final InitScheme DEFAULT_INIT = InitScheme.NOTEBOOK;
    /** I of the default init: the notebook's instance count for its n=100 and n=200 figures. */
    public static final int DEFAULT_NOTEBOOK_INSTANCES = 20;
    public static final int DEFAULT_EVAL_SAMPLES = 16_384;
    public static final double DEFAULT_L1 = 0.0;
    public static final int DEFAULT_WARMUP_STEPS = 0;

    public TrainConfig {
        Checks.positive("train.steps", steps);
        Checks.positive("train.batch_size", batchSize);
        Checks.adamW("train", lr, weightDecay, beta1, beta2, eps);
        Checks.notNull("train.schedule", schedule);
        Checks.notNull("train.init", init);
        Checks.positive("train.notebook_instances", notebookInstances);
        Checks.positive("train.eval_samples", evalSamples);
        Checks.nonNegativeFinite("train.l1", l1);
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("train.warmup_steps: must be >= 0, got " + warmupSteps);
        }
        if (warmupSteps >= steps) {
            throw new IllegalArgumentException("train.warmup_steps: must be < train.steps = " + steps + ", got "
                    + warmupSteps);
        }
        if (warmupSteps > 0 && schedule != LrSchedule.WARMUP_COSINE) {
            throw new IllegalArgumentException("train.warmup_steps: must be 0 unless train.schedule is "
                    + LrSchedule.WARMUP_COSINE.specName() + ", got " + warmupSteps);
        }
        Checks.notNull("train.loss_normalization", lossNormalization);
        Checks.notNull("dataset", dataset);
    }

    /** The learning rate of 0-based step {@code step}: lr times the schedule's multiplier. */
    public double lrAt(int step) {
        return lr * schedule.multiplier(step, steps, warmupSteps);
    }

    /**
     * The samples of one training step: {@code batchSize} fresh samples with infinite data, else the
     * dataset's T points (full batch) or its minibatch.
     */
    public int stepBatch() {
        return dataset.finite() ? dataset.stepBatch() : batchSize;
    }

    /** The notebook's recipe. */
    public static TrainConfig defaults() {
        return builder().build();
    }

    /** A builder that starts from the notebook's recipe ({@link #defaults()}); set what differs. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this recipe. */
    public Builder toBuilder() {
        return new Builder().steps(steps).batchSize(batchSize).lr(lr).weightDecay(weightDecay).beta1(beta1)
                .beta2(beta2).eps(eps).schedule(schedule).init(init).notebookInstances(notebookInstances)
                .evalSamples(evalSamples).l1(l1).warmupSteps(warmupSteps).lossNormalization(lossNormalization)
                .dataset(dataset);
    }

    public TrainConfig withSteps(int newSteps) {
        return toBuilder().steps(newSteps).build();
    }

    public TrainConfig withBatchSize(int newBatchSize) {
        return toBuilder().batchSize(newBatchSize).build();
    }

    public TrainConfig withLr(double newLr) {
        return toBuilder().lr(newLr).build();
    }

    public TrainConfig withL1(double newL1) {
        return toBuilder().l1(newL1).build();
    }

    /**
     * Names the recipe's settings one by one instead of by position; every setting not named keeps its
     * default ({@code DEFAULT_*}, schedule {@link LrSchedule#CONSTANT}, loss normalisation
     * {@link LossNormalization#MEAN}, dataset {@link DatasetConfig#NONE}). {@link #build()} validates like the
     * record's constructor. Not thread-safe; reusable.
     */
    public static final class Builder {
        private int steps = DEFAULT_STEPS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private double lr = DEFAULT_LR;
        private double weightDecay = DEFAULT_WEIGHT_DECAY;
        private double beta1 = DEFAULT_BETA1;
        private double beta2 = DEFAULT_BETA2;
        private double eps = DEFAULT_EPS;
        private LrSchedule schedule = LrSchedule.CONSTANT;
        private InitScheme init = DEFAULT_INIT;
        private int notebookInstances = DEFAULT_NOTEBOOK_INSTANCES;
        private int evalSamples = DEFAULT_EVAL_SAMPLES;
        private double l1 = DEFAULT_L1;
        private int warmupSteps = DEFAULT_WARMUP_STEPS;
        private LossNormalization lossNormalization = LossNormalization.MEAN;
        private DatasetConfig dataset = DatasetConfig.NONE;

        private Builder() {
        }

        public Builder steps(int value) {
            steps = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder lr(double value) {
            lr = value;
            return this;
        }

        public Builder weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        public Builder beta1(double value) {
            beta1 = value;
            return this;
        }

        public Builder beta2(double value) {
            beta2 = value;
            return this;
        }

        public Builder eps(double value) {
            eps = value;
            return this;
        }

        public Builder schedule(LrSchedule value) {
            schedule = value;
            return this;
        }

        public Builder init(InitScheme value) {
            init = value;
            return this;
        }

        public Builder notebookInstances(int value) {
            notebookInstances = value;
            return this;
        }

        public Builder evalSamples(int value) {
            evalSamples = value;
            return this;
        }

        public Builder l1(double value) {
            l1 = value;
            return this;
        }

        public Builder warmupSteps(int value) {
            warmupSteps = value;
            return this;
        }

        public Builder lossNormalization(LossNormalization value) {
            lossNormalization = value;
            return this;
        }

        public Builder dataset(DatasetConfig value) {
            dataset = value;
            return this;
        }

        /** The recipe; {@link IllegalArgumentException} (naming the spec key) for an invalid setting. */
        public TrainConfig build() {
            return new TrainConfig(steps, batchSize, lr, weightDecay, beta1, beta2, eps, schedule, init,
                    notebookInstances, evalSamples, l1, warmupSteps, lossNormalization, dataset);
        }
    }
}
