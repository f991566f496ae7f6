package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.core.Tolerances.F64;
import static org.tmssweep.core.Tolerances.F64_CHAIN;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.config.ModelKind;

/**
 * The paper's analytic attack (docs/paper.md §3, b row 15) on hand-built models, evaluated with
 * ReferenceToyModel on a fixed sample of 20,000 rows.
 */
class AdversarialAttackTest {
    private static final int ROWS = 20_000;
    /** How close the antipodal pair's vulnerability ratio comes to 2 (exactly 2 only on samples with x_1 = 0). */
    private static final double ANTIPODAL_RATIO_TOL = 0.2;

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void attackNormAndDirection() {
        // mean of ||(3,4)|| = 5 and ||(0,0)|| = 0 is 2.5, times 0.1
        assertEquals(0.25, AdversarialAttack.attackNorm(new double[][] {{3, 4}, {0, 0}}, 0.1), F64);
        // pentagon: (W^T W)_0 = (1, c72, c144, c144, c72), squared norm 1 + 2 c72^2 + 2 c144^2 = 5/2
        double[] dir = AdversarialAttack.direction(Polytopes.polygon(5, 0), 0);
        assertEquals(1 / Math.sqrt(2.5), dir[0], F64);
        assertEquals(Math.cos(2 * Math.PI / 5) / Math.sqrt(2.5), dir[1], F64);
        assertNull(AdversarialAttack.direction(new double[][] {{0}, {1}}, 0));
    }

    @Test
    void baselineEmbedsTheTopMFeatures() {
        double[] imp = {0.5, 1.0, 0.25, 0.9};
        assertArrayEquals(new double[][] {{0, 0}, {1, 0}, {0, 0}, {0, 1}}, AdversarialAttack.baselineWeights(imp, 2));
        assertArrayEquals(new double[] {0.1, 0, 0.05, 0}, // p/2 for the dropped features (a.6)
                AdversarialAttack.baselineBias(imp, new double[] {0.2, 0.2, 0.1, 0.2}, 2), F64);
    }

    @Test
    void rotatedOrthogonalModelIsExactlyAsVulnerableAsTheBaseline() {
        // rotational symmetry (a.2): W' = W Q computes the same function as W and has the same W W^T, so
        // a no-superposition model in any basis has vulnerability 1
        int n = 5;
        double[] imp = {1, 0.9, 0.81, 0.729, 0.6561}; // 0.9^i (D7)
        double[] p = fill(n, 0.3);
        double a = 0.7;
        double[][] q = {{Math.cos(a), -Math.sin(a), 0}, {Math.sin(a), Math.cos(a), 0}, {0, 0, 1}};
        double[][] base = AdversarialAttack.baselineWeights(imp, 3);
        double[][] rotated = new double[n][3];
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < 3; k++) {
                for (int j = 0; j < 3; j++) {
                    rotated[f][k] += base[f][j] * q[j][k];
                }
            }
        }
        double[][] x = AdversarialAttack.sample(p, ROWS, 11);
        double ratio = AdversarialAttack.vulnerability(ModelKind.RELU_OUTPUT, rotated,
                AdversarialAttack.baselineBias(imp, p, 3), imp, p, x);
        assertEquals(1.0, ratio, F64_CHAIN); // equal up to rounding of the rotation
    }

    @Test
    void antipodalPairIsAboutTwiceAsVulnerable() {
        // n=2, m=1, W = [1, -1], b = 0, p = 0.05. Attacking feature 0 moves the hidden value by lambda*sqrt2,
        // so output 0 is off by lambda*sqrt2 (squared error 2 lambda^2) on every sample with x_1 = 0 (95 %),
        // against lambda (lambda^2) for the dedicated baseline W = [1, 0]: ratio ~ 2.
        double[] imp = {1, 1};
        double[] p = {0.05, 0.05};
        double[][] x = AdversarialAttack.sample(p, ROWS, 12);
        double ratio = AdversarialAttack.vulnerability(ModelKind.RELU_OUTPUT, new double[][] {{1}, {-1}},
                new double[2], imp, p, x);
        assertEquals(2.0, ratio, ANTIPODAL_RATIO_TOL, "ratio " + ratio);
        AttackResult base = AdversarialAttack.attack(ModelKind.RELU_OUTPUT, new double[][] {{1}, {0}},
                new double[] {0, 0.025}, imp, x, AdversarialAttack.attackNorm(x, 0.1));
        assertEquals(0, base.worstFeature()); // feature 1 has no direction in the baseline
        // baseline: output 0 is off by exactly lambda on every sample -> increase lambda^2 * I_0 / n
        assertEquals(base.lambda() * base.lambda() / 2, base.increase(), F64);
    }

    @Test
    void pentagonIsMoreVulnerableThanItsBaseline() {
        // n=5, m=2 pentagon, b = 0, p = 0.05 (the pentagon regime of b row 1). Attack on feature i moves the
        // hidden vector by lambda sqrt(5/2) W_i (tight frame: sum_j W_j W_j^T = 5/2 I), so output i alone is
        // off by lambda sqrt(5/2): 5/2 the baseline's lambda^2; neighbours add more (positive interference;
        // 3.33 on this sample, cf. the paper's "> 3x" once superposition forms).
        double[] imp = fill(5, 1);
        double[] p = fill(5, 0.05);
        double[][] x = AdversarialAttack.sample(p, ROWS, 13);
        double ratio = AdversarialAttack.vulnerability(ModelKind.RELU_OUTPUT, Polytopes.polygon(5, 0), new double[5],
                imp, p, x);
        assertTrue(ratio > 2.5 && ratio < 4, "ratio " + ratio);
    }
}
