package org.tmssweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tmssweep.core.RequiresNd4jNatives;
import org.tmssweep.core.config.DatasetConfig;
import org.tmssweep.core.config.DatasetNormalization;
import org.tmssweep.core.config.FeatureSets;
import org.tmssweep.core.config.LossNormalization;
import org.tmssweep.core.config.LrSchedule;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.data.BatchSource;
import org.tmssweep.core.data.FiniteDataset;
import org.tmssweep.core.data.SparseColumns;

/**
 * Training on a finite dataset keeps the trainer's guarantees: a model trained in a pack (next to models with
 * other init seeds, other dataset seeds, or infinite data of the same shape) is bit-identical to the model
 * trained alone, for every kernel and for full-batch and minibatch training; filling a full batch once is the
 * same as filling it every step; the reported train and test losses are the losses on the model's sets.
 */
class FiniteDataTrainingTest {
    private final Trainer trainer = new Trainer();

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static TrainConfig config(int size, int minibatch) {
        return TrainConfig.builder().steps(60).lr(1e-2).schedule(LrSchedule.WARMUP_COSINE).warmupSteps(10)
                .lossNormalization(LossNormalization.FEATURE_SUM)
                .dataset(new DatasetConfig(size, 200, DatasetNormalization.UNIT, minibatch)).build();
    }

    private static ModelSpec spec(ModelKind kind, int n, int m, double p, TrainConfig cfg, long seed, long datasetSeed) {
        return new ModelSpec(kind, n, m, fill(n, p), fill(n, 1.0), cfg, seed, FeatureSets.NONE, datasetSeed);
    }

    private static void assertSameModel(TrainedModel expected, TrainedModel actual, String what) {
        for (int f = 0; f < expected.w().length; f++) {
            assertArrayEquals(expected.w()[f], actual.w()[f], what + ": bit-identical W row " + f);
        }
        assertArrayEquals(expected.b(), actual.b(), what + ": b");
        if (expected.w2() != null) {
            for (int f = 0; f < expected.w2().length; f++) {
                assertArrayEquals(expected.w2()[f], actual.w2()[f], what + ": W2 row " + f);
            }
        }
        assertEquals(expected.finalLoss(), actual.finalLoss(), 0, what + ": test loss");
        assertEquals(expected.trainLoss(), actual.trainLoss(), 0, what + ": train loss");
    }

    /**
     * The fused-row kernel (sparse input), Java (n m &lt;= 500) and ND4J kernels (dense input), the general model
     * (abs); full batch and minibatch.
     */
    @ParameterizedTest(name = "{0} n={1} m={2} p={3} minibatch={4}")
    @CsvSource({
        "RELU_OUTPUT, 20, 2, 0.05, 0",
        "RELU_OUTPUT, 20, 2, 0.3, 0",
        "RELU_OUTPUT, 300, 2, 0.02, 0",
        "RELU_OUTPUT, 300, 2, 0.2, 0",
        "ABS, 12, 3, 0.3, 0",
        "RELU_OUTPUT, 20, 2, 0.05, 7",
        "RELU_OUTPUT, 300, 2, 0.02, 7",
        "RELU_HIDDEN, 12, 3, 0.3, 7"})
    void aPackedModelEqualsTheModelTrainedAlone(ModelKind kind, int n, int m, double p, int minibatch) {
        TrainConfig cfg = config(24, minibatch);
        ModelSpec a = spec(kind, n, m, p, cfg, 1, 500);
        ModelSpec sameData = spec(kind, n, m, p, cfg, 2, 500);
        ModelSpec otherData = spec(kind, n, m, p, cfg, 1, 501);
        ModelSpec otherRule = spec(kind, n, m, p / 2, cfg, 3, 502);
        RequiresNd4jNatives.Condition.assumeFor(List.of(a, sameData, otherData, otherRule).stream()
                .anyMatch(Trainer::usesNd4j));
        TrainedModel alone = trainer.train(List.of(a)).get(0);
        List<TrainedModel> packed = trainer.train(List.of(otherData, sameData, a, otherRule));
        assertSameModel(alone, packed.get(2), "packed");
        assertSameModel(trainer.train(List.of(otherData)).get(0), packed.get(0), "other dataset, packed");
        assertFalse(Arrays.deepEquals(alone.w(), packed.get(0).w()), "another dataset trains another model");
        assertFalse(Arrays.deepEquals(alone.w(), packed.get(1).w()), "another init seed trains another model");
        assertSame(TrainStatus.OK, alone.status());
    }

