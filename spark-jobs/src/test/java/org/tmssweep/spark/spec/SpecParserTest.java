package org.tmssweep.spark.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tmssweep.core.config.LrSchedule;
import org.tmssweep.core.config.ModelKind;

class SpecParserTest {
    static final String DEMO = """
            name: demo
            model: relu_output
            n_features: 20
            n_hidden: 5
            sparsity: [0.0, 0.7, 0.9, 0.97, 0.99, 0.997, 0.999]
            importance_decay: 0.7
            seeds: 1
            train: {steps: 10000, batch_size: 1024, lr: 0.001}
            """;

    @Test
    void parsesTheDemoSpecWithDefaults() throws SpecException {
        SweepSpec s = SpecParser.parse(DEMO);
        assertEquals("demo", s.name());
        assertEquals(7, s.pointCount());
        assertEquals(1, s.axes().size());
        assertEquals(Param.SPARSITY, s.axes().get(0).param());
        assertEquals(List.of(0.0, 0.7, 0.9, 0.97, 0.99, 0.997, 0.999), s.get(Param.SPARSITY).values());
        assertEquals(ModelKind.RELU_OUTPUT, s.get(Param.MODEL).values().get(0));
        assertEquals(0.01, s.get(Param.TRAIN_WEIGHT_DECAY).values().get(0));
        assertEquals(LrSchedule.CONSTANT, s.get(Param.TRAIN_SCHEDULE).values().get(0));
        assertTrue(s.sweepId().matches("demo-[0-9a-f]{12}"));
    }

    @Test
    void keyOrderAndFlowStyleDoNotChangeTheHash() throws SpecException {
        String reordered = """
                train:
                  lr: 0.001
                  batch_size: 1024
                  steps: 10000
                seeds: 1
                importance_decay: 0.7
                sparsity:
                  - 0.0
                  - 0.7
                  - 0.9
                  - 0.97
                  - 0.99
                  - 0.997
                  - 0.999
                n_hidden: 5
                n_features: 20
                model: relu_output
                name: demo
                """;
        assertEquals(SpecParser.parse(DEMO).specHash(), SpecParser.parse(reordered).specHash());
    }

    @Test
    void anyChangedValueChangesTheHash() throws SpecException {
        assertNotEquals(SpecParser.parse(DEMO).specHash(),
                SpecParser.parse(DEMO.replace("lr: 0.001", "lr: 0.002")).specHash());
    }

    /**
     * train.l1 (the optional L1 penalty) enters the canonical form only when non-zero, so every spec
     * written before it existed, and one that spells out l1: 0, keeps its spec hash and point ids; a
     * non-zero value or an axis changes them and reaches TrainConfig.
     */
    @Test
    void l1EntersTheHashOnlyWhenNonZero() throws SpecException {
        String plain = SpecParser.parse(DEMO).specHash();
        String zero = DEMO.replace("lr: 0.001}", "lr: 0.001, l1: 0}");
        assertEquals(plain, SpecParser.parse(zero).specHash());
        assertEquals(org.tmssweep.spark.grid.Grid.expand(SpecParser.parse(DEMO)).get(0).pointId(),
                org.tmssweep.spark.grid.Grid.expand(SpecParser.parse(zero)).get(0).pointId());
        assertEquals(0.0, org.tmssweep.spark.grid.Grid.expand(SpecParser.parse(DEMO)).get(0).train().l1());
        SweepSpec penalised = SpecParser.parse(DEMO.replace("lr: 0.001}", "lr: 0.001, l1: 0.003}"));
        assertNotEquals(plain, penalised.specHash());
        assertEquals(0.003, org.tmssweep.spark.grid.Grid.expand(penalised).get(0).train().l1());
        SweepSpec axis = SpecParser.parse(DEMO.replace("lr: 0.001}", "lr: 0.001, l1: [0, 0.01]}"));
        assertEquals(14, axis.pointCount());
        SpecException bad = assertThrows(SpecException.class,
                () -> SpecParser.parse(DEMO.replace("lr: 0.001}", "lr: 0.001, l1: -1}")));
        assertTrue(bad.getMessage().contains("train.l1") && bad.getMessage().contains("-1"), bad.getMessage());
    }

