package org.tmssweep.core.model;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.data.SparseColumns;

/**
 * The tied toy models (no L1 penalty) in plain Java for sparse input of any width: the model that
 * {@link org.tmssweep.core.train.PackRun} trains a finite dataset on (Henighan et al. 2023, "Superposition,
 * Memorization, and Double Descent": n = 1,000 or more features, a handful of hidden dimensions, T points
 * trained full batch). At such shapes the work is the n x B output, not the products with the sparse input,
 * and at m = 2 the batched products of {@link Nd4jToyModel} are bound by memory (z and dz are n x B arrays
 * written and read back). This kernel walks the output one row at a time, a feature's row of B outputs or a
 * sample's row of n outputs ({@link Layout}), doing in two or three vectorised passes everything the row
 * needs while its data sits in registers and L1.
 *
 * <p>Per instance (instances one after the other through shared scratch, so an instance's numbers do not
 * depend on its pack), walked by <b>feature rows</b>, every batch row held as blocks of L lanes, L the
 * smallest power of two &ge; {@code min(B, 256)}:
 * <pre>
 *   h[k][s]  = sum over the recorded non-zeros x[f][s] of x W[f][k]       (features ascending, fma; ReLU
 *                                                                        for the ReLU-hidden kind)
 *   per live feature row f (ascending; {@link ToyLoss#liveRows}, coef_f = {@link ToyLoss#outputGradientCoefficient}):
 *     z[s]   = fma(h[m-1][s], W[f][m-1], ... fma(h[1][s], W[f][1], h[0][s] W[f][0]))
 *     y      = ReLU(z + b[f]) (or z + b[f]),  d = x - y,  on = 1 where y &gt; 0 (always for a linear output)
 *     dz[s]  = (DZ_SCALE coef_f d) on
 *     lane[s] = fma(imp_f, d^2, lane[s])
 *     db[f]  = fold(sum_s dz[s]) DZ_UNSCALE,  dW[f][k] = fold(sum_s fma dz[s] h[k][s]) DZ_UNSCALE
 *     g[k][s] = fma(W[f][k], dz[s], g[k][s])
 *   g unscaled (and masked by h &gt; 0 for the ReLU-hidden kind); dW[f][k] = fma(x, g[k][s], dW[f][k]) over
 *   the recorded non-zeros of every row f (samples ascending); loss = the lanes summed in double, samples
 *   ascending in four interleaved partial sums, times 1/(B n).
 * </pre>
 * The sums over s run lane by lane over the blocks (block 0 first), then the L lanes are folded in halves
 * down to 32 and the last ones summed with {@link FloatSums#interleaved8}: all loops index arrays from 0, so
 * C2 vectorises them (JDK 17 vectorises neither float reductions nor loops over arrays at different variable
 * offsets). The output pass first treats every entry as x = 0 (then d = -y, and dz = -DZ_SCALE coef y is
 * already masked), then recomputes the entries with a recorded non-zero from the lane value saved before the
 * pass: every entry gets exactly the formula above. The accumulators start at +0 and only add, so a masked
 * entry's dz of -0 or +0 leaves them as they are. Walked by <b>samples</b>, the same entries in the
 * transposed order: the sums over the samples are per feature and plain (no lanes), the sums over the
 * features (g) go through lanes and a fold per sample ({@link #instanceStepBySamples}).
 *
 * <p><b>Feature rows without an active output are skipped, exactly.</b> For the ReLU-output kinds, a row whose
 * bound {@code sum_k |W[f][k]| max_s |h[k][s]|}, widened for the float rounding of z, is at most {@code -b[f]}
 * has z + b &le; 0 at every sample, so y = 0 and dz = +0 there: its db and dW are +0 before the x^T g term,
 * it adds nothing to g, and its loss terms are {@code imp_f x^2} at its non-zeros. The kernel then writes
 * just that, the same bits as the full pass (tested against {@link Options#skipInactiveRows} off); the test
 * costs O(m) per row. Walked by samples, nothing is skipped.
 *
 * <p>The loss, its coefficients, the flush of tiny coefficients and the dz scaling are {@link ToyLoss}'s, as
 * in the other kernels; the sums run in a different order than theirs, so results differ from them by float
 * rounding. Which order is a function of the shape (n, B) alone. Sparse-input mode only
 * ({@link #readsDenseInput()} is false). Not thread-safe; allocates nothing after the constructor except when
 * a batch has more non-zeros than any before it.
 */
