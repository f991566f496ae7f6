package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.config.DatasetConfig;
import org.tmssweep.core.config.DatasetNormalization;
import org.tmssweep.core.config.FeatureSets;
import org.tmssweep.core.config.InitScheme;
import org.tmssweep.core.config.LossNormalization;
import org.tmssweep.core.config.LrSchedule;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.data.FiniteDataset;
import org.tmssweep.core.train.TrainedModel;
import org.tmssweep.core.train.Trainer;

/**
 * Henighan et al. 2023, "Superposition, Memorization, and Double Descent", at reduced scale (ReLU-output model,
 * m = 2, unit-norm points, full batch, the sequel's loss; shorter runs at a higher learning rate than its
 * 50,000 steps at 1e-3):
 * <ul>
 *   <li>at small T the model stores its training points: their hidden vectors h_i form a regular T-gon (equal
 *       angles 2 pi / T, equal norms), so D_X = m/T for every point;</li>
 *   <li>the test loss has a bump between the regime of stored points and the regime of stored features.</li>
 * </ul>
 */
class MemorizationTrainedTest {
    /** Largest deviation of a gap between consecutive h_i from 2 pi / T, radians (trained: at most ~0.05). */
    static final double ANGLE_TOL = 0.1;
    /** Largest relative deviation of ||h_i|| from their mean (trained: at most ~0.03). */
    static final double NORM_REL_TOL = 0.06;
    /** |D_X(i) - 2/T| (trained: at most ~0.025). */
    static final double DX_TOL = 0.05;
    /** A model has memorised its points when its train loss (1 at x' = 0) is below this. */
    static final double MEMORISED = 1e-3;

    private static final Trainer TRAINER = new Trainer();

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static TrainConfig recipe(int size, int steps, double lr, double weightDecay) {
        return TrainConfig.builder().steps(steps).lr(lr).weightDecay(weightDecay).schedule(LrSchedule.WARMUP_COSINE)
                .warmupSteps(steps / 10).lossNormalization(LossNormalization.FEATURE_SUM).init(InitScheme.XAVIER)
                .dataset(new DatasetConfig(size, 1000, DatasetNormalization.UNIT, 0)).build();
    }

    private static ModelSpec spec(int n, double density, TrainConfig cfg, long seed, long datasetSeed) {
        return new ModelSpec(ModelKind.RELU_OUTPUT, n, 2, fill(n, density), fill(n, 1.0), cfg, seed, FeatureSets.NONE,
                datasetSeed);
    }

    private static double frobeniusSq(double[][] w) {
        double s = 0;
        for (double[] row : w) {
            for (double v : row) {
                s += v * v;
            }
        }
        return s;
    }

