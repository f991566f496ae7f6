package org.tmssweep.core.data;

import java.util.Arrays;
import org.tmssweep.core.rng.Rng;

/**
 * The paper's synthetic data: feature f is non-zero with probability {@code p_f} (density, 1 - S_f),
 * and then uniform on [0, 1). Writes into caller-owned buffers and allocates nothing per call.
 *
 * <p>Each feature is sampled by one of two rules, chosen by its density alone (so the random
 * stream is a pure function of the densities and the generator):
 * <ul>
 *   <li><b>dense</b> ({@code p >= }{@link #SPARSE_BELOW}): one 24-bit uniform u per entry (two per
 *       {@link Rng#nextLong()}); the entry is active iff u &lt; p and then equals u/p, which is
 *       uniform on [0, 1) given u &lt; p.</li>
 *   <li><b>sparse</b> ({@code p <}{@link #SPARSE_BELOW}): the column is zeroed, then the gaps
 *       between active entries are drawn as Geometric(p) variables, floor(log U / log(1 - p)), and
 *       each active entry gets a fresh 24-bit uniform. Cost is proportional to the number of
 *       non-zeros (one logarithm each), not to the number of entries.</li>
 * </ul>
 * Features are filled one after another (feature 0 first), so for one generator the values of a
 * feature do not depend on the layout chosen by the caller.
 *
 * <p><b>Signed mode</b> (the absolute-value task, paper-notes a.1 and D13): every non-zero value v drawn
 * as above is replaced by {@code 2v - 1}, uniform on [-1, 1). The random stream is the same as in the
 * unsigned mode (no extra draws), so the non-zero pattern is too.
 *
 * <p>The gap {@code floor(log U / log(1 - p))} is computed with a table-driven logarithm in plain Java
 * (a few multiplications instead of a ~15-20 ns {@code StrictMath.log} call) and falls back to
 * {@code StrictMath.log} whenever the quotient lies within a wide error margin of an integer, so the
 * gaps, and hence the random stream and every sampled value, are exactly those of the
 * {@code StrictMath} formula (see {@link #geometricGap}).
 */
public final class SparseSampler implements DataSampler {
    /** Densities below this use the geometric-skip rule. */
    public static final double SPARSE_BELOW = 0.1;

    private static final float FLOAT_UNIT = 0x1.0p-24f;

    /** log(u) = e ln 2 + log(c_j) + log1p(u' / c_j - 1), u' = mantissa in [1, 2), c_j the centre of its bucket (top LOG_BITS bits). */
    private static final int LOG_BITS = 10;
    private static final double[] LOG_C = new double[1 << LOG_BITS];
    private static final double[] INV_C = new double[1 << LOG_BITS];
    /** k ln 2 for k = 0..53 (u = 1 - nextDouble() is in [2^-53, 1]); a table avoids an int-to-double conversion. */
    private static final double[] K_LN2 = new double[54];
    /**
     * Bound on |fastLog(u) - StrictMath.log(u)|, as absolute + relative parts: the true error is below
     * ~1e-15 absolute (|e| ulp(ln 2) plus a few ulps), so 1e-12 leaves a 1000x margin.
     */
    private static final double LOG_ERR = 1e-12;

    static {
        double ln2 = StrictMath.log(2.0);
        for (int k = 0; k < K_LN2.length; k++) {
            K_LN2[k] = k * ln2;
        }
        for (int j = 0; j < LOG_C.length; j++) {
            double c = 1.0 + (j + 0.5) / LOG_C.length;
            LOG_C[j] = StrictMath.log(c);
            INV_C[j] = 1.0 / c;
        }
    }
    private static final int BELOW_ONE_BITS = Float.floatToRawIntBits(Math.nextDown(1.0f));

    private final double[] probability;
    private final double[] logQ;
    private final boolean[] sparse;
    private final boolean signed;

    /** @param probability per-feature density in (0, 1]; copied */
    public SparseSampler(double[] probability) {
        this(probability, false);
    }

    /**
     * @param probability per-feature density in (0, 1]; copied
     * @param signed      non-zero values uniform on [-1, 1) instead of [0, 1) (see the class comment)
     */
    public SparseSampler(double[] probability, boolean signed) {
        this.signed = signed;
        this.probability = probability.clone();
        this.logQ = new double[probability.length];
        this.sparse = new boolean[probability.length];
        for (int f = 0; f < probability.length; f++) {
            double p = probability[f];
            if (!(p > 0 && p <= 1)) {
                throw new IllegalArgumentException("probability[" + f + "]: must be in (0, 1], got " + p);
            }
            sparse[f] = p < SPARSE_BELOW;
            logQ[f] = StrictMath.log1p(-p);
        }
    }