public final class FusedRowToyModel extends AbstractPackedModel {
    /** Widest lane accumulator (a constant bound, so that the folds vectorise). */
    static final int MAX_LANES = 256;

    /** 2^149 as two exact float factors: y * 2^100 * 2^49 is at least 1 for every y &gt; 0. */
    private static final float MASK_A = 0x1.0p100f;
    private static final float MASK_B = 0x1.0p49f;

    /**
     * How the kernel gets to its numbers: training uses {@link #DEFAULT}; the others reach the same bits by
     * plainer routes, for the tests.
     *
     * @param skipInactiveRows skip feature rows whose outputs are provably all off (see the class comment)
     * @param fusedHidden      at m = 2, fuse z into the output pass and the two units into the reductions
     * @param layout           how the output is walked
     */
    record Options(boolean skipInactiveRows, boolean fusedHidden, Layout layout) {
        static final Options DEFAULT = new Options(true, true, Layout.BY_SHAPE);
        static final Options PLAIN = new Options(false, false, Layout.BY_SHAPE);

        Options {
            if (layout == null) {
                throw new IllegalArgumentException("layout: must not be null");
            }
        }

        Options withLayout(Layout l) {
            return new Options(skipInactiveRows, fusedHidden, l);
        }
    }

    /**
     * Which way the output is walked: by feature rows, each a pass over the batch ({@link #FEATURE_ROWS}), or
     * by samples, each a pass over the features ({@link #SAMPLES}). {@link #BY_SHAPE} (training) takes the
     * samples when {@code 2 B <= n}, else the feature rows: each pass is vectorised along its axis, and each
     * pass also pays a fixed cost (folding its lane sums), which the fewer, longer passes amortise; the two
     * cost the same near B = n / 2 (measured at n = 1,000, m = 2). The layouts sum in different orders.
     */
    enum Layout {
        BY_SHAPE, FEATURE_ROWS, SAMPLES;

        boolean samples(int batch, int nFeatures) {
            return this == SAMPLES || this == BY_SHAPE && 2L * batch <= nFeatures;
        }
    }

    private final float[] w;
    private final float[] dw;
    private final FloatBuffer wView;
    private final FloatBuffer dwView;
    private final Options options;

    /** Lanes per block (a power of two), log2 of it, and the mask of a sample's lane. */
    private final int lanes;
    private final int shift;
    private final int laneMask;
    /** Batch rows as blocks: [m][block][lane], the last block possibly shorter. */
    private final float[][][] h;
    private final float[][][] g;
    private final float[][] lossLanes;
    private final float[][] dz;
    private final float[] zBlock;
    private final float[] zBlockF;
    private final float[] accB;
    private final float[][] accW;
    /** Largest |h[k][s]| of the current instance. */
    private final float[] hMax;
    /** Lane values of a row's recorded samples before its output pass. */
    private final float[] saved;
    /** The loss's four partial sums. */
    private final double[] lossParts = new double[4];

    /** True iff the output is walked by samples ({@link Layout}). */
    private final boolean bySamples;
    /** By samples: lanes of the feature blocks (the smallest power of two &ge; min(n, 256)) and their count. */
    private final int featureLanes;
    private final int featureShift;
    private final int featureMask;
    /** By samples, per feature in blocks of featureLanes: W^T [m][block][lane], b, -DZ_SCALE coef, imp. */
    private final float[][][] fw;
    private final float[][] fBias;
    private final float[][] fNcoef;
    private final float[][] fImp;
    /** By samples, the per-feature sums over the samples so far: loss, db, dW (dz scaled), and the sample's dz. */
    private final float[][] fLoss;
    private final float[][] fDb;
    private final float[][][] fDw;
    private final float[][] fDz;
    /** By samples: the lane sums of g over the feature blocks of one sample, [m][featureLanes]. */
    private final float[][] gLanes;
    /** By samples: the recorded non-zeros by sample (features ascending): starts [B + 1], features, values. */
    private final int[] sampleStart;
    private int[] sampleFeature;
    private float[] sampleValue;
    /** Rows skipped as inactive in the last {@link #forwardBackward}, all instances (for tests). */
    private int skippedRows;

    /** The model as training runs it. */
    public FusedRowToyModel(ModelKind kind, int instances, int batch, int nFeatures, int nHidden) {
        this(kind, instances, batch, nFeatures, nHidden, Options.DEFAULT);
    }

