package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.core.Tolerances.F64;
import static org.tmssweep.core.Tolerances.F64_SUM;
import static org.tmssweep.core.analysis.AnalysisTolerances.THREE_DECIMALS;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.metrics.FeatureStats;
import org.tmssweep.core.metrics.ModelStats;

/**
 * The computational facts of docs/paper.md not already covered elsewhere (ModelStatsTest has D1's
 * digon, triangle, square, pentagon, hexagon, tetrahedron and D4 for the tetrahedron; ConfigValuesTest
 * D5; TrainerTest D5, D8, D9; SparseSamplerTest D12, D13; PhaseTheoryTest D10, D11).
 *
 * <p>Not here: D6 (20^-linspace densities) and D7 (0.9^i, 100^-linspace importances) are grid
 * formulas that live in spark-jobs (GridFormulas, tested with the presets' lists in GridFormulasTest); D14 (correlated / anticorrelated
 * sets) is FeatureSetSamplerTest, D15 (Henighan's unit-norm data) is FiniteDatasetTest.
 */
class ClosedFactsTest {

    private static List<FeatureStats> stats(double[][] w) {
        return ModelStats.of(w, new double[w.length]).features();
    }

    private static void assertAll(double[][] w, double expected, String what) {
        for (FeatureStats f : stats(w)) {
            assertEquals(expected, f.dimensionality(), F64, what + " feature " + f.feature());
        }
    }

    @Test
    void d1RemainingPolytopes() {
        assertAll(Polytopes.octahedron(), 0.5, "octahedron");
        assertAll(Polytopes.cube(), 3.0 / 8, "cube");
        assertAll(Polytopes.squareAntiprism(1 / Math.sqrt(3)), 3.0 / 8, "tight square antiprism");
        assertAll(Polytopes.icosahedron(), 0.25, "icosahedron");
        for (int d = 1; d <= 6; d++) { // regular d-simplex: d/(d+1) (1/2 for the digon, 2/3, 3/4, 4/5, 5/6 ...)
            assertAll(Polytopes.simplex(d), (double) d / (d + 1), d + "-simplex");
        }
    }

    @Test
    void d2BipyramidsSplitIntoTegumFactors() {
        // triangular bipyramid: three 2/3 + two 1/2 (not five 3/5); pentagonal: five 2/5 + two 1/2 (not seven 3/7)
        List<FeatureStats> tri = stats(Polytopes.bipyramid(3));
        for (int i = 0; i < 3; i++) {
            assertEquals(2.0 / 3, tri.get(i).dimensionality(), F64);
        }
        assertEquals(0.5, tri.get(3).dimensionality(), F64);
        assertEquals(0.5, tri.get(4).dimensionality(), F64);
        List<FeatureStats> pent = stats(Polytopes.bipyramid(5));
        for (int i = 0; i < 5; i++) {
            assertEquals(0.4, pent.get(i).dimensionality(), F64);
        }
        assertEquals(0.5, pent.get(5).dimensionality(), F64);
        assertEquals(0.5, pent.get(6).dimensionality(), F64);
    }

    @Test
    void d3ThomsonSquareAntiprismIsOnlyApproximatelyThreeEighths() {
        // D3: Coulomb-optimal height z ~ 0.560 gives D ~ 0.3744 (the reference tolerance 1e-3)
        for (FeatureStats f : stats(Polytopes.squareAntiprism(0.560))) {
            assertEquals(0.3744, f.dimensionality(), THREE_DECIMALS);
            assertTrue(Math.abs(f.dimensionality() - 0.375) > 1e-4, "not exactly 3/8");
        }
    }

    @Test
    void d4EveryUnitTightFrameHasDimensionalityDOverK() {
        // harmonic frames (k, d) = (7, 4), (9, 6), (11, 4), (5, 2) and the simplices: D_i = d/k, sum D_i = d
        int[][] shapes = {{7, 4}, {9, 6}, {11, 4}, {5, 2}, {13, 8}};
        for (int[] s : shapes) {
            double[][] w = Polytopes.harmonicFrame(s[0], s[1]);
            assertAll(w, (double) s[1] / s[0], s[0] + "-in-" + s[1]);
            double sum = stats(w).stream().mapToDouble(FeatureStats::dimensionality).sum();
            assertEquals(s[1], sum, F64_SUM, "sum of D_i");
        }
    }

    @Test
    void d1FractionsLabelTheirPolytopes() {
        // the census + nearest-fraction pipeline names each exact polytope's D (TL;DR 5)
        assertEquals("3/8", Fractions.nearest(stats(Polytopes.cube()).get(0).dimensionality(), 12).label());
        assertEquals("1/4", Fractions.nearest(stats(Polytopes.icosahedron()).get(0).dimensionality(), 12).label());
        assertEquals("5/6", Fractions.nearest(stats(Polytopes.simplex(5)).get(0).dimensionality(), 12).label());
        assertEquals("3/8", Fractions.nearest(stats(Polytopes.squareAntiprism(0.560)).get(0).dimensionality(), 8)
                .label());
    }
}