    @Test
    void absModelParses() throws SpecException {
        SweepSpec s = SpecParser.parse(DEMO.replace("model: relu_output", "model: abs"));
        assertEquals(ModelKind.ABS, s.get(Param.MODEL).values().get(0));
        SpecException sets = assertThrows(SpecException.class, () -> SpecParser.parse(DEMO.replace("model: relu_output",
                "model: abs\ncorrelated_sets: [[0, 1]]")));
        assertTrue(sets.getMessage().startsWith("model: abs does not take correlated_sets"), sets.getMessage());
        SpecException curves = assertThrows(SpecException.class, () -> SpecParser.parse(DEMO.replace("model: relu_output",
                "model: [relu_output, abs]").replace("lr: 0.001}", "lr: 0.001, curve_every: 10}")));
        assertTrue(curves.getMessage().startsWith("train.curve_every: not supported for model abs"), curves.getMessage());
    }

    @Test
    void scientificNotationWithoutDotIsANumber() throws SpecException {
        SweepSpec s = SpecParser.parse(DEMO.replace("lr: 0.001", "lr: 1e-3"));
        assertEquals(0.001, s.get(Param.TRAIN_LR).values().get(0));
    }

    @Test
    void anyParameterMayBeAnAxis() throws SpecException {
        SweepSpec s = SpecParser.parse(DEMO.replace("model: relu_output", "model: [linear, relu_output]")
                .replace("lr: 0.001", "lr: [0.001, 0.01]"));
        assertEquals(28, s.pointCount());
        assertEquals(List.of(Param.MODEL, Param.SPARSITY, Param.TRAIN_LR),
                s.axes().stream().map(SweepSpec.ParamValues::param).toList());
    }

    @Test
    void importanceVectorIsOneValueAndListOfListsIsAnAxis() throws SpecException {
        String base = "name: v\nn_features: 3\nn_hidden: 2\n";
        SweepSpec one = SpecParser.parse(base + "importance: [1, 0.5, 0.25]\n");
        assertFalse(one.get(Param.IMPORTANCE).axis());
        assertEquals(1, one.pointCount());
        assertEquals(null, one.get(Param.IMPORTANCE_DECAY));
        SweepSpec axis = SpecParser.parse(base + "importance: [[1, 1, 1], [1, 0.5, 0.25]]\n");
        assertTrue(axis.get(Param.IMPORTANCE).axis());
        assertEquals(2, axis.pointCount());
    }

