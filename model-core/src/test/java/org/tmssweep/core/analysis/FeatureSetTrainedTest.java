package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.config.AnticorrelationRule;
import org.tmssweep.core.config.FeatureSets;
import org.tmssweep.core.config.InitScheme;
import org.tmssweep.core.config.LrSchedule;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.metrics.ModelStats;
import org.tmssweep.core.train.TrainedModel;
import org.tmssweep.core.train.Trainer;

/**
 * Reduced-scale runs of docs/paper.md §5 rows 9, 10 and 12 (qualitative claims of the paper, PS): relu_output,
 * m = 2, I = 1, the pentagon test's recipe (5000 steps, batch 1024, lr 1e-2 linear decay), lowest final loss
 * of {@link #SEEDS} seeds. Results and timings are in docs/reproduction.md.
 */
class FeatureSetTrainedTest {
    static final TrainConfig RECIPE = TrainConfig.builder().steps(5000).batchSize(1024).lr(1e-2)
            .schedule(LrSchedule.LINEAR).init(InitScheme.XAVIER).notebookInstances(10).evalSamples(16_384).build();
    static final int SEEDS = 4;
    static final FeatureSets THREE_CORRELATED_PAIRS = FeatureSets.of(List.of(List.of(0, 1), List.of(2, 3),
            List.of(4, 5)), List.of(), AnticorrelationRule.PAPER);

    private static TrainedModel best(int n, double[] p, FeatureSets sets, long seed0) {
        double[] imp = new double[n];
        Arrays.fill(imp, 1.0);
        List<ModelSpec> pack = new ArrayList<>();
        for (int k = 0; k < SEEDS; k++) {
            pack.add(new ModelSpec(ModelKind.RELU_OUTPUT, n, 2, p, imp, RECIPE, seed0 + k, sets));
        }
        List<TrainedModel> out = new Trainer().train(pack);
        return out.get(Selection.bestIndex(out.stream().mapToDouble(TrainedModel::finalLoss).toArray()));
    }

    private static double[] fill(int n, double p) {
        double[] out = new double[n];
        Arrays.fill(out, p);
        return out;
    }

    private static String describe(List<SetGeometry> g) {
        return g.stream().map(x -> x.label() + Arrays.toString(x.cosines())).toList().toString();
    }

    /** Row 10a: two correlated pairs, n = 4, m = 2, 1 - S = 0.05: each pair in orthogonal directions. */
    @Test
    void correlatedPairsInTwoDimensionsEndOrthogonal() {
        FeatureSets sets = FeatureSets.of(List.of(List.of(0, 1), List.of(2, 3)), List.of(), AnticorrelationRule.PAPER);
        List<SetGeometry> g = FeatureSetGeometry.of(best(4, fill(4, 0.05), sets, 1000).w(), sets);
        for (SetGeometry s : g) {
            assertEquals(FeatureSetGeometry.ORTHOGONAL, s.label(), describe(g));
        }
    }

    /** Row 10b: two anticorrelated pairs (paper rule), n = 4, m = 2, 1 - S = 0.05: each pair antipodal. */
    @Test
    void anticorrelatedPairsInTwoDimensionsEndAntipodal() {
        FeatureSets sets = FeatureSets.of(List.of(), List.of(List.of(0, 1), List.of(2, 3)), AnticorrelationRule.PAPER);
        List<SetGeometry> g = FeatureSetGeometry.of(best(4, fill(4, 0.05), sets, 2000).w(), sets);
        for (SetGeometry s : g) {
            assertEquals(FeatureSetGeometry.ANTIPODAL, s.label(), describe(g));
        }
    }

    /** Row 12: three correlated pairs in m = 2: none collapsed at 1 - S = 0.02, all three at 0.6. */
    @Test
    void correlatedPairsCollapseAsDensityGrows() {
        List<SetGeometry> sparse = FeatureSetGeometry.of(best(6, fill(6, 0.02), THREE_CORRELATED_PAIRS, 3000).w(),
                THREE_CORRELATED_PAIRS);
        List<SetGeometry> dense = FeatureSetGeometry.of(best(6, fill(6, 0.6), THREE_CORRELATED_PAIRS, 3000).w(),
                THREE_CORRELATED_PAIRS);
        assertEquals(0, sparse.stream().mapToInt(SetGeometry::collapsed).sum(), describe(sparse));
        assertEquals(3, dense.stream().mapToInt(SetGeometry::collapsed).sum(), describe(dense));
    }

    /**
     * Row 9: n = 5, m = 2, four features at 1 - S = 0.05. With the fifth (feature 0) also at 0.05 all five
     * form a pentagon; at 0.005 (10x sparser) it is dropped and the other four form two digons.
     */
    @Test
    void aMuchSparserVariedFeatureIsDroppedAndThePentagonBreaksIntoDigons() {
        TrainedModel same = best(5, fill(5, 0.05), FeatureSets.NONE, 4000);
        List<PolytopeComponent> pentagon = PolytopeCensus.of(same.w());
        assertEquals(1, pentagon.size(), pentagon.toString());
        assertEquals("pentagon", pentagon.get(0).label(), pentagon.toString());

        double[] p = fill(5, 0.05);
        p[0] = 0.005;
        TrainedModel sparser = best(5, p, FeatureSets.NONE, 4000);
        List<PolytopeComponent> census = PolytopeCensus.of(sparser.w());
        assertTrue(ModelStats.of(sparser.w(), sparser.b()).features().get(0).norm() < ModelStats.REPRESENTED_NORM,
                census.toString());
        assertEquals(List.of("digon", "digon"), census.stream().map(PolytopeComponent::label).toList(),
                census.toString());
    }

    /** Sets ride in the spec: a set model's weights do not depend on its pack (dense and sparse-input paths). */
    @Test
    void setModelsAreDeterministicAndIndependentOfThePack() {
        TrainConfig cfg = TrainConfig.builder().steps(200).batchSize(128).lr(1e-2).schedule(LrSchedule.LINEAR)
                .init(InitScheme.XAVIER).notebookInstances(10).evalSamples(4096).build();
        double[] imp = fill(4, 1.0);
        FeatureSets corr = FeatureSets.of(List.of(List.of(0, 1), List.of(2, 3)), List.of(), AnticorrelationRule.PAPER);
        FeatureSets anti = FeatureSets.of(List.of(), List.of(List.of(1, 3)), AnticorrelationRule.ARENA);
        for (double p : new double[] {0.3, 0.05}) {
            ModelSpec a = new ModelSpec(ModelKind.RELU_OUTPUT, 4, 2, fill(4, p), imp, cfg, 7, corr);
            ModelSpec b = new ModelSpec(ModelKind.RELU_OUTPUT, 4, 2, fill(4, p), imp, cfg, 8, anti);
            ModelSpec c = new ModelSpec(ModelKind.RELU_OUTPUT, 4, 2, fill(4, p), imp, cfg, 7);
            TrainedModel alone = new Trainer().train(List.of(a)).get(0);
            List<TrainedModel> packed = new Trainer().train(List.of(b, c, a));
            for (int f = 0; f < 4; f++) {
                assertArrayEquals(alone.w()[f], packed.get(2).w()[f], "p=" + p + " W row " + f);
            }
            assertEquals(alone.finalLoss(), packed.get(2).finalLoss(), 0.0);
            // same seed without sets: other data, so other weights
            assertFalse(Arrays.equals(alone.w()[0], packed.get(1).w()[0]), "p=" + p);
        }
    }
}
