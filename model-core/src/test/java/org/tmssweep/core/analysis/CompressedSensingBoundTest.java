package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.core.Tolerances.F64;
import static org.tmssweep.core.Tolerances.F64_CHAIN;

import org.junit.jupiter.api.Test;

/**
 * Paper row 22 (appendix: compressed-sensing lower bound m = Omega(k log(n/k)) = Omega(-n (1-S) log(1-S))): the
 * bound's shape, and the exact k = 1 instance for the toy model's own decoder ReLU(W^T W x + b).
 */
class CompressedSensingBoundTest {
    private static final int GRID = 100;

    @Test
    void kLogNOverKIsMinusNPLogPAtKEqualsPN() {
        for (int n : new int[] {10, 100, 400}) {
            for (double p : new double[] {1.0, 0.5, 0.1, 0.05, 0.001}) {
                assertEquals(CompressedSensingBound.kLogNOverK(n, p * n), CompressedSensingBound.shape(n, p),
                        F64 * n, "n = " + n + ", p = " + p);
            }
        }
        assertEquals(0.0, CompressedSensingBound.shape(100, 1.0), F64, "dense: no compression, no bound");
    }

    @Test
    void theBoundGrowsLinearlyInNAndPeaksAtDensityOneOverE() {
        assertEquals(2 * CompressedSensingBound.shape(200, 0.1), CompressedSensingBound.shape(400, 0.1), F64);
        double peak = CompressedSensingBound.shape(1000, CompressedSensingBound.worstDensity());
        assertEquals(1000 / Math.E, peak, F64_CHAIN);
        for (double p = 0.01; p < 1; p += 0.01) {
            assertTrue(CompressedSensingBound.shape(1000, p) <= peak + F64_CHAIN, "p = " + p);
        }
        // per active feature, the dimensions needed grow like log(1/p) as features get sparser
        double prev = 0;
        for (double p : new double[] {0.5, 0.1, 0.01, 0.001}) {
            double perActive = CompressedSensingBound.shape(1000, p) / (1000 * p);
            assertEquals(Math.log(1 / p), perActive, F64);
            assertTrue(perActive > prev);
            prev = perActive;
        }
    }

    @Test
    void aCrossPolytopeRecoversEveryOneSparseInputExactlyWithMEqualsNOverTwo() {
        for (int m = 1; m <= 5; m++) {
            int n = CompressedSensingBound.maxExactOneSparseFeatures(m);
            double[][] w = new double[n][m];
            for (int k = 0; k < m; k++) {
                w[2 * k][k] = 1;
                w[2 * k + 1][k] = -1; // digons: the antipodal pairs of the toy model's D* = 1/2 solutions
            }
            assertEquals(0.0, CompressedSensingBound.oneSparseRecoveryError(w, new double[n], GRID), F64, "m = " + m);
        }
    }

    @Test
    void moreThanTwoMFeaturesOrAnyBiasBreaksExactRecovery() {
        // the regular pentagon (n = 5 > 2m = 4), with and without the negative bias of trained pentagons
        double[][] pentagon = new double[5][2];
        for (int i = 0; i < 5; i++) {
            pentagon[i][0] = Math.cos(2 * Math.PI * i / 5);
            pentagon[i][1] = Math.sin(2 * Math.PI * i / 5);
        }
        assertTrue(CompressedSensingBound.oneSparseRecoveryError(pentagon, new double[5], GRID) > 0.3);
        double[] bias = {-0.24, -0.24, -0.24, -0.24, -0.24};
        assertTrue(CompressedSensingBound.oneSparseRecoveryError(pentagon, bias, GRID) > 0.2);
        // a cross-polytope in 2-D plus a fifth unit vector anywhere: some pair has a positive inner product
        for (double angle = 0; angle < 2 * Math.PI; angle += 0.1) {
            double[][] w = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {Math.cos(angle), Math.sin(angle)}};
            assertTrue(CompressedSensingBound.oneSparseRecoveryError(w, new double[5], GRID) > 0.5, "angle " + angle);
        }
        // bias on the digon: small inputs are lost (b < 0) or leak into the partner (b > 0)
        double[][] digon = {{1}, {-1}};
        assertEquals(0.1, CompressedSensingBound.oneSparseRecoveryError(digon, new double[] {-0.1, -0.1}, GRID), F64);
        assertEquals(0.1, CompressedSensingBound.oneSparseRecoveryError(digon, new double[] {0.1, 0.1}, GRID), F64);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> CompressedSensingBound.shape(10, 0));
        assertThrows(IllegalArgumentException.class, () -> CompressedSensingBound.kLogNOverK(10, 11));
        assertThrows(IllegalArgumentException.class, () -> CompressedSensingBound.maxExactOneSparseFeatures(0));
    }
}
