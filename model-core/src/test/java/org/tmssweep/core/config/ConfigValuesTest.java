package org.tmssweep.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Schedule multipliers (notebook formulas) and init std values (docs/paper.md §2, d.1 D5). */
class ConfigValuesTest {
    private static final double EXACT = 1e-12;
    private static final double PUBLISHED = 1e-6; // D5 values are given to 6 decimals

    @Test
    void scheduleMultipliers() {
        assertEquals(1.0, LrSchedule.CONSTANT.multiplier(0, 100), EXACT);
        assertEquals(1.0, LrSchedule.CONSTANT.multiplier(99, 100), EXACT);
        assertEquals(1.0, LrSchedule.LINEAR.multiplier(0, 100), EXACT);
        assertEquals(0.75, LrSchedule.LINEAR.multiplier(25, 100), EXACT);
        assertEquals(0.01, LrSchedule.LINEAR.multiplier(99, 100), EXACT);
        assertEquals(1.0, LrSchedule.COSINE.multiplier(0, 101), EXACT);
        assertEquals(Math.cos(Math.PI / 4), LrSchedule.COSINE.multiplier(50, 101), EXACT);
        assertEquals(0.0, LrSchedule.COSINE.multiplier(100, 101), EXACT);
        assertEquals(1.0, LrSchedule.COSINE.multiplier(0, 1), EXACT);
    }

    /**
     * Warmup then half cosine: t/w during the warmup, 1 where the cosine starts, 1/2 halfway through the
     * decay, 0 at the last step; no warmup is a plain half cosine; one step after the warmup takes the full lr.
     */
    @Test
    void warmupCosineMultipliers() {
        LrSchedule s = LrSchedule.WARMUP_COSINE;
        assertEquals(0.0, s.multiplier(0, 111, 10), EXACT, "the warmup starts at 0");
        assertEquals(0.5, s.multiplier(5, 111, 10), EXACT);
        assertEquals(0.9, s.multiplier(9, 111, 10), EXACT, "last warmup step");
        assertEquals(1.0, s.multiplier(10, 111, 10), EXACT, "the cosine starts at 1");
        assertEquals(0.5, s.multiplier(60, 111, 10), EXACT, "halfway through the 100 decay steps");
        assertEquals((1 + Math.cos(Math.PI / 4)) / 2, s.multiplier(35, 111, 10), EXACT);
        assertEquals(0.0, s.multiplier(110, 111, 10), EXACT, "0 at the last step");
        assertEquals(1.0, s.multiplier(0, 101, 0), EXACT, "no warmup");
        assertEquals(0.0, s.multiplier(100, 101, 0), EXACT);
        assertEquals(s.multiplier(30, 101, 0), s.multiplier(30, 101), EXACT, "the two-argument form has no warmup");
        assertEquals(0.5, s.multiplier(1, 3, 2), EXACT);
        assertEquals(1.0, s.multiplier(2, 3, 2), EXACT, "a single step after the warmup takes the full lr");
        assertEquals(1.0, s.multiplier(0, 1, 0), EXACT, "a one-step run");
        for (int t = 1; t < 111; t++) {
            double before = s.multiplier(t - 1, 111, 10);
            double now = s.multiplier(t, 111, 10);
            assertTrue(t <= 10 ? now > before : now < before, "rises through the warmup, then falls: step " + t);
        }
        assertEquals(LrSchedule.WARMUP_COSINE, LrSchedule.parse("warmup_cosine"));
    }

