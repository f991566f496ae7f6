package org.tmssweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tmssweep.core.config.AnticorrelationRule;
import org.tmssweep.core.config.FeatureSets;
import org.tmssweep.core.rng.Rng;
import org.tmssweep.core.rng.RngStream;

/**
 * Paper-notes d.2 D14: correlated pair P(both non-zero) = p, P(exactly one) = 0; anticorrelated pair
 * P(both) = 0; the paper rule gives each member p / k, ARENA's rule p; tolerance +-0.01 (the ARENA test's
 * bound on |freq - p|), over {@link #ROWS} samples of a fixed seed (sd of a frequency &le; 0.5/sqrt(ROWS) = 0.0016).
 */
class FeatureSetSamplerTest {
    static final double D14_TOLERANCE = 0.01;
    static final int ROWS = 100_000;

    /** Frequencies over rows of a row-major batch: [0] P(f active), [1] P(g active), [2] P(both), [3] P(exactly one). */
    private static double[] pairFrequencies(float[] buf, int n, int f, int g) {
        int rows = buf.length / n;
        long a = 0;
        long b = 0;
        long both = 0;
        long one = 0;
        for (int s = 0; s < rows; s++) {
            boolean x = buf[s * n + f] != 0f;
            boolean y = buf[s * n + g] != 0f;
            a += x ? 1 : 0;
            b += y ? 1 : 0;
            both += x && y ? 1 : 0;
            one += x != y ? 1 : 0;
        }
        return new double[] {(double) a / rows, (double) b / rows, (double) both / rows, (double) one / rows};
    }

