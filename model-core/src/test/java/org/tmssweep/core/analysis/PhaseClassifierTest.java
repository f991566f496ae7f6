package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.core.Tolerances.EVAL_LOSS_REL;
import static org.tmssweep.core.Tolerances.F64;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.config.InitScheme;
import org.tmssweep.core.config.LrSchedule;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.train.TrainStatus;
import org.tmssweep.core.train.TrainedModel;
import org.tmssweep.core.train.Trainer;

/** Empirical phase rules of docs/paper.md §3 on hand-built weights, and against the theory on trained models. */
class PhaseClassifierTest {
    private static final double R2 = Math.sqrt(0.5);

    @Test
    void twoOneClassesOnHandBuiltWeights() {
        // b row 5: not learned W = [1, 0]; superposition (antipodal) W = [1, -1]; dedicated W = [0, 1]
        assertEquals("not_learned", PhaseClassifier.classify2(new double[][] {{1}, {0}}).phase());
        assertEquals("not_learned", PhaseClassifier.classify2(new double[][] {{1}, {0.49}}).phase());
        assertEquals("superposition", PhaseClassifier.classify2(new double[][] {{1}, {-1}}).phase());
        assertEquals("superposition", PhaseClassifier.classify2(new double[][] {{-0.9}, {1.1}}).phase());
        assertEquals("dedicated", PhaseClassifier.classify2(new double[][] {{0}, {1}}).phase());
        assertEquals("dedicated", PhaseClassifier.classify2(new double[][] {{0.3}, {-1}}).phase());
        // McGrath's confused solution W_1 = W_2 = 1/sqrt2 (a.6), absent from the theory
        assertEquals("confused", PhaseClassifier.classify2(new double[][] {{R2}, {R2}}).phase());
        PhaseResult r = PhaseClassifier.classify2(new double[][] {{1}, {-0.8}});
        assertEquals(1.0, r.normOther(), F64);
        assertEquals(0.8, r.normExtra(), F64);
        assertEquals(-0.8, r.dot(), F64);
    }

    @Test
    void threeTwoClassesOnHandBuiltWeights() {
        // rows = features; each W is built so that its null vector is the named template (a.5)
        assertNull3("ignore_extra", new double[][] {{1, 0}, {0, 1}, {0, 0}}, 0, 0, 1);
        assertNull3("ignore_other", new double[][] {{0, 0}, {1, 0}, {0, 1}}, 1, 0, 0);
        assertNull3("ignore_other", new double[][] {{1, 0}, {0, 0}, {0, 1}}, 0, 1, 0);
        assertNull3("others_antipodal", new double[][] {{1, 0}, {-1, 0}, {0, 1}}, R2, R2, 0);
        assertNull3("extra_antipodal", new double[][] {{0, 1}, {1, 0}, {0, -1}}, R2, 0, R2);
        assertNull3("extra_antipodal", new double[][] {{1, 0}, {0, 1}, {0, -1}}, 0, R2, R2);
        // an equilateral triangle sums to 0: W perp [1,1,1] ("joint", not in the theory)
        double c = Math.sqrt(3) / 2;
        double t = 1 / Math.sqrt(3);
        assertNull3("joint", new double[][] {{1, 0}, {-0.5, c}, {-0.5, -c}}, t, t, t);
        NullPhaseResult deg = PhaseClassifier.classify3(new double[][] {{1, 0}, {2, 0}, {-1, 0}});
        assertEquals("degenerate", deg.phase());
        assertEquals(0.0, deg.rankGap(), F64);
        assertEquals("degenerate", PhaseClassifier.classify3(new double[3][2]).phase());
    }

    @Test
    void nearestTemplateToleratesNoiseAndReportsTheCosine() {
        // a slightly rotated/noisy "others antipodal" solution is still classified, with cos < 1
        NullPhaseResult r = PhaseClassifier.classify3(new double[][] {{1, 0.05}, {-0.95, 0}, {0.02, 1}});
        assertEquals("others_antipodal", r.phase());
        assertTrue(r.cosine() > 0.99 && r.cosine() < 1, "cos " + r.cosine());
        double norm = Math.sqrt(r.v0() * r.v0() + r.v1() * r.v1() + r.v2() * r.v2());
        assertEquals(1.0, norm, F64);
    }

    @Test
    void rejectsWrongShapes() {
        assertThrows(IllegalArgumentException.class, () -> PhaseClassifier.classify2(new double[][] {{1, 0}, {0, 1}}));
        assertThrows(IllegalArgumentException.class, () -> PhaseClassifier.classify3(new double[][] {{1}, {0}, {0}}));
    }

    private static void assertNull3(String phase, double[][] w, double v0, double v1, double v2) {
        NullPhaseResult r = PhaseClassifier.classify3(w);
        assertEquals(phase, r.phase());
        assertEquals(1.0, r.cosine(), F64, phase);
        assertEquals(v0, r.v0(), F64, phase);
        assertEquals(v1, r.v1(), F64, phase);
        assertEquals(v2, r.v2(), F64, phase);
    }

