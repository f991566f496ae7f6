package org.tmssweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.core.Tolerances.F64;
import static org.tmssweep.core.Tolerances.SIGMAS;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.rng.Rng;
import org.tmssweep.core.rng.RngStream;

/** Paper-notes d.2: D12 (active fraction = p) and D13 (non-zeros uniform on [0, 1): mean 1/2, variance 1/12). */
class SparseSamplerTest {
    /** A sampled active fraction, mean or variance (D12, D13): several sampling errors of 40,000+ non-zeros. */
    private static final double MOMENT_TOL = 0.01;

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.717, 0.3, 0.1, 0.099, 0.05, 0.001})
    void activeFractionAndMomentsMatchTheDataRule(double p) {
        int n = 10;
        // at least 40,000 non-zeros, so the moment errors (sd 0.29/sqrt(k) = 1.4e-3) are far inside 0.01
        int rows = (int) Math.max(10_000, Math.ceil(40_000 / (p * n)));
        double[] prob = new double[n];
        Arrays.fill(prob, p);
        SparseSampler sampler = new SparseSampler(prob);
        float[] buf = new float[rows * n];
        sampler.fillRowMajor(Rng.derive(11, RngStream.DATA), buf, 0, rows);
        long active = 0;
        double sum = 0;
        double sumSq = 0;
        for (float v : buf) {
            assertTrue(v >= 0f && v < 1f, "value out of [0,1): " + v);
            if (v != 0f) {
                active++;
                sum += v;
                sumSq += (double) v * v;
            }
        }
        double frac = (double) active / buf.length;
        assertEquals(p, frac, MOMENT_TOL, "D12 active fraction");
        double mean = sum / active;
        assertEquals(0.5, mean, MOMENT_TOL, "D13 mean");
        assertEquals(1.0 / 12, sumSq / active - mean * mean, MOMENT_TOL, "D13 variance");
        if (p <= 0.05) {
            // a tighter check where the absolute 0.01 of D12 would be vacuous: within 5 binomial sd
            double sd = Math.sqrt(p * (1 - p) / buf.length);
            assertEquals(p, frac, SIGMAS * sd, "active fraction within 5 sd");
        }
    }

    /**
     * D13, absolute-value task: in signed mode the non-zeros are uniform on [-1, 1) (mean 0, variance 1/3,
     * half of them negative), the active fraction is still p, and the non-zero pattern is exactly the
     * unsigned mode's for the same generator (the mapping v -&gt; 2v - 1 draws nothing), in all three fill paths.
     */
    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.3, 0.05})
    void signedModeIsUniformOnMinusOneOneWithTheSamePattern(double p) {
        int n = 10;
        int rows = (int) Math.max(10_000, Math.ceil(40_000 / (p * n)));
        double[] prob = new double[n];
        Arrays.fill(prob, p);
        SparseSampler signed = new SparseSampler(prob, true);
        SparseSampler plain = new SparseSampler(prob);
        assertTrue(signed.signed());
        float[] a = new float[rows * n];
        float[] b = new float[rows * n];
        signed.fillRowMajor(Rng.derive(12, RngStream.DATA), a, 0, rows);
        plain.fillRowMajor(Rng.derive(12, RngStream.DATA), b, 0, rows);
        long active = 0;
        long negative = 0;
        double sum = 0;
        double sumSq = 0;
        for (int j = 0; j < a.length; j++) {
            assertTrue(a[j] >= -1f && a[j] < 1f, "value out of [-1,1): " + a[j]);
            assertEquals(b[j] == 0f ? 0f : 2f * b[j] - 1f, a[j], "entry " + j + " is 2v - 1 of the unsigned draw");
            if (a[j] != 0f) {
                active++;
                negative += a[j] < 0 ? 1 : 0;
                sum += a[j];
                sumSq += (double) a[j] * a[j];
            }
        }
        assertEquals(p, (double) active / a.length, MOMENT_TOL, "D12 active fraction");
        assertEquals(0.0, sum / active, MOMENT_TOL, "D13 mean");
        assertEquals(1.0 / 3, sumSq / active - (sum / active) * (sum / active), MOMENT_TOL, "variance of U[-1,1]");
        assertEquals(0.5, (double) negative / active, MOMENT_TOL, "half negative");
        float[] fm = new float[rows * n];
        signed.fillFeatureMajor(Rng.derive(12, RngStream.DATA), fm, 0, rows);
        float[] rec = new float[rows * n];
        signed.fillFeatureMajor(Rng.derive(12, RngStream.DATA), rec, 0, rows, new SparseColumns(n, rows));
        for (int s = 0; s < rows; s++) {
            for (int f = 0; f < n; f++) {
                assertEquals(a[s * n + f], fm[f * rows + s], "feature-major equals row-major");
                assertEquals(fm[f * rows + s], rec[f * rows + s], "recording fill equals plain fill");
            }
        }
    }

    @Test
    void perFeatureDensities() {
        double[] prob = {1.0, 0.5, 0.2, 0.05, 0.01};
        SparseSampler sampler = new SparseSampler(prob);
        int rows = 200_000;
        float[] buf = new float[rows * prob.length];
        sampler.fillFeatureMajor(new Rng(1), buf, 0, rows);
        for (int f = 0; f < prob.length; f++) {
            long active = 0;
            for (int s = 0; s < rows; s++) {
                if (buf[f * rows + s] != 0f) {
                    active++;
                }
            }
            double sd = Math.sqrt(prob[f] * (1 - prob[f]) / rows);
            assertEquals(prob[f], (double) active / rows, SIGMAS * sd + F64, "feature " + f);
        }
    }

    @Test
    void ruleDependsOnlyOnDensity() {
        SparseSampler s = new SparseSampler(new double[] {1.0, SparseSampler.SPARSE_BELOW, 0.0999, 0.001});
        assertFalse(s.isSparse(0));
        assertFalse(s.isSparse(1));
        assertTrue(s.isSparse(2));
        assertTrue(s.isSparse(3));
    }

    @Test
    void layoutsHoldTheSameValuesAndEveryEntryIsWritten() {
        double[] prob = {1.0, 0.4, 0.02, 0.3, 0.001};
        SparseSampler sampler = new SparseSampler(prob);
        int rows = 777;
        int n = prob.length;
        float[] rowMajor = new float[rows * n + 3];
        float[] featureMajor = new float[rows * n + 5];
        Arrays.fill(rowMajor, 9f); // garbage must be overwritten
        Arrays.fill(featureMajor, 9f);
        sampler.fill(new Rng(99), rowMajor, 3, rows, n, 1);
        sampler.fill(new Rng(99), featureMajor, 5, rows, 1, rows);
        for (int s = 0; s < rows; s++) {
            for (int f = 0; f < n; f++) {
                assertEquals(featureMajor[5 + f * rows + s], rowMajor[3 + s * n + f]);
                assertTrue(rowMajor[3 + s * n + f] < 1f);
            }
        }
        assertEquals(9f, rowMajor[0]);
        assertEquals(9f, featureMajor[4]);
    }

    @Test
    void deterministicPerGenerator() {
        double[] prob = {0.9, 0.03};
        SparseSampler sampler = new SparseSampler(prob);
        float[] a = new float[2048];
        float[] b = new float[2048];
        sampler.fillRowMajor(Rng.derive(5, RngStream.DATA), a, 0, 1024);
        sampler.fillRowMajor(Rng.derive(5, RngStream.DATA), b, 0, 1024);
        assertArrayEquals(a, b);
    }

    @Test
    void rejectsInvalidDensity() {
        assertThrows(IllegalArgumentException.class, () -> new SparseSampler(new double[] {0.0}));
        assertThrows(IllegalArgumentException.class, () -> new SparseSampler(new double[] {1.5}));
    }

    /** The fast gap must be exactly the StrictMath formula, or the random stream would change. */
    @ParameterizedTest
    @ValueSource(doubles = {1 - 0.9, 0.05, 0.01, 1e-3, 1e-5})
    void geometricGapIsExactlyTheStrictMathFormula(double p) {
        double logQ = StrictMath.log1p(-p);
        Rng rng = new Rng(11);
        for (int t = 0; t < 200_000; t++) {
            double u = 1.0 - rng.nextDouble();
            assertEquals(exactGap(u, logQ), SparseSampler.geometricGap(u, logQ), () -> "u=" + u);
        }
        // boundaries: u at and next to (1 - p)^k, where floor(log u / logQ) jumps, and extremes of (0, 1]
        for (int k = 0; k <= 2000; k++) {
            double b = StrictMath.exp(k * logQ);
            for (double u : new double[] {b, Math.nextUp(b), Math.nextDown(b)}) {
                if (u > 0 && u <= 1) {
                    assertEquals(exactGap(u, logQ), SparseSampler.geometricGap(u, logQ), () -> "u=" + u);
                }
            }
        }
        for (double u : new double[] {1.0, Math.nextDown(1.0), 0.5, Math.nextUp(0.5), 0x1.0p-53, 0x1.0p-52, 0.75}) {
            assertEquals(exactGap(u, logQ), SparseSampler.geometricGap(u, logQ), () -> "u=" + u);
        }
    }

    /**
     * Every filled gap-table entry is the exact gap at both ends of its bucket of u and at random u inside
     * it; at the benchmark density (1 - 0.9) almost every bucket is filled, so the table is the fast path.
     */
    @ParameterizedTest
    @ValueSource(doubles = {1 - 0.9, 0.05, 0.01, 1e-3, 1e-5})
    void gapTableEntriesAreTheExactGapOfTheirBucket(double p) {
        double logQ = StrictMath.log1p(-p);
        int[] table = SparseSampler.gapTable(logQ);
        int shift = 64 - SparseSampler.VALUE_BITS - SparseSampler.GAP_BITS; // u = 1 - m 2^-40, 40-bit m
        Rng rng = new Rng(5);
        int filled = 0;
        for (int b = 0; b < table.length; b++) {
            if (table[b] < 0) {
                assertEquals(-1, table[b]);
                continue;
            }
            filled++;
            long first = (long) b << shift;
            long last = first + (1L << shift) - 1;
            for (long m : new long[] {first, last, first + (rng.nextLong() >>> (64 - shift)),
                    first + (rng.nextLong() >>> (64 - shift))}) {
                double u = 1.0 - m * SparseSampler.GAP_UNIT;
                int bucket = b;
                assertEquals(exactGap(u, logQ), table[b], () -> "bucket " + bucket + ", u=" + u);
            }
        }
        if (p > 0.09) {
            assertTrue(filled > 0.95 * table.length, "filled buckets: " + filled);
        }
    }

    private static double exactGap(double u, double logQ) {
        return Math.floor(StrictMath.log(u) / logQ);
    }
}
