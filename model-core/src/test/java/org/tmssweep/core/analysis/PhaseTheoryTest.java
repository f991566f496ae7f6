package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tmssweep.core.Tolerances.F64;
import static org.tmssweep.core.analysis.AnalysisTolerances.BOUNDARY_STEP;
import static org.tmssweep.core.analysis.AnalysisTolerances.ROUNDED_THREE_DECIMALS;
import static org.tmssweep.core.analysis.AnalysisTolerances.SIX_DECIMALS;

import org.junit.jupiter.api.Test;

/** Wattenberg closed forms and the phase theory derived from them (docs/paper.md §4, d.1 D10, D11). */
class PhaseTheoryTest {

    @Test
    void d10ClosedFormsAtHalfDensityAndDoubleImportance() {
        // D10 (Wattenberg NB), s = 0.5, r = 2, published to 6 decimals ...
        assertEquals(0.104167, PhaseTheory.lossF(0.5), SIX_DECIMALS);
        assertEquals(0.208333, PhaseTheory.lossG(0.5, 2), SIX_DECIMALS);
        assertEquals(0.083333, PhaseTheory.lossHFirst(0.5), SIX_DECIMALS);
        assertEquals(0.125, PhaseTheory.lossHLast(0.5, 2), F64);
        // ... and exactly: 1/6 - 1/16 = 5/48, 2 * 5/48, 1/12, 3/24
        assertEquals(5.0 / 48, PhaseTheory.lossF(0.5), F64);
        assertEquals(10.0 / 48, PhaseTheory.lossG(0.5, 2), F64);
        assertEquals(1.0 / 12, PhaseTheory.lossHFirst(0.5), F64);
    }

    @Test
    void denseUnrepresentedFeatureCostsTheUniformVariance() {
        // a.6 / D8: at s = 1, dropping a feature with bias 1/2 costs Var U[0,1] = 1/12
        assertEquals(1.0 / 12, PhaseTheory.lossF(1), F64);
    }

    @Test
    void d11BoundaryDensitiesOfTheTwoOneModel() {
        // D11 values, exact fractions from 4r/(2+5r) (r <= 1) and 4/(5+2r) (r >= 1)
        assertEquals(0.16, PhaseTheory.boundaryDensity2(0.1), F64);
        assertEquals(4.0 / 9, PhaseTheory.boundaryDensity2(0.5), F64); // 0.4444
        assertEquals(4.0 / 7, PhaseTheory.boundaryDensity2(1), F64); // 0.5714, S > 3/7
        assertEquals(4.0 / 9, PhaseTheory.boundaryDensity2(2), F64);
        assertEquals(0.16, PhaseTheory.boundaryDensity2(10), F64);
        // a.6 values quoted to 3 decimals: r = 0.3 -> 0.343, r = 3 -> 0.364
        assertEquals(0.343, PhaseTheory.boundaryDensity2(0.3), ROUNDED_THREE_DECIMALS);
        assertEquals(0.364, PhaseTheory.boundaryDensity2(3), ROUNDED_THREE_DECIMALS);
    }

    @Test
    void d11ThreeTwoBoundaryIsFlatAboveOne() {
        for (double r : new double[] {1, 1.5, 2, 10, 100}) {
            assertEquals(4.0 / 7, PhaseTheory.boundaryDensity3(r), F64, "r=" + r);
        }
        assertEquals(4.0 / 9, PhaseTheory.boundaryDensity3(0.5), F64); // r < 1: same as n=2
    }

    @Test
    void boundaryIsSymmetricUnderImportanceInversion() {
        // a.6: the n=2, m=1 boundary is symmetric under r <-> 1/r (4r/(2+5r) = 4/(5+2/r) * ... identical)
        for (int i = 0; i <= 40; i++) {
            double r = Math.pow(10, -2 + 4.0 * i / 40);
            assertEquals(PhaseTheory.boundaryDensity2(r), PhaseTheory.boundaryDensity2(1 / r), F64, "r=" + r);
        }
    }

