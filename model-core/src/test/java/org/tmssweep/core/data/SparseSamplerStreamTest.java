package org.tmssweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tmssweep.core.rng.Rng;
import org.tmssweep.core.rng.RngStream;

/**
 * The optimised fills draw exactly the random stream, values and non-zero pattern of the plain
 * definition (the formulas of the class comment: one {@link Rng#nextLong()} per gap, its top 40 bits
 * through the exact {@code StrictMath} logarithm, its low 24 bits the non-zero's value), batch after batch, in all four fills (the columns-only one compared with the
 * recording fill), signed and unsigned, with the generator left
 * in the same state.
 */
class SparseSamplerStreamTest {

    @ParameterizedTest
    @CsvSource({
        "0.09999999999999998, 1024, false", // 1 - 0.9, the benchmark case
        "0.05, 1024, false",
        "0.01, 777, false",
        "0.001, 4096, false",
        "0.0999, 1025, true",
        "0.3, 333, false",
        "1.0, 17, true",
        "0.02, 1, false",
        "0.05, 2048, true",
    })
    void sameStreamAsThePlainDefinition(double p, int rows, boolean signed) {
        int n = 6;
        double[] prob = new double[n];
        Arrays.fill(prob, p);
        prob[n - 1] = 0.5; // one dense-rule feature between batches of the sparse ones
        SparseSampler sampler = new SparseSampler(prob, signed);
        int nonZeroTarget = 200_000; // non-zeros per case, all fills together
        Rng refRng = Rng.derive(77, RngStream.DATA);
        Rng plainRng = Rng.derive(77, RngStream.DATA);
        Rng recRng = Rng.derive(77, RngStream.DATA);
        Rng rowRng = Rng.derive(77, RngStream.DATA);
        Rng colRng = Rng.derive(77, RngStream.DATA);
        SparseColumns onlyCols = new SparseColumns(n, rows);
        int offset = 3;
        float[] ref = new float[offset + n * rows];
        float[] plain = new float[ref.length];
        float[] rec = new float[ref.length];
        float[] rowMajor = new float[ref.length];
        SparseColumns cols = new SparseColumns(n, rows);
        int[] refIndex = new int[n * rows];
        int[] refStart = new int[n + 1];
        long seen = 0;
        for (int batch = 0; seen < nonZeroTarget && batch < 100_000; batch++) {
            reference(refRng, ref, offset, rows, prob, signed, refIndex, refStart);
            sampler.fillFeatureMajor(plainRng, plain, offset, rows);
            assertArrayEquals(ref, plain, "plain fill, batch " + batch);
            sampler.fillRowMajor(rowRng, rowMajor, offset, rows);
            for (int f = 0; f < n; f++) {
                for (int s = 0; s < rows; s++) {
                    assertEquals(Float.floatToRawIntBits(ref[offset + f * rows + s]),
                            Float.floatToRawIntBits(rowMajor[offset + s * n + f]), "row-major fill, batch " + batch);
                }
            }
            sampler.fillFeatureMajor(recRng, rec, offset, rows, cols);
            assertArrayEquals(ref, rec, "recording fill, batch " + batch);
            for (int f = 0; f <= n; f++) {
                assertEquals(refStart[f], cols.start(f), "start " + f + ", batch " + batch);
            }
            assertArrayEquals(Arrays.copyOf(refIndex, refStart[n]), Arrays.copyOf(cols.index(), cols.nonZeros()),
                    "recorded pattern, batch " + batch);
            sampler.fillColumns(colRng, rows, onlyCols);
            int nz = cols.nonZeros();
            for (int f = 0; f <= n; f++) {
                assertEquals(cols.start(f), onlyCols.start(f), "columns only: start " + f + ", batch " + batch);
            }
            assertArrayEquals(Arrays.copyOf(cols.index(), nz), Arrays.copyOf(onlyCols.index(), nz),
                    "columns only: pattern, batch " + batch);
            assertArrayEquals(Arrays.copyOf(cols.values(), nz), Arrays.copyOf(onlyCols.values(), nz),
                    "columns only: values, batch " + batch);
            seen += nz;
        }
        long next = refRng.nextLong();
        assertEquals(next, plainRng.nextLong(), "plain fill leaves the generator where the definition does");
        assertEquals(next, recRng.nextLong(), "recording fill leaves the generator where the definition does");
        assertEquals(next, rowRng.nextLong(), "row-major fill leaves the generator where the definition does");
        assertEquals(next, colRng.nextLong(), "columns-only fill leaves the generator where the definition does");
    }