    /** Full-batch training fills each model's input once: the same bits as refilling it every step. */
    @ParameterizedTest(name = "{0} n={1} m={2} p={3}")
    @CsvSource({
        "RELU_OUTPUT, 20, 2, 0.05",
        "RELU_OUTPUT, 20, 2, 0.3",
        "RELU_OUTPUT, 300, 2, 0.02",
        "RELU_OUTPUT, 300, 2, 0.2",
        "ABS, 12, 3, 0.3"})
    void fillingTheFullBatchOnceEqualsRefillingIt(ModelKind kind, int n, int m, double p) {
        TrainConfig cfg = config(24, 0);
        List<ModelSpec> specs = List.of(spec(kind, n, m, p, cfg, 1, 600), spec(kind, n, m, p, cfg, 2, 601));
        RequiresNd4jNatives.Condition.assumeFor(specs.stream().anyMatch(Trainer::usesNd4j));
        boolean sparse = Trainer.useSparseInput(specs.get(0));
        List<BatchSource> refilled = new ArrayList<>();
        for (ModelSpec s : specs) {
            refilled.add(everyStep(FiniteDataset.training(s).fullBatch()));
        }
        try (PackRun once = new PackRun(specs, sparse); PackRun every = new PackRun(specs, sparse, refilled)) {
            for (int step = 0; step < cfg.steps(); step++) {
                once.step(step);
                every.step(step);
            }
            for (int i = 0; i < specs.size(); i++) {
                assertTrue(Arrays.deepEquals(once.weights(i), every.weights(i)), "W of model " + i);
                assertArrayEquals(once.bias(i), every.bias(i), "b of model " + i);
            }
        }
    }

    /**
     * A dataset pack in sparse-input mode trains on the fused-row kernel; the same shape on fresh batches keeps
     * the kernel of its size (so models without a dataset keep their numbers), as does a dataset pack in
     * dense-input mode.
     */
    @ParameterizedTest(name = "n={0} m={1} p={2}")
    @CsvSource({
        "20, 2, 0.05, JavaToyModel, FusedRowToyModel",
        "1000, 2, 0.01, Nd4jToyModel, FusedRowToyModel",
        "20, 2, 0.3, JavaToyModel, JavaToyModel",
        "300, 2, 0.2, Nd4jToyModel, Nd4jToyModel"})
    void theKernelDependsOnTheDatasetOnlyInSparseInputMode(int n, int m, double p, String fresh, String dataset) {
        ModelSpec withData = spec(ModelKind.RELU_OUTPUT, n, m, p, config(24, 0), 1, 900);
        ModelSpec withoutData = spec(ModelKind.RELU_OUTPUT, n, m, p, TrainConfig.builder().steps(5).build(), 1, 0);
        boolean sparse = Trainer.useSparseInput(withData);
        assertEquals(sparse, Trainer.useSparseInput(withoutData), "the input mode depends on the densities only");
        assertEquals(fresh.startsWith("Nd4j"), Trainer.usesNd4j(withoutData), "Trainer.usesNd4j, fresh batches");
        assertEquals(dataset.startsWith("Nd4j"), Trainer.usesNd4j(withData), "Trainer.usesNd4j, a finite dataset");
        RequiresNd4jNatives.Condition.assumeFor(Trainer.usesNd4j(withoutData) || Trainer.usesNd4j(withData));
        try (PackRun run = new PackRun(List.of(withoutData), sparse)) {
            assertEquals(fresh, run.model().getClass().getSimpleName(), "fresh batches");
        }
        try (PackRun run = new PackRun(List.of(withData), sparse)) {
            assertEquals(dataset, run.model().getClass().getSimpleName(), "a finite dataset");
        }
    }

    /** The same batches, but not marked fixed: the trainer writes them at every step. */
    private static BatchSource everyStep(BatchSource source) {
        return new BatchSource() {
            @Override
            public void fillFeatureMajor(float[] dst, int offset, int rows) {
                source.fillFeatureMajor(dst, offset, rows);
            }

            @Override
            public void fillFeatureMajor(float[] dst, int offset, int rows, SparseColumns cols) {
                source.fillFeatureMajor(dst, offset, rows, cols);
            }

            @Override
            public void fillColumns(int rows, SparseColumns cols) {
                source.fillColumns(rows, cols);
            }
        };
    }