    /**
     * Reduced-scale version of the paper's n=2, m=1 phase diagram (b row 5): ReLU-output models with
     * notebook-style importance [1, r] and density s for both features, best of 8 seeds by final loss
     * (Selection.bestIndex, the paper's practice for m=2; at the sparse points about half the seeds stop
     * in a one-feature local minimum of 5-15x higher loss), at points well away from the a.6 boundary.
     * Recipe: 3000 steps, batch 256, lr 1e-2 decaying linearly (the reduced recipe of TrainerTest).
     */
    @Test
    void trainedTwoOneModelsLandInTheTheoreticalPhase() {
        double[][] points = { // {s, r}; theory boundary density in the comment
            {1.0, 0.2}, // 4r/(2+5r) = 0.267 -> not learned
            {1.0, 5.0}, // 4/(5+2r) = 0.267 -> dedicated
            {0.7, 0.3}, // 0.343 -> not learned
            {0.1, 1.0}, // 4/7 -> superposition
            {0.05, 2.0}, // 4/9 -> superposition
        };
        int seeds = 8;
        TrainConfig cfg = TrainConfig.builder().steps(3000).batchSize(256).lr(1e-2).schedule(LrSchedule.LINEAR)
                .init(InitScheme.XAVIER).notebookInstances(10).evalSamples(16_384).build();
        List<ModelSpec> pack = new ArrayList<>();
        for (int p = 0; p < points.length; p++) {
            for (int k = 0; k < seeds; k++) {
                double s = points[p][0];
                pack.add(new ModelSpec(ModelKind.RELU_OUTPUT, 2, 1, new double[] {s, s},
                        new double[] {1, points[p][1]}, cfg, 1000L * p + k));
            }
        }
        List<TrainedModel> trained = new Trainer().train(pack);
        for (int p = 0; p < points.length; p++) {
            double s = points[p][0];
            double r = points[p][1];
            double[] losses = new double[seeds];
            for (int k = 0; k < seeds; k++) {
                TrainedModel t = trained.get(p * seeds + k);
                assertEquals(TrainStatus.OK, t.status());
                losses[k] = t.finalLoss();
            }
            TrainedModel best = trained.get(p * seeds + Selection.bestIndex(losses));
            ExtraFeaturePhase theory = PhaseTheory.phase2(s, r);
            String where = "s=" + s + " r=" + r + " W=[" + best.w()[0][0] + ", " + best.w()[1][0] + "] loss "
                    + best.finalLoss();
            assertEquals(theory.label(), PhaseClassifier.classify2(best.w()).phase(), where);
            // Loss check, a.6 closed forms divided by n = 2 (notebook normalisation, a.3)
            double dropExtra = PhaseTheory.lossG(s, r) / 2;
            double dropOther = PhaseTheory.lossF(s) / 2;
            switch (theory) {
                // the dense optima are exactly the closed form; 16,384 eval samples: 3 % covers sampling error
                case NOT_LEARNED -> assertEquals(dropExtra, best.finalLoss(), EVAL_LOSS_REL * dropExtra, where);
                case DEDICATED -> assertEquals(dropOther, best.finalLoss(), EVAL_LOSS_REL * dropOther, where);
                // the antipodal fit beats both one-feature solutions by a wide margin
                default -> assertTrue(best.finalLoss() < 0.5 * Math.min(dropExtra, dropOther), where);
            }
        }
    }

    /**
     * Reduced-scale n=3, m=2 phase diagram (b row 6), same recipe and best-of-8 selection as the n=2 case,
     * at points well away from the a.6 boundaries (r > 1: 4/7 flat; r < 1: 4r/(2+5r)).
     */
    @Test
    void trainedThreeTwoModelsIgnoreTheDirectionTheTheoryPredicts() {
        double[][] points = { // {s, r}
            {1.0, 4.0}, // dense, extra more important -> one of the others ignored
            {0.1, 4.0}, // < 4/7 -> the other two antipodal, extra dedicated
            {1.0, 0.25}, // dense, extra less important -> extra ignored
            {0.05, 0.5}, // < 4r/(2+5r) = 0.444 -> extra antipodal with one other
        };
        int seeds = 8;
        TrainConfig cfg = TrainConfig.builder().steps(3000).batchSize(256).lr(1e-2).schedule(LrSchedule.LINEAR)
                .init(InitScheme.XAVIER).notebookInstances(10).evalSamples(16_384).build();
        List<ModelSpec> pack = new ArrayList<>();
        for (int p = 0; p < points.length; p++) {
            for (int k = 0; k < seeds; k++) {
                double s = points[p][0];
                pack.add(new ModelSpec(ModelKind.RELU_OUTPUT, 3, 2, new double[] {s, s, s},
                        new double[] {1, 1, points[p][1]}, cfg, 5000L + 1000L * p + k));
            }
        }
        List<TrainedModel> trained = new Trainer().train(pack);
        for (int p = 0; p < points.length; p++) {
            double[] losses = new double[seeds];
            for (int k = 0; k < seeds; k++) {
                losses[k] = trained.get(p * seeds + k).finalLoss();
            }
            TrainedModel best = trained.get(p * seeds + Selection.bestIndex(losses));
            NullPhaseResult got = PhaseClassifier.classify3(best.w());
            String where = "s=" + points[p][0] + " r=" + points[p][1] + " null=[" + got.v0() + ", " + got.v1() + ", "
                    + got.v2() + "] loss " + best.finalLoss();
            assertEquals(PhaseTheory.phase3(points[p][0], points[p][1]).label(), got.phase(), where);
        }
    }
}