    /**
     * The columns-only loop stops at its arrays' capacity; when a column fills it exactly (every row
     * non-zero), it must still make the draw that ends the column: one row per column at density
     * 0.099 fills a column about one time in ten.
     */
    @Test
    void aFullColumnAtExactCapacityEndsWithTheSameDraw() {
        SparseSampler sampler = new SparseSampler(new double[] {0.099});
        Rng exact = Rng.derive(5, RngStream.DATA);
        Rng roomy = Rng.derive(5, RngStream.DATA);
        int full = 0;
        for (int batch = 0; batch < 2000; batch++) {
            int[] idx = new int[1];
            float[] vals = new float[1];
            int[] bigIdx = new int[8];
            float[] bigVals = new float[8];
            int c = sampler.recordColumn(exact, 1, 0, idx, vals, 0);
            int cBig = sampler.recordColumn(roomy, 1, 0, bigIdx, bigVals, 0);
            assertEquals(cBig, c, "count, batch " + batch);
            if (c == 1) {
                full++;
                assertEquals(bigIdx[0], idx[0]);
                assertEquals(Float.floatToRawIntBits(bigVals[0]), Float.floatToRawIntBits(vals[0]));
            }
            assertEquals(copyOf(roomy).nextLong(), copyOf(exact).nextLong(), "generator after batch " + batch);
        }
        assertTrue(full > 100, "full columns seen: " + full);
    }

    private static Rng copyOf(Rng rng) {
        Rng c = new Rng(0);
        c.setState(rng.stateWord(0), rng.stateWord(1), rng.stateWord(2), rng.stateWord(3));
        return c;
    }

    /**
     * The plain definition, feature-major, and the recorded pattern (every drawn sparse-rule position, a
     * drawn 0 signed to -1 as in every fill; dense-rule entries iff non-zero after signing).
     */
    private static void reference(Rng rng, float[] dst, int offset, int rows, double[] prob, boolean signed,
                                  int[] index, int[] start) {
        int c = 0;
        for (int f = 0; f < prob.length; f++) {
            int base = offset + f * rows;
            Arrays.fill(dst, base, base + rows, 0f);
            start[f] = c;
            double p = prob[f];
            if (p < SparseSampler.SPARSE_BELOW) {
                double logQ = StrictMath.log1p(-p);
                long pos = -1;
                while (true) {
                    long r = rng.nextLong();
                    double gap = Math.floor(StrictMath.log(1.0 - (r >>> 24) * 0x1.0p-40) / logQ);
                    if (!(gap < rows - pos)) {
                        break;
                    }
                    pos += (long) gap + 1;
                    if (pos >= rows) {
                        break;
                    }
                    float v = (r & 0xFFFFFF) * 0x1.0p-24f;
                    if (signed) {
                        v = 2f * v - 1f;
                    }
                    dst[base + (int) pos] = v;
                    index[c++] = (int) pos;
                }
            } else {
                for (int s = 0; s < rows; s += 2) {
                    long r = rng.nextLong();
                    dst[base + s] = dense((int) (r >>> 40), p, signed);
                    if (s + 1 < rows) {
                        dst[base + s + 1] = dense((int) ((r >>> 8) & 0xFFFFFF), p, signed);
                    }
                }
                for (int s = 0; s < rows; s++) {
                    if (dst[base + s] != 0f) {
                        index[c++] = s;
                    }
                }
            }
        }
        start[prob.length] = c;
    }

    /** Active iff u = bits 2^-24 &lt; p, then u / p rounded to float (below 1); 2v - 1 for non-zero v when signed. */
    private static float dense(int bits, double p, boolean signed) {
        double u = bits * 0x1.0p-24;
        if (!(u < p)) {
            return 0f;
        }
        float v = p == 1.0 ? (float) u : Math.min(bits * (float) (0x1.0p-24 / p), Math.nextDown(1f));
        return signed && v != 0f ? 2f * v - 1f : v;
    }
}
