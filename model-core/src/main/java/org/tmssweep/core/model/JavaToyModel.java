package org.tmssweep.core.model;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.data.SparseColumns;

/**
 * The tied toy models (every {@link ModelKind} except the untied {@link ModelKind#ABS}; no L1 penalty) in
 * plain Java on heap float arrays, for small shapes where the per-call overhead of ND4J's batched
 * products dominates ({@link org.tmssweep.core.train.PackRun} picks it; see there for the rule).
 *
 * <p>Instances are run one after the other through shared scratch rows, so an instance's arithmetic is
 * the same whatever the pack it is in (tested bit-for-bit). Per instance, with every batch row a
 * separate {@code float[B]} starting at index 0 (JDK 17's C2 vectorises a loop only when all the float
 * arrays it reads and writes are indexed with the same offset, so rows are never addressed inside a
 * bigger array in a loop that stores):
 * <pre>
 *   h[k][s]  = sum_f W[f][k] x[f][s]                 features ascending; from the dense input rows,
 *                                                    four features per pass, or (sparse-input mode,
 *                                                    at most 1/16 non-zero) by scattering the
 *                                                    non-zeros, up to five k per sweep: the same
 *                                                    bits either way
 *   per feature row f (ascending, only the live rows, {@link ToyLoss#liveRows}):
 *     z[s]   = W[f][0] h[0][s] + W[f][1] h[1][s] + ...   (k ascending, five in the first pass)
 *     y      = ReLU(z + b[f]) (or z + b[f]),  d = x - y
 *     dz[s]  = DZ_SCALE * coef_f * d where the output is active, else 0   (sparse-input mode: the
 *                                                    mask applied at the non-zeros only,
 *                                                    {@link #maskRecorded})
 *     lane[s] = fma(imp_f, d^2, lane[s])             (loss = four double partial sums of the lanes)
 *     db[f]  = sum_s dz[s],  dW[f][k] = sum_s dz[s] h[k][s]   ({@link #dotBlocks}; at B = 1024
 *                                                    in place, two per pass: {@link #WIDE_BATCH})
 *   g[k][s]  = sum_f W[f][k] dz[f][s]                 (rows ascending, four per pass, each group of
 *                                                    dz rows read once for all k)
 *   g masked by h &gt; 0 (ReLU-hidden kind), unscaled; dW[f][k] += sum_s x[f][s] g[k][s]
 *                                                    (sparse mode: gather over the non-zeros,
 *                                                    ascending, up to five k per sweep, see
 *                                                    {@link #sweepRecorded}; dense mode:
 *                                                    {@link #dotBlocks})
 * </pre>
 * Every product that is added to a sum is fused with that addition ({@link Math#fma}: one rounding, and one
 * vector instruction instead of two in the vectorised loops). Every grouping adds left to right, so it
 * gives the bits of one unit, row or feature at a time: {@link JavaKernelOptions#DEFAULT} is how training
 * groups the work, and the other options reach the same bits by plainer routes for the tests
 * (JavaGroupedPassesTest, JavaWideRowsTest). {@code Math.fma} is exact on every JVM, so results stay
 * bit-identical across machines; on a CPU without FMA instructions (x86 before 2013) the JVM emulates it,
 * correctly but far more slowly. The batch reductions are the expensive part: C2 vectorises neither float
 * sum reductions nor loops over arrays at different variable offsets, so they run on block copies of the
 * rows with a vectorised lane accumulator ({@link #dotBlocks}), or, at the paper's batch size, on the rows
 * in place with the same lane order ({@link #WIDE_BATCH}).
 *
 * <p>The loss, its output-gradient coefficient and the float conventions are {@link ToyLoss}'s, as in
 * {@link Nd4jToyModel}: coefficients below {@link ToyLoss#FLUSH_BELOW} are flushed (and such trailing rows
 * skipped), dz is kept scaled by {@link ToyLoss#DZ_SCALE} so that no product is a float subnormal (as slow
 * in Java as in BLAS), the loss is {@code sum_f imp_f sum_s (x - y)^2 / (B n)}. The sums run in a different
 * order than ND4J's BLAS products (which themselves differ between the two ND4J modes), so results differ
 * from {@link Nd4jToyModel} by float rounding; they are a function of the instance's own data only.
 *
 * <p>The ReLU masks are computed without branches or bit tricks, as {@code min(y * 2^149, 1)} (1 for any
 * y &gt; 0, subnormals included; 0 for y = 0; NaN propagates), which the JIT vectorises.
 *
 * <p>Dense-input mode reads the whole input row of each feature from {@link #input()}. Sparse-input mode
 * reads only the recorded non-zeros ({@link #readsDenseInput()} is false, so the trainer writes no dense
 * batch): it rebuilds the current instance's rows from them into scratch rows, which the vectorised
 * loops read in place (no row copies), and gathers x^T g from the recorded values.
 * Not thread-safe. Allocates nothing after the constructor.
 */
