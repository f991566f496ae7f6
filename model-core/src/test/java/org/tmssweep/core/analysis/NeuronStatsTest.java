package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.core.Tolerances.F64;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Neuron statistics of privileged-basis models on hand-built W (docs/paper.md §3 threshold
 * |W_kf| &ge; 0.1 max_f |W_kf|, footnote-15 normalisation; b rows 16-17, 19).
 */
class NeuronStatsTest {
    // rows = features (n = 4), columns = neurons (m = 3); neuron k's weights are column k
    private static final double[][] W = {
        {1.0, 0.0, 0},
        {0.05, 2.0, 0},
        {0.0, -0.5, 0},
        {0.0, 0.1, 0},
    };

    @Test
    void monoPolyAndDeadNeurons() {
        List<NeuronSummary> s = NeuronStats.summaries(W);
        assertEquals(3, s.size());
        NeuronSummary mono = s.get(0); // 0.05 < 0.1 * 1.0: only feature 0 stored
        assertEquals("monosemantic", mono.semantics());
        assertTrue(mono.monosemantic());
        assertEquals(1, mono.storedFeatures());
        assertEquals(0, mono.primaryFeature());
        assertEquals(1.0, mono.primaryWeight(), F64);
        assertEquals(1, mono.secondaryFeature());
        assertEquals(0.05, mono.secondaryWeight(), F64);
        assertEquals(0.05, mono.secondaryRatio(), F64);
        assertEquals("0", mono.stored());

        NeuronSummary poly = s.get(1); // normalised (0, 1, -0.25, 0.05): features 1 and 2 (inhibiting) stored
        assertEquals("polysemantic", poly.semantics());
        assertTrue(poly.polysemantic());
        assertEquals(2, poly.storedFeatures());
        assertEquals(2.0, poly.maxAbsWeight(), F64);
        assertEquals(1, poly.primaryFeature());
        assertEquals(2, poly.secondaryFeature());
        assertEquals(-0.5, poly.secondaryWeight(), F64);
        assertEquals(0.25, poly.secondaryRatio(), F64);
        assertEquals("1,2", poly.stored());

        NeuronSummary dead = s.get(2);
        assertEquals("dead", dead.semantics());
        assertEquals(-1, dead.primaryFeature());
        assertFalse(dead.monosemantic() || dead.polysemantic());
        assertEquals(1, NeuronStats.polysemanticCount(s));
    }

    @Test
    void thresholdIsInclusiveAndScaleFree() {
        // 0.2 = 0.1 * 2.0 exactly in binary: counts as stored; scaling a neuron changes nothing (footnote 15)
        double[][] w = {{2.0}, {0.2}, {0.19}};
        assertEquals(2, NeuronStats.summaries(w).get(0).storedFeatures());
        assertEquals(2, NeuronStats.summaries(Polytopes.scaled(w, 7.5)).get(0).storedFeatures());
        assertEquals(1, NeuronStats.summaries(w, 0.5).get(0).storedFeatures());
    }

    @Test
    void weightRowsCarryTheFootnote15Normalisation() {
        List<NeuronWeight> rows = NeuronStats.weights(W, NeuronStats.STORED_FRACTION);
        assertEquals(12, rows.size());
        NeuronWeight inhibit = rows.get(1 * 4 + 2); // neuron 1, feature 2
        assertEquals(1, inhibit.neuron());
        assertEquals(2, inhibit.feature());
        assertEquals(-0.5, inhibit.weight(), F64);
        assertEquals(-0.25, inhibit.normalised(), F64);
        assertTrue(inhibit.stored());
        assertFalse(rows.get(1 * 4 + 3).stored()); // 0.05 of the max
        assertEquals(0.0, rows.get(2 * 4).normalised(), F64); // dead neuron
        assertEquals(3, NeuronStats.storedFeatureCount(W, NeuronStats.STORED_FRACTION)); // feature 3 nowhere
    }

    @Test
    void binaryCodeOfThreeFeaturesInTwoNeurons() {
        // b row 17 (1-S in 0.2-0.5): three features in two neurons, the (1,1) code plus an antipodal pair;
        // both neurons are polysemantic and all three features are stored
        double[][] w = {{1, 1}, {1, -1}, {-1, 1}};
        List<NeuronSummary> s = NeuronStats.summaries(w);
        assertEquals(2, NeuronStats.polysemanticCount(s));
        assertEquals(3, s.get(0).storedFeatures());
        assertEquals(3, NeuronStats.storedFeatureCount(w, NeuronStats.STORED_FRACTION));
    }

    @Test
    void rejectsBadThreshold() {
        assertThrows(IllegalArgumentException.class, () -> NeuronStats.summaries(W, 0));
        assertThrows(IllegalArgumentException.class, () -> NeuronStats.weights(W, 1.5));
    }

    /**
     * Footnote 15 for the untied abs model: each neuron's read weights scaled so the largest |W1_kf| is 1 and
     * its write weights by the inverse. The rescaled model computes the same function (the ReLU is
     * positively homogeneous); a dead neuron stays all zero.
     */
    @Test
    void absNormalisationIsASymmetryOfTheModel() {
        double[][] w1t = {{2.0, 0.0, 0}, {-0.5, -4.0, 0}, {0.1, 1.0, 0}};
        double[][] w2 = {{0.5, 0.1, 3}, {0.2, 0.25, 3}, {-0.1, 0.3, 3}};
        double[] b = {0.1, -0.2, 0.05};
        List<NeuronStats.NormalisedNeuron> nn = NeuronStats.normalised(w1t, w2);
        assertEquals(2.0, nn.get(0).scale(), F64);
        assertEquals(4.0, nn.get(1).scale(), F64);
        assertEquals(0.0, nn.get(2).scale(), F64);
        assertEquals(-1.0, nn.get(1).read()[1], F64);
        assertEquals(0.25 * 4.0, nn.get(1).write()[1], F64);
        double[][] r = new double[3][3];
        double[][] v = new double[3][3];
        for (NeuronStats.NormalisedNeuron k : nn) {
            for (int f = 0; f < 3; f++) {
                r[f][k.neuron()] = k.read()[f];
                v[f][k.neuron()] = k.write()[f];
                if (k.scale() == 0) {
                    assertEquals(0.0, k.read()[f]);
                    assertEquals(0.0, k.write()[f]);
                }
            }
        }
        var before = new org.tmssweep.core.model.ReferenceToyModel(org.tmssweep.core.config.ModelKind.ABS, w1t, w2, b, 0);
        var after = new org.tmssweep.core.model.ReferenceToyModel(org.tmssweep.core.config.ModelKind.ABS, r, v, b, 0);
        for (double[] x : new double[][] {{0.3, -0.7, 0.9}, {-1, 0.2, 0}, {0.5, 0.5, -0.5}}) {
            double[] y0 = before.forward(x);
            double[] y1 = after.forward(x);
            for (int f = 0; f < 3; f++) {
                assertEquals(y0[f], y1[f], F64);
            }
        }
        assertTrue(NeuronStats.normalised(w1t, null).get(0).write() == null, "tied: no write weights");
    }
}