    FusedRowToyModel(ModelKind kind, int instances, int batch, int nFeatures, int nHidden, Options options) {
        super(kind, instances, batch, nFeatures, nHidden, true);
        if (kind.untied()) {
            throw new IllegalArgumentException("kind: the untied " + kind + " model needs Nd4jGeneralModel");
        }
        this.options = options;
        w = new float[instances * n * m];
        dw = new float[instances * n * m];
        wView = FloatBuffer.wrap(w);
        dwView = FloatBuffer.wrap(dw);
        lanes = lanes(batch);
        shift = Integer.numberOfTrailingZeros(lanes);
        laneMask = lanes - 1;
        h = new float[m][][];
        g = new float[m][][];
        accW = new float[m][lanes];
        for (int k = 0; k < m; k++) {
            h[k] = blocks(batch, lanes);
            g[k] = blocks(batch, lanes);
        }
        lossLanes = blocks(batch, lanes);
        dz = blocks(batch, lanes);
        zBlock = new float[lanes];
        zBlockF = new float[options.layout().samples(batch, nFeatures) ? lanes(nFeatures) : 0];
        accB = new float[lanes];
        hMax = new float[m];
        bySamples = options.layout().samples(batch, nFeatures);
        featureLanes = lanes(nFeatures);
        featureShift = Integer.numberOfTrailingZeros(featureLanes);
        featureMask = featureLanes - 1;
        int fl = bySamples ? n : 0;
        saved = new float[Math.max(batch, fl)];
        fw = new float[bySamples ? m : 0][][];
        fDw = new float[bySamples ? m : 0][][];
        gLanes = new float[bySamples ? m : 0][featureLanes];
        for (int k = 0; k < fw.length; k++) {
            fw[k] = blocks(fl, featureLanes);
            fDw[k] = blocks(fl, featureLanes);
        }
        fBias = blocks(fl, featureLanes);
        fNcoef = blocks(fl, featureLanes);
        fImp = blocks(fl, featureLanes);
        fLoss = blocks(fl, featureLanes);
        fDb = blocks(fl, featureLanes);
        fDz = blocks(fl, featureLanes);
        sampleStart = new int[bySamples ? batch + 1 : 0];
        sampleFeature = new int[bySamples ? Math.max(16, batch) : 0];
        sampleValue = new float[sampleFeature.length];
    }

    /** L for a batch of B: the smallest power of two &ge; min(B, MAX_LANES). */
    static int lanes(int batch) {
        int l = 1;
        while (l < batch && l < MAX_LANES) {
            l <<= 1;
        }
        return l;
    }

    private static float[][] blocks(int len, int lanes) {
        int count = (len + lanes - 1) / lanes;
        float[][] out = new float[count][];
        for (int r = 0; r < count; r++) {
            out[r] = new float[Math.min(lanes, len - r * lanes)];
        }
        return out;
    }

    @Override
    public boolean readsDenseInput() {
        return false;
    }

    @Override
    public void setParams(int instance, float[] wRowMajor, float[] b) {
        System.arraycopy(wRowMajor, 0, w, instance * n * m, n * m);
        System.arraycopy(b, 0, bias, instance * n, n);
    }

    /** Sets W (n x m) and b of one instance from doubles (rounded to float). */
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

    @Override
    public FloatBuffer weightBuffer() {
        return wView;
    }

    @Override
    public FloatBuffer weightGradientBuffer() {
        return dwView;
    }

    /** Model output of one instance for its current input, W and b, as [B][n] (recomputed; off the hot path). */
    public double[][] output(int instance) {
        hidden(instance);
        int wo = instance * n * m;
        double[][] out = new double[batch][n];
        for (int f = 0; f < n; f++) {
            float bf = bias[instance * n + f];
            for (int s = 0; s < batch; s++) {
                float p = z(s, wo + f * m) + bf;
                out[s][f] = kind.reluOutput() ? Math.max(p, 0f) : p;
            }
        }
        return out;
    }

    /** Rows whose outputs were all off in the last {@link #forwardBackward}, summed over the instances. */
    int skippedRows() {
        return skippedRows;
    }

