package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.core.Tolerances.F64;

import org.junit.jupiter.api.Test;

/**
 * Paper row 21 (appendix "Nonlinear compression", docs/paper.md §4): packing two dense values into one number
 * beats the best linear compression already at Z = 3, also with smoothed (continuous) discontinuities, epsilon =
 * 0.1. All MSEs are summed over the two values and integrated on a 2400 x 2400 midpoint grid.
 */
class NonlinearCompressionTest {
    /** Grid points per axis: a multiple of 2, 3 and 4, so the bins' edges fall on cell edges. */
    private static final int GRID = 2400;
    /** Midpoint-rule error of a piecewise quadratic integrand on that grid: about 1/(12 GRID^2) = 1.4e-8. */
    private static final double QUADRATURE = 1e-7;

    @Test
    void exactSchemeDecodesYExactlyAndXToTheMiddleOfItsBin() {
        NonlinearCompression c = NonlinearCompression.exact(3);
        assertEquals((1 + 0.25) / 3, c.encode(0.5, 0.25), F64);
        assertArrayEquals(new double[] {1.5 / 3, 0.25}, c.decode(c.encode(0.5, 0.25)), F64);
        assertArrayEquals(new double[] {0.5 / 3, 0.9}, c.decode(c.encode(0.01, 0.9)), F64);
        assertArrayEquals(new double[] {2.5 / 3, 0.0}, c.decode(c.encode(0.99, 0.0)), F64);
    }

    @Test
    void exactSchemeMseIsOneOverTwelveZSquared() {
        for (int z = 1; z <= 4; z++) {
            assertEquals(NonlinearCompression.exactMse(z), NonlinearCompression.exact(z).mse(GRID), QUADRATURE,
                    "Z = " + z);
        }
        // Z = 1 keeps only y: exactly as good as the best linear compression (it is one)
        assertEquals(NonlinearCompression.LINEAR_OPTIMUM_MSE, NonlinearCompression.exactMse(1), F64);
    }

    @Test
    void theBestLinearCompressionLosesOneTwelfth() {
        assertEquals(NonlinearCompression.LINEAR_OPTIMUM_MSE, NonlinearCompression.linearOptimumMse(GRID),
                QUADRATURE);
    }

    @Test
    void withZ3TheNonlinearSchemeBeatsLinearAlsoWhenSmoothed() {
        double linear = NonlinearCompression.linearOptimumMse(GRID);
        double exact = NonlinearCompression.exact(3).mse(GRID);
        NonlinearCompression smooth = new NonlinearCompression(3, 0.1);
        double smoothed = smooth.mse(GRID);
        assertEquals(1.0 / 108, exact, QUADRATURE);
        assertTrue(exact < linear / 8, "exact Z=3: " + exact + " vs linear " + linear);
        assertTrue(smoothed > exact, "smoothing costs something: " + smoothed + " vs " + exact);
        assertTrue(smoothed < 0.6 * linear, "smoothed Z=3, eps=0.1: " + smoothed + " vs linear " + linear);
        // the smoothed encoder and decoder are continuous: no jump larger than the slope allows
        double h = 1e-7;
        for (double u = 0.001; u < 0.999; u += 0.001) {
            assertTrue(Math.abs(smooth.encode(u + h, 0.5) - smooth.encode(u, 0.5)) < 1e-5, "encoder at x = " + u);
            double[] a = smooth.decode(u);
            double[] b = smooth.decode(u + h);
            assertTrue(Math.abs(a[0] - b[0]) < 1e-4 && Math.abs(a[1] - b[1]) < 1e-4, "decoder at t = " + u);
        }
        // ... while the exact scheme's decoder jumps at the bin edges
        NonlinearCompression ex = NonlinearCompression.exact(3);
        assertTrue(Math.abs(ex.decode(1.0 / 3 + h)[1] - ex.decode(1.0 / 3 - h)[1]) > 0.9);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new NonlinearCompression(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new NonlinearCompression(3, 1.0));
        assertThrows(IllegalArgumentException.class, () -> NonlinearCompression.exact(3).mse(0));
    }
}