    /**
     * T in 4..6 (n = 1,000, S = 0.99: the sequel's cheaper grid; ~10 features per point). For each T the first
     * dataset seed whose points share no feature: the regular T-gon is the optimum only for points that are
     * alike (with a shared feature the two points' directions are tied). Three inits are trained and the one
     * that memorises with the smallest ||W||_F is kept: every memorising solution has zero train loss, weight
     * decay prefers the smallest, and gradient descent at m = 2 sometimes ends in a larger, irregular one
     * (docs/paper.md §2: fit m = 2 several times). Not T = 3: three points with pairwise angles of 90 degrees or
     * more do not interfere at all, so no triangle is preferred.
     */
    @Test
    void smallDatasetsAreStoredAsRegularPolygons() {
        int n = 1000;
        double density = 0.01;
        for (int size = 4; size <= 6; size++) {
            TrainConfig cfg = recipe(size, 5000, 1e-2, 0.1);
            long datasetSeed = firstDisjointDataset(n, density, cfg);
            List<ModelSpec> inits = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                inits.add(spec(n, density, cfg, 1000 + s, datasetSeed));
            }
            TrainedModel best = null;
            for (TrainedModel t : TRAINER.train(inits)) {
                if (t.trainLoss() < MEMORISED && (best == null || frobeniusSq(t.w()) < frobeniusSq(best.w()))) {
                    best = t;
                }
            }
            assertTrue(best != null, "T=" + size + ": some init memorises its points");
            double[][] h = FiniteDataset.training(best.spec()).project(best.w());
            assertRegularPolygon(h, "T=" + size);
            for (DataPoint p : DataDimensionality.points(ModelKind.RELU_OUTPUT, best.w(), FiniteDataset.training(best.spec()))) {
                assertEquals(2.0 / size, p.dimensionality(), DX_TOL, "T=" + size + ": D_X of point " + p.index());
            }
        }
    }

    private static long firstDisjointDataset(int n, double density, TrainConfig cfg) {
        for (long seed = 1; ; seed++) {
            FiniteDataset d = FiniteDataset.training(spec(n, density, cfg, 0, seed));
            Set<Integer> seen = new HashSet<>();
            boolean disjoint = true;
            for (int i = 0; i < d.size(); i++) {
                for (int f : d.features(i)) {
                    disjoint &= seen.add(f);
                }
            }
            if (disjoint) {
                return seed;
            }
        }
    }

    private static void assertRegularPolygon(double[][] h, String what) {
        int t = h.length;
        double[] angle = new double[t];
        double meanNorm = 0;
        for (int i = 0; i < t; i++) {
            angle[i] = Math.atan2(h[i][1], h[i][0]);
            meanNorm += Math.hypot(h[i][0], h[i][1]) / t;
        }
        for (double[] hi : h) {
            double norm = Math.hypot(hi[0], hi[1]);
            assertEquals(meanNorm, norm, NORM_REL_TOL * meanNorm, what + ": equal norms");
        }
        Arrays.sort(angle);
        for (int i = 0; i < t; i++) {
            double gap = (i + 1 < t ? angle[i + 1] : angle[0] + 2 * Math.PI) - angle[i];
            assertEquals(2 * Math.PI / t, gap, ANGLE_TOL, what + ": gap " + i + " of " + Arrays.toString(angle));
        }
    }

    /**
     * n = 100, S = 0.95, T from 5 to 500, four models (init and dataset seeds) per T. At T = 5 the model stores
     * its points (train loss near 0, D_X = 2/5: the hidden vectors form a tight frame) and its test loss is about
     * that of x' = 0 (1); at T = 500 it stores features (its five largest features near a pentagon, mean D_f
     * 0.33 to 0.35 against 0.12 to 0.20 at T = 5) and beats x' = 0 on fresh points; in between, where it does
     * neither, the mean test loss rises far above both ends (measured: 2.1 to 4.7 times the larger end over four
     * seed sets; asserted: 1.5 times).
     */
    @Test
    void theTestLossHasABumpBetweenTheRegimes() {
        int n = 100;
        double density = 0.05;
        int[] sizes = {5, 10, 20, 50, 500};
        double[] meanTest = new double[sizes.length];
        double[] meanTrain = new double[sizes.length];
        double[] meanTopFeatureDim = new double[sizes.length];
        double[] meanDx = new double[sizes.length];
        for (int j = 0; j < sizes.length; j++) {
            TrainConfig cfg = recipe(sizes[j], 3000, 1e-2, 1e-2);
            List<ModelSpec> specs = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                specs.add(spec(n, density, cfg, 1000 + s, 1100 + s));
            }
            for (TrainedModel t : TRAINER.train(specs)) {
                DataRegime r = DataRegime.of(t.w(), DataDimensionality.points(ModelKind.RELU_OUTPUT, t.w(),
                        FiniteDataset.training(t.spec())));
                meanTest[j] += t.testLoss() / specs.size();
                meanTrain[j] += t.trainLoss() / specs.size();
                meanTopFeatureDim[j] += r.meanTopFeatureDimensionality() / specs.size();
                meanDx[j] += r.meanDataDimensionality() / specs.size();
            }
        }
        String curve = Arrays.toString(sizes) + ": test " + Arrays.toString(meanTest) + ", train "
                + Arrays.toString(meanTrain) + ", top D_f " + Arrays.toString(meanTopFeatureDim);
        int last = sizes.length - 1;
        double bump = Math.max(meanTest[1], Math.max(meanTest[2], meanTest[3]));
        assertTrue(bump > 1.5 * Math.max(meanTest[0], meanTest[last]), "a bump between the regimes: " + curve);
        assertTrue(meanTrain[0] < 0.1 && meanTest[0] > 0.9, "T=5 fits its points, not fresh ones: " + curve);
        assertEquals(2.0 / 5, meanDx[0], DX_TOL / 5, "T=5: D_X = m/T");
        assertTrue(meanTest[last] < 1, "T=500 generalises (beats x' = 0): " + curve);
        assertTrue(meanTopFeatureDim[last] > 0.3 && meanTopFeatureDim[last] > meanTopFeatureDim[0] + 0.1,
                "T=500 stores features: " + curve);
    }
}