    @Override
    public void forwardBackward(double[] lossOut) {
        skippedRows = 0;
        for (int i = 0; i < instances; i++) {
            lossOut[i] = !active[i] ? 0 : bySamples ? instanceStepBySamples(i) : instanceStep(i);
        }
    }

    /** z of sample s for the W row at {@code wf}, in the kernel's order (the scalar form of the output pass). */
    private float z(int s, int wf) {
        int r = s >> shift;
        int l = s & laneMask;
        float z = h[0][r][l] * w[wf];
        for (int k = 1; k < m; k++) {
            z = Math.fma(h[k][r][l], w[wf + k], z);
        }
        return z;
    }

    /** h of instance i from its recorded non-zeros (ReLU for the ReLU-hidden kind), and its largest |h[k]|. */
    private void hidden(int i) {
        int wo = i * n * m;
        for (int k = 0; k < m; k++) {
            for (float[] block : h[k]) {
                Arrays.fill(block, 0f);
            }
        }
        SparseColumns cols = columns[i];
        int[] idx = cols.index();
        float[] vals = cols.values();
        for (int f = 0; f < n; f++) {
            int end = cols.start(f + 1);
            for (int j = cols.start(f); j < end; j++) {
                int s = idx[j];
                int r = s >> shift;
                int l = s & laneMask;
                float v = vals[j];
                for (int k = 0; k < m; k++) {
                    float[] hk = h[k][r];
                    hk[l] = Math.fma(v, w[wo + f * m + k], hk[l]);
                }
            }
        }
        for (int k = 0; k < m; k++) {
            float max = 0f;
            for (float[] block : h[k]) {
                if (kind.reluHidden()) {
                    for (int l = 0; l < block.length; l++) {
                        block[l] = Math.max(block[l], 0f);
                    }
                }
                for (float v : block) {
                    max = Math.max(max, Math.abs(v));
                }
            }
            hMax[k] = max;
        }
    }

    /**
     * True iff z + b &le; 0 at every sample of the row at {@code wf} with bias {@code bf}: |z| is at most
     * {@code sum_k |W[f][k]| hMax[k]} grown by one float rounding per term ((1 + 2^-24)^m, covered by
     * (1 + (m + 2) 2^-23) with the double sum's own rounding) plus m float underflows (2^-149 each), so a
     * bound at most -b proves every z + b &le; 0, hence fl(z + b) &le; 0. NaN or infinite terms fail the test.
     */
    private boolean inactiveRow(int wf, float bf) {
        double bound = 0;
        for (int k = 0; k < m; k++) {
            bound += Math.abs((double) w[wf + k]) * hMax[k];
        }
        double widened = bound * (1 + (m + 2) * 0x1.0p-23) + m * 0x1.0p-148;
        return widened <= -(double) bf;
    }

    private double instanceStep(int i) {
        hidden(i);
        int wo = i * n * m;
        double norm = ToyLoss.norm(batch, n);
        boolean relu = kind.reluOutput();
        boolean skip = relu && options.skipInactiveRows();
        for (int k = 0; k < m; k++) {
            for (float[] block : g[k]) {
                Arrays.fill(block, 0f);
            }
        }
        for (float[] block : lossLanes) {
            Arrays.fill(block, 0f);
        }
        SparseColumns cols = columns[i];
        int[] idx = cols.index();
        float[] vals = cols.values();
        int live = ToyLoss.liveRows(importance, i * n, n, norm);
        for (int f = 0; f < n; f++) {
            int row = i * n + f;
            int wf = wo + f * m;
            float coef = f < live ? ToyLoss.outputGradientCoefficient(importance[row], norm) : 0f;
            if (coef == 0f) { // no gradient from this row, loss term below a double's resolution
                biasGrad[row] = 0f;
                Arrays.fill(dw, wf, wf + m, 0f);
                continue;
            }
            float bf = bias[row];
            float imp = importance[row];
            int start = cols.start(f);
            int end = cols.start(f + 1);
            if (skip && inactiveRow(wf, bf)) {
                for (int j = start; j < end; j++) {
                    int s = idx[j];
                    float[] ln = lossLanes[s >> shift];
                    float x = vals[j];
                    ln[s & laneMask] = Math.fma(imp, x * x, ln[s & laneMask]); // y = 0, d = x
                }
                biasGrad[row] = 0f;
                Arrays.fill(dw, wf, wf + m, 0f);
                skippedRows++;
                continue;
            }
            float coefS = coef * ToyLoss.DZ_SCALE; // exact; see ToyLoss.DZ_SCALE
            for (int j = start; j < end; j++) {
                int s = idx[j];
                saved[j - start] = lossLanes[s >> shift][s & laneMask];
            }
            outputPass(wf, bf, -coefS, imp, relu);
            for (int j = start; j < end; j++) {
                int s = idx[j];
                int r = s >> shift;
                int l = s & laneMask;
                float p = z(s, wf) + bf;
                float y = relu ? Math.max(p, 0f) : p;
                float d = vals[j] - y;
                float on = relu ? Math.min(y * MASK_A * MASK_B, 1f) : 1f;
                dz[r][l] = (coefS * d) * on;
                lossLanes[r][l] = Math.fma(imp, d * d, saved[j - start]);
            }
            rowReductions(wf, row);
        }
        inputGradient(i);
        double[] part = lossParts;
        Arrays.fill(part, 0);
        int s = 0;
        for (float[] block : lossLanes) {
            for (float v : block) {
                part[s & 3] += v;
                s++;
            }
        }
        return ((part[0] + part[1]) + (part[2] + part[3])) * norm;
    }

