package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.core.Tolerances.F64;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tegum-factor census on exact constructions (paper section "Feature dimensionality", docs/paper.md §5
 * row 8, d.1 D1/D2). Expected (k, d, D) come from the constructions themselves: a uniform k-in-d
 * tight frame has D_i = d/k for every member (D4).
 */
class PolytopeCensusTest {

    private static void assertComponent(PolytopeComponent c, String label, int k, int d, String members) {
        assertEquals(label, c.label(), "component " + c);
        assertEquals(k, c.size(), "component " + c);
        assertEquals(d, c.dimension(), "component " + c);
        assertEquals(members, c.members(), "component " + c);
        assertEquals((double) d / k, c.ideal(), F64);
    }

    @Test
    void pentagonInTwoDimensions() {
        List<PolytopeComponent> c = PolytopeCensus.of(Polytopes.polygon(5, 0.3));
        assertEquals(1, c.size());
        assertComponent(c.get(0), "pentagon", 5, 2, "0,1,2,3,4");
        assertEquals(0.4, c.get(0).meanDimensionality(), F64); // D1: 2/5
    }

    @Test
    void tetrahedronAndSquareAntiprismInThreeDimensions() {
        PolytopeComponent tet = PolytopeCensus.of(Polytopes.tetrahedron()).get(0);
        assertComponent(tet, "tetrahedron", 4, 3, "0,1,2,3");
        assertEquals(0.75, tet.meanDimensionality(), F64); // D1: 3/4
        List<PolytopeComponent> anti = PolytopeCensus.of(Polytopes.squareAntiprism(1 / Math.sqrt(3)));
        assertEquals(1, anti.size());
        assertComponent(anti.get(0), "square_antiprism", 8, 3, "0,1,2,3,4,5,6,7");
        assertEquals(0.375, anti.get(0).meanDimensionality(), F64); // D1: 3/8
    }

    @Test
    void antipodalPairsSplitIntoDigons() {
        // b row 8: the octahedron is three antipodal pairs, each D = 1/2
        List<PolytopeComponent> c = PolytopeCensus.of(Polytopes.octahedron());
        assertEquals(3, c.size());
        assertComponent(c.get(0), "digon", 2, 1, "0,1");
        assertComponent(c.get(1), "digon", 2, 1, "2,3");
        assertComponent(c.get(2), "digon", 2, 1, "4,5");
        for (PolytopeComponent p : c) {
            assertEquals(0.5, p.meanDimensionality(), F64);
        }
    }

    @Test
    void orthogonalMixtureWithUnrepresentedFeatures() {
        // pentagon (2 dims) + tetrahedron (3) + digon (1) + one dedicated (1), scaled by 1.13 (MEAS norm,
        // a.6) + 3 zero features: components are the blocks, zero rows belong to none
        double[][] w = Polytopes.mixture(3, Polytopes.scaled(Polytopes.polygon(5, 0.1), 1.13), Polytopes.tetrahedron(),
                new double[][] {{0.9}, {-1.1}}, new double[][] {{1}});
        List<PolytopeComponent> c = PolytopeCensus.of(w);
        assertEquals(4, c.size());
        assertComponent(c.get(0), "pentagon", 5, 2, "0,1,2,3,4");
        assertComponent(c.get(1), "tetrahedron", 4, 3, "5,6,7,8");
        assertComponent(c.get(2), "digon", 2, 1, "9,10");
        assertComponent(c.get(3), "dedicated", 1, 1, "11");
        assertArrayEquals(new int[] {9, 10}, c.get(2).memberIndices());
        assertEquals(0.4, c.get(0).meanDimensionality(), F64);
        assertEquals(0.75, c.get(1).meanDimensionality(), F64);
        assertEquals(0.5, c.get(2).meanDimensionality(), F64);
        assertEquals(1.0, c.get(3).meanDimensionality(), F64);
    }

    @Test
    void bipyramidsSplitIntoTegumFactors() {
        // D2: triangular bipyramid -> triangle (2/3) + digon (1/2); pentagonal -> pentagon (2/5) + digon
        List<PolytopeComponent> tri = PolytopeCensus.of(Polytopes.bipyramid(3));
        assertEquals(2, tri.size());
        assertComponent(tri.get(0), "triangle", 3, 2, "0,1,2");
        assertComponent(tri.get(1), "digon", 2, 1, "3,4");
        assertEquals(2.0 / 3, tri.get(0).meanDimensionality(), F64);
        List<PolytopeComponent> pent = PolytopeCensus.of(Polytopes.bipyramid(5));
        assertComponent(pent.get(0), "pentagon", 5, 2, "0,1,2,3,4");
        assertComponent(pent.get(1), "digon", 2, 1, "5,6");
    }

    @Test
    void otherShapesGetGenericLabels() {
        assertComponent(PolytopeCensus.of(Polytopes.icosahedron()).get(0), "12-in-3", 12, 3,
                "0,1,2,3,4,5,6,7,8,9,10,11");
        assertComponent(PolytopeCensus.of(Polytopes.simplex(4)).get(0), "5-in-4", 5, 4, "0,1,2,3,4");
        assertComponent(PolytopeCensus.of(Polytopes.polygon(7, 0)).get(0), "7-in-2", 7, 2, "0,1,2,3,4,5,6");
        assertEquals("3-in-1", PolytopeCensus.label(3, 1));
    }

    @Test
    void thresholdsDecideRepresentationAndLinks() {
        // a weak link (|cos| = 0.05) is below the 0.1 link threshold: two separate dedicated features
        double s = Math.sqrt(1 - 0.05 * 0.05);
        List<PolytopeComponent> c = PolytopeCensus.of(new double[][] {{1, 0}, {0.05, s}, {0.3, 0.3}});
        assertEquals(2, c.size()); // feature 2 has norm 0.42 < 0.5: unrepresented
        assertComponent(c.get(0), "dedicated", 1, 1, "0");
        assertComponent(c.get(1), "dedicated", 1, 1, "1");
        // with a link threshold of 0.01 they join; the rank tolerance 0.1 still sees 2 dimensions
        List<PolytopeComponent> joined = PolytopeCensus.of(new double[][] {{1, 0}, {0.05, s}}, 0.5, 0.01, 0.1);
        assertComponent(joined.get(0), "2-in-2", 2, 2, "0,1");
        // a nearly flat digon (noise 0.02 off the line) still has dimension 1 at rank tolerance 0.1
        PolytopeComponent flat = PolytopeCensus.of(new double[][] {{1, 0.02}, {-1, 0.0}}).get(0);
        assertComponent(flat, "digon", 2, 1, "0,1");
        assertTrue(PolytopeCensus.of(new double[3][2]).isEmpty());
    }
}