    @Test
    void phaseSymmetryExchangesNotLearnedAndDedicated() {
        // swapping the roles of the two features (r <-> 1/r, losses rescaled by r) swaps which one is dropped
        for (int i = 0; i <= 20; i++) {
            double r = Math.pow(10, -2 + 4.0 * i / 20);
            if (r == 1) {
                continue;
            }
            for (int j = 0; j <= 20; j++) {
                double s = Math.pow(10, -3.0 * j / 20);
                ExtraFeaturePhase a = PhaseTheory.phase2(s, r);
                ExtraFeaturePhase b = PhaseTheory.phase2(s, 1 / r);
                if (a == ExtraFeaturePhase.SUPERPOSITION) {
                    assertSame(ExtraFeaturePhase.SUPERPOSITION, b, "s=" + s + " r=" + r);
                } else {
                    assertSame(a == ExtraFeaturePhase.NOT_LEARNED ? ExtraFeaturePhase.DEDICATED
                            : ExtraFeaturePhase.NOT_LEARNED, b, "s=" + s + " r=" + r);
                }
            }
        }
    }

    @Test
    void argminPhaseFlipsExactlyAtTheDerivedBoundary() {
        // the argmin of the closed forms (the definition) agrees with the derived boundary formula on
        // Wattenberg's grid range r in 10^[-2, 2]
        for (int i = 0; i <= 40; i++) {
            double r = Math.pow(10, -2 + 4.0 * i / 40);
            double s2 = PhaseTheory.boundaryDensity2(r);
            ExtraFeaturePhase outside = r <= 1 ? ExtraFeaturePhase.NOT_LEARNED : ExtraFeaturePhase.DEDICATED;
            assertSame(ExtraFeaturePhase.SUPERPOSITION, PhaseTheory.phase2(s2 * (1 - BOUNDARY_STEP), r), "r=" + r);
            assertSame(outside, PhaseTheory.phase2(s2 * (1 + BOUNDARY_STEP), r), "r=" + r);

            double s3 = PhaseTheory.boundaryDensity3(r);
            NullDirection below = r < 1 ? NullDirection.EXTRA_ANTIPODAL : NullDirection.OTHERS_ANTIPODAL;
            // at r = 1 dropping the extra and dropping another feature tie; ties go to the earlier class
            NullDirection above = r <= 1 ? NullDirection.IGNORE_EXTRA : NullDirection.IGNORE_OTHER;
            assertSame(below, PhaseTheory.phase3(s3 * (1 - BOUNDARY_STEP), r), "r=" + r);
            assertSame(above, PhaseTheory.phase3(s3 * (1 + BOUNDARY_STEP), r), "r=" + r);
        }
    }

    @Test
    void paperHeadlineCases() {
        // b row 5 / TL;DR 6: equal importance -> superposition iff density < 4/7; dense -> no superposition
        assertSame(ExtraFeaturePhase.SUPERPOSITION, PhaseTheory.phase2(0.5, 1));
        assertSame(ExtraFeaturePhase.NOT_LEARNED, PhaseTheory.phase2(0.6, 1));
        assertSame(ExtraFeaturePhase.NOT_LEARNED, PhaseTheory.phase2(1, 0.5));
        assertSame(ExtraFeaturePhase.DEDICATED, PhaseTheory.phase2(1, 2));
        assertSame(ExtraFeaturePhase.SUPERPOSITION, PhaseTheory.phase2(0.01, 0.1)); // 0.01 < 0.16
        assertSame(NullDirection.IGNORE_EXTRA, PhaseTheory.phase3(1, 0.5));
        assertSame(NullDirection.IGNORE_OTHER, PhaseTheory.phase3(1, 2));
        assertSame(NullDirection.OTHERS_ANTIPODAL, PhaseTheory.phase3(0.1, 2));
        assertSame(NullDirection.EXTRA_ANTIPODAL, PhaseTheory.phase3(0.1, 0.5));
    }

    @Test
    void rejectsOutOfRangeArguments() {
        assertThrows(IllegalArgumentException.class, () -> PhaseTheory.lossF(0));
        assertThrows(IllegalArgumentException.class, () -> PhaseTheory.lossF(1.5));
        assertThrows(IllegalArgumentException.class, () -> PhaseTheory.lossG(0.5, -1));
        assertThrows(IllegalArgumentException.class, () -> PhaseTheory.boundaryDensity2(Double.NaN));
    }
}