    /**
     * The hidden side, once g (scaled by DZ_SCALE) holds sum_f W[f][k] dz[f][s]: g unscaled (and masked by
     * h &gt; 0 for the ReLU-hidden kind), then dW[f][k] = fma(x, g[k][s], dW[f][k]) over the recorded
     * non-zeros, features ascending, samples ascending.
     */
    private void inputGradient(int i) {
        int wo = i * n * m;
        float u = ToyLoss.DZ_UNSCALE;
        for (int k = 0; k < m; k++) {
            float[][] gk = g[k];
            float[][] hk = h[k];
            for (int r = 0; r < gk.length; r++) {
                float[] gr = gk[r];
                if (kind.reluHidden()) {
                    float[] hr = hk[r];
                    for (int l = 0; l < gr.length; l++) {
                        gr[l] = (gr[l] * u) * Math.min(hr[l] * MASK_A * MASK_B, 1f);
                    }
                } else {
                    for (int l = 0; l < gr.length; l++) {
                        gr[l] *= u;
                    }
                }
            }
        }
        SparseColumns cols = columns[i];
        int[] idx = cols.index();
        float[] vals = cols.values();
        for (int f = 0; f < n; f++) {
            int wf = wo + f * m;
            int end = cols.start(f + 1);
            for (int j = cols.start(f); j < end; j++) {
                int s = idx[j];
                int r = s >> shift;
                int l = s & laneMask;
                float x = vals[j];
                for (int k = 0; k < m; k++) {
                    dw[wf + k] = Math.fma(x, g[k][r][l], dw[wf + k]);
                }
            }
        }
    }

    /** The recorded non-zeros of instance i by sample (features ascending within a sample): a counting sort. */
    private void bySample(SparseColumns cols) {
        int[] idx = cols.index();
        float[] vals = cols.values();
        int nnz = cols.nonZeros();
        if (sampleFeature.length < nnz) {
            sampleFeature = new int[nnz];
            sampleValue = new float[nnz];
        }
        int[] start = sampleStart;
        Arrays.fill(start, 0);
        for (int j = 0; j < nnz; j++) {
            start[idx[j] + 1]++;
        }
        for (int s = 0; s < batch; s++) {
            start[s + 1] += start[s];
        }
        for (int f = 0; f < n; f++) {
            int end = cols.start(f + 1);
            for (int j = cols.start(f); j < end; j++) {
                int at = start[idx[j]]++;
                sampleFeature[at] = f;
                sampleValue[at] = vals[j];
            }
        }
        for (int s = batch; s > 0; s--) {
            start[s] = start[s - 1];
        }
        start[0] = 0;
    }

