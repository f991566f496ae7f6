package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tmssweep.core.Tolerances.F64;

import org.junit.jupiter.api.Test;

/** Nearest-fraction labels of feature dimensionalities (docs/paper.md §3 and §5 row 8; clusters near 4/9 were asked about in comments on the paper). */
class FractionsTest {

    @Test
    void paperStickyFractionsAreRecovered() {
        // the exact D_i of the paper's polytopes (D1) map back to their own fractions
        assertEquals("1", Fractions.nearest(1.0, 8).label());
        assertEquals("3/4", Fractions.nearest(0.75, 8).label());
        assertEquals("2/3", Fractions.nearest(2.0 / 3, 8).label());
        assertEquals("1/2", Fractions.nearest(0.5, 8).label());
        assertEquals("2/5", Fractions.nearest(0.4, 8).label());
        assertEquals("3/8", Fractions.nearest(0.375, 8).label());
        assertEquals("0", Fractions.nearest(0.0, 8).label());
        assertEquals(0.0, Fractions.nearest(0.375, 8).error(), F64);
    }

    @Test
    void arbitraryFractionsSuchAsFourNinths() {
        // e.10: clusters at ~0.44-0.45 asked about as 4/9; 0.44 is 0.0044 from 4/9 and 0.0114 from 3/7
        Fraction f = Fractions.nearest(0.44, 9);
        assertEquals(4, f.numerator());
        assertEquals(9, f.denominator());
        assertEquals(0.44 - 4.0 / 9, f.error(), F64);
        assertEquals(4.0 / 9, f.value(), F64);
        // D3: the Thomson antiprism's 0.3744 still labels as 3/8
        assertEquals("3/8", Fractions.nearest(0.3744, 8).label());
        // with denominators up to 4, 3/8 is nearest to 1/3 (0.0417 away) rather than 1/2 (0.125)
        assertEquals("1/3", Fractions.nearest(0.375, 4).label());
        assertEquals("1", Fractions.nearest(1.2, 5).label()); // outside [0, 1]: clamps to the end
    }

    @Test
    void tiesGoToTheSmallerDenominator() {
        // 0.25 = 1/4 = 2/8: only lowest terms are listed
        assertEquals("1/4", Fractions.nearest(0.25, 8).label());
        // 0.75 is exactly 0.25 from both 1/2 and 1 (binary-exact): the smaller denominator wins
        assertEquals("1", Fractions.nearest(0.75, 2).label());
        // 0.125 is exactly 0.125 from 0 and from 1/4: 0 = 0/1 wins
        assertEquals("0", Fractions.nearest(0.125, 4).label());
    }

    @Test
    void nearestSticky() {
        assertEquals("2/5", Fractions.nearestSticky(0.44).label()); // 0.04 from 2/5, 0.06 from 1/2
        assertEquals("3/8", Fractions.nearestSticky(0.36).label());
        assertEquals("0", Fractions.nearestSticky(0.1).label());
        assertEquals("1", Fractions.nearestSticky(0.95).label());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Fractions.nearest(0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> Fractions.nearest(Double.NaN, 5));
    }
}
