package org.tmssweep.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tmssweep.core.Tolerances.F64;

import org.junit.jupiter.api.Test;

/** Exact configurations of docs/paper.md (fractions from the paper's feature-dimensionality section). */
class ModelStatsTest {

    private static double[][] polygon(int k, double radius) {
        double[][] w = new double[k][2];
        for (int i = 0; i < k; i++) {
            w[i][0] = radius * Math.cos(2 * Math.PI * i / k);
            w[i][1] = radius * Math.sin(2 * Math.PI * i / k);
        }
        return w;
    }

    private static void assertAllDims(ModelStats s, double expected) {
        for (FeatureStats f : s.features()) {
            assertEquals(expected, f.dimensionality(), F64, "feature " + f.feature());
        }
    }

    @Test
    void orthogonalUnitVectors() {
        double[][] w = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        ModelStats s = ModelStats.of(w, new double[] {0.1, 0.2, 0.3});
        assertAllDims(s, 1.0);
        for (FeatureStats f : s.features()) {
            assertEquals(0.0, f.interference(), F64);
            assertEquals(1.0, f.norm(), F64);
        }
        assertEquals(0.2, s.features().get(1).bias(), 0);
        assertEquals(3, s.representedFeatures());
        assertEquals(1.0, s.dimsPerFeature(), F64);
        assertEquals(3.0, s.frobeniusSq(), F64);
    }

    @Test
    void antipodalPair() {
        ModelStats s = ModelStats.of(new double[][] {{1}, {-1}}, new double[2]);
        assertAllDims(s, 0.5);
        assertEquals(1.0, s.features().get(0).interference(), F64);
        assertEquals(0.5, s.dimsPerFeature(), F64);
    }

    @Test
    void triangleSquarePentagonHexagon() {
        assertAllDims(ModelStats.of(polygon(3, 1), new double[3]), 2.0 / 3);
        assertAllDims(ModelStats.of(polygon(4, 1), new double[4]), 0.5);
        assertAllDims(ModelStats.of(polygon(5, 1), new double[5]), 0.4);
        assertAllDims(ModelStats.of(polygon(6, 1), new double[6]), 1.0 / 3);
        // D_f is scale-invariant: a pentagon of radius 1.13 (the trained norm of MEAS a.6) is still 2/5
        ModelStats big = ModelStats.of(polygon(5, 1.13), new double[5]);
        assertAllDims(big, 0.4);
        assertEquals(2.0 / (5 * 1.13 * 1.13), big.dimsPerFeature(), F64);
    }

    @Test
    void tetrahedronAndTightFrameSum() {
        double c = 1 / Math.sqrt(3);
        double[][] tet = {{c, c, c}, {c, -c, -c}, {-c, c, -c}, {-c, -c, c}};
        ModelStats s = ModelStats.of(tet, new double[4]);
        assertAllDims(s, 0.75);
        double sum = s.features().stream().mapToDouble(FeatureStats::dimensionality).sum();
        assertEquals(3.0, sum, F64); // D4: a tight frame's dimensionalities sum to the dimension
    }

    @Test
    void zeroRowAndMixedNorms() {
        double[][] w = {{0, 0}, {0.3, 0}, {0, 2}};
        ModelStats s = ModelStats.of(w, new double[3]);
        FeatureStats zero = s.features().get(0);
        assertEquals(0.0, zero.norm(), 0);
        assertEquals(0.0, zero.dimensionality(), 0);
        assertEquals(0.0, zero.interference(), 0);
        assertEquals(1.0, s.features().get(1).dimensionality(), F64);
        assertEquals(1, s.representedFeatures()); // 0.3 < 0.5 < 2
        assertEquals(2 / (0.09 + 4), s.dimsPerFeature(), F64);
    }

    @Test
    void interferenceUsesTheOtherFeaturesOnly() {
        // W_0 = (1,0), W_1 = (1,1): Ŵ_0.W_1 = 1 -> interference_0 = 1; Ŵ_1.W_0 = 1/sqrt2 -> 1/2
        ModelStats s = ModelStats.of(new double[][] {{1, 0}, {1, 1}}, new double[2]);
        assertEquals(1.0, s.features().get(0).interference(), F64);
        assertEquals(0.5, s.features().get(1).interference(), F64);
        assertEquals(1.0 / 2, s.features().get(0).dimensionality(), F64); // 1 / (1 + 1)
        assertEquals(2.0 / (2 + 0.5), s.features().get(1).dimensionality(), F64);
    }
}