    /**
     * One instance walked by samples. Per feature f (blocks of {@link #featureLanes}; a feature whose
     * coefficient is flushed, {@link ToyLoss#liveRows}, gets coef = imp = 0 and so adds nothing): for each
     * sample s ascending, with h = h[.][s],
     * <pre>
     *   z      = fma(W[f][m-1], h[m-1], ... fma(W[f][1], h[1], W[f][0] h[0]))
     *   y, d, on, dz as by feature rows;   loss[f] = fma(imp_f, d^2, loss[f])
     *   db[f] += dz,  dWs[f][k] = fma(dz, h[k], dWs[f][k])
     *   g[k][s] = fold(lane sums over the feature blocks of fma W[f][k] dz)
     * </pre>
     * then db = db DZ_UNSCALE, dW = dWs DZ_UNSCALE, the hidden side as by feature rows
     * ({@link #inputGradient}), and the loss the per-feature sums added in double, features ascending. As by
     * rows, the pass over the features treats every x as 0 and the sample's recorded non-zeros are then
     * recomputed from their saved loss sums. No row is skipped here: an off feature costs what the others do.
     */
    private double instanceStepBySamples(int i) {
        hidden(i);
        int wo = i * n * m;
        double norm = ToyLoss.norm(batch, n);
        boolean relu = kind.reluOutput();
        int live = ToyLoss.liveRows(importance, i * n, n, norm);
        for (int r = 0; r < fBias.length; r++) {
            float[] bb = fBias[r];
            float[] nc = fNcoef[r];
            float[] im = fImp[r];
            int base = r << featureShift;
            for (int l = 0; l < bb.length; l++) {
                int row = i * n + base + l;
                float coef = base + l < live ? ToyLoss.outputGradientCoefficient(importance[row], norm) : 0f;
                bb[l] = bias[row];
                nc[l] = -(coef * ToyLoss.DZ_SCALE);
                im[l] = coef == 0f ? 0f : importance[row];
            }
            Arrays.fill(fLoss[r], 0f);
            Arrays.fill(fDb[r], 0f);
            for (int k = 0; k < m; k++) {
                float[] wk = fw[k][r];
                for (int l = 0, at = wo + base * m + k; l < wk.length; l++, at += m) {
                    wk[l] = w[at];
                }
                Arrays.fill(fDw[k][r], 0f);
            }
        }
        bySample(columns[i]);
        for (int s = 0; s < batch; s++) {
            int start = sampleStart[s];
            int end = sampleStart[s + 1];
            for (int j = start; j < end; j++) {
                int f = sampleFeature[j];
                saved[j - start] = fLoss[f >> featureShift][f & featureMask];
            }
            int hr = s >> shift;
            int hl = s & laneMask;
            samplePass(hr, hl, relu);
            for (int j = start; j < end; j++) {
                int f = sampleFeature[j];
                int r = f >> featureShift;
                int l = f & featureMask;
                float z = fw[0][r][l] * h[0][hr][hl];
                for (int k = 1; k < m; k++) {
                    z = Math.fma(fw[k][r][l], h[k][hr][hl], z);
                }
                float p = z + fBias[r][l];
                float y = relu ? Math.max(p, 0f) : p;
                float d = sampleValue[j] - y;
                float on = relu ? Math.min(y * MASK_A * MASK_B, 1f) : 1f;
                fDz[r][l] = (-fNcoef[r][l] * d) * on;
                fLoss[r][l] = Math.fma(fImp[r][l], d * d, saved[j - start]);
            }
            sampleReductions(hr, hl);
        }
        float u = ToyLoss.DZ_UNSCALE;
        double loss = 0;
        for (int r = 0; r < fBias.length; r++) {
            float[] e = fDb[r];
            float[] lo = fLoss[r];
            int base = r << featureShift;
            for (int l = 0; l < e.length; l++) {
                biasGrad[i * n + base + l] = e[l] * u;
                loss += lo[l];
            }
            for (int k = 0; k < m; k++) {
                float[] q = fDw[k][r];
                for (int l = 0, at = wo + base * m + k; l < q.length; l++, at += m) {
                    dw[at] = q[l] * u;
                }
            }
        }
        inputGradient(i);
        return loss * norm;
    }