    @Test
    void warmupStepsAreValidatedWithTheSchedule() {
        TrainConfig cfg = TrainConfig.builder().steps(100).schedule(LrSchedule.WARMUP_COSINE).warmupSteps(50).lr(2e-3)
                .build();
        assertEquals(50, cfg.warmupSteps());
        assertEquals(1e-3, cfg.lrAt(25), EXACT);
        assertEquals(2e-3, cfg.lrAt(50), EXACT);
        assertEquals(0.0, cfg.lrAt(99), EXACT);
        assertEquals(2e-3, cfg.toBuilder().warmupSteps(99).build().lrAt(99), EXACT, "the largest warmup, steps - 1");
        assertEquals("train.warmup_steps: must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.builder().steps(100).schedule(LrSchedule.WARMUP_COSINE).warmupSteps(-1).build())
                .getMessage());
        assertEquals("train.warmup_steps: must be < train.steps = 100, got 100", assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.builder().steps(100).schedule(LrSchedule.WARMUP_COSINE).warmupSteps(100).build())
                .getMessage());
        assertEquals("train.warmup_steps: must be 0 unless train.schedule is warmup_cosine, got 5",
                assertThrows(IllegalArgumentException.class,
                        () -> TrainConfig.builder().steps(100).schedule(LrSchedule.COSINE).warmupSteps(5).build())
                        .getMessage());
        assertEquals(0, TrainConfig.defaults().warmupSteps());
        TrainConfig linear = TrainConfig.builder().steps(100).lr(1e-2).schedule(LrSchedule.LINEAR).build();
        for (int t : new int[] {0, 37, 99}) {
            assertEquals(1e-2 * LrSchedule.LINEAR.multiplier(t, 100), linear.lrAt(t), 0.0, "lrAt is lr times the multiplier");
        }
    }

    @Test
    void initStd() {
        assertEquals(0.258199, InitScheme.NOTEBOOK.std(5, 2, 10), PUBLISHED);
        assertEquals(0.028868, InitScheme.NOTEBOOK.std(100, 20, 20), PUBLISHED);
        assertEquals(0.021320, InitScheme.NOTEBOOK.std(200, 20, 20), PUBLISHED);
        assertEquals(Math.sqrt(2.0 / 25), InitScheme.XAVIER.std(20, 5, 7), EXACT);
    }

    @Test
    void parsing() {
        assertEquals(ModelKind.RELU_HIDDEN, ModelKind.parse("relu_hidden"));
        assertEquals(LrSchedule.COSINE, LrSchedule.parse("cosine"));
        assertThrows(IllegalArgumentException.class, () -> ModelKind.parse("relu"));
        assertEquals(ModelKind.ABS, ModelKind.parse("abs"));
        assertEquals("abs", ModelKind.ABS.specName());
    }

    @Test
    void l1DefaultsToZeroAndIsValidated() {
        assertEquals(0.0, TrainConfig.defaults().l1());
        assertEquals(0.25, TrainConfig.defaults().withL1(0.25).l1());
        assertEquals(TrainConfig.defaults(), TrainConfig.defaults().withL1(0), "l1 = 0 is the default recipe");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.defaults().withL1(-0.5));
        assertTrue(e.getMessage().contains("train.l1") && e.getMessage().contains("-0.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().withL1(Double.NaN));
    }

    @Test
    void builderNamesEachSettingAndValidatesLikeTheRecord() {
        DatasetConfig data = new DatasetConfig(20, 100, DatasetNormalization.UNIT, 5);
        TrainConfig positional = new TrainConfig(300, 64, 2e-3, 0.02, 0.8, 0.99, 1e-7, LrSchedule.WARMUP_COSINE,
                InitScheme.XAVIER, 7, 512, 0.1, 30, LossNormalization.FEATURE_SUM, data);
        TrainConfig built = TrainConfig.builder().steps(300).batchSize(64).lr(2e-3).weightDecay(0.02).beta1(0.8)
                .beta2(0.99).eps(1e-7).schedule(LrSchedule.WARMUP_COSINE).init(InitScheme.XAVIER).notebookInstances(7)
                .evalSamples(512).l1(0.1).warmupSteps(30).lossNormalization(LossNormalization.FEATURE_SUM)
                .dataset(data).build();
        assertEquals(positional, built);
        assertEquals(positional, positional.toBuilder().build());
        assertEquals(new TrainConfig(TrainConfig.DEFAULT_STEPS, TrainConfig.DEFAULT_BATCH_SIZE, TrainConfig.DEFAULT_LR,
                TrainConfig.DEFAULT_WEIGHT_DECAY, TrainConfig.DEFAULT_BETA1, TrainConfig.DEFAULT_BETA2,
                TrainConfig.DEFAULT_EPS, LrSchedule.CONSTANT, TrainConfig.DEFAULT_INIT,
                TrainConfig.DEFAULT_NOTEBOOK_INSTANCES, TrainConfig.DEFAULT_EVAL_SAMPLES, TrainConfig.DEFAULT_L1,
                TrainConfig.DEFAULT_WARMUP_STEPS, LossNormalization.MEAN, DatasetConfig.NONE),
                TrainConfig.builder().build(), "an empty builder gives the notebook's recipe");
        assertEquals(400, built.withSteps(400).steps());
        assertEquals(built.withSteps(400).withSteps(300), built, "withX changes only X");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.builder().batchSize(0).build());
        assertTrue(e.getMessage().contains("train.batch_size"), e.getMessage());
    }

    @Test
    void onlyAbsIsUntied() {
        for (ModelKind k : ModelKind.values()) {
            assertEquals(k == ModelKind.ABS, k.untied(), k.specName());
            assertEquals(k == ModelKind.ABS, k.absoluteValue(), k.specName());
        }
        assertTrue(ModelKind.ABS.reluHidden() && ModelKind.ABS.reluOutput());
    }
}
