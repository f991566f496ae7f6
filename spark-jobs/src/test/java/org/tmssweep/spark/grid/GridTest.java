package org.tmssweep.spark.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.tmssweep.spark.Tolerances.F64_ULPS;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.spark.spec.SpecException;
import org.tmssweep.spark.spec.SpecParser;
import org.tmssweep.spark.spec.SweepSpec;

class GridTest {
    static final String SPEC = """
            name: g
            model: [linear, relu_output]
            n_features: 4
            n_hidden: 2
            sparsity: [0.0, 0.9, 0.99]
            importance_decay: 0.5
            seeds: 2
            train: {steps: 10}
            """;

    @Test
    void expandsTheProductInParamOrderWithSeedsInnermost() throws SpecException {
        List<GridPoint> points = Grid.expand(SpecParser.parse(SPEC));
        assertEquals(2 * 3 * 2, points.size());
        // model is declared before sparsity in Param, so it is the outer axis.
        String[] expected = {
            "linear 0.0 0", "linear 0.0 1", "linear 0.9 0", "linear 0.9 1", "linear 0.99 0", "linear 0.99 1",
            "relu_output 0.0 0", "relu_output 0.0 1", "relu_output 0.9 0", "relu_output 0.9 1",
            "relu_output 0.99 0", "relu_output 0.99 1"};
        for (int i = 0; i < points.size(); i++) {
            GridPoint p = points.get(i);
            assertEquals(expected[i], p.model().specName() + " " + p.sparsity() + " " + p.seedIndex());
            assertEquals(i, p.index());
        }
    }

    @Test
    void pointIdIgnoresTheSeedAndRngSeedDoesNot() throws SpecException {
        List<GridPoint> points = Grid.expand(SpecParser.parse(SPEC));
        assertEquals(points.get(0).pointId(), points.get(1).pointId());
        assertNotEquals(points.get(0).rngSeed(), points.get(1).rngSeed());
        Set<String> ids = new HashSet<>();
        Set<Long> seeds = new HashSet<>();
        for (GridPoint p : points) {
            ids.add(p.pointId());
            seeds.add(p.rngSeed());
        }
        assertEquals(6, ids.size());
        assertEquals(12, seeds.size());
    }

    @Test
    void identityDoesNotDependOnTheOtherPointsOfTheSpec() throws SpecException {
        // The same model asked for by a different spec (other axes, other name) gets the same ids.
        GridPoint inBig = Grid.expand(SpecParser.parse(SPEC)).get(8); // relu_output, S=0.9, seed 0
        GridPoint alone = Grid.expand(SpecParser.parse("""
                name: other
                train: {steps: 10}
                sparsity: 0.9
                n_hidden: 2
                importance_decay: 0.5
                n_features: 4
                seeds: 1
                """)).get(0);
        assertEquals(inBig.pointId(), alone.pointId());
        assertEquals(inBig.rngSeed(), alone.rngSeed());
        assertEquals(inBig.canonical(), alone.canonical());
    }

    @Test
    void pointIdsAreAStableContract() throws SpecException {
        // Point ids identify results across runs and releases: changing them orphans every table
        // written before. If this fails, bump SweepSpec.SEMANTICS_VERSION on purpose, not by accident.
        GridPoint p = Grid.expand(SpecParser.parse("name: x\nn_features: 20\nn_hidden: 5\nsparsity: 0.9\n"
                + "importance_decay: 0.7\n")).get(0);
        assertEquals("v1;model=relu_output;n_features=20;n_hidden=5;importance_decay=0.7;sparsity=0.9;"
                + "train.steps=10000;train.batch_size=1024;train.lr=0.001;train.weight_decay=0.01;train.beta1=0.9;"
                + "train.beta2=0.999;train.eps=1.0E-8;train.schedule=constant;train.init=notebook;"
                + "train.notebook_instances=20;train.eval_samples=16384", p.canonical());
        assertEquals(p.pointId(), GridPoint.of(0, p.canonical(), 0, p.model(), 20, 5, 0.9, 0.7, p.importance(),
                p.train()).pointId());
    }

    @Test
    void modelSpecCarriesDataRuleImportanceAndSeed() throws SpecException {
        GridPoint p = Grid.expand(SpecParser.parse(SPEC)).get(9); // relu_output, S=0.9, seed 1
        ModelSpec m = p.toModelSpec();
        assertEquals(ModelKind.RELU_OUTPUT, m.kind());
        assertArrayEquals(new double[] {0.1, 0.1, 0.1, 0.1}, m.probability(), F64_ULPS);
        assertArrayEquals(new double[] {1, 0.5, 0.25, 0.125}, m.importance(), 0);
        assertEquals(p.rngSeed(), m.seed());
        assertEquals(10, m.train().steps());
    }