    /** True iff non-zero values are uniform on [-1, 1). */
    public boolean signed() {
        return signed;
    }

    @Override
    public int nFeatures() {
        return probability.length;
    }

    /** True iff feature f uses the geometric-skip rule. */
    public boolean isSparse(int feature) {
        return sparse[feature];
    }

    /** Fills a row-major [rows, n] batch (sample-major, the notebook's layout) starting at {@code offset}. */
    @Override
    public void fillRowMajor(Rng rng, float[] dst, int offset, int rows) {
        fill(rng, dst, offset, rows, probability.length, 1);
    }

    /** Fills a feature-major [n, rows] batch (each feature's values contiguous) starting at {@code offset}. */
    @Override
    public void fillFeatureMajor(Rng rng, float[] dst, int offset, int rows) {
        fill(rng, dst, offset, rows, 1, rows);
    }

    /**
     * Same values and random stream as {@link #fillFeatureMajor(Rng, float[], int, int)}, for a batch that
     * was last written by this method with the same {@code cols} (or is all zero): instead of clearing
     * whole columns it clears only the previous non-zeros, and it records the new non-zero pattern in
     * {@code cols}. Cost is proportional to the number of non-zeros for sparse-rule features.
     */
    @Override
    public void fillFeatureMajor(Rng rng, float[] dst, int offset, int rows, SparseColumns cols) {
        int n = probability.length;
        if (cols.nFeatures() != n || cols.rows() != rows) {
            throw new IllegalArgumentException("cols: shape " + cols.nFeatures() + " x " + cols.rows()
                    + " does not match " + n + " x " + rows);
        }
        int[] idx = cols.index();
        for (int f = 0; f < n; f++) {
            int base = offset + f * rows;
            for (int j = cols.start(f), end = cols.start(f + 1); j < end; j++) {
                dst[base + idx[j]] = 0f;
            }
        }
        int c = 0;
        for (int f = 0; f < n; f++) {
            cols.beginFeature(f, c);
            int base = offset + f * rows;
            if (sparse[f]) {
                int first = c;
                c = fillSparseRecording(rng, dst, base, rows, logQ[f], cols, c);
                if (signed) {
                    int[] now = cols.index(); // may have grown
                    for (int j = first; j < c; j++) {
                        dst[base + now[j]] = toSigned(dst[base + now[j]]);
                    }
                }
            } else {
                fillDense(rng, dst, base, rows, 1, probability[f]);
                if (signed) {
                    toSigned(dst, base, rows, 1);
                }
                for (int s = 0; s < rows; s++) {
                    if (dst[base + s] != 0f) {
                        c = cols.add(c, s);
                    }
                }
            }
        }
        cols.end(c);
    }

    private static int fillSparseRecording(Rng rng, float[] dst, int base, int rows, double logQ,
                                           SparseColumns cols, int count) {
        int c = count;
        double invLogQ = 1.0 / logQ;
        long pos = -1;
        while (true) {
            double gap = geometricGap(1.0 - rng.nextDouble(), logQ, invLogQ); // u in (0, 1]
            if (!(gap < rows - pos)) { // also catches +inf
                return c;
            }
            pos += (long) gap + 1;
            if (pos >= rows) {
                return c;
            }
            dst[base + (int) pos] = rng.nextFloat();
            c = cols.add(c, (int) pos);
        }
    }

    /**
     * {@code floor(StrictMath.log(u) / logQ)} for u in (0, 1] (fast for u &gt;= 2^-53) and logQ &lt; 0 (the geometric gap), exactly,
     * without calling {@code StrictMath.log} except in rare near-integer cases: a table-driven log is
     * accurate to far better than {@link #LOG_ERR}; when the quotient is farther than that error (over
     * |logQ|) from an integer, both formulas have the same floor, otherwise the exact formula is used.
     * Pure Java double arithmetic, so as deterministic as the formula it replaces.
     */
    static double geometricGap(double u, double logQ) {
        return geometricGap(u, logQ, 1.0 / logQ);
    }