    @Test
    void trainAndTestLossesAreTheLossesOnTheModelsSets() {
        TrainConfig cfg = config(24, 0);
        ModelSpec s = spec(ModelKind.RELU_OUTPUT, 20, 2, 0.1, cfg, 1, 700);
        TrainedModel t = trainer.train(List.of(s)).get(0);
        assertEquals(Trainer.datasetLoss(s, t.w(), null, t.b(), FiniteDataset.training(s)), t.trainLoss(), 0);
        assertEquals(Trainer.datasetLoss(s, t.w(), null, t.b(), FiniteDataset.test(s)), t.finalLoss(), 0);
        assertEquals(t.finalLoss(), t.testLoss(), 0);
        assertEquals(Trainer.evalLoss(s, t.w(), t.b()), t.finalLoss(), 0, "evalLoss of a dataset model is its test loss");
        assertTrue(t.trainLoss() < t.finalLoss(), "fits its training set better than fresh points: "
                + t.trainLoss() + " vs " + t.finalLoss());
        assertTrue(t.trainLoss() < 1, "below the loss of x' = 0");

        TrainedModel infinite = trainer.train(List.of(new ModelSpec(ModelKind.RELU_OUTPUT, 20, 2, fill(20, 0.1),
                fill(20, 1), TrainConfig.builder().steps(20).build(), 1))).get(0);
        assertTrue(Double.isNaN(infinite.trainLoss()) && Double.isNaN(infinite.testLoss()), "no sets, no such losses");
        assertEquals(null, infinite.trainingSet(), "no training set with infinite data");
    }

    /** The trained model carries the training set it trained on: the points FiniteDataset.training draws. */
    @Test
    void theTrainedModelCarriesItsTrainingSet() {
        ModelSpec s = spec(ModelKind.RELU_OUTPUT, 30, 2, 0.1, config(24, 0), 1, 701);
        FiniteDataset expected = FiniteDataset.training(s);
        FiniteDataset carried = trainer.train(List.of(s)).get(0).trainingSet();
        assertEquals(expected.size(), carried.size(), "T");
        assertEquals(expected.zeroDraws(), carried.zeroDraws(), "zero draws");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.features(i), carried.features(i), "features of point " + i);
            assertArrayEquals(expected.values(i), carried.values(i), "values of point " + i);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainedModel(s, new double[30][2], new double[30], 1, TrainStatus.OK, 0, null));
        assertTrue(e.getMessage().startsWith("trainingSet:"), e.getMessage());
    }

    /**
     * Unit-norm points: x' = 0 (W = 0, and b = 0 through the output ReLU) costs exactly 1 per point under
     * FEATURE_SUM (up to the float32 rounding of the stored values) and 1/n under MEAN.
     */
    @Test
    void predictingZeroCostsOnePerUnitNormPoint() {
        int n = 1000;
        for (LossNormalization norm : LossNormalization.values()) {
            TrainConfig cfg = TrainConfig.builder().steps(10).lossNormalization(norm)
                    .dataset(new DatasetConfig(300, 500, DatasetNormalization.UNIT, 0)).build();
            ModelSpec s = spec(ModelKind.RELU_OUTPUT, n, 2, 0.01, cfg, 1, 800);
            double expected = norm == LossNormalization.FEATURE_SUM ? 1.0 : 1.0 / n;
            for (FiniteDataset data : List.of(FiniteDataset.training(s), FiniteDataset.test(s))) {
                double loss = Trainer.datasetLoss(s, new double[n][2], null, new double[n], data);
                assertEquals(expected, loss, 1e-6 * expected, norm + ", " + data.size() + " points");
            }
            double[] negative = fill(n, -0.3);
            assertEquals(expected, Trainer.evalLoss(s, new double[n][2], negative), 1e-6 * expected,
                    "a negative bias is cut by the ReLU: still x' = 0");
        }
        ModelSpec raw = spec(ModelKind.RELU_OUTPUT, n, 2, 0.01, TrainConfig.builder().steps(10)
                .lossNormalization(LossNormalization.FEATURE_SUM)
                .dataset(new DatasetConfig(300, 500, DatasetNormalization.NONE, 0)).build(), 1, 800);
        // unnormalised: E||x||^2 = n p / 3 = 3.3 per point
        assertEquals(n * 0.01 / 3, Trainer.datasetLoss(raw, new double[n][2], null, new double[n],
                FiniteDataset.training(raw)), 0.5, "unnormalised points cost their squared norm");
    }
}