public final class JavaToyModel extends AbstractPackedModel {

    private final float[] w;
    private final float[] dw;
    private final FloatBuffer wView;
    private final FloatBuffer dwView;

    // scratch rows shared by all instances (used one instance at a time)
    private final float[][] h;
    private final float[][] g;
    private final float[] xRow;
    private final float[] zRow;
    private final float[] lane;
    /** Block copies (rows of at most {@link #LANES}) of dz and h, for the batch reductions; see {@link #dotBlocks}. */
    private final float[][] dzBlocks;
    private final float[][][] hBlocks;
    private final float[][] xBlocks;
    private final float[] acc;
    /** Second lane accumulator of the paired reductions of {@link #wideRows} batches. */
    private final float[] acc2;
    /** dz rows of the current instance (scaled by DZ_SCALE), and the rows that have one. */
    private final float[][] dzAll;
    private final int[] dzRows;
    private final float[] xRow2;
    private final float[] xRow3;
    private final float[] xRow4;
    /**
     * Sparse-input mode: the current instance's input rows, rebuilt from its recorded non-zeros
     * ({@link #buildRows}), so that the vectorised loops read them without copies; else none.
     */
    private final float[][] xRows;

    /** Most units per pass, h from dense rows or scattered, rows reduced in place: see {@link JavaKernelOptions}. */
    private final int sweepUnits;
    private final int denseHiddenBelow;
    private final boolean wideRows;

    /** The model as training runs it ({@link JavaKernelOptions#DEFAULT}). */
    public JavaToyModel(ModelKind kind, int instances, int batch, int nFeatures, int nHidden, boolean sparseInput) {
        this(kind, instances, batch, nFeatures, nHidden, sparseInput, JavaKernelOptions.DEFAULT);
    }

    /** The model with other kernel options (the same bits by another route; for tests). */
    JavaToyModel(ModelKind kind, int instances, int batch, int nFeatures, int nHidden, boolean sparseInput,
            JavaKernelOptions options) {
        super(kind, instances, batch, nFeatures, nHidden, sparseInput);
        if (kind.untied()) {
            throw new IllegalArgumentException("kind: the untied " + kind + " model needs Nd4jGeneralModel");
        }
        sweepUnits = options.sweepUnits();
        denseHiddenBelow = options.denseHiddenBelow();
        wideRows = options.wideRows() && batch == WIDE_BATCH;
        w = new float[instances * n * m];
        dw = new float[instances * n * m];
        wView = FloatBuffer.wrap(w);
        dwView = FloatBuffer.wrap(dw);
        h = new float[m][batch];
        g = new float[m][batch];
        xRow = new float[batch];
        zRow = new float[batch];
        lane = new float[batch];
        dzBlocks = blocks(batch);
        hBlocks = new float[m][][];
        for (int k = 0; k < m; k++) {
            hBlocks[k] = blocks(batch);
        }
        xBlocks = blocks(batch);
        acc = new float[LANES];
        acc2 = new float[LANES];
        dzAll = new float[n][batch];
        dzRows = new int[n];
        xRow2 = new float[batch];
        xRow3 = new float[sparseInput ? 0 : batch];
        xRow4 = new float[sparseInput ? 0 : batch];
        xRows = new float[sparseInput ? n : 0][batch];
    }

    /** Width of the lane accumulator of the batch reductions (a constant, so the folds vectorise). */
    static final int LANES = 256;

    /**
     * The batch size (the paper's) whose reductions read the rows in place: four blocks of LANES at the
     * constant offsets 0, 256, 512 and 768, two reductions per pass ({@link #sumDotWide}, {@link #dotWide}),
     * instead of block copies and one reduction per pass: the same sums in the same order.
     */
    static final int WIDE_BATCH = 4 * LANES;

    /** True iff this model reduces its rows in place: batch == WIDE_BATCH, unless its options say otherwise. */
    boolean wideRows() {
        return wideRows;
    }

    /** A batch row as consecutive blocks of LANES floats (the last one shorter), each its own array. */
    private static float[][] blocks(int len) {
        int count = (len + LANES - 1) / LANES;
        float[][] out = new float[count][];
        for (int r = 0; r < count; r++) {
            out[r] = new float[Math.min(LANES, len - r * LANES)];
        }
        return out;
    }

    private static void toBlocks(float[] src, int off, float[][] dst) {
        for (int r = 0; r < dst.length; r++) {
            System.arraycopy(src, off + r * LANES, dst[r], 0, dst[r].length);
        }
    }

    @Override
    public void setParams(int instance, float[] wRowMajor, float[] b) {
        System.arraycopy(wRowMajor, 0, w, instance * n * m, n * m);
        System.arraycopy(b, 0, bias, instance * n, n);
    }