    @Test
    void withoutImportanceAllFeaturesWeighOne() throws SpecException {
        SweepSpec s = SpecParser.parse("name: v\nn_features: 3\nn_hidden: 2\n");
        assertEquals(List.of(1.0), s.get(Param.IMPORTANCE_DECAY).values());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what is wrong | replace this | with this | expected message
        "unknown key      | seeds: 1              | seed: 1                  | seed: unknown key (known: ",
        "unknown train key| steps: 10000          | stpes: 10000             | train.stpes: unknown key (known in train: ",
        "wrong type       | n_hidden: 5           | n_hidden: five           | n_hidden: must be an integer, got 'five'",
        "float for int    | n_hidden: 5           | n_hidden: 2.5            | n_hidden: must be an integer, got 2.5",
        "n_hidden < 1     | n_hidden: 5           | n_hidden: 0              | n_hidden: must be >= 1, got 0",
        "sparsity 1       | 0.99, 0.997           | 0.99, 1.0                | sparsity[5]: must be in [0, 1), got 1.0",
        "sparsity < 0     | [0.0, 0.7             | [-0.1, 0.7               | sparsity[0]: must be in [0, 1), got -0.1",
        "empty axis       | [0.0, 0.7, 0.9, 0.97, 0.99, 0.997, 0.999] | [] | sparsity: axis must not be empty",
        "repeated value   | 0.97, 0.99            | 0.97, 0.97               | sparsity[4]: repeats sparsity[3] (0.97)",
        "negative lr      | lr: 0.001             | lr: -1                   | train.lr: must be > 0 and finite, got -1.0",
        "bad model        | model: relu_output    | model: relu              | model: must be one of linear, relu_output, relu_hidden, abs, got 'relu'",
        "train not a map  | 'train: {steps: 10000, batch_size: 1024, lr: 0.001}' | train: 5 | train: must be a mapping",
        "seeds 0          | seeds: 1              | seeds: 0                 | seeds: must be >= 1, got 0",
        "bad name         | name: demo            | name: 'my demo'          | name: must be 1-80 characters",
        "both importances | importance_decay: 0.7 | 'importance_decay: 0.7\nimportance: [1]' | importance: give either importance or importance_decay",
        "duplicate key    | seeds: 1              | 'seeds: 1\nseeds: 2'     | not valid YAML: ",
    })
    void badInputNamesTheFieldAndTheValue(String what, String from, String to, String expected) {
        String text = DEMO.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        assertNotEquals(DEMO, text, "test setup: replacement did not apply");
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(text));
        assertTrue(e.getMessage().startsWith(expected), () -> "message was: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void missingRequiredKeys() {
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse("name: x\nn_hidden: 2\n"));
        assertEquals("n_features: is required", e.getMessage());
        e = assertThrows(SpecException.class, () -> SpecParser.parse("n_features: 2\nn_hidden: 2\n"));
        assertEquals("name: is required", e.getMessage());
    }

    @Test
    void importanceVectorMustMatchEveryFeatureCount() {
        SpecException e = assertThrows(SpecException.class, () ->
                SpecParser.parse("name: v\nn_features: [3, 4]\nn_hidden: 2\nimportance: [1, 1, 1]\n"));
        assertEquals("importance: must have n_features = 4 entries, got 3", e.getMessage());
    }

    @Test
    void notAMapping() {
        assertEquals("must be a YAML mapping of keys to values, got a list [1, 2]",
                assertThrows(SpecException.class, () -> SpecParser.parse("[1, 2]")).getMessage());
        assertTrue(assertThrows(SpecException.class, () -> SpecParser.parse("a: [1, 2"))
                .getMessage().startsWith("not valid YAML"));
    }

    @Test
    void curveEveryIsSweepWideAndChangesNoPointAndNoHashWhenOff() throws SpecException {
        SweepSpec plain = SpecParser.parse(DEMO);
        SweepSpec off = SpecParser.parse(DEMO.replace("lr: 0.001}", "lr: 0.001, curve_every: 0}"));
        SweepSpec on = SpecParser.parse(DEMO.replace("lr: 0.001}", "lr: 0.001, curve_every: 25}"));
        assertEquals(0, plain.curveEvery());
        assertFalse(plain.recordsCurves());
        assertEquals(plain.specHash(), off.specHash(), "curve_every: 0 keeps the hash of a spec without it");
        assertEquals(25, on.curveEvery());
        assertNotEquals(plain.specHash(), on.specHash(), "recording curves is another sweep");
        assertTrue(on.canonicalJson().endsWith(",\"train.curve_every\":25}"), on.canonicalJson());
        // ... but every model keeps its point id and seed, so it trains to the same weights
        var a = org.tmssweep.spark.grid.Grid.expand(plain);
        var b = org.tmssweep.spark.grid.Grid.expand(on);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).pointId(), b.get(i).pointId());
            assertEquals(a.get(i).rngSeed(), b.get(i).rngSeed());
            assertEquals(a.get(i).toModelSpec(), b.get(i).toModelSpec());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "train: {curve_every: -1}|train.curve_every|must be >= 0",
        "train: {curve_every: [10, 20]}|train.curve_every|not an axis",
        "train: {curve_every: 2.5}|train.curve_every|must be one integer",
        "zip: [{sparsity: [0.1, 0.2], train: {curve_every: [5, 6]}}]|zip[0].train.curve_every|sweep-wide",
    })
    void curveEveryErrorsNameThePath(String extra, String path, String message) {
        String text = DEMO.replace("train: {steps: 10000, batch_size: 1024, lr: 0.001}\n", "")
                .replace("sparsity: [0.0, 0.7, 0.9, 0.97, 0.99, 0.997, 0.999]\n", extra.startsWith("zip") ? "" : "sparsity: 0.5\n")
                + extra + "\n";
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(text));
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /**
     * The finite-dataset keys and the two new train keys stay out of the canonical form when absent or set to
     * what absence means (dataset.size 0, warmup_steps 0, loss_normalization mean), so every spec written
     * without them keeps its spec hash and point ids.
     */
    @Test
    void newKeysAtTheirNeutralValuesKeepTheHash() throws SpecException {
        String plain = SpecParser.parse(DEMO).specHash();
        String neutral = DEMO.replace("lr: 0.001}", "lr: 0.001, warmup_steps: 0, loss_normalization: mean}")
                + "dataset: {size: 0}\n";
        SweepSpec n = SpecParser.parse(neutral);
        assertEquals(plain, n.specHash());
        assertEquals(org.tmssweep.spark.grid.Grid.expand(SpecParser.parse(DEMO)).get(3).pointId(),
                org.tmssweep.spark.grid.Grid.expand(n).get(3).pointId());
        var train = org.tmssweep.spark.grid.Grid.expand(n).get(0).train();
        assertEquals(org.tmssweep.core.config.DatasetConfig.NONE, train.dataset());
        assertEquals(org.tmssweep.core.config.LossNormalization.MEAN, train.lossNormalization());
        assertEquals(0, train.warmupSteps());
    }

    @Test
    void datasetAndRecipeKeysReachTheTrainConfig() throws SpecException {
        SweepSpec s = SpecParser.parse(DEMO.replace("lr: 0.001}", "lr: 0.001, schedule: warmup_cosine, "
                + "warmup_steps: 100, loss_normalization: feature_sum}")
                + "dataset: {size: [5, 50], seed: [0, 1], normalize: unit, test_size: 64, minibatch: 5}\n");
        assertEquals(7 * 2 * 2, s.pointCount());
        assertTrue(s.canonicalJson().contains("\"dataset.size\":[5,50]"), s.canonicalJson());
        assertTrue(s.canonicalJson().contains("\"dataset.normalize\":\"unit\""), s.canonicalJson());
        var train = org.tmssweep.spark.grid.Grid.expand(s).get(0).train();
        assertEquals(new org.tmssweep.core.config.DatasetConfig(5, 64,
                org.tmssweep.core.config.DatasetNormalization.UNIT, 5), train.dataset());
        assertEquals(100, train.warmupSteps());
        assertEquals(LrSchedule.WARMUP_COSINE, train.schedule());
        assertEquals(org.tmssweep.core.config.LossNormalization.FEATURE_SUM, train.lossNormalization());
        // defaults: test_size 16384, normalize none, full batch
        var defaults = org.tmssweep.spark.grid.Grid.expand(SpecParser.parse(DEMO + "dataset: {size: 8}\n"))
                .get(0).train().dataset();
        assertEquals(org.tmssweep.core.config.DatasetConfig.DEFAULT_TEST_SIZE, defaults.testSize());
        assertEquals(org.tmssweep.core.config.DatasetNormalization.NONE, defaults.normalization());
        assertEquals(0, defaults.minibatch());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "dataset: {size: -1}|dataset.size|must be >= 0",
        "dataset: {size: 5, test_size: 0}|dataset.test_size|must be >= 1",
        "dataset: {size: 5, normalize: l2}|dataset.normalize|must be one of none, unit",
        "dataset: {size: 5, minibatch: 6}|dataset.minibatch|must be in [0, dataset.size = 5]",
        "dataset: {size: 5, minibatch: -1}|dataset.minibatch|must be >= 0",
        "dataset: {size: 5, seed: -2}|dataset.seed|must be a seed index >= 0",
        "dataset: {normalize: unit}|dataset.normalize|needs dataset.size >= 1",
        "dataset: {size: [0, 5], seed: 1}|dataset.seed|needs dataset.size >= 1",
        "dataset: {size: 5, shuffle: true}|dataset.shuffle|unknown key (known in dataset: minibatch, normalize, seed, size, test_size)",
        "dataset: 5|dataset|must be a mapping",
        "train: {warmup_steps: 10}|train.warmup_steps|must be 0 unless train.schedule is warmup_cosine",
        "train: {schedule: warmup_cosine, warmup_steps: 10000}|train.warmup_steps|must be < train.steps = 10000",
        "train: {warmup_steps: -1}|train.warmup_steps|must be >= 0",
        "train: {loss_normalization: sum}|train.loss_normalization|must be one of mean, feature_sum",
    })
    void datasetAndRecipeErrorsNameTheKeyAndValue(String extra, String path, String message) {
        String text = DEMO.replace("train: {steps: 10000, batch_size: 1024, lr: 0.001}\n", "") + extra + "\n";
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(text));
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void whenSetsDatasetKeysOnlyWhereThereIsADataset() throws SpecException {
        SweepSpec s = SpecParser.parse(DEMO + """
                dataset: {size: [0, 10]}
                when: [{if: {dataset: {size: 10}}, set: {dataset: {normalize: unit}}}]
                """);
        var points = org.tmssweep.spark.grid.Grid.expand(s);
        assertEquals(14, points.size());
        assertFalse(points.get(0).train().dataset().finite());
        assertEquals(org.tmssweep.core.config.DatasetNormalization.UNIT, points.get(1).train().dataset().normalization());
    }
}
