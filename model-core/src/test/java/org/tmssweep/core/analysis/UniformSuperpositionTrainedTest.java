package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
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
 * Reduced-scale trained checks of the uniform-superposition experiments (docs/paper.md §5 rows 7-8 and 15):
 * n=20 equally important features in m=5 dimensions. Dims per feature D* = m/||W||_F^2 is 1 while dense
 * and sticks at 1/2 (antipodal pairs) over a range of sparsity; the analytic attack's vulnerability is
 * ~1 (like the orthogonal baseline) while dense and rises once superposition forms. Recipe: 3000 steps,
 * batch 1024, lr 1e-2 with linear decay (the recipe of PentagonTrainedTest), lowest loss of 2 seeds.
 */
class UniformSuperpositionTrainedTest {
    static final int N = 20;
    static final int M = 5;
    /** Densities 1 - S: dense, then three points of the antipodal-pair plateau. */
    static final double[] DENSITY = {1.0, 0.45, 0.37, 0.3};
    static final int SEEDS = 2;
    /** How close D* must come to its sticky value. */
    static final double STICKY_TOLERANCE = 0.06;
    /** How close the dense model's vulnerability comes to the orthogonal baseline's (ratio 1). */
    static final double DENSE_RATIO_TOL = 0.2;
    static final double[] IMPORTANCE = fill(N, 1.0);
    static final List<TrainedModel> BEST = new ArrayList<>();

    static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    @BeforeAll
    static void train() {
        TrainConfig cfg = TrainConfig.builder().steps(3000).batchSize(1024).lr(1e-2).schedule(LrSchedule.LINEAR)
                .init(InitScheme.XAVIER).notebookInstances(10).evalSamples(8192).build();
        List<ModelSpec> pack = new ArrayList<>();
        for (double p : DENSITY) {
            for (int s = 0; s < SEEDS; s++) {
                pack.add(new ModelSpec(ModelKind.RELU_OUTPUT, N, M, fill(N, p), IMPORTANCE, cfg, 7000 + s));
            }
        }
        List<TrainedModel> out = new Trainer().train(pack);
        for (int d = 0; d < DENSITY.length; d++) {
            List<TrainedModel> mine = out.subList(d * SEEDS, (d + 1) * SEEDS);
            double[] losses = mine.stream().mapToDouble(TrainedModel::finalLoss).toArray();
            BEST.add(mine.get(Selection.bestIndex(losses)));
        }
    }

    static String describe() {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < DENSITY.length; d++) {
            TrainedModel t = BEST.get(d);
            ModelStats s = ModelStats.of(t.w(), t.b());
            sb.append(String.format("%n1-S=%.2f: D*=%.3f represented=%d vulnerability=%.3f", DENSITY[d],
                    s.dimsPerFeature(), s.representedFeatures(), vulnerability(d)));
        }
        return sb.toString();
    }

    static double vulnerability(int d) {
        TrainedModel t = BEST.get(d);
        double[] p = fill(N, DENSITY[d]);
        double[][] sample = AdversarialAttack.sample(p, 1024, 99);
        return AdversarialAttack.vulnerability(ModelKind.RELU_OUTPUT, t.w(), t.b(), IMPORTANCE, p, sample);
    }

    @Test
    void dimsPerFeatureIsOneWhileDenseAndSticksAtOneHalfOverARangeOfSparsity() {
        String where = describe();
        assertEquals(1.0, ModelStats.of(BEST.get(0).w(), BEST.get(0).b()).dimsPerFeature(), STICKY_TOLERANCE, where);
        for (int d = 1; d < DENSITY.length; d++) {
            ModelStats s = ModelStats.of(BEST.get(d).w(), BEST.get(d).b());
            assertEquals(0.5, s.dimsPerFeature(), STICKY_TOLERANCE, where);
        }
    }

    @Test
    void superpositionMakesTheModelMoreVulnerableThanTheOrthogonalBaseline() {
        String where = describe();
        assertEquals(1.0, vulnerability(0), DENSE_RATIO_TOL, "dense: as robust as the orthogonal baseline" + where);
        for (int d = 1; d < DENSITY.length; d++) {
            assertTrue(vulnerability(d) > 1.5, "antipodal pairs: more vulnerable" + where);
        }
    }
}