    public void setParams(int instance, double[][] wRows, double[] b) {
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < m; k++) {
                w[(instance * n + f) * m + k] = (float) wRows[f][k];
            }
            bias[instance * n + f] = (float) b[f];
        }
    }

    @Override
    public void deactivate(int instance) {
        active[instance] = false;
        Arrays.fill(w, instance * n * m, (instance + 1) * n * m, 0f);
        Arrays.fill(dw, instance * n * m, (instance + 1) * n * m, 0f);
        Arrays.fill(bias, instance * n, (instance + 1) * n, 0f);
        Arrays.fill(biasGrad, instance * n, (instance + 1) * n, 0f);
    }

    /** Model output of one instance for its current input, W and b, as [B][n] (recomputed, off the hot path). */
    public double[][] output(int instance) {
        hidden(instance);
        double[][] out = new double[batch][n];
        int wo = instance * n * m;
        for (int f = 0; f < n; f++) {
            float bf = bias[instance * n + f];
            for (int s = 0; s < batch; s++) {
                float zv = h[0][s] * w[wo + f * m];
                for (int k = 1; k < m; k++) {
                    zv = Math.fma(h[k][s], w[wo + f * m + k], zv);
                }
                float pre = zv + bf;
                out[s][f] = kind.reluOutput() ? Math.max(pre, 0f) : pre;
            }
        }
        return out;
    }

    @Override
    public FloatBuffer weightBuffer() {
        return wView;
    }

    @Override
    public FloatBuffer weightGradientBuffer() {
        return dwView;
    }

    /**
     * In sparse-input mode only the recorded non-zeros are read ({@link #buildRows}), so the trainer
     * need not write the dense input batch.
     */
    @Override
    public boolean readsDenseInput() {
        return !sparseInput;
    }

    @Override
    public void forwardBackward(double[] lossOut) {
        for (int i = 0; i < instances; i++) {
            lossOut[i] = active[i] ? instanceStep(i) : 0;
        }
    }

    /** 2^149 as two exact float factors: y * 2^100 * 2^49 is at least 1 for every y &gt; 0. */
    private static final float MASK_A = 0x1.0p100f;
    private static final float MASK_B = 0x1.0p49f;

    /**
     * Sparse-input mode: instance i's input rows from its recorded non-zeros (zero elsewhere), the same
     * values as the dense batch the samplers would write (every recorded entry is the drawn value, and
     * every entry not recorded is +0).
     */
    private void buildRows(int i) {
        SparseColumns cols = columns[i];
        int[] idx = cols.index();
        float[] vals = cols.values();
        for (int f = 0; f < n; f++) {
            float[] row = xRows[f];
            Arrays.fill(row, 0f);
            for (int j = cols.start(f), end = cols.start(f + 1); j < end; j++) {
                row[idx[j]] = vals[j];
            }
        }
    }

    /**
     * h of instance i into the scratch rows (ReLU applied for the ReLU-hidden kind); in sparse-input
     * mode, first the input rows ({@link #buildRows}).
     */
    private void hidden(int i) {
        int wo = i * n * m;
        int bt = batch;
        for (int k = 0; k < m; k++) {
            Arrays.fill(h[k], 0f);
        }
        if (sparseInput) {
            buildRows(i);
        }
        if (sparseInput && !denseHidden(columns[i].nonZeros())) {
            sweepRecorded(columns[i], wo, false);
        } else {
            // four features per pass (then two, one): h = (((h + w_a x_a) + w_b x_b) + w_c x_c) + w_d x_d,
            // the same sums as one feature at a time
            int units = sweepUnits;
            int f = 0;
            for (; units >= 4 && f + 3 < n; f += 4) {
                float[] xa = inputRow(i, f, xRow);
                float[] xb = inputRow(i, f + 1, xRow2);
                float[] xc = inputRow(i, f + 2, xRow3);
                float[] xd = inputRow(i, f + 3, xRow4);
                for (int k = 0; k < m; k++) {
                    float wa = w[wo + f * m + k];
                    float wb = w[wo + (f + 1) * m + k];
                    float wc = w[wo + (f + 2) * m + k];
                    float wd = w[wo + (f + 3) * m + k];
                    float[] hk = h[k];
                    for (int s = 0; s < bt; s++) {
                        hk[s] = Math.fma(xd[s], wd, Math.fma(xc[s], wc, Math.fma(xb[s], wb, Math.fma(xa[s], wa, hk[s]))));
                    }
                }
            }
            for (; units >= 2 && f + 1 < n; f += 2) {
                float[] xa = inputRow(i, f, xRow);
                float[] xb = inputRow(i, f + 1, xRow2);
                for (int k = 0; k < m; k++) {
                    float wa = w[wo + f * m + k];
                    float wb = w[wo + (f + 1) * m + k];
                    float[] hk = h[k];
                    for (int s = 0; s < bt; s++) {
                        hk[s] = Math.fma(xb[s], wb, Math.fma(xa[s], wa, hk[s]));
                    }
                }
            }
            for (; f < n; f++) {
                float[] xa = inputRow(i, f, xRow);
                for (int k = 0; k < m; k++) {
                    float wa = w[wo + f * m + k];
                    float[] hk = h[k];
                    for (int s = 0; s < bt; s++) {
                        hk[s] = Math.fma(xa[s], wa, hk[s]);
                    }
                }
            }
        }
        if (kind.reluHidden()) {
            for (int k = 0; k < m; k++) {
                float[] hk = h[k];
                for (int s = 0; s < bt; s++) {
                    hk[s] = Math.max(hk[s], 0f);
                }
            }
        }
    }

    /** Input row f of instance i: the rebuilt row in sparse-input mode, else copied into {@code buf}. */
    private float[] inputRow(int i, int f, float[] buf) {
        if (sparseInput) {
            return xRows[f];
        }
        System.arraycopy(x, inputOffset(i) + f * batch, buf, 0, batch);
        return buf;
    }

    /**
     * Sparse-input mode computes h from the dense input rows (vectorised, up to four features per pass)
     * rather than scattering the non-zeros when there are more than one per DENSE_HIDDEN_BELOW entries
     * ({@link JavaKernelOptions#denseHiddenBelow}): a scattered update costs about as much as a dozen vectorised ones (measured at n=20, m=5, B=1024).
     * Both give the same h: each entry is the same sum of the same non-zero products in feature order
     * (the zero products add +-0, which leaves a sum that starts at +0 unchanged).
     */
    static final int DENSE_HIDDEN_BELOW = 16;

    private boolean denseHidden(int nonZeros) {
        return (long) nonZeros * denseHiddenBelow > (long) n * batch;
    }

    /**
     * z = sum_k W[f][k] h[k] into zr, k ascending: the first pass takes up to five units, the next ones four,
     * two or one ({@link JavaKernelOptions#sweepUnits} 1: one per pass). Java adds left to right, so every grouping gives
     * the same sums as one unit at a time.
     */
    private void outputRow(int wf, float[] zr) {
        int bt = batch;
        int units = sweepUnits;
        float[][] hh = h;
        int k;
        if (units >= 5 && m >= 5) {
            float w0 = w[wf];
            float w1 = w[wf + 1];
            float w2 = w[wf + 2];
            float w3 = w[wf + 3];
            float w4 = w[wf + 4];
            float[] h0 = hh[0];
            float[] h1 = hh[1];
            float[] h2 = hh[2];
            float[] h3 = hh[3];
            float[] h4 = hh[4];
            for (int s = 0; s < bt; s++) {
                zr[s] = Math.fma(h4[s], w4, Math.fma(h3[s], w3, Math.fma(h2[s], w2, Math.fma(h1[s], w1, h0[s] * w0))));
            }
            k = 5;
        } else if (units >= 2 && m >= 2) {
            float w0 = w[wf];
            float w1 = w[wf + 1];
            float[] h0 = hh[0];
            float[] h1 = hh[1];
            for (int s = 0; s < bt; s++) {
                zr[s] = Math.fma(h1[s], w1, h0[s] * w0);
            }
            k = 2;
        } else {
            float w0 = w[wf];
            float[] h0 = hh[0];
            for (int s = 0; s < bt; s++) {
                zr[s] = h0[s] * w0;
            }
            k = 1;
        }
        for (; units >= 4 && k + 4 <= m; k += 4) {
            float w0 = w[wf + k];
            float w1 = w[wf + k + 1];
            float w2 = w[wf + k + 2];
            float w3 = w[wf + k + 3];
            float[] h0 = hh[k];
            float[] h1 = hh[k + 1];
            float[] h2 = hh[k + 2];
            float[] h3 = hh[k + 3];
            for (int s = 0; s < bt; s++) {
                zr[s] = Math.fma(h3[s], w3, Math.fma(h2[s], w2, Math.fma(h1[s], w1, Math.fma(h0[s], w0, zr[s]))));
            }
        }
        for (; units >= 2 && k + 2 <= m; k += 2) {
            float w0 = w[wf + k];
            float w1 = w[wf + k + 1];
            float[] h0 = hh[k];
            float[] h1 = hh[k + 1];
            for (int s = 0; s < bt; s++) {
                zr[s] = Math.fma(h1[s], w1, Math.fma(h0[s], w0, zr[s]));
            }
        }
        for (; k < m; k++) {
            float w0 = w[wf + k];
            float[] h0 = hh[k];
            for (int s = 0; s < bt; s++) {
                zr[s] = Math.fma(h0[s], w0, zr[s]);
            }
        }
    }

    /**
     * g[k] = sum over the rows with a dz (ascending) of W[f][k] dz[f], four rows per pass (then two, one;
     * {@link JavaKernelOptions#sweepUnits} 1: one), still scaled. The rows are the outer loop, so that they are read from L1
     * by the m passes over g; every g[k] still gets its terms in row order.
     */
    private void hiddenGradient(int wo, int rows) {
        int bt = batch;
        int units = sweepUnits;
        int r = 0;
        for (; units >= 4 && r + 3 < rows; r += 4) {
            int oa = wo + dzRows[r] * m;
            int ob = wo + dzRows[r + 1] * m;
            int oc = wo + dzRows[r + 2] * m;
            int od = wo + dzRows[r + 3] * m;
            float[] da = dzAll[dzRows[r]];
            float[] db = dzAll[dzRows[r + 1]];
            float[] dc = dzAll[dzRows[r + 2]];
            float[] dd = dzAll[dzRows[r + 3]];
            for (int k = 0; k < m; k++) {
                float wa = w[oa + k];
                float wb = w[ob + k];
                float wc = w[oc + k];
                float wd = w[od + k];
                float[] gk = g[k];
                for (int s = 0; s < bt; s++) {
                    gk[s] = Math.fma(dd[s], wd, Math.fma(dc[s], wc, Math.fma(db[s], wb, Math.fma(da[s], wa, gk[s]))));
                }
            }
        }
        for (; units >= 2 && r + 1 < rows; r += 2) {
            int oa = wo + dzRows[r] * m;
            int ob = wo + dzRows[r + 1] * m;
            float[] da = dzAll[dzRows[r]];
            float[] db = dzAll[dzRows[r + 1]];
            for (int k = 0; k < m; k++) {
                float wa = w[oa + k];
                float wb = w[ob + k];
                float[] gk = g[k];
                for (int s = 0; s < bt; s++) {
                    gk[s] = Math.fma(db[s], wb, Math.fma(da[s], wa, gk[s]));
                }
            }
        }
        for (; r < rows; r++) {
            int oa = wo + dzRows[r] * m;
            float[] da = dzAll[dzRows[r]];
            for (int k = 0; k < m; k++) {
                float wa = w[oa + k];
                float[] gk = g[k];
                for (int s = 0; s < bt; s++) {
                    gk[s] = Math.fma(da[s], wa, gk[s]);
                }
            }
        }
    }

    private double instanceStep(int i) {
        hidden(i);
        boolean wide = wideRows;
        if (!wide) {
            for (int k = 0; k < m; k++) {
                toBlocks(h[k], 0, hBlocks[k]);
            }
        }
        int bt = batch;
        int wo = i * n * m;
        int xo = inputOffset(i);
        double norm = ToyLoss.norm(bt, n);
        boolean reluOut = kind.reluOutput();
        float[] zr = zRow;
        int rows = 0;
        float[] ln = lane;
        for (int k = 0; k < m; k++) {
            Arrays.fill(g[k], 0f);
        }
        Arrays.fill(ln, 0f);
        int live = ToyLoss.liveRows(importance, i * n, n, norm);
        for (int f = 0; f < n; f++) {
            int row = i * n + f;
            float coef = f < live ? ToyLoss.outputGradientCoefficient(importance[row], norm) : 0f;
            if (coef == 0f) { // no gradient from this row, loss term below a double's resolution
                biasGrad[row] = 0f;
                Arrays.fill(dw, wo + f * m, wo + (f + 1) * m, 0f);
                continue;
            }
            float coefS = coef * ToyLoss.DZ_SCALE; // exact; see ToyLoss.DZ_SCALE
            float[] dz = dzAll[f];
            float bf = bias[row];
            float imp = importance[row];
            outputRow(wo + f * m, zr);
            float[] xr = inputRow(i, f, xRow);
            if (reluOut && sparseInput && sweepUnits > 1) {
                // the output's mask matters only where x != 0: elsewhere d = -y, and y = 0 where the
                // output is off (see maskRecorded)
                for (int s = 0; s < bt; s++) {
                    float y = Math.max(zr[s] + bf, 0f);
                    float d = xr[s] - y;
                    dz[s] = coefS * d;
                    ln[s] = Math.fma(imp, d * d, ln[s]);
                }
                maskRecorded(columns[i], f, zr, bf, dz);
            } else if (reluOut) {
                for (int s = 0; s < bt; s++) {
                    float y = Math.max(zr[s] + bf, 0f);
                    float d = xr[s] - y;
                    float on = Math.min(y * MASK_A * MASK_B, 1f);
                    dz[s] = (coefS * d) * on;
                    ln[s] = Math.fma(imp, d * d, ln[s]);
                }
            } else {
                for (int s = 0; s < bt; s++) {
                    float d = xr[s] - (zr[s] + bf);
                    dz[s] = coefS * d;
                    ln[s] = Math.fma(imp, d * d, ln[s]);
                }
            }
            if (wide) {
                wideReductions(dz, wo + f * m, row);
            } else {
                toBlocks(dz, 0, dzBlocks);
                biasGrad[row] = sumBlocks(dzBlocks, acc) * ToyLoss.DZ_UNSCALE;
                for (int k = 0; k < m; k++) {
                    dw[wo + f * m + k] = dotBlocks(dzBlocks, hBlocks[k], acc) * ToyLoss.DZ_UNSCALE;
                }
            }
            dzRows[rows++] = f;
        }
        hiddenGradient(wo, rows);
        boolean reluHid = kind.reluHidden();
        for (int k = 0; k < m; k++) {
            float[] gk = g[k];
            float u = ToyLoss.DZ_UNSCALE;
            if (reluHid) {
                float[] hk = h[k];
                for (int s = 0; s < bt; s++) {
                    gk[s] = (gk[s] * u) * Math.min(hk[s] * MASK_A * MASK_B, 1f);
                }
            } else {
                for (int s = 0; s < bt; s++) {
                    gk[s] *= u;
                }
            }
        }
        if (sparseInput) {
            sweepRecorded(columns[i], wo, true);
        } else if (wide) {
            for (int f = 0; f < n; f++) {
                float[] xr = inputRow(i, f, xRow);
                int dwo = wo + f * m;
                int k = 0;
                for (; k + 1 < m; k += 2) {
                    dotWide(xr, g[k], g[k + 1], acc, acc2);
                    dw[dwo + k] += tailSum(acc);
                    dw[dwo + k + 1] += tailSum(acc2);
                }
                if (k < m) {
                    dotWide(xr, g[k], acc);
                    dw[dwo + k] += tailSum(acc);
                }
            }
        } else {
            for (int k = 0; k < m; k++) {
                toBlocks(g[k], 0, hBlocks[k]); // h is no longer needed: its blocks now hold g
            }
            for (int f = 0; f < n; f++) {
                toBlocks(x, xo + f * bt, xBlocks);
                for (int k = 0; k < m; k++) {
                    dw[wo + f * m + k] += dotBlocks(xBlocks, hBlocks[k], acc);
                }
            }
        }
        double l0 = 0;
        double l1 = 0;
        double l2 = 0;
        double l3 = 0;
        int s = 0;
        for (; s + 3 < bt; s += 4) {
            l0 += ln[s];
            l1 += ln[s + 1];
            l2 += ln[s + 2];
            l3 += ln[s + 3];
        }
        for (; s < bt; s++) {
            l0 += ln[s];
        }
        return ((l0 + l1) + (l2 + l3)) * norm;
    }

    /**
     * Sparse-input mode, the two products with x over its recorded entries j (sample idx[j], value
     * vals[j]), features ascending: {@code gather} false, h[k][idx[j]] += vals[j] W[f][k] (the hidden layer
     * of very sparse batches, {@link #scatter5}); true, dW[f][k] += the sum over feature f's entries
     * (ascending) of vals[j] g[k][idx[j]] ({@link #gather5}). Each sweep over a feature's entries serves up to
     * five hidden units (then two, then one; {@link JavaKernelOptions#sweepUnits}), whose updates are independent and
     * overlap; every entry of h and dW still gets its terms in the order of one unit at a time. The
     * kernels stay one method per group size and direction: the units are held in locals, which is what
     * lets their additions overlap.
     */
    private void sweepRecorded(SparseColumns cols, int wo, boolean gather) {
        int units = sweepUnits;
        int[] idx = cols.index();
        float[] vals = cols.values();
        for (int f = 0; f < n; f++) {
            int start = cols.start(f);
            int end = cols.start(f + 1);
            int o = wo + f * m;
            int k = 0;
            for (; units >= 5 && k + 5 <= m; k += 5) {
                if (gather) {
                    gather5(idx, vals, start, end, k, o + k);
                } else {
                    scatter5(idx, vals, start, end, k, o + k);
                }
            }
            for (; units >= 2 && k + 2 <= m; k += 2) {
                if (gather) {
                    gather2(idx, vals, start, end, k, o + k);
                } else {
                    scatter2(idx, vals, start, end, k, o + k);
                }
            }
            for (; k < m; k++) {
                if (gather) {
                    gather1(idx, vals, start, end, k, o + k);
                } else {
                    scatter1(idx, vals, start, end, k, o + k);
                }
            }
        }
    }

    /** h[k + u][idx[j]] += vals[j] W[o + u] for u = 0..4, over the entries [start, end). */
    private void scatter5(int[] idx, float[] vals, int start, int end, int k, int o) {
        float[] h0 = h[k];
        float[] h1 = h[k + 1];
        float[] h2 = h[k + 2];
        float[] h3 = h[k + 3];
        float[] h4 = h[k + 4];
        float w0 = w[o];
        float w1 = w[o + 1];
        float w2 = w[o + 2];
        float w3 = w[o + 3];
        float w4 = w[o + 4];
        for (int j = start; j < end; j++) {
            int s = idx[j];
            float v = vals[j];
            h0[s] = Math.fma(v, w0, h0[s]);
            h1[s] = Math.fma(v, w1, h1[s]);
            h2[s] = Math.fma(v, w2, h2[s]);
            h3[s] = Math.fma(v, w3, h3[s]);
            h4[s] = Math.fma(v, w4, h4[s]);
        }
    }

    /** {@link #scatter5} for two units. */
    private void scatter2(int[] idx, float[] vals, int start, int end, int k, int o) {
        float[] h0 = h[k];
        float[] h1 = h[k + 1];
        float w0 = w[o];
        float w1 = w[o + 1];
        for (int j = start; j < end; j++) {
            int s = idx[j];
            float v = vals[j];
            h0[s] = Math.fma(v, w0, h0[s]);
            h1[s] = Math.fma(v, w1, h1[s]);
        }
    }

    /** {@link #scatter5} for one unit. */
    private void scatter1(int[] idx, float[] vals, int start, int end, int k, int o) {
        float[] h0 = h[k];
        float w0 = w[o];
        for (int j = start; j < end; j++) {
            h0[idx[j]] = Math.fma(vals[j], w0, h0[idx[j]]);
        }
    }

    /** dW[o + u] += sum over the entries [start, end) of vals[j] g[k + u][idx[j]], u = 0..4, each in a local. */
    private void gather5(int[] idx, float[] vals, int start, int end, int k, int o) {
        float[] g0 = g[k];
        float[] g1 = g[k + 1];
        float[] g2 = g[k + 2];
        float[] g3 = g[k + 3];
        float[] g4 = g[k + 4];
        float a0 = dw[o];
        float a1 = dw[o + 1];
        float a2 = dw[o + 2];
        float a3 = dw[o + 3];
        float a4 = dw[o + 4];
        for (int j = start; j < end; j++) {
            int s = idx[j];
            float v = vals[j];
            a0 = Math.fma(v, g0[s], a0);
            a1 = Math.fma(v, g1[s], a1);
            a2 = Math.fma(v, g2[s], a2);
            a3 = Math.fma(v, g3[s], a3);
            a4 = Math.fma(v, g4[s], a4);
        }
        dw[o] = a0;
        dw[o + 1] = a1;
        dw[o + 2] = a2;
        dw[o + 3] = a3;
        dw[o + 4] = a4;
    }

    /** {@link #gather5} for two units. */
    private void gather2(int[] idx, float[] vals, int start, int end, int k, int o) {
        float[] g0 = g[k];
        float[] g1 = g[k + 1];
        float a0 = dw[o];
        float a1 = dw[o + 1];
        for (int j = start; j < end; j++) {
            int s = idx[j];
            float v = vals[j];
            a0 = Math.fma(v, g0[s], a0);
            a1 = Math.fma(v, g1[s], a1);
        }
        dw[o] = a0;
        dw[o + 1] = a1;
    }

    /** {@link #gather5} for one unit. */
    private void gather1(int[] idx, float[] vals, int start, int end, int k, int o) {
        float[] g0 = g[k];
        float a0 = dw[o];
        for (int j = start; j < end; j++) {
            a0 = Math.fma(vals[j], g0[idx[j]], a0);
        }
        dw[o] = a0;
    }

    /**
     * Sparse-input mode, ReLU output: the output pass wrote dz = c (x - y) without the mask on (1 where
     * p = z + b &gt; 0, else 0); this multiplies it in at feature f's recorded entries, giving there exactly
     * the masked formula's (c d) on. Everywhere else x = +0, so y = 0 (p &lt;= 0) gives d = +0 and c d = (c d) 0
     * already, and p &gt; 0 gives on = 1; NaN and infinities come out as in the formula. The mask is
     * computed from p's bits without a branch (a positive, non-zero pattern: p &gt; 0, +Inf, or a NaN,
     * whose dz is NaN either way).
     */
    private static void maskRecorded(SparseColumns cols, int f, float[] zr, float bf, float[] dz) {
        int[] idx = cols.index();
        for (int j = cols.start(f), end = cols.start(f + 1); j < end; j++) {
            int s = idx[j];
            int bits = Float.floatToRawIntBits(zr[s] + bf);
            dz[s] *= (float) ((-(long) bits) >>> 63);
        }
    }

    /** db and dW of feature row {@code row} (W offset dwo) from its dz row, for {@link #wideRows} batches. */
    private void wideReductions(float[] dz, int dwo, int row) {
        float u = ToyLoss.DZ_UNSCALE;
        sumDotWide(dz, h[0], acc, acc2);
        biasGrad[row] = tailSum(acc) * u;
        dw[dwo] = tailSum(acc2) * u;
        int k = 1;
        for (; k + 1 < m; k += 2) {
            dotWide(dz, h[k], h[k + 1], acc, acc2);
            dw[dwo + k] = tailSum(acc) * u;
            dw[dwo + k + 1] = tailSum(acc2) * u;
        }
        if (k < m) {
            dotWide(dz, h[k], acc);
            dw[dwo + k] = tailSum(acc) * u;
        }
    }

    /*
     * The wide reductions: lane l of a WIDE_BATCH row's blocks sums ((r[l] + r[l+256]) + r[l+512]) + r[l+768]
     * (for a dot, of the products), which is what dotBlocks/sumBlocks accumulate lane by lane over block
     * copies; the 256 lanes are then folded to 32 as in foldLanes (two accumulators per pass) and
     * tailSum adds the 32 exactly like foldLanes' last step. All array indexes are the loop variable plus
     * a constant, so C2 vectorises the loops.
     */

    /** s = lane sums of a, d = lane sums of a * b, each folded to 32 lanes. */
    static void sumDotWide(float[] a, float[] b, float[] s, float[] d) {
        for (int l = 0; l < LANES; l++) {
            float a0 = a[l];
            float a1 = a[l + 256];
            float a2 = a[l + 512];
            float a3 = a[l + 768];
            s[l] = ((a0 + a1) + a2) + a3;
            d[l] = Math.fma(a3, b[l + 768], Math.fma(a2, b[l + 512], Math.fma(a1, b[l + 256], a0 * b[l])));
        }
        fold2(s, d);
    }

    /** d = lane sums of a * b, e = lane sums of a * c, each folded to 32 lanes. */
    static void dotWide(float[] a, float[] b, float[] c, float[] d, float[] e) {
        for (int l = 0; l < LANES; l++) {
            float a0 = a[l];
            float a1 = a[l + 256];
            float a2 = a[l + 512];
            float a3 = a[l + 768];
            d[l] = Math.fma(a3, b[l + 768], Math.fma(a2, b[l + 512], Math.fma(a1, b[l + 256], a0 * b[l])));
            e[l] = Math.fma(a3, c[l + 768], Math.fma(a2, c[l + 512], Math.fma(a1, c[l + 256], a0 * c[l])));
        }
        fold2(d, e);
    }

    /** d = lane sums of a * b, folded to 32 lanes. */
    static void dotWide(float[] a, float[] b, float[] d) {
        for (int l = 0; l < LANES; l++) {
            d[l] = Math.fma(a[l + 768], b[l + 768], Math.fma(a[l + 512], b[l + 512], Math.fma(a[l + 256], b[l + 256], a[l] * b[l])));
        }
        foldTo32(d);
    }

    private static void fold2(float[] d, float[] e) {
        for (int l = 0; l < 128; l++) {
            d[l] += d[l + 128];
            e[l] += e[l + 128];
        }
        for (int l = 0; l < 64; l++) {
            d[l] += d[l + 64];
            e[l] += e[l + 64];
        }
        for (int l = 0; l < 32; l++) {
            d[l] += d[l + 32];
            e[l] += e[l + 32];
        }
    }

    /**
     * Dot product of two batch rows held as blocks (see {@link #blocks}): the block products are
     * accumulated into {@code acc[0..LANES)} lane by lane, block 0 first, then the lanes are folded in
     * halves (acc[l] += acc[l + 128], then + 64, + 32) and the last 32 summed with eight interleaved
     * partial sums. C2 (JDK 17) vectorises neither a float sum reduction nor a loop whose arrays are
     * indexed at different variable offsets; every loop here indexes separate arrays from 0 (or at
     * constant offsets), so all but the last 32 additions run vectorised.
     */
    static float dotBlocks(float[][] a, float[][] b, float[] acc) {
        float[] a0 = a[0];
        float[] b0 = b[0];
        int len0 = a0.length;
        for (int l = 0; l < len0; l++) {
            acc[l] = a0[l] * b0[l];
        }
        for (int l = len0; l < LANES; l++) {
            acc[l] = 0f;
        }
        for (int r = 1; r < a.length; r++) {
            float[] ar = a[r];
            float[] br = b[r];
            for (int l = 0; l < ar.length; l++) {
                acc[l] = Math.fma(ar[l], br[l], acc[l]);
            }
        }
        return foldLanes(acc);
    }

    /** Sum of a batch row held as blocks, in the same order as {@link #dotBlocks}. */
    static float sumBlocks(float[][] a, float[] acc) {
        float[] a0 = a[0];
        int len0 = a0.length;
        System.arraycopy(a0, 0, acc, 0, len0);
        for (int l = len0; l < LANES; l++) {
            acc[l] = 0f;
        }
        for (int r = 1; r < a.length; r++) {
            float[] ar = a[r];
            for (int l = 0; l < ar.length; l++) {
                acc[l] += ar[l];
            }
        }
        return foldLanes(acc);
    }

    private static float foldLanes(float[] acc) {
        foldTo32(acc);
        return tailSum(acc);
    }

    /** Folds the 256 lanes in halves down to 32: acc[l] += acc[l + 128], then + 64, then + 32. */
    private static void foldTo32(float[] acc) {
        for (int l = 0; l < 128; l++) {
            acc[l] += acc[l + 128];
        }
        for (int l = 0; l < 64; l++) {
            acc[l] += acc[l + 64];
        }
        for (int l = 0; l < 32; l++) {
            acc[l] += acc[l + 32];
        }
    }

    /** Sum of acc[0..32) with eight interleaved partial sums, the last step of every batch reduction. */
    private static float tailSum(float[] acc) {
        return FloatSums.interleaved8(acc, 32);
    }

    @Override
    public void close() {
        // heap arrays only
    }
}
