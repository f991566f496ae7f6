package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.config.AnticorrelationRule;
import org.tmssweep.core.config.FeatureSets;

/** Classification of set pairs by cosine, on hand-built W whose answer follows from the construction. */
class FeatureSetGeometryTest {
    static final double EXACT = 1e-12;

    private static double[] at(double degrees, double norm) {
        double r = Math.toRadians(degrees);
        return new double[] {norm * Math.cos(r), norm * Math.sin(r)};
    }

    @Test
    void pairsAreClassifiedByTheirAngle() {
        // set 0 orthogonal (90 deg), set 1 antipodal (180), set 2 collapsed (10), set 3 adjacent hexagon vertices (60)
        double[][] w = {at(0, 1), at(90, 1), at(45, 1), at(225, 1), at(100, 1), at(110, 1), at(0, 1), at(60, 1)};
        FeatureSets sets = FeatureSets.of(List.of(List.of(0, 1), List.of(4, 5), List.of(6, 7)),
                List.of(List.of(2, 3)), AnticorrelationRule.PAPER);
        List<SetGeometry> g = FeatureSetGeometry.of(w, sets);
        assertEquals(List.of("orthogonal", "collapsed", "other", "antipodal"), g.stream().map(SetGeometry::label).toList());
        assertEquals(List.of("correlated", "correlated", "correlated", "anticorrelated"),
                g.stream().map(SetGeometry::kind).toList());
        assertEquals(0.0, g.get(0).cosines()[0], EXACT);
        assertEquals(-1.0, g.get(3).cosines()[0], EXACT);
        assertEquals(Math.cos(Math.toRadians(10)), g.get(1).cosines()[0], EXACT);
        assertEquals(1, g.get(1).collapsed());
        assertEquals(1, g.get(3).antipodal());
        assertEquals("2,3", g.get(3).members());
    }

    @Test
    void aLargerSetCountsEveryPairAndReportsItsWorstOverlap() {
        // 3 members along the axes of R^3 plus one row that is too short to count
        double[][] w = {{1, 0, 0}, {0, 2, 0}, {0, 0, 1}, {0.3, 0.3, 0}};
        FeatureSets sets = FeatureSets.of(List.of(List.of(0, 1, 2, 3)), List.of(), AnticorrelationRule.PAPER);
        SetGeometry g = FeatureSetGeometry.of(w, sets).get(0);
        assertEquals(6, g.pairs());
        assertEquals(3, g.orthogonal());
        assertEquals(3, g.unrepresented());
        assertEquals(0.0, g.maxAbsCos(), EXACT);
        assertEquals(0.0, g.meanAbsCos(), EXACT);
        assertEquals("mixed", g.label());
        assertArrayEquals(new double[] {0, 0, Math.sqrt(0.5), 0, Math.sqrt(0.5), 0}, g.cosines(), EXACT);
    }

    @Test
    void thresholdsAreInclusiveAtTheirNamedValues() {
        assertEquals("orthogonal", FeatureSetGeometry.relation(FeatureSetGeometry.ORTHOGONAL_MAX));
        assertEquals("other", FeatureSetGeometry.relation(Math.nextUp(FeatureSetGeometry.ORTHOGONAL_MAX)));
        assertEquals("collapsed", FeatureSetGeometry.relation(FeatureSetGeometry.ALIGNED_MIN));
        assertEquals("antipodal", FeatureSetGeometry.relation(-FeatureSetGeometry.ALIGNED_MIN));
        assertEquals("other", FeatureSetGeometry.relation(Math.nextDown(FeatureSetGeometry.ALIGNED_MIN)));
    }

    @Test
    void describedSetsParseBack() {
        FeatureSets s = FeatureSets.of(List.of(List.of(3, 1)), List.of(List.of(0, 2, 4)), AnticorrelationRule.ARENA);
        assertEquals("correlated[3,1];anticorrelated[0,2,4];anticorrelation=arena", s.describe());
        assertEquals(s, FeatureSets.parse(s.describe()));
        assertEquals(FeatureSets.NONE, FeatureSets.parse(null));
        assertEquals(FeatureSets.NONE, FeatureSets.parse(""));
        // without anticorrelated sets the rule has no effect and is not written
        assertEquals("correlated[0,1]",
                FeatureSets.of(List.of(List.of(0, 1)), List.of(), AnticorrelationRule.ARENA).describe());
        var e = assertThrows(IllegalArgumentException.class, () -> FeatureSets.parse("correlated(0,1)"));
        assertEquals("feature_sets: cannot read 'correlated(0,1)' (part 'correlated(0,1)')", e.getMessage());
    }
}
