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
        TrainConfig positional = new TrainConfig(300, 64, 2e-3, 0.02, 0.8, 0.99, 1e-7, LrSchedule.COSINE,
                InitScheme.XAVIER, 7, 512, 0.1);
        TrainConfig built = TrainConfig.builder().steps(300).batchSize(64).lr(2e-3).weightDecay(0.02).beta1(0.8)
                .beta2(0.99).eps(1e-7).schedule(LrSchedule.COSINE).init(InitScheme.XAVIER).notebookInstances(7)
                .evalSamples(512).l1(0.1).build();
        assertEquals(positional, built);
        assertEquals(positional, positional.toBuilder().build());
        assertEquals(new TrainConfig(TrainConfig.DEFAULT_STEPS, TrainConfig.DEFAULT_BATCH_SIZE, TrainConfig.DEFAULT_LR,
                TrainConfig.DEFAULT_WEIGHT_DECAY, TrainConfig.DEFAULT_BETA1, TrainConfig.DEFAULT_BETA2,
                TrainConfig.DEFAULT_EPS, LrSchedule.CONSTANT, TrainConfig.DEFAULT_INIT,
                TrainConfig.DEFAULT_NOTEBOOK_INSTANCES, TrainConfig.DEFAULT_EVAL_SAMPLES, TrainConfig.DEFAULT_L1),
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