    private static float[] sample(double[] p, FeatureSets sets) {
        float[] buf = new float[ROWS * p.length];
        new FeatureSetSampler(p, sets).fillRowMajor(Rng.derive(14, RngStream.DATA), buf, 0, ROWS);
        return buf;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 0.05})
    void correlatedPairIsBothOrNeither(double p) {
        FeatureSets sets = FeatureSets.of(List.of(List.of(0, 1), List.of(2, 3)), List.of(), AnticorrelationRule.PAPER);
        float[] buf = sample(new double[] {p, p, p, p}, sets);
        for (int[] pair : new int[][] {{0, 1}, {2, 3}}) {
            double[] fr = pairFrequencies(buf, 4, pair[0], pair[1]);
            assertEquals(p, fr[2], D14_TOLERANCE, "P(both)");
            assertEquals(0.0, fr[3], 0.0, "P(exactly one)");
            assertEquals(p, fr[0], D14_TOLERANCE, "member density");
        }
        // distinct sets are independent: P(0 and 2) = p^2
        double[] cross = pairFrequencies(buf, 4, 0, 2);
        assertEquals(p * p, cross[2], D14_TOLERANCE, "P(features of two sets both active)");
        for (float v : buf) {
            assertTrue(v >= 0f && v < 1f, "value out of [0,1): " + v);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void anticorrelatedPaperRuleGivesEachMemberPOverK(int k) {
        double p = 0.3;
        List<Integer> set = k == 2 ? List.of(0, 1) : List.of(0, 1, 2);
        double[] prob = new double[k + 1];
        java.util.Arrays.fill(prob, p);
        float[] buf = sample(prob, FeatureSets.of(List.of(), List.of(set), AnticorrelationRule.PAPER));
        for (int f = 1; f < k; f++) {
            double[] fr = pairFrequencies(buf, k + 1, 0, f);
            assertEquals(0.0, fr[2], 0.0, "P(both)");
            assertEquals(p / k, fr[0], D14_TOLERANCE, "P(member 0 active)");
            assertEquals(p / k, fr[1], D14_TOLERANCE, "P(member " + f + " active)");
        }
        // the independent last feature keeps density p
        assertEquals(p, pairFrequencies(buf, k + 1, k, 0)[0], D14_TOLERANCE, "independent feature");
    }

    @Test
    void anticorrelatedArenaRuleKeepsDensityPPerMember() {
        double p = 0.3;
        float[] buf = sample(new double[] {p, p}, FeatureSets.of(List.of(), List.of(List.of(0, 1)),
                AnticorrelationRule.ARENA));
        double[] fr = pairFrequencies(buf, 2, 0, 1);
        assertEquals(0.0, fr[2], 0.0, "P(both)");
        assertEquals(p, fr[0], D14_TOLERANCE, "P(member 0)");
        assertEquals(p, fr[1], D14_TOLERANCE, "P(member 1)");
        assertEquals(2 * p, fr[3], D14_TOLERANCE, "P(exactly one)");
    }

    @Test
    void nonZeroValuesAreUniform() {
        float[] buf = sample(new double[] {0.5, 0.5, 0.5}, FeatureSets.of(List.of(List.of(0, 2)), List.of(),
                AnticorrelationRule.PAPER));
        double sum = 0;
        double sumSq = 0;
        long k = 0;
        for (float v : buf) {
            if (v != 0f) {
                sum += v;
                sumSq += (double) v * v;
                k++;
            }
        }
        double mean = sum / k;
        assertEquals(0.5, mean, D14_TOLERANCE, "mean");
        assertEquals(1.0 / 12, sumSq / k - mean * mean, D14_TOLERANCE, "variance");
    }

    @Test
    void layoutsAndSparseColumnsCarryTheSameValues() {
        double[] p = {0.05, 0.05, 0.05, 0.05, 0.05};
        FeatureSets sets = FeatureSets.of(List.of(List.of(3, 1)), List.of(List.of(0, 4)), AnticorrelationRule.PAPER);
        FeatureSetSampler sampler = new FeatureSetSampler(p, sets);
        int rows = 257;
        float[] rowMajor = new float[rows * 5];
        float[] featureMajor = new float[rows * 5];
        float[] recorded = new float[rows * 5];
        sampler.fillRowMajor(new Rng(7), rowMajor, 0, rows);
        sampler.fillFeatureMajor(new Rng(7), featureMajor, 0, rows);
        SparseColumns cols = new SparseColumns(5, rows);
        java.util.Arrays.fill(recorded, 9f); // every entry is written
        sampler.fillFeatureMajor(new Rng(7), recorded, 0, rows, cols);
        int nonZeros = 0;
        for (int s = 0; s < rows; s++) {
            for (int f = 0; f < 5; f++) {
                assertEquals(rowMajor[s * 5 + f], featureMajor[f * rows + s], 0f);
                nonZeros += rowMajor[s * 5 + f] != 0f ? 1 : 0;
            }
        }
        assertArrayEquals(featureMajor, recorded, 0f);
        assertEquals(nonZeros, cols.nonZeros());
        assertTrue(nonZeros > 0);
    }

    @Test
    void independentFeaturesMatchSparseSamplerWhenThereAreNoSets() {
        double[] p = {0.3, 0.01, 0.7};
        float[] a = new float[100 * 3];
        float[] b = new float[100 * 3];
        new FeatureSetSampler(p, FeatureSets.NONE).fillFeatureMajor(new Rng(3), a, 0, 100);
        new SparseSampler(p).fillFeatureMajor(new Rng(3), b, 0, 100);
        assertArrayEquals(b, a, 0f);
    }

    @Test
    void invalidSetsAreRejectedWithTheFieldAndValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> FeatureSets.of(List.of(List.of(0)), List.of(),
                AnticorrelationRule.PAPER));
        assertEquals("correlated set: must have at least 2 features, got [0]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FeatureSets.of(List.of(List.of(0, 1)),
                List.of(List.of(1, 2)), AnticorrelationRule.PAPER));
        assertEquals("feature sets: must be disjoint, feature 1 is in more than one set "
                + "(correlated[0,1];anticorrelated[1,2])", e.getMessage());
        FeatureSets out = FeatureSets.of(List.of(List.of(0, 4)), List.of(), AnticorrelationRule.PAPER);
        e = assertThrows(IllegalArgumentException.class, () -> out.check(4, new double[] {0.1, 0.1, 0.1, 0.1}));
        assertEquals("correlated[0,4]: feature indices must be < n_features = 4, got 4", e.getMessage());
        FeatureSets mixed = FeatureSets.of(List.of(List.of(0, 1)), List.of(), AnticorrelationRule.PAPER);
        e = assertThrows(IllegalArgumentException.class, () -> mixed.check(2, new double[] {0.1, 0.2}));
        assertEquals("correlated[0,1]: members must have one density, got probability[1] = 0.2 vs 0.1",
                e.getMessage());
        FeatureSets arena = FeatureSets.of(List.of(), List.of(List.of(0, 1, 2)), AnticorrelationRule.ARENA);
        e = assertThrows(IllegalArgumentException.class, () -> arena.check(3, new double[] {0.5, 0.5, 0.5}));
        assertEquals("anticorrelated[0,1,2]: the arena rule needs k * p <= 1, got 3 * 0.5", e.getMessage());
    }

    @Test
    void attackSamplesFollowTheSets() {
        double[] p = {0.3, 0.3, 0.3};
        FeatureSets sets = FeatureSets.of(List.of(List.of(0, 2)), List.of(), AnticorrelationRule.PAPER);
        double[][] x = org.tmssweep.core.analysis.AdversarialAttack.sample(p, sets, 20_000, 5);
        long both = 0;
        for (double[] row : x) {
            assertEquals(row[0] != 0, row[2] != 0, "correlated pair is both or neither");
            both += row[0] != 0 ? 1 : 0;
        }
        assertEquals(p[0], (double) both / x.length, D14_TOLERANCE);
        assertArrayEquals(org.tmssweep.core.analysis.AdversarialAttack.sample(p, 50, 5)[7],
                org.tmssweep.core.analysis.AdversarialAttack.sample(p, FeatureSets.NONE, 50, 5)[7], 0.0);
    }
}
