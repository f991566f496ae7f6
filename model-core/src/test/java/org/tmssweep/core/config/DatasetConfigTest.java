package org.tmssweep.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The finite-dataset settings, the loss normalisation and the dataset seed of a spec: defaults and validation. */
class DatasetConfigTest {

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void infiniteDataIsTheDefault() {
        TrainConfig cfg = TrainConfig.defaults();
        assertEquals(DatasetConfig.NONE, cfg.dataset());
        assertFalse(cfg.dataset().finite());
        assertEquals(TrainConfig.DEFAULT_BATCH_SIZE, cfg.stepBatch(), "a fresh batch of train.batch_size");
        assertEquals(LossNormalization.MEAN, cfg.lossNormalization());
        assertEquals("none", DatasetConfig.NONE.describe());
    }

    @Test
    void stepBatchIsTheDatasetOrItsMinibatch() {
        DatasetConfig full = DatasetConfig.fullBatch(30, DatasetNormalization.UNIT);
        assertEquals(DatasetConfig.DEFAULT_TEST_SIZE, full.testSize());
        assertTrue(full.fullBatchTraining());
        assertEquals(30, TrainConfig.builder().dataset(full).build().stepBatch(), "full batch: all T points");
        assertEquals(8, TrainConfig.builder().dataset(full.withMinibatch(8)).build().stepBatch());
        assertFalse(full.withMinibatch(8).fullBatchTraining());
        assertEquals(30, full.withMinibatch(30).stepBatch());
        assertEquals("size=30 test_size=16384 normalize=unit minibatch=8", full.withMinibatch(8).describe());
    }

    @Test
    void validationNamesTheKeyAndValue() {
        assertEquals("dataset.size: must be >= 0 (0: infinite data), got -1",
                message(() -> new DatasetConfig(-1, 0, DatasetNormalization.NONE, 0)));
        assertEquals("dataset.test_size: must be >= 1, got 0",
                message(() -> new DatasetConfig(5, 0, DatasetNormalization.UNIT, 0)));
        assertEquals("dataset.minibatch: must be in [0, dataset.size = 5] (0: full batch), got 6",
                message(() -> new DatasetConfig(5, 10, DatasetNormalization.UNIT, 6)));
        assertEquals("dataset.minibatch: must be in [0, dataset.size = 5] (0: full batch), got -1",
                message(() -> new DatasetConfig(5, 10, DatasetNormalization.UNIT, -1)));
        assertEquals("dataset.normalize: is required", message(() -> new DatasetConfig(5, 10, null, 0)));
        assertEquals("dataset.test_size: must be 0 without a dataset (dataset.size 0), got 10",
                message(() -> new DatasetConfig(0, 10, DatasetNormalization.NONE, 0)));
        assertEquals("dataset.normalize: must be none without a dataset (dataset.size 0), got unit",
                message(() -> new DatasetConfig(0, 0, DatasetNormalization.UNIT, 0)));
        assertEquals("dataset.minibatch: must be 0 without a dataset (dataset.size 0), got 4",
                message(() -> new DatasetConfig(0, 0, DatasetNormalization.NONE, 4)));
        assertEquals("dataset: is required", message(() -> TrainConfig.builder().dataset(null).build()));
        assertEquals("train.loss_normalization: is required",
                message(() -> TrainConfig.builder().lossNormalization(null).build()));
        assertEquals(DatasetNormalization.UNIT, DatasetNormalization.parse("unit"));
        assertEquals(LossNormalization.FEATURE_SUM, LossNormalization.parse("feature_sum"));
        assertEquals("feature_sum", LossNormalization.FEATURE_SUM.specName());
    }

    /** FEATURE_SUM is the MEAN loss with every importance times n; the spec keeps its own importances. */
    @Test
    void lossImportanceScalesByNUnderFeatureSum() {
        double[] imp = {1, 0.5, 0.25, 2};
        TrainConfig mean = TrainConfig.defaults();
        TrainConfig sum = TrainConfig.builder().lossNormalization(LossNormalization.FEATURE_SUM).build();
        ModelSpec a = new ModelSpec(ModelKind.RELU_OUTPUT, 4, 2, fill(4, 0.1), imp, mean, 1);
        ModelSpec b = new ModelSpec(ModelKind.RELU_OUTPUT, 4, 2, fill(4, 0.1), imp, sum, 1);
        assertArrayEquals(imp, a.lossImportance(), 0.0);
        assertArrayEquals(new double[] {4, 2, 1, 8}, b.lossImportance(), 0.0);
        assertArrayEquals(imp, b.importance(), 0.0);
        assertEquals(1.0, LossNormalization.MEAN.importanceScale(1000));
        assertEquals(1000.0, LossNormalization.FEATURE_SUM.importanceScale(1000));
    }

    @Test
    void theDatasetSeedBelongsToSpecsWithADataset() {
        TrainConfig data = TrainConfig.builder().dataset(DatasetConfig.fullBatch(10, DatasetNormalization.UNIT)).build();
        ModelSpec x = new ModelSpec(ModelKind.RELU_OUTPUT, 4, 2, fill(4, 0.1), fill(4, 1), data, 1, FeatureSets.NONE, 77);
        ModelSpec y = new ModelSpec(ModelKind.RELU_OUTPUT, 4, 2, fill(4, 0.1), fill(4, 1), data, 1, FeatureSets.NONE, 78);
        assertTrue(x.finiteData());
        assertEquals(77, x.datasetSeed());
        assertNotEquals(x, y, "the dataset seed is part of the model");
        assertEquals(x.shapeKey(), y.shapeKey(), "but not of its shape: they share a pack");
        assertTrue(x.toString().endsWith(" dataset_seed=77]"), x.toString());
        assertEquals("dataset_seed: must be 0 without a dataset (dataset.size 0), got 5", message(() -> new ModelSpec(
                ModelKind.RELU_OUTPUT, 4, 2, fill(4, 0.1), fill(4, 1), TrainConfig.defaults(), 1, FeatureSets.NONE, 5)));
        ModelSpec plain = new ModelSpec(ModelKind.RELU_OUTPUT, 4, 2, fill(4, 0.1), fill(4, 1), TrainConfig.defaults(), 1);
        assertEquals(0, plain.datasetSeed());
        assertFalse(plain.finiteData());
        assertEquals(plain, new ModelSpec(ModelKind.RELU_OUTPUT, 4, 2, fill(4, 0.1), fill(4, 1), TrainConfig.defaults(), 1,
                FeatureSets.NONE, 0));
    }
}
