package org.tmssweep.core.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.core.Tolerances.F64;

import org.junit.jupiter.api.Test;
import org.tmssweep.core.rng.Rng;

class SaeMetricsTest {
    /**
     * Expected largest of k = 32 cosines between a fixed direction and random ones in d = 64 is about
     * sqrt(2 ln k / d) = 0.33; the mean over 16 such maxima stays far below this bound.
     */
    private static final double RANDOM_MMCS_BOUND = 0.5;

    /** 16 random unit directions in 64 dimensions. */
    private static double[][] truth() {
        Rng rng = new Rng(17);
        double[][] t = new double[16][];
        for (int g = 0; g < t.length; g++) {
            t[g] = Vectors.gaussianUnit(rng, 64);
        }
        return t;
    }

    @Test
    void aPermutedRescaledCopyOfTheTruthWithExtraLatentsScoresOne() {
        double[][] t = truth();
        int g = t.length;
        double[][] dict = new double[g + 4][];
        Rng rng = new Rng(3);
        for (int j = 0; j < g; j++) {
            int src = (7 * j + 3) % g; // a permutation of 0..15
            dict[j] = new double[64];
            for (int i = 0; i < 64; i++) {
                dict[j][i] = (0.5 + j) * t[src][i];
            }
        }
        for (int j = g; j < dict.length; j++) {
            dict[j] = Vectors.gaussianUnit(rng, 64);
        }
        assertEquals(1.0, SaeMetrics.mmcs(t, dict), F64);
        assertEquals(1.0, SaeMetrics.recoveredFraction(t, dict, 0.999), 0.0);
        SaeMetrics.LatentMatch[] matches = SaeMetrics.bestMatches(t, dict);
        for (int j = 0; j < g; j++) {
            assertEquals(j, matches[j].latent());
            assertEquals((7 * j + 3) % g, matches[j].feature(), "latent " + j);
            assertEquals(1.0, matches[j].cosine(), F64);
        }
    }

    @Test
    void aRandomDictionaryScoresLow() {
        double[][] t = truth();
        Rng rng = new Rng(99);
        double[][] dict = new double[32][];
        for (int j = 0; j < dict.length; j++) {
            dict[j] = Vectors.gaussianUnit(rng, 64);
        }
        double mmcs = SaeMetrics.mmcs(t, dict);
        assertTrue(mmcs > 0 && mmcs < RANDOM_MMCS_BOUND, "random dictionary MMCS " + mmcs);
        assertEquals(0.0, SaeMetrics.recoveredFraction(t, dict, 0.9), 0.0);
    }

    @Test
    void theOrthogonalComplementScoresZeroAndTheNegatedTruthMinusOne() {
        double[][] t = new double[4][8];
        double[][] complement = new double[4][8];
        for (int g = 0; g < 4; g++) {
            t[g][g] = 1;
            complement[g][g + 4] = 2;
        }
        assertEquals(0.0, SaeMetrics.mmcs(t, complement), 0.0);
        assertEquals(-1.0, SaeMetrics.mmcs(new double[][] {t[0]}, new double[][] {{-3, 0, 0, 0, 0, 0, 0, 0}}), F64,
                "cosines are signed");
        assertEquals(0.0, SaeMetrics.recoveredFraction(t, complement, 0.1), 0.0);
    }

    @Test
    void cosineOfAZeroVectorIsZero() {
        assertEquals(0.0, SaeMetrics.cosine(new double[] {0, 0}, new double[] {1, 0}), 0.0);
        assertEquals(Math.sqrt(0.5), SaeMetrics.cosine(new double[] {1, 1}, new double[] {3, 0}), F64);
    }

    @Test
    void crossMmcsAveragesOverTheSmallerDictionary() {
        double[][] t = truth();
        double[][] small = {t[0], t[1]};
        double[][] large = {t[1], t[5], t[0], t[9]};
        assertEquals(1.0, SaeMetrics.crossMmcs(small, large), F64);
        assertEquals(1.0, SaeMetrics.crossMmcs(large, small), F64);
        assertTrue(SaeMetrics.mmcs(large, small) < 1, "averaged over the larger one, unmatched elements count");
    }

    @Test
    void firingL0AndDeadLatentsOfConstructedCodes() {
        double[][] codes = {
            {0, 1, 0, 0},
            {0, 2, 0, 0.5},
            {3, 0, 0, 0},
            {0, 0, -1, 0},
        };
        assertArrayEquals(new double[] {0.25, 0.5, 0, 0.25}, SaeMetrics.firingFrequency(codes), 0.0);
        assertEquals(1.0, SaeMetrics.l0(codes), 0.0);
        assertEquals(1, SaeMetrics.deadLatents(SaeMetrics.firingFrequency(codes)));
        assertEquals(0, SaeMetrics.deadLatents(new double[] {1e-9, 0.5}));
    }

    @Test
    void invalidInputsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SaeMetrics.mmcs(new double[0][], new double[][] {{1}}));
        assertTrue(e.getMessage().startsWith("truth:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SaeMetrics.mmcs(new double[][] {{1, 0}}, new double[][] {{1}}));
        assertTrue(e.getMessage().startsWith("dictionary:"), e.getMessage());
    }
}
