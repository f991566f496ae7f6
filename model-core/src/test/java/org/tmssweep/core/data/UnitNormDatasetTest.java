package org.tmssweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tmssweep.core.rng.Rng;

/** docs/paper.md: Henighan-style data, n = 10^4, S = 0.999. */
class UnitNormDatasetTest {
    /** float32 rounding of a unit-norm row of ~10 entries. */
    static final double NORM_TOL = 1e-6;
    /** The mean count of active features per row over 400 samples: about 3 standard errors (0.16). */
    static final double ACTIVE_MEAN_TOL = 0.5;

    @Test
    void everyNonZeroSampleHasUnitNormAndAboutTenNonZeros() {
        int n = 10_000;
        int samples = 400;
        float[][] x = UnitNormDataset.draw(n, 1 - 0.999, samples, new Rng(15));
        long nonZeros = 0;
        int zeroRows = 0;
        for (float[] row : x) {
            double sq = 0;
            int nz = 0;
            for (float v : row) {
                sq += (double) v * v;
                if (v != 0) {
                    nz++;
                    assertTrue(v > 0, "non-negative features");
                }
            }
            nonZeros += nz;
            if (nz == 0) {
                zeroRows++;
            } else {
                assertEquals(1.0, Math.sqrt(sq), NORM_TOL, "unit L2 norm");
            }
        }
        // n (1 - S) = 10 expected; the mean of 400 samples has standard error sqrt(10 / 400) ~ 0.16
        assertEquals(10.0, nonZeros / (double) samples, ACTIVE_MEAN_TOL);
        assertTrue(zeroRows <= 1, "P(all zero) = 0.999^10000 ~ 4.5e-5: " + zeroRows);
    }

    @Test
    void deterministicAndValidated() {
        assertArrayEquals(UnitNormDataset.draw(50, 0.2, 5, new Rng(3))[4], UnitNormDataset.draw(50, 0.2, 5, new Rng(3))[4]);
        assertEquals("density: must be in (0, 1], got 0.0",
                assertThrows(IllegalArgumentException.class, () -> UnitNormDataset.draw(5, 0, 1, new Rng(1))).getMessage());
    }
}
