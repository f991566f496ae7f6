package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.tmssweep.core.train.CurvePoint;
import org.tmssweep.core.train.CurveRecorder;
import org.tmssweep.core.train.TrainedModel;
import org.tmssweep.core.train.Trainer;

/**
 * Reduced-scale runs of docs/paper.md §5 rows 11 and 14 (correlated feature sets, relu_output, I = 1).
 * Row 11: two sets of 10 correlated features in m = 10 are each (nearly) orthogonal inside the set.
 * Row 14: two sets of 3 correlated features in m = 3, from a small init, first collapse each set onto one
 * direction (the PCA-like early solution), then end as two orthogonal triples on opposite sides (the
 * octahedron-like end state, D_i = 1/2); the preset learning-geometry.yaml is the full-size version.
 */
class CorrelatedGeometryTrainedTest {
    static final double ORTHOGONAL = FeatureSetGeometry.ORTHOGONAL_MAX;
    /** Mean within-set cosine above which a set counts as collapsed onto one direction. */
    static final double COLLAPSED = 0.9;
    /** Final D_i this close to 1/2 counts as the octahedron-like end state. */
    static final double DIGON_TOL = 0.05;

    static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    /** Row 11: two sets of 10 correlated features, n = 20, m = 10, 1 - S = 0.03, lowest loss of 2 seeds. */
    @Test
    void eachCorrelatedSetGetsALocalOrthogonalBasis() {
        FeatureSets sets = FeatureSets.of(List.of(range(0, 10), range(10, 20)), List.of(), AnticorrelationRule.PAPER);
        TrainConfig cfg = TrainConfig.builder().steps(3000).batchSize(1024).lr(1e-2).schedule(LrSchedule.LINEAR)
                .init(InitScheme.XAVIER).notebookInstances(10).evalSamples(8192).build();
        List<ModelSpec> pack = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            pack.add(new ModelSpec(ModelKind.RELU_OUTPUT, 20, 10, fill(20, 0.03), fill(20, 1), cfg, 1100 + k, sets));
        }
        List<TrainedModel> out = new Trainer().train(pack);
        TrainedModel best = out.get(Selection.bestIndex(out.stream().mapToDouble(TrainedModel::finalLoss).toArray()));
        for (SetGeometry g : FeatureSetGeometry.of(best.w(), sets)) {
            assertEquals(FeatureSetGeometry.ORTHOGONAL, g.label(), "set " + g.members() + " max |cos| " + g.maxAbsCos());
        }
    }

    static double meanWithinCosine(double[][] w, int from) {
        double sum = 0;
        int k = 0;
        for (int i = from; i < from + 3; i++) {
            for (int j = i + 1; j < from + 3; j++) {
                sum += FeatureSetGeometry.cosine(w[i], w[j]);
                k++;
            }
        }
        return sum / k;
    }

    static double[] centroid(double[][] w, int from) {
        double[] c = new double[w[0].length];
        for (int i = from; i < from + 3; i++) {
            for (int d = 0; d < c.length; d++) {
                c[d] += w[i][d];
            }
        }
        return c;
    }

    /** Row 14: n = 6, m = 3, sets {0,1,2} and {3,4,5}, 1 - S = 0.05, notebook init with 1000 notional instances. */
    @Test
    void twoCorrelatedTriplesCollapseFirstAndEndAsOppositeOrthogonalTriples() {
        FeatureSets sets = FeatureSets.of(List.of(range(0, 3), range(3, 6)), List.of(), AnticorrelationRule.PAPER);
        TrainConfig cfg = TrainConfig.builder().steps(6000).batchSize(1024).lr(1e-3).init(InitScheme.NOTEBOOK)
                .notebookInstances(1000).evalSamples(4096).build();
        ModelSpec spec = new ModelSpec(ModelKind.RELU_OUTPUT, 6, 3, fill(6, 0.05), fill(6, 1), cfg, 1400, sets);
        CurveRecorder rec = new CurveRecorder(250, 1);
        new Trainer().train(List.of(spec), rec);
        List<CurvePoint> curve = rec.curve(0);
        CurvePoint early = curve.stream().filter(c -> c.step() == 500).findFirst().orElseThrow();
        CurvePoint last = curve.get(curve.size() - 1);
        String where = "step 500: within " + meanWithinCosine(early.w(), 0) + ", " + meanWithinCosine(early.w(), 3)
                + "; last: within " + meanWithinCosine(last.w(), 0) + ", " + meanWithinCosine(last.w(), 3)
                + ", centroids cos " + FeatureSetGeometry.cosine(centroid(last.w(), 0), centroid(last.w(), 3));
        assertTrue(meanWithinCosine(early.w(), 0) > COLLAPSED && meanWithinCosine(early.w(), 3) > COLLAPSED,
                "collapsed sets early: " + where);
        for (SetGeometry g : FeatureSetGeometry.of(last.w(), sets)) {
            assertEquals(FeatureSetGeometry.ORTHOGONAL, g.label(), "orthogonal triples at the end: " + where);
        }
        assertTrue(FeatureSetGeometry.cosine(centroid(last.w(), 0), centroid(last.w(), 3)) < -0.95,
                "the two triples on opposite sides: " + where);
        for (int f = 0; f < 6; f++) {
            assertEquals(0.5, last.dimensionality()[f], DIGON_TOL, "D_i = 1/2 at the end: " + where);
        }
    }
}