    /** The pass over the features of the sample at h block hr, lane hl, as if every x were 0: dz and loss. */
    private void samplePass(int hr, int hl, boolean relu) {
        float h0 = h[0][hr][hl];
        if (options.fusedHidden() && m == 2) {
            float h1 = h[1][hr][hl];
            for (int r = 0; r < fDz.length; r++) {
                float[] a = fw[0][r];
                float[] c = fw[1][r];
                float[] b = fBias[r];
                float[] nc = fNcoef[r];
                float[] im = fImp[r];
                float[] lo = fLoss[r];
                float[] d = fDz[r];
                if (relu) {
                    for (int l = 0; l < d.length; l++) {
                        float y = Math.max(Math.fma(c[l], h1, a[l] * h0) + b[l], 0f);
                        d[l] = nc[l] * y;
                        lo[l] = Math.fma(im[l], y * y, lo[l]);
                    }
                } else {
                    for (int l = 0; l < d.length; l++) {
                        float y = Math.fma(c[l], h1, a[l] * h0) + b[l];
                        d[l] = nc[l] * y;
                        lo[l] = Math.fma(im[l], y * y, lo[l]);
                    }
                }
            }
            return;
        }
        float[] zb = zBlockF;
        for (int r = 0; r < fDz.length; r++) {
            float[] d = fDz[r];
            int len = d.length;
            float[] a = fw[0][r];
            for (int l = 0; l < len; l++) {
                zb[l] = a[l] * h0;
            }
            for (int k = 1; k < m; k++) {
                float hk = h[k][hr][hl];
                float[] wk = fw[k][r];
                for (int l = 0; l < len; l++) {
                    zb[l] = Math.fma(wk[l], hk, zb[l]);
                }
            }
            float[] b = fBias[r];
            float[] nc = fNcoef[r];
            float[] im = fImp[r];
            float[] lo = fLoss[r];
            for (int l = 0; l < len; l++) {
                float p = zb[l] + b[l];
                float y = relu ? Math.max(p, 0f) : p;
                d[l] = nc[l] * y;
                lo[l] = Math.fma(im[l], y * y, lo[l]);
            }
        }
    }

    /** db, dW and g[.][s] from the sample's dz (the sample at h block hr, lane hl). */
    private void sampleReductions(int hr, int hl) {
        if (options.fusedHidden() && m == 2) {
            float h0 = h[0][hr][hl];
            float h1 = h[1][hr][hl];
            for (int r = 0; r < fDz.length; r++) {
                float[] d = fDz[r];
                float[] e = fDb[r];
                float[] q0 = fDw[0][r];
                float[] q1 = fDw[1][r];
                for (int l = 0; l < d.length; l++) {
                    float v = d[l];
                    e[l] += v;
                    q0[l] = Math.fma(v, h0, q0[l]);
                    q1[l] = Math.fma(v, h1, q1[l]);
                }
            }
            float[] g0 = gLanes[0];
            float[] g1 = gLanes[1];
            Arrays.fill(g0, 0f);
            Arrays.fill(g1, 0f);
            for (int r = 0; r < fDz.length; r++) {
                float[] d = fDz[r];
                float[] a = fw[0][r];
                float[] c = fw[1][r];
                for (int l = 0; l < d.length; l++) {
                    float v = d[l];
                    g0[l] = Math.fma(a[l], v, g0[l]);
                    g1[l] = Math.fma(c[l], v, g1[l]);
                }
            }
        } else {
            for (int r = 0; r < fDz.length; r++) {
                float[] d = fDz[r];
                float[] e = fDb[r];
                for (int l = 0; l < d.length; l++) {
                    e[l] += d[l];
                }
            }
            for (int k = 0; k < m; k++) {
                float hk = h[k][hr][hl];
                float[] gk = gLanes[k];
                Arrays.fill(gk, 0f);
                for (int r = 0; r < fDz.length; r++) {
                    float[] d = fDz[r];
                    float[] q = fDw[k][r];
                    float[] a = fw[k][r];
                    for (int l = 0; l < d.length; l++) {
                        q[l] = Math.fma(d[l], hk, q[l]);
                        gk[l] = Math.fma(a[l], d[l], gk[l]);
                    }
                }
            }
        }
        for (int k = 0; k < m; k++) {
            g[k][hr][hl] = fold(gLanes[k], featureLanes);
        }
    }