    /** Same, with {@code invLogQ = 1 / logQ} precomputed (used only by the fast estimate, never by the exact formula). */
    static double geometricGap(double u, double logQ, double invLogQ) {
        long bits = Double.doubleToRawLongBits(u);
        int k = 1023 - (int) (bits >>> 52); // u = 2^-k * mant; 0 <= k <= 53 for the sampler's u >= 2^-53
        if (k >= K_LN2.length || k < 0) { // outside the sampler's range (tiny or subnormal u, or u > 1)
            return Math.floor(StrictMath.log(u) / logQ);
        }
        int j = (int) (bits >>> (52 - LOG_BITS)) & ((1 << LOG_BITS) - 1);
        double mant = Double.longBitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        double r = mant * INV_C[j] - 1.0; // |r| <= 2^-11, so the degree-5 series is off by < r^6/6 < 1e-20
        double r2 = r * r;
        double poly = r + r2 * (-0.5 + r * (1.0 / 3)) + (r2 * r2) * (-0.25 + r * 0.2); // Estrin: short dependency chain
        double log = (LOG_C[j] - K_LN2[k]) + poly;
        double q = log * invLogQ;
        double gap = Math.floor(q);
        double frac = q - gap;
        double margin = LOG_ERR * (1.0 - log) * -invLogQ; // covers the multiplication's rounding too
        if (frac < margin || frac > 1.0 - margin) {
            return Math.floor(StrictMath.log(u) / logQ);
        }
        return gap;
    }

    /**
     * Fills {@code rows} samples; entry (sample s, feature f) goes to
     * {@code dst[offset + s * sampleStride + f * featureStride]}. Every addressed entry is written.
     */
    public void fill(Rng rng, float[] dst, int offset, int rows, int sampleStride, int featureStride) {
        for (int f = 0; f < probability.length; f++) {
            int base = offset + f * featureStride;
            if (sparse[f]) {
                fillSparse(rng, dst, base, rows, sampleStride, logQ[f]);
            } else {
                fillDense(rng, dst, base, rows, sampleStride, probability[f]);
            }
            if (signed) {
                toSigned(dst, base, rows, sampleStride);
            }
        }
    }

    /** Maps every non-zero v of one feature's column to 2v - 1. */
    private static void toSigned(float[] dst, int base, int rows, int stride) {
        for (int s = 0; s < rows; s++) {
            int j = base + s * stride;
            if (dst[j] != 0f) {
                dst[j] = toSigned(dst[j]);
            }
        }
    }

    private static float toSigned(float v) {
        return 2f * v - 1f;
    }

    private static void fillDense(Rng rng, float[] dst, int base, int rows, int stride, double p) {
        if (p == 1.0) {
            int s = 0;
            for (; s + 1 < rows; s += 2) {
                long r = rng.nextLong();
                dst[base + s * stride] = (r >>> 40) * FLOAT_UNIT;
                dst[base + (s + 1) * stride] = ((r >>> 8) & 0xFFFFFF) * FLOAT_UNIT;
            }
            if (s < rows) {
                dst[base + s * stride] = (rng.nextLong() >>> 40) * FLOAT_UNIT;
            }
            return;
        }
        // Branch-free integer form of "active iff u < p, value u/p" with u = bits * 2^-24:
        // bits < ceil(p 2^24) <=> u < p; the sign of (bits - threshold) masks the value.
        int threshold = (int) Math.ceil(p * 0x1.0p24);
        float scale = (float) (0x1.0p-24 / p);
        int s = 0;
        for (; s + 1 < rows; s += 2) {
            long r = rng.nextLong();
            dst[base + s * stride] = dense((int) (r >>> 40), threshold, scale);
            dst[base + (s + 1) * stride] = dense((int) ((r >>> 8) & 0xFFFFFF), threshold, scale);
        }
        if (s < rows) {
            dst[base + s * stride] = dense((int) (rng.nextLong() >>> 40), threshold, scale);
        }
    }

    private static float dense(int bits, int threshold, float scale) {
        int v = Math.min(Float.floatToRawIntBits(bits * scale), BELOW_ONE_BITS); // non-negative floats order as ints
        int mask = (bits - threshold) >> 31; // all ones iff bits < threshold
        return Float.intBitsToFloat(v & mask);
    }

    private static void fillSparse(Rng rng, float[] dst, int base, int rows, int stride, double logQ) {
        if (stride == 1) {
            Arrays.fill(dst, base, base + rows, 0f);
        } else {
            for (int s = 0; s < rows; s++) {
                dst[base + s * stride] = 0f;
            }
        }
        double invLogQ = 1.0 / logQ;
        long pos = -1;
        while (true) {
            double gap = geometricGap(1.0 - rng.nextDouble(), logQ, invLogQ); // u in (0, 1]
            if (!(gap < rows - pos)) { // also catches +inf
                return;
            }
            pos += (long) gap + 1;
            if (pos >= rows) {
                return;
            }
            dst[base + (int) pos * stride] = rng.nextFloat();
        }
    }
}
