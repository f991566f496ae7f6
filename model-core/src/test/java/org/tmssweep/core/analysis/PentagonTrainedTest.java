package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.config.InitScheme;
import org.tmssweep.core.config.LrSchedule;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.metrics.ModelStats;
import org.tmssweep.core.train.TrainedModel;
import org.tmssweep.core.train.Trainer;

/**
 * Trained pentagon (docs/paper.md §5 row 1: n=5, m=2, I=1 at high sparsity -> all five in a pentagon) and
 * the weight/bias relation of a.6 / g.6: ||W_i||^2 ~ 1 - b_i (MEAS, tolerance +-0.1), while the
 * extracted paper formula ||W_i|| = 1/(1 - b_i) does not hold. Reduced recipe: 5000 steps, batch 1024,
 * lr 1e-2 linear decay, best of 6 seeds (all 6 reach the pentagon; ||W_i|| ~ 1.134, b_i ~ -0.245, as
 * the MEAS 1.13 / -0.24 of a.6).
 */
class PentagonTrainedTest {
    /** A trained feature's norm (or squared norm) against its closed form: the reduced recipes leave up to 10 %. */
    private static final double NORM_TOL = 0.1;
    /** Interference left between the dense model's two orthogonal features after training. */
    private static final double INTERFERENCE_TOL = 0.01;

    @Test
    void sparseFiveInTwoIsAPentagonWithNormSquaredNearOneMinusBias() {
        double[] p = new double[5];
        Arrays.fill(p, 0.05);
        double[] imp = new double[5];
        Arrays.fill(imp, 1.0);
        TrainConfig cfg = TrainConfig.builder().steps(5000).batchSize(1024).lr(1e-2).schedule(LrSchedule.LINEAR)
                .init(InitScheme.XAVIER).notebookInstances(10).evalSamples(16_384).build();
        List<ModelSpec> pack = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            pack.add(new ModelSpec(ModelKind.RELU_OUTPUT, 5, 2, p, imp, cfg, 500 + k));
        }
        List<TrainedModel> out = new Trainer().train(pack);
        double[] losses = out.stream().mapToDouble(TrainedModel::finalLoss).toArray();
        TrainedModel best = out.get(Selection.bestIndex(losses));
        List<PolytopeComponent> census = PolytopeCensus.of(best.w());
        StringBuilder where = new StringBuilder("losses " + Arrays.toString(losses) + " census " + census);
        for (int f = 0; f < 5; f++) {
            where.append(String.format(" |W%d|=%.3f b=%.3f", f, ModelStats.of(best.w(), best.b()).features().get(f).norm(),
                    best.b()[f]));
        }
        assertEquals(1, census.size(), where.toString());
        assertEquals("pentagon", census.get(0).label(), where.toString());
        ModelStats s = ModelStats.of(best.w(), best.b());
        for (int f = 0; f < 5; f++) {
            double normSq = s.features().get(f).norm() * s.features().get(f).norm();
            assertEquals(1 - best.b()[f], normSq, NORM_TOL, where.toString());
            assertTrue(Math.abs(Math.sqrt(normSq) - 1 / (1 - best.b()[f])) > 0.2, "g.6 garbled form " + where);
            assertTrue(best.b()[f] < 0, "negative bias with positive interference (b row 2) " + where);
            assertEquals("2/5", Fractions.nearest(s.features().get(f).dimensionality(), 8).label(), where.toString());
        }
    }

    /**
     * Row 1, dense end of the intro figure: n=5, m=2, importance 0.9^i, no sparsity. The two most important
     * features get orthogonal directions of norm ~1 and the other three are not embedded.
     */
    @Test
    void denseIntroModelKeepsTheTwoMostImportantFeaturesOrthogonal() {
        double[] p = {1, 1, 1, 1, 1};
        double[] imp = {1, 0.9, 0.81, 0.729, 0.6561};
        TrainConfig cfg = TrainConfig.builder().steps(3000).batchSize(1024).lr(1e-2).schedule(LrSchedule.LINEAR)
                .init(InitScheme.XAVIER).notebookInstances(10).evalSamples(8192).build();
        List<ModelSpec> pack = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            pack.add(new ModelSpec(ModelKind.RELU_OUTPUT, 5, 2, p, imp, cfg, 900 + k));
        }
        List<TrainedModel> out = new Trainer().train(pack);
        TrainedModel best = out.get(Selection.bestIndex(out.stream().mapToDouble(TrainedModel::finalLoss).toArray()));
        ModelStats s = ModelStats.of(best.w(), best.b());
        String where = s.features().toString();
        for (int f = 0; f < 2; f++) {
            assertEquals(1.0, s.features().get(f).norm(), NORM_TOL, where);
            assertEquals(0.0, s.features().get(f).interference(), INTERFERENCE_TOL, "orthogonal: " + where);
        }
        for (int f = 2; f < 5; f++) {
            assertTrue(s.features().get(f).norm() < 0.1, "not embedded: " + where);
        }
    }
}