    /**
     * The output pass of one row as if every x were 0: dz = ncoefS y (y = ReLU(z + b), or z + b) and
     * lane += imp y^2 (d = -y, so d^2 = y^2), block by block.
     */
    private void outputPass(int wf, float bf, float ncoefS, float imp, boolean relu) {
        float w0 = w[wf];
        if (options.fusedHidden() && m == 2) {
            float w1 = w[wf + 1];
            float[][] h0 = h[0];
            float[][] h1 = h[1];
            for (int r = 0; r < dz.length; r++) {
                float[] a = h0[r];
                float[] b = h1[r];
                float[] d = dz[r];
                float[] ln = lossLanes[r];
                if (relu) {
                    for (int l = 0; l < d.length; l++) {
                        float y = Math.max(Math.fma(b[l], w1, a[l] * w0) + bf, 0f);
                        d[l] = ncoefS * y;
                        ln[l] = Math.fma(imp, y * y, ln[l]);
                    }
                } else {
                    for (int l = 0; l < d.length; l++) {
                        float y = Math.fma(b[l], w1, a[l] * w0) + bf;
                        d[l] = ncoefS * y;
                        ln[l] = Math.fma(imp, y * y, ln[l]);
                    }
                }
            }
            return;
        }
        float[] zb = zBlock;
        for (int r = 0; r < dz.length; r++) {
            float[] d = dz[r];
            int len = d.length;
            float[] a = h[0][r];
            for (int l = 0; l < len; l++) {
                zb[l] = a[l] * w0;
            }
            for (int k = 1; k < m; k++) {
                float wk = w[wf + k];
                float[] hk = h[k][r];
                for (int l = 0; l < len; l++) {
                    zb[l] = Math.fma(hk[l], wk, zb[l]);
                }
            }
            float[] ln = lossLanes[r];
            for (int l = 0; l < len; l++) {
                float p = zb[l] + bf;
                float y = relu ? Math.max(p, 0f) : p;
                d[l] = ncoefS * y;
                ln[l] = Math.fma(imp, y * y, ln[l]);
            }
        }
    }

    /** db, dW (before the x^T g term) and the row's part of g, from the row's dz. */
    private void rowReductions(int wf, int row) {
        float[] ab = accB;
        Arrays.fill(ab, 0f);
        for (int k = 0; k < m; k++) {
            Arrays.fill(accW[k], 0f);
        }
        if (options.fusedHidden() && m == 2) {
            float w0 = w[wf];
            float w1 = w[wf + 1];
            float[] a0 = accW[0];
            float[] a1 = accW[1];
            for (int r = 0; r < dz.length; r++) {
                float[] d = dz[r];
                float[] h0 = h[0][r];
                float[] h1 = h[1][r];
                float[] g0 = g[0][r];
                float[] g1 = g[1][r];
                // two passes: C2 does not vectorise one pass over all eight arrays
                for (int l = 0; l < d.length; l++) {
                    float v = d[l];
                    ab[l] += v;
                    a0[l] = Math.fma(v, h0[l], a0[l]);
                    g0[l] = Math.fma(w0, v, g0[l]);
                }
                for (int l = 0; l < d.length; l++) {
                    float v = d[l];
                    a1[l] = Math.fma(v, h1[l], a1[l]);
                    g1[l] = Math.fma(w1, v, g1[l]);
                }
            }
        } else {
            for (int r = 0; r < dz.length; r++) {
                float[] d = dz[r];
                for (int l = 0; l < d.length; l++) {
                    ab[l] += d[l];
                }
                for (int k = 0; k < m; k++) {
                    float[] ak = accW[k];
                    float[] hk = h[k][r];
                    float[] gk = g[k][r];
                    float wk = w[wf + k];
                    for (int l = 0; l < d.length; l++) {
                        ak[l] = Math.fma(d[l], hk[l], ak[l]);
                        gk[l] = Math.fma(wk, d[l], gk[l]);
                    }
                }
            }
        }
        float u = ToyLoss.DZ_UNSCALE;
        biasGrad[row] = fold(ab) * u;
        for (int k = 0; k < m; k++) {
            dw[wf + k] = fold(accW[k]) * u;
        }
    }

    /** Folds the lanes in halves down to 32 (acc[l] += acc[l + half]) and sums the rest ({@link FloatSums#interleaved8}). */
    private float fold(float[] acc) {
        return fold(acc, lanes);
    }

    /** {@link #fold(float[])} of lanes {@code acc[0 .. width)}, width a power of two up to 256. */
    private static float fold(float[] acc, int width) {
        if (width >= 256) {
            for (int l = 0; l < 128; l++) {
                acc[l] += acc[l + 128];
            }
        }
        if (width >= 128) {
            for (int l = 0; l < 64; l++) {
                acc[l] += acc[l + 64];
            }
        }
        if (width >= 64) {
            for (int l = 0; l < 32; l++) {
                acc[l] += acc[l + 32];
            }
        }
        return FloatSums.interleaved8(acc, Math.min(width, 32));
    }

    @Override
    public void close() {
        // heap arrays only
    }
}