    @Test
    void packsFollowShapeAndGridOrderOnly() throws SpecException {
        SweepSpec spec = SpecParser.parse(SPEC);
        List<Pack> auto = Packer.pack(Grid.expand(spec), 0);
        // two shapes (linear, relu_output) of 6 models; auto size = clamp(ceil(6/8), 4, 32) = 4
        assertEquals(List.of(4, 2, 4, 2), auto.stream().map(Pack::size).toList());
        List<Pack> four = Packer.pack(Grid.expand(spec), 4);
        assertEquals(List.of(4, 2, 4, 2), four.stream().map(Pack::size).toList());
        for (Pack pack : four) {
            assertEquals(1, pack.points().stream().map(GridPoint::model).distinct().count());
            assertEquals(pack.index(), four.indexOf(pack));
        }
        assertEquals(Packer.pack(Grid.expand(spec), 4), four, "packing is a pure function of the spec");
    }

    @Test
    void autoPackSizeGrowsWithTheGroupUpToTheCap() {
        assertEquals(4, autoSize(7));
        assertEquals(4, autoSize(9));
        assertEquals(13, autoSize(100));
        assertEquals(32, autoSize(10_000));
    }

    @Test
    void largeShapesGetOneModelPerPackUnderAuto() throws SpecException {
        String spec = "name: l\nn_features: 100\nn_hidden: %d\nseeds: 13\n";
        List<Pack> large = Packer.pack(Grid.expand(SpecParser.parse(String.format(spec, 10))), 0);
        assertEquals(13, large.size(), "n*m = 1000: one model per pack");
        List<Pack> small = Packer.pack(Grid.expand(SpecParser.parse(String.format(spec, 9))), 0);
        assertEquals(List.of(4, 4, 4, 1), small.stream().map(Pack::size).toList(), "n*m = 900: the usual rule");
        List<Pack> fixed = SweepPlan.of(SpecParser.parse(String.format(spec, 10) + "pack: 4\n")).packs();
        assertEquals(4, fixed.size(), "an explicit pack size still wins");
    }

    private static int autoSize(int models) {
        StringBuilder sb = new StringBuilder("name: a\nn_features: 2\nn_hidden: 1\nseeds: ").append(models).append('\n');
        try {
            return Packer.pack(Grid.expand(SpecParser.parse(sb.toString())), 0).get(0).size();
        } catch (SpecException e) {
            throw new AssertionError(e);
        }
    }

    static final String DATASET_SPEC = """
            name: d
            model: relu_output
            n_features: 20
            n_hidden: [2, 3]
            sparsity: 0.9
            seeds: 2
            train: {steps: 10, lr: [0.001, 0.002]}
            dataset: {size: [4, 50], seed: [0, 1], normalize: unit, test_size: [32, 64]}
            """;

    /**
     * The dataset seed is a function of the data rule, dataset.size, dataset.normalize and dataset.seed K only:
     * models that differ in their init seed index, n_hidden, lr or test_size train on the same points; a
     * different K or T gives other points; without a dataset it is 0.
     */
    @Test
    void datasetSeedFollowsTheDataRuleSizeAndKOnly() throws SpecException {
        List<GridPoint> points = Grid.expand(SpecParser.parse(DATASET_SPEC));
        java.util.Map<String, Set<Long>> seedsByKey = new java.util.HashMap<>();
        Set<Long> all = new HashSet<>();
        for (GridPoint p : points) {
            String key = p.train().dataset().size() + "/" + p.canonical().replaceAll(".*dataset\\.seed=(\\d+).*", "$1");
            seedsByKey.computeIfAbsent(key, k -> new HashSet<>()).add(p.datasetSeed());
            all.add(p.datasetSeed());
            assertEquals(p.datasetSeed(), p.toModelSpec().datasetSeed());
            assertNotEquals(p.rngSeed(), p.datasetSeed());
        }
        assertEquals(4, seedsByKey.size(), seedsByKey.toString());
        seedsByKey.values().forEach(s -> assertEquals(1, s.size(), "one dataset per (T, K): " + seedsByKey));
        assertEquals(4, all.size(), "different T or K give different datasets");
        GridPoint a = points.get(0);
        GridPoint b = points.get(1);
        assertEquals(a.pointId(), b.pointId());
        assertNotEquals(a.rngSeed(), b.rngSeed());
        assertEquals(a.datasetSeed(), b.datasetSeed(), "the init seed index does not change the dataset");
        // the data rule does
        List<GridPoint> denser = Grid.expand(SpecParser.parse(DATASET_SPEC.replace("sparsity: 0.9", "sparsity: 0.8")));
        assertNotEquals(a.datasetSeed(), denser.get(0).datasetSeed());
        // and a pinned value: the seed is a stable contract, like the point ids
        assertEquals("v1;dataset;inputs=unsigned;n_features=20;sparsity=0.9;size=4;normalize=unit;seed=0",
                Grid.datasetCanonical(java.util.Map.of(org.tmssweep.spark.spec.Param.MODEL, ModelKind.RELU_OUTPUT,
                        org.tmssweep.spark.spec.Param.N_FEATURES, 20, org.tmssweep.spark.spec.Param.SPARSITY, 0.9,
                        org.tmssweep.spark.spec.Param.DATASET_SIZE, 4,
                        org.tmssweep.spark.spec.Param.DATASET_NORMALIZE,
                        org.tmssweep.core.config.DatasetNormalization.UNIT), a.train()));
        for (GridPoint p : Grid.expand(SpecParser.parse(SPEC))) {
            assertEquals(0L, p.datasetSeed());
            assertEquals(0L, p.toModelSpec().datasetSeed());
        }
    }
}
