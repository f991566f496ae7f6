package org.tmssweep.core.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
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
 *       between active entries are drawn as Geometric(p) variables, floor(log U / log(1 - p)), with
 *       one 64-bit draw r per active entry: U = 1 - (r &gt;&gt;&gt; 24) 2^-40 (a 40-bit uniform in
 *       [2^-40, 1]) gives the gap to the entry, and r's low 24 bits times 2^-24 are its value (the
 *       draw that ends the column is used for its gap only). Cost is proportional to the number of
 *       non-zeros, not to the number of entries.</li>
 * </ul>
 * Features are filled one after another (feature 0 first), so for one generator the values of a
 * feature do not depend on the layout chosen by the caller.
 *
 * <p><b>Signed mode</b> (the absolute-value task, docs/paper.md §1 and D13): every non-zero value v drawn
 * as above is replaced by {@code 2v - 1}, uniform on [-1, 1). The random stream is the same as in the
 * unsigned mode (no extra draws), so the non-zero pattern is too.
 *
 * <p>The gap {@code floor(log U / log(1 - p))} is computed with a table-driven logarithm in plain Java
 * (a few multiplications instead of a ~15-20 ns {@code StrictMath.log} call) and falls back to
 * {@code StrictMath.log} whenever the quotient lies within a wide error margin of an integer, so the
 * gaps, and hence the random stream and every sampled value, are exactly those of the
 * {@code StrictMath} formula (see {@link #geometricGap}).
 *
 * <p>Most gaps cost one table load: the top {@link #GAP_BITS} bits of the 64-bit draw fix u to an
 * interval of width 2^-12, and wherever the exact gap is provably the same for every u of that interval
 * (see {@link #gapTable}) the table holds it; the other draws (about 2% at density 0.1, more at lower
 * densities) take the logarithm route above. Either way the gap is the one of the formula.
 *
 * <p>The fill loops step the generator's xoshiro256** state in local variables ({@link Rng#stateWord},
 * {@link Rng#setState}) rather than through {@link Rng#nextLong()}, whose four field loads and stores per
 * draw would otherwise dominate; the draws are exactly those of {@code nextLong()}.
 */
public final class SparseSampler implements DataSampler {
    /** Densities below this use the geometric-skip rule. */
    public static final double SPARSE_BELOW = 0.1;

    private static final float FLOAT_UNIT = 0x1.0p-24f;
    /** Sparse rule: the low VALUE_BITS bits of a draw are the non-zero's value, the 40 above them its gap. */
    static final int VALUE_BITS = 24;
    private static final int VALUE_MASK = (1 << VALUE_BITS) - 1;
    /** u = 1 - (r &gt;&gt;&gt; VALUE_BITS) GAP_UNIT, a 40-bit uniform in [2^-40, 1]. */
    static final double GAP_UNIT = 0x1.0p-40;

    /** log(u) = e ln 2 + log(c_j) + log1p(u' / c_j - 1), u' = mantissa in [1, 2), c_j the centre of its bucket (top LOG_BITS bits). */
    private static final int LOG_BITS = 8;
    /** Interleaved per bucket j: {@code [2j] = 1 / c_j}, {@code [2j + 1] = log(c_j)} (one cache line for both; 4 KiB in all). */
    private static final double[] LOG_TAB = new double[2 << LOG_BITS];
    /** k ln 2 for k = 0..53 (fast path for u in [2^-53, 1]; the sampler's u are at least 2^-40); a table avoids an int-to-double conversion. */
    private static final double[] K_LN2 = new double[54];
    /**
     * Bound on |fastLog(u) - StrictMath.log(u)|, as absolute + relative parts: the true error is below
     * ~1e-14 (|e| ulp(ln 2) plus a few ulps of numbers below 37, and the series' truncation, below
     * r^6/6 &lt; 1e-17 for |r| &lt;= 2^-9), so 1e-12 leaves a wide margin.
     */
    private static final double LOG_ERR = 1e-12;
    /** 1 - log(u) &lt;= 1 + 53 ln 2 &lt; 38 on the fast path (u &gt;= 2^-53), so one margin per density covers every u. */
    private static final double MAX_ONE_MINUS_LOG = 38;

    static {
        double ln2 = StrictMath.log(2.0);
        for (int k = 0; k < K_LN2.length; k++) {
            K_LN2[k] = k * ln2;
        }
        int buckets = 1 << LOG_BITS;
        for (int j = 0; j < buckets; j++) {
            double c = 1.0 + (j + 0.5) / buckets;
            LOG_TAB[2 * j] = 1.0 / c;
            LOG_TAB[2 * j + 1] = StrictMath.log(c);
        }
    }
    /** Bits of a gap draw that index its gap table (4096 buckets, 16 KiB per distinct density). */
    static final int GAP_BITS = 12;
    /** Gap tables by {@code logQ} (bit pattern), shared by every sampler; least recently used beyond 256 dropped. */
    private static final Map<Long, int[]> GAP_TABLES = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, int[]> eldest) {
            return size() > 256;
        }
    };
    private static final int BELOW_ONE_BITS = Float.floatToRawIntBits(Math.nextDown(1.0f));

    private final double[] probability;
    private final double[] logQ;
    private final double[] invLogQ;
    private final double[] margin;
    private final int[][] gapTable;
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
        this.invLogQ = new double[probability.length];
        this.margin = new double[probability.length];
        this.gapTable = new int[probability.length][];
        this.sparse = new boolean[probability.length];
        for (int f = 0; f < probability.length; f++) {
            double p = probability[f];
            if (!(p > 0 && p <= 1)) {
                throw new IllegalArgumentException("probability[" + f + "]: must be in (0, 1], got " + p);
            }
            sparse[f] = p < SPARSE_BELOW;
            logQ[f] = StrictMath.log1p(-p);
            invLogQ[f] = 1.0 / logQ[f];
            margin[f] = gapMargin(invLogQ[f]);
            if (sparse[f]) {
                gapTable[f] = gapTable(logQ[f]);
            }
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
     * A sparse-rule feature records every drawn position (even a value that happens to be 0); a
     * dense-rule feature records its entries that are non-zero.
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
            idx = cols.reserve(c + rows); // a feature adds at most rows entries
            float[] vals = cols.values();
            int base = offset + f * rows;
            if (sparse[f]) {
                c = sparseColumn(rng, dst, base, rows, 1, f, idx, vals, c);
            } else {
                c = denseColumn(rng, dst, base, rows, 1, probability[f], idx, vals, c);
            }
        }
        cols.end(c);
    }

    @Override
    public void fillColumns(Rng rng, int rows, SparseColumns cols) {
        int n = probability.length;
        if (cols.nFeatures() != n || cols.rows() != rows) {
            throw new IllegalArgumentException("cols: shape " + cols.nFeatures() + " x " + cols.rows()
                    + " does not match " + n + " x " + rows);
        }
        int c = 0;
        for (int f = 0; f < n; f++) {
            cols.beginFeature(f, c);
            int[] idx = cols.reserve(c + rows);
            float[] vals = cols.values();
            if (sparse[f]) {
                c = signed ? sparseColumn(rng, null, 0, rows, 1, f, idx, vals, c) : recordColumn(rng, rows, f, idx, vals, c);
            } else {
                c = denseColumn(rng, null, 0, rows, 1, probability[f], idx, vals, c);
            }
        }
        cols.end(c);
    }

    /**
     * {@code floor(StrictMath.log(u) / logQ)} for u in (0, 1] (fast for u &gt;= 2^-53) and logQ &lt; 0 (the geometric gap), exactly,
     * without calling {@code StrictMath.log} except in rare near-integer cases: a table-driven log is
     * accurate to far better than {@link #LOG_ERR}; when the quotient is farther than that error (over
     * |logQ|) from an integer, both formulas have the same floor, otherwise the exact formula is used.
     * Pure Java double arithmetic, so as deterministic as the formula it replaces.
     */
    static double geometricGap(double u, double logQ) {
        double inv = 1.0 / logQ;
        return geometricGap(u, logQ, inv, gapMargin(inv));
    }

    /** The fallback band of {@link #geometricGap(double, double, double, double)} for {@code invLogQ = 1 / logQ}. */
    private static double gapMargin(double invLogQ) {
        return LOG_ERR * MAX_ONE_MINUS_LOG * -invLogQ; // covers the multiplication's rounding too
    }

    /**
     * Same, with {@code invLogQ = 1 / logQ} and {@code margin = gapMargin(invLogQ)} precomputed (used only by
     * the fast estimate, never by the exact formula).
     */
    private static double geometricGap(double u, double logQ, double invLogQ, double margin) {
        long bits = Double.doubleToRawLongBits(u);
        int k = 1023 - (int) (bits >>> 52); // u = 2^-k * mant; 0 <= k <= 40 for the sampler's u >= 2^-40
        if (k >= K_LN2.length || k < 0) { // outside the sampler's range (tiny or subnormal u, or u > 1)
            return Math.floor(StrictMath.log(u) / logQ);
        }
        int j = 2 * ((int) (bits >>> (52 - LOG_BITS)) & ((1 << LOG_BITS) - 1));
        double mant = Double.longBitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        double r = mant * LOG_TAB[j] - 1.0; // |r| <= 2^-9, so the degree-5 series is off by < r^6/6 < 1e-17
        double r2 = r * r;
        double poly = r + r2 * (-0.5 + r * (1.0 / 3)) + (r2 * r2) * (-0.25 + r * 0.2); // Estrin: short dependency chain
        double log = (LOG_TAB[j + 1] - K_LN2[k]) + poly;
        double q = log * invLogQ;
        double gap = Math.floor(q);
        // frac = q - gap in [0, 1); near an integer iff frac < margin or frac > 1 - margin (one compare;
        // the rounding of frac - 0.5, below 1e-16, only moves the band's edge by far less than its slack)
        if (Math.abs((q - gap) - 0.5) > 0.5 - margin) {
            return Math.floor(StrictMath.log(u) / logQ);
        }
        return gap;
    }

    /**
     * The gap table of density {@code 1 - exp(logQ)}: entry b is the gap {@code floor(StrictMath.log(u) / logQ)}
     * shared by every u = 1 - m 2^-40 whose 40-bit m has top bits b, or -1 if the bucket may hold two gaps.
     * Shared and cached per density.
     *
     * <p>Exactness: the bucket's u lie in [uLo, uHi] (both attained). StrictMath.log is within 1 ulp of the
     * true logarithm, which is monotone, so for every u in the bucket the formula's quotient lies within
     * 4 ulps of log (below 37, so under 3e-14) over |logQ|, plus the division's rounding, of
     * [q(uHi), q(uLo)]; the entry is set only when that interval widened by {@link #gapMargin} (over 1000
     * times more) contains no integer, so the floor is the same for all of them.
     */
    static int[] gapTable(double logQ) {
        Long key = Double.doubleToRawLongBits(logQ);
        synchronized (GAP_TABLES) {
            int[] t = GAP_TABLES.get(key);
            if (t == null) {
                t = buildGapTable(logQ);
                GAP_TABLES.put(key, t);
            }
            return t;
        }
    }

    private static int[] buildGapTable(double logQ) {
        int buckets = 1 << GAP_BITS;
        int shift = 64 - VALUE_BITS - GAP_BITS;
        double band = gapMargin(1.0 / logQ);
        int[] t = new int[buckets];
        for (int b = 0; b < buckets; b++) {
            double uHi = 1.0 - ((long) b << shift) * GAP_UNIT;
            double uLo = 1.0 - ((((long) b + 1) << shift) - 1) * GAP_UNIT;
            double lo = Math.floor(StrictMath.log(uHi) / logQ - band);
            double hi = Math.floor(StrictMath.log(uLo) / logQ + band);
            t[b] = lo == hi && hi < Integer.MAX_VALUE ? (int) hi : -1;
        }
        return t;
    }

    /**
     * Fills {@code rows} samples; entry (sample s, feature f) goes to
     * {@code dst[offset + s * sampleStride + f * featureStride]}. Every addressed entry is written.
     */
    public void fill(Rng rng, float[] dst, int offset, int rows, int sampleStride, int featureStride) {
        for (int f = 0; f < probability.length; f++) {
            int base = offset + f * featureStride;
            if (sparse[f]) {
                if (sampleStride == 1) {
                    Arrays.fill(dst, base, base + rows, 0f);
                } else {
                    for (int s = 0; s < rows; s++) {
                        dst[base + s * sampleStride] = 0f;
                    }
                }
                sparseColumn(rng, dst, base, rows, sampleStride, f, null, null, 0);
            } else {
                denseColumn(rng, dst, base, rows, sampleStride, probability[f], null, null, 0);
            }
        }
    }

    /**
     * Sparse rule for feature f into a zeroed column: geometric gaps, each non-zero's value the low 24 bits of its gap's draw
     * (2v - 1 when signed). If {@code idx} is non-null, appends the drawn positions at {@code idx[c..]}
     * and their values at {@code vals[c..]} (room for {@code rows} more is the caller's job). Returns the
     * new count. In signed mode every drawn entry is mapped, a drawn 0 (probability 2^-24) to -1, in every
     * fill.
     */
    private int sparseColumn(Rng rng, float[] dst, int base, int rows, int stride, int f, int[] idx, float[] vals,
                             int c) {
        double lq = logQ[f];
        double inv = invLogQ[f];
        double band = margin[f];
        int[] table = gapTable[f];
        boolean toSigned = signed;
        long s0 = rng.stateWord(0);
        long s1 = rng.stateWord(1);
        long s2 = rng.stateWord(2);
        long s3 = rng.stateWord(3);
        int last = rows - 1;
        int pos = -1;
        while (true) {
            // nextLong(): xoshiro256** step on the local state
            long r = Long.rotateLeft(s1 * 5, 7) * 9;
            long t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = Long.rotateLeft(s3, 45);
            // u = 1 - (r >>> 24) 2^-40, in [2^-40, 1]; its bucket is the top GAP_BITS bits of r
            int gap = table[(int) (r >>> (64 - GAP_BITS))];
            if (gap < 0) { // (int) saturates; any gap >= rows ends the column
                gap = (int) geometricGap(1.0 - (r >>> VALUE_BITS) * GAP_UNIT, lq, inv, band);
            }
            // the next position pos + gap + 1 is inside iff gap < rows - 1 - pos
            if (gap >= last - pos) {
                break;
            }
            pos += gap + 1;
            float v = ((int) r & VALUE_MASK) * FLOAT_UNIT; // the same draw's low 24 bits
            if (toSigned) {
                v = 2f * v - 1f;
            }
            if (dst != null) {
                dst[base + pos * stride] = v;
            }
            if (idx != null) {
                idx[c] = pos;
                vals[c++] = v;
            }
        }
        rng.setState(s0, s1, s2, s3);
        return c;
    }

    /**
     * {@link #sparseColumn} for the unsigned values, recording only (no dense column): the same draws and
     * values, without the loop's tests for the other modes, and counted up to the arrays' capacity (which
     * the caller makes at least {@code c + rows}) so that the JIT can drop the index checks. Package-private
     * for a test of the full column at exact capacity.
     */
    int recordColumn(Rng rng, int rows, int f, int[] idx, float[] vals, int c) {
        double lq = logQ[f];
        double inv = invLogQ[f];
        double band = margin[f];
        int[] table = gapTable[f];
        long s0 = rng.stateWord(0);
        long s1 = rng.stateWord(1);
        long s2 = rng.stateWord(2);
        long s3 = rng.stateWord(3);
        int last = rows - 1;
        int pos = -1;
        int cap = Math.min(idx.length, vals.length);
        for (; c < cap; c++) {
            long r = Long.rotateLeft(s1 * 5, 7) * 9;
            long t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = Long.rotateLeft(s3, 45);
            int gap = table[(int) (r >>> (64 - GAP_BITS))];
            if (gap < 0) {
                gap = (int) geometricGap(1.0 - (r >>> VALUE_BITS) * GAP_UNIT, lq, inv, band);
            }
            if (gap >= last - pos) {
                break;
            }
            pos += gap + 1;
            idx[c] = pos;
            vals[c] = ((int) r & VALUE_MASK) * FLOAT_UNIT;
        }
        rng.setState(s0, s1, s2, s3);
        if (c == cap) { // left by the count: the column is full (pos = last), so one more gap draw ends it
            rng.nextLong();
        }
        return c;
    }

    /**
     * Dense rule into a column (every entry written): one 24-bit uniform per entry, two per 64-bit draw;
     * non-zeros mapped to 2v - 1 when signed. If {@code idx} is non-null, appends the positions whose
     * final value is non-zero at {@code idx[c..]} and the values at {@code vals[c..]} (room for {@code rows} more is the caller's job).
     * Returns the new count.
     */
    private int denseColumn(Rng rng, float[] dst, int base, int rows, int stride, double p, int[] idx, float[] vals,
                            int c) {
        // Branch-free integer form of "active iff u < p, value u/p" with u = bits * 2^-24:
        // bits < ceil(p 2^24) <=> u < p; the sign of (bits - threshold) masks the value.
        // For p = 1 this is value = bits * 2^-24 for every entry (threshold 2^24, scale 2^-24, no clamp).
        int threshold = (int) Math.ceil(p * 0x1.0p24);
        float scale = (float) (0x1.0p-24 / p);
        boolean toSigned = signed;
        long s0 = rng.stateWord(0);
        long s1 = rng.stateWord(1);
        long s2 = rng.stateWord(2);
        long s3 = rng.stateWord(3);
        for (int s = 0; s < rows; s += 2) {
            long r = Long.rotateLeft(s1 * 5, 7) * 9;
            long t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = Long.rotateLeft(s3, 45);
            float v = dense((int) (r >>> 40), threshold, scale, toSigned);
            if (dst != null) {
                dst[base + s * stride] = v;
            }
            if (idx != null) {
                idx[c] = s;
                vals[c] = v;
                c += v != 0f ? 1 : 0;
            }
            if (s + 1 < rows) { // an odd last entry uses the high half of one more draw, the rest is dropped
                v = dense((int) ((r >>> 8) & 0xFFFFFF), threshold, scale, toSigned);
                if (dst != null) {
                    dst[base + (s + 1) * stride] = v;
                }
                if (idx != null) {
                    idx[c] = s + 1;
                    vals[c] = v;
                    c += v != 0f ? 1 : 0;
                }
            }
        }
        rng.setState(s0, s1, s2, s3);
        return c;
    }

    private static float dense(int bits, int threshold, float scale, boolean toSigned) {
        int v = Math.min(Float.floatToRawIntBits(bits * scale), BELOW_ONE_BITS); // non-negative floats order as ints
        int mask = (bits - threshold) >> 31; // all ones iff bits < threshold
        float x = Float.intBitsToFloat(v & mask);
        return toSigned && x != 0f ? 2f * x - 1f : x;
    }
}
