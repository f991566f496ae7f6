package org.tmssweep.core.model;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.data.SparseColumns;

/**
 * Many toy models ("instances") of one shape packed into rank-3 float32 tensors and run with four
 * batched ND4J matrix products per training step; all elementwise work (bias, ReLUs, loss, output
 * gradient, bias gradient) is done in Java loops directly over the tensors' off-heap buffers. Every
 * buffer is allocated once, in the constructor.
 *
 * <p>Layout is batch-innermost (each feature's B values are contiguous), per instance i:
 * <pre>
 *   w  [I, n, m]     parameters W (row f = feature f's embedding)
 *   xd [I, n, 2B]    columns 0..B-1: input x^T;  columns B..2B-1: output gradient dz^T
 *   gh [I, m, 2B]    columns 0..B-1: hidden gradient g^T;  columns B..2B-1: hidden h^T
 *   z  [I, n, B]     pre-activation without the bias
 *   dw [I, n, m]     gradient of W
 * </pre>
 * The four products: {@code h^T = W^T x^T}, {@code z^T = W h^T}, {@code g^T = W^T dz^T} and, thanks to
 * the paired layout, both terms of {@code dW = dz^T h + x^T g} in one product {@code dW = xd gh^T}.
 * The bias b, its gradient and the importance stay in Java arrays.
 *
 * <p><b>Sparse-input mode</b> (constructor flag): the input's non-zero pattern is kept per instance in a
 * {@link SparseColumns} and the two products that involve x are done sparsely in Java, touching only
 * non-zero x: {@code h^T = W^T x^T} (for each non-zero x[f][s], {@code h[.][s] += x W[f][.]}, features in
 * ascending order) and the {@code x^T g} term of dW, which is added to the dense product
 * {@code dz^T h} (ND4J) afterwards, non-zeros in ascending (feature, sample) order. The input is then
 * never copied to the xd buffer. Costs O(nnz * m) instead of O(n * B * m) for these two terms; the
 * float sums run in a different order than the BLAS ones, so results differ from dense mode by
 * rounding, but each mode is deterministic and per-instance. This mode also runs the three dense
 * products and the output pass only over the leading feature rows whose output-gradient coefficient
 * is not flushed ({@link #liveRows()}, per instance), keeps dz in its own [I, n, B] tensor scaled by
 * {@link ToyLoss#DZ_SCALE} (no subnormals in BLAS), and does the output pass in a vectorisable form
 * ({@link #outputAndGradientSparse}).
 *
 * <p>Instances never mix: every product is batched over the instance axis and every Java loop runs
 * per instance, so an instance's numbers do not depend on its neighbours in the pack.
 *
 * <p>Not thread-safe. Call {@link #close()} to release the off-heap memory early.
 */
public final class Nd4jToyModel extends AbstractPackedModel {

    private final INDArray w;
    private final INDArray xd;
    private final INDArray gh;
    private final INDArray z;
    private final INDArray dw;
    private final Mmul hiddenOp;
    private final Mmul outputOp;
    private final Mmul hiddenGradOp;
    private final Mmul weightGradOp;
    private Mmul sparseOutputOp;
    private Mmul sparseHiddenGradOp;
    private Mmul sparseWeightGradOp;
    /**
     * Sparse-input mode: instance i's products cover its feature rows [0, opsLive[i]) (see
     * {@link #liveRows()}); the three Mmul fields run all instances at once when every active instance
     * has the same count, else {@link #instanceOps} holds three rank-3 single-instance ops per instance.
     */
    private int[] opsLive;
    private final int[] live;
    private Mmul[] instanceOps;
    private final INDArray hb;
    private final INDArray gb;
    /** Sparse-input mode: dz [I, n, B], contiguous per instance (x is not staged in xd there). */
    private final INDArray dzs;
    private final FloatBuffer dzsBuf;
    private final FloatBuffer hbBuf;
    private final FloatBuffer gbBuf;
    private final float[] wHeap;
    private final float[] dwHeap;
    private final float[] hScratch;
    private final float[] gScratchBm;
    private final float[] lossLane;

    private final FloatBuffer wBuf;
    private final FloatBuffer xdBuf;
    private final FloatBuffer ghBuf;
    private final FloatBuffer zBuf;
    private final FloatBuffer dwBuf;

    private final float[] zScratch;
    private final float[] gScratch;

    public Nd4jToyModel(ModelKind kind, int instances, int batch, int nFeatures, int nHidden) {
        this(kind, instances, batch, nFeatures, nHidden, false);
    }

    /**
     * @param sparseInput use the sparse-input mode (see the class comment); then fill the input with
     *     {@link org.tmssweep.core.data.SparseSampler#fillFeatureMajor(org.tmssweep.core.rng.Rng, float[], int,
     *     int, SparseColumns)} and {@link #sparseColumns(int)}, or {@link #setInput}
     */
    public Nd4jToyModel(ModelKind kind, int instances, int batch, int nFeatures, int nHidden, boolean sparseInput) {
        super(kind, instances, batch, nFeatures, nHidden, sparseInput);
        w = Nd4j.create(DataType.FLOAT, instances, n, m);
        xd = Nd4j.create(DataType.FLOAT, instances, n, 2L * batch);
        gh = Nd4j.create(DataType.FLOAT, instances, m, 2L * batch);
        z = Nd4j.create(DataType.FLOAT, instances, n, batch);
        dw = Nd4j.create(DataType.FLOAT, instances, n, m);
        INDArray xT = xd.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, batch));
        INDArray dzT = xd.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(batch, 2 * batch));
        INDArray gT = gh.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, batch));
        INDArray hT = gh.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(batch, 2 * batch));
        MMulTranspose none = MMulTranspose.builder().build();
        MMulTranspose transA = MMulTranspose.builder().transposeA(true).build();
        MMulTranspose transB = MMulTranspose.builder().transposeB(true).build();
        hiddenOp = new Mmul(w, xT, hT, transA);
        outputOp = new Mmul(w, hT, z, none);
        hiddenGradOp = new Mmul(w, dzT, gT, transA);
        weightGradOp = new Mmul(xd, gh, dw, transB);
        // sparse-input mode keeps h and g sample-major, [I, B, m], so that each non-zero x touches m
        // contiguous floats; the three dense products are arranged to read and write that layout
        hb = sparseInput ? Nd4j.create(DataType.FLOAT, instances, batch, m) : null;
        gb = sparseInput ? Nd4j.create(DataType.FLOAT, instances, batch, m) : null;
        hbBuf = sparseInput ? hb.data().asNioFloat() : null;
        gbBuf = sparseInput ? gb.data().asNioFloat() : null;
        dzs = sparseInput ? Nd4j.create(DataType.FLOAT, instances, n, batch) : null;
        dzsBuf = sparseInput ? dzs.data().asNioFloat() : null;
        wHeap = new float[sparseInput ? nFeatures * nHidden : 0];
        dwHeap = new float[sparseInput ? nFeatures * nHidden : 0];
        hScratch = new float[sparseInput ? nHidden * batch : 0];
        gScratchBm = new float[sparseInput ? nHidden * batch : 0];
        lossLane = new float[sparseInput ? batch : 0];
        live = new int[sparseInput ? instances : 0];
        wBuf = w.data().asNioFloat();
        xdBuf = xd.data().asNioFloat();
        ghBuf = gh.data().asNioFloat();
        zBuf = z.data().asNioFloat();
        dwBuf = dw.data().asNioFloat();
        zScratch = new float[batch];
        gScratch = new float[batch];
    }

    /** In sparse-input mode only the recorded non-zeros ({@link SparseColumns#values()}) are read. */
    @Override
    public boolean readsDenseInput() {
        return !sparseInput;
    }

    /** Sets W (n x m, row-major, length n*m) and b (length n) of one instance. */
    public void setParams(int instance, float[] wRowMajor, float[] b) {
        wBuf.put(instance * n * m, wRowMajor, 0, n * m);
        System.arraycopy(b, 0, bias, instance * n, n);
    }

    public void setParams(int instance, double[][] wRows, double[] b) {
        float[] flat = new float[n * m];
        float[] fb = new float[n];
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < m; k++) {
                flat[f * m + k] = (float) wRows[f][k];
            }
            fb[f] = (float) b[f];
        }
        setParams(instance, flat, fb);
    }

    /**
     * Freezes an instance: its W and b are set to zero and it is skipped by the elementwise work
     * (its loss is reported as 0 and its gradients as 0). Used to park diverged instances.
     */
    public void deactivate(int instance) {
        active[instance] = false;
        setParams(instance, new float[n * m], new float[n]);
        float[] zeros = new float[2 * batch];
        for (int f = 0; f < n; f++) {
            xdBuf.put((instance * n + f) * 2 * batch, zeros, 0, 2 * batch);
            if (sparseInput) {
                dzsBuf.put((instance * n + f) * batch, zeros, 0, batch);
            }
        }
    }

    /**
     * Model output of one instance for the input of the last {@link #forwardBackward}, as [B][n];
     * recomputed from the stored pre-activation and the current bias, so valid until b changes.
     */
    public double[][] output(int instance) {
        double[][] out = new double[batch][n];
        int off = instance * n * batch;
        // sparse mode: the product skipped the rows from opsLive[instance] on
        int stored = !sparseInput ? n : opsLive == null ? 0 : Math.max(opsLive[instance], 0);
        for (int f = 0; f < n; f++) {
            float bf = bias[instance * n + f];
            for (int s = 0; s < batch; s++) {
                float zv;
                if (f < stored) {
                    zv = zBuf.get(off + f * batch + s);
                } else {
                    zv = 0f;
                    for (int k = 0; k < m; k++) {
                        zv += wBuf.get((instance * n + f) * m + k) * hbBuf.get((instance * batch + s) * m + k);
                    }
                }
                float pre = zv + bf;
                out[s][f] = kind.reluOutput() && pre <= 0 ? 0f : pre;
            }
        }
        return out;
    }

    /** Live view of the W buffer (all instances, [I, n, m] row-major) for in-place optimiser updates. */
    public FloatBuffer weightBuffer() {
        return wBuf;
    }

    /** Live view of the W gradient buffer ([I, n, m] row-major). */
    public FloatBuffer weightGradientBuffer() {
        return dwBuf;
    }

    /**
     * One forward and backward pass of every instance on the current input. Writes each instance's
     * loss (notebook normalisation) into {@code lossOut[i]}; afterwards the gradients and outputs can be
     * read.
     */
    public void forwardBackward(double[] lossOut) {
        if (sparseInput) {
            forwardBackwardSparse(lossOut);
            return;
        }
        int nb = n * batch;
        for (int i = 0; i < instances; i++) {
            if (active[i]) {
                int src = i * nb;
                int dst = i * n * 2 * batch;
                for (int f = 0; f < n; f++) {
                    xdBuf.put(dst + f * 2 * batch, x, src + f * batch, batch);
                }
            }
        }
        Nd4j.exec(hiddenOp);
        if (kind.reluHidden()) {
            reluHidden();
        }
        Nd4j.exec(outputOp);
        outputAndGradient(lossOut);
        Nd4j.exec(hiddenGradOp);
        if (kind.reluHidden()) {
            maskHiddenGradient();
        }
        Nd4j.exec(weightGradOp);
    }

    private void forwardBackwardSparse(double[] lossOut) {
        int[] live = liveRows();
        if (!java.util.Arrays.equals(live, opsLive)) {
            buildSparseOps(live);
        }
        int bm = batch * m;
        float[] hs = hScratch;
        for (int i = 0; i < instances; i++) {
            java.util.Arrays.fill(hs, 0f);
            if (active[i]) {
                wBuf.get(i * n * m, wHeap, 0, n * m);
                addRecordedProducts(columns[i], hs, wHeap, true); // h = x W
                if (kind.reluHidden()) {
                    relu(hs, bm);
                }
            }
            hbBuf.put(i * bm, hs, 0, bm);
        }
        execSparseOps(0);
        outputAndGradientSparse(lossOut, live);
        execSparseOps(1);
        execSparseOps(2);
        float[] gs = gScratchBm;
        for (int i = 0; i < instances; i++) {
            if (!active[i]) {
                continue;
            }
            if (live[i] > 0) {
                gbBuf.get(i * bm, gs, 0, bm);
                for (int j = 0; j < bm; j++) {
                    gs[j] *= ToyLoss.DZ_UNSCALE; // exact: dz was stored times DZ_SCALE
                }
            } else {
                java.util.Arrays.fill(gs, 0f);
            }
            if (kind.reluHidden()) {
                hbBuf.get(i * bm, hs, 0, bm);
                maskWherePositive(gs, hs, bm);
            }
            dwBuf.get(i * n * m, dwHeap, 0, n * m);
            for (int j = 0, end = live[i] * m; j < end; j++) {
                dwHeap[j] *= ToyLoss.DZ_UNSCALE;
            }
            java.util.Arrays.fill(dwHeap, live[i] * m, n * m, 0f); // rows the dz^T h product skipped: dz is 0 there
            addRecordedProducts(columns[i], dwHeap, gs, false); // dW += x^T g
            dwBuf.put(i * n * m, dwHeap, 0, n * m);
        }
    }

    /**
     * Sparse-input mode, the two products with x over its recorded non-zeros x = x[f][s] (features
     * ascending, then samples ascending): for each, {@code dst[d + k] += x * src[o + k]}, k = 0..m-1, with
     * the sample-major row d = s m of dst and the feature row o = f m of src ({@code toSample}: h = x W,
     * h [B, m], W [n, m]), or the other way round (dW += x^T g, dW [n, m], g [B, m]).
     */
    private void addRecordedProducts(SparseColumns cols, float[] dst, float[] src, boolean toSample) {
        int[] idx = cols.index();
        float[] vals = cols.values();
        for (int f = 0; f < n; f++) {
            int fo = f * m;
            for (int j = cols.start(f), end = cols.start(f + 1); j < end; j++) {
                int so = idx[j] * m;
                float xv = vals[j];
                int d = toSample ? so : fo;
                int o = toSample ? fo : so;
                for (int k = 0; k < m; k++) {
                    dst[d + k] += xv * src[o + k];
                }
            }
        }
    }

    /** a[j] = ReLU(a[j]) for j &lt; len, branch-free ({@link #passMask}; a positive NaN passes). */
    private static void relu(float[] a, int len) {
        for (int j = 0; j < len; j++) {
            int bits = Float.floatToRawIntBits(a[j]);
            a[j] = Float.intBitsToFloat(bits & passMask(bits));
        }
    }

    /** g[j] = h[j] &gt; 0 ? g[j] : 0 for j &lt; len, branch-free ({@link #passMask}): the hidden ReLU's gradient. */
    private static void maskWherePositive(float[] g, float[] h, int len) {
        for (int j = 0; j < len; j++) {
            int keep = passMask(Float.floatToRawIntBits(h[j]));
            g[j] = Float.intBitsToFloat(Float.floatToRawIntBits(g[j]) & keep);
        }
    }

    /**
     * Sparse-input mode, per instance: {@link ToyLoss#liveRows} (the three products, the output pass and
     * the loss skip the rows from there on); -1 for an inactive instance.
     */
    private int[] liveRows() {
        double norm = ToyLoss.norm(batch, n);
        for (int i = 0; i < instances; i++) {
            live[i] = active[i] ? ToyLoss.liveRows(importance, i * n, n, norm) : -1;
        }
        return live;
    }

    /**
     * The sparse-input mode's three products on views over each instance's live rows: one batched op
     * each when all active instances have the same live-row count (then every instance's product has the
     * shape it has alone), else rank-3 ops over one instance each, so that an instance's products have
     * exactly the shape (and hence the arithmetic) they have when it is trained alone.
     */
    private void buildSparseOps(int[] liveNow) {
        opsLive = liveNow.clone();
        int common = -1;
        boolean uniform = true;
        for (int count : liveNow) {
            if (count >= 0) {
                uniform &= common < 0 || count == common;
                common = count;
            }
        }
        sparseOutputOp = null;
        sparseHiddenGradOp = null;
        sparseWeightGradOp = null;
        instanceOps = null;
        if (uniform) {
            if (common > 0) {
                Mmul[] ops = productOps(NDArrayIndex.all(), common);
                sparseOutputOp = ops[0];
                sparseHiddenGradOp = ops[1];
                sparseWeightGradOp = ops[2];
            }
            return;
        }
        instanceOps = new Mmul[3 * instances];
        for (int i = 0; i < instances; i++) {
            if (liveNow[i] > 0) {
                System.arraycopy(productOps(NDArrayIndex.interval(i, i + 1), liveNow[i]), 0, instanceOps, 3 * i, 3);
            }
        }
    }

    /** z^T = W h^T, g = dz W and dW = dz^T h over feature rows [0, rows) of the given instances. */
    private Mmul[] productOps(INDArrayIndex inst, int rows) {
        INDArrayIndex all = NDArrayIndex.all();
        INDArrayIndex r = NDArrayIndex.interval(0, rows);
        INDArray wL = w.get(inst, r, all);
        INDArray zL = z.get(inst, r, all);
        INDArray dzL = dzs.get(inst, r, all);
        INDArray dwL = dw.get(inst, r, all);
        INDArray hI = hb.get(inst, all, all);
        INDArray gI = gb.get(inst, all, all);
        return new Mmul[] {
            new Mmul(wL, hI, zL, MMulTranspose.builder().transposeB(true).build()),  // z^T = W h^T
            new Mmul(dzL, wL, gI, MMulTranspose.builder().transposeA(true).build()), // g = dz W
            new Mmul(dzL, hI, dwL, MMulTranspose.builder().build()),                 // dW = dz^T h
        };
    }

    /** Runs product {@code which} (0: z, 1: g, 2: dz^T h) of every instance with live rows. */
    private void execSparseOps(int which) {
        if (instanceOps == null) {
            Mmul op = which == 0 ? sparseOutputOp : which == 1 ? sparseHiddenGradOp : sparseWeightGradOp;
            if (op != null) {
                Nd4j.exec(op);
            }
            return;
        }
        for (int i = 0; i < instances; i++) {
            if (active[i] && instanceOps[3 * i + which] != null) {
                Nd4j.exec(instanceOps[3 * i + which]);
            }
        }
    }

    /**
     * The output pass of the sparse-input mode, rows [0, live[i]) of instance i: the same values as {@link #outputAndGradient}
     * except for summation order (bias gradient: eight interleaved partial sums; loss: per-sample float
     * lanes over features, then a double sum over samples). Most inputs are zero, so every entry is first
     * treated as x = 0 in a branch-free loop that the JIT vectorises (y = ReLU(z + b), dz = -coef y, which
     * is 0 where the output is inactive), then the few non-zero inputs are fixed up.
     */
    private void outputAndGradientSparse(double[] lossOut, int[] live) {
        boolean relu = kind.reluOutput();
        int linear = relu ? 0 : -1;
        double norm = ToyLoss.norm(batch, n);
        float[] zRow = zScratch;
        float[] gRow = gScratch;
        float[] lane = lossLane;
        for (int i = 0; i < instances; i++) {
            if (!active[i]) {
                lossOut[i] = 0;
                continue;
            }
            java.util.Arrays.fill(lane, 0f);
            SparseColumns cols = columns[i];
            int[] idx = cols.index();
            float[] vals = cols.values();
            for (int f = 0; f < live[i]; f++) {
                int row = i * n + f;
                float coef = ToyLoss.outputGradientCoefficient(importance[row], norm);
                if (coef == 0f) { // a flushed row below a live one: no gradient, no loss term
                    java.util.Arrays.fill(gRow, 0f);
                    dzsBuf.put(row * batch, gRow, 0, batch);
                    biasGrad[row] = 0f;
                    continue;
                }
                float coefS = coef * ToyLoss.DZ_SCALE; // exact; see ToyLoss.DZ_SCALE
                float ncoefS = -coefS;
                float bf = bias[row];
                float imp = importance[row];
                zBuf.get(row * batch, zRow, 0, batch);
                if (relu) {
                    for (int s = 0; s < batch; s++) {
                        float y = Math.max(zRow[s] + bf, 0f);
                        gRow[s] = ncoefS * y + 0f; // + 0f: an inactive entry's 0 is +0 as in the dense pass
                        lane[s] += imp * (y * y);
                    }
                } else {
                    for (int s = 0; s < batch; s++) {
                        float y = zRow[s] + bf;
                        gRow[s] = ncoefS * y + 0f;
                        lane[s] += imp * (y * y);
                    }
                }
                for (int j = cols.start(f), end = cols.start(f + 1); j < end; j++) {
                    int s = idx[j];
                    int bits = Float.floatToRawIntBits(zRow[s] + bf);
                    int keep = passMask(bits) | linear;
                    float y = Float.intBitsToFloat(bits & keep);
                    float d = vals[j] - y;
                    gRow[s] = Float.intBitsToFloat(Float.floatToRawIntBits(coefS * d) & keep);
                    lane[s] += imp * (d * d - y * y);
                }
                biasGrad[row] = FloatSums.interleaved8(gRow, batch) * ToyLoss.DZ_UNSCALE;
                dzsBuf.put(row * batch, gRow, 0, batch);
            }
            java.util.Arrays.fill(biasGrad, i * n + live[i], (i + 1) * n, 0f);
            double loss = 0;
            for (int s = 0; s < batch; s++) {
                loss += lane[s];
            }
            lossOut[i] = loss * norm;
        }
    }

    private void reluHidden() {
        float[] hRow = zScratch;
        for (int i = 0; i < instances; i++) {
            for (int k = 0; k < m; k++) {
                int off = (i * m + k) * 2 * batch + batch;
                ghBuf.get(off, hRow, 0, batch);
                relu(hRow, batch);
                ghBuf.put(off, hRow, 0, batch);
            }
        }
    }

    private void maskHiddenGradient() {
        float[] hRow = zScratch;
        float[] gRow = gScratch;
        for (int i = 0; i < instances; i++) {
            for (int k = 0; k < m; k++) {
                int gOff = (i * m + k) * 2 * batch;
                ghBuf.get(gOff, gRow, 0, batch);
                ghBuf.get(gOff + batch, hRow, 0, batch);
                maskWherePositive(gRow, hRow, batch);
                ghBuf.put(gOff, gRow, 0, batch);
            }
        }
    }

    /**
     * The output pass of the dense-input mode: y = ReLU(z + b) (or z + b), dz = c (x - y) where the output
     * is active (c from {@link ToyLoss}), db = sum dz and the loss, branch-free ({@link #passMask}), two
     * samples per iteration with two float partial sums each. Kept apart from {@link Nd4jGeneralModel}'s
     * plainer pass, which sums in a different order.
     */
    private void outputAndGradient(double[] lossOut) {
        int linear = kind.reluOutput() ? 0 : -1;
        double norm = ToyLoss.norm(batch, n);
        float[] zRow = zScratch;
        float[] gRow = gScratch;
        for (int i = 0; i < instances; i++) {
            if (!active[i]) {
                lossOut[i] = 0;
                continue;
            }
            double loss = 0;
            for (int f = 0; f < n; f++) {
                int row = i * n + f;
                float bf = bias[row];
                double imp = importance[row];
                float coef = ToyLoss.outputGradientCoefficient(importance[row], norm);
                int xo = row * batch;
                zBuf.get(row * batch, zRow, 0, batch); // bulk copy: heap loops are much faster than buffer access
                float sq0 = 0;
                float sq1 = 0;
                float gb0 = 0;
                float gb1 = 0;
                int s = 0;
                for (; s + 1 < batch; s += 2) {
                    int b0 = Float.floatToRawIntBits(zRow[s] + bf);
                    int b1 = Float.floatToRawIntBits(zRow[s + 1] + bf);
                    int keep0 = passMask(b0) | linear;
                    int keep1 = passMask(b1) | linear;
                    float d0 = x[xo + s] - Float.intBitsToFloat(b0 & keep0);
                    float d1 = x[xo + s + 1] - Float.intBitsToFloat(b1 & keep1);
                    float g0 = Float.intBitsToFloat(Float.floatToRawIntBits(coef * d0) & keep0);
                    float g1 = Float.intBitsToFloat(Float.floatToRawIntBits(coef * d1) & keep1);
                    gRow[s] = g0;
                    gRow[s + 1] = g1;
                    sq0 += d0 * d0;
                    sq1 += d1 * d1;
                    gb0 += g0;
                    gb1 += g1;
                }
                if (s < batch) {
                    int b0 = Float.floatToRawIntBits(zRow[s] + bf);
                    int keep0 = passMask(b0) | linear;
                    float d0 = x[xo + s] - Float.intBitsToFloat(b0 & keep0);
                    float g0 = Float.intBitsToFloat(Float.floatToRawIntBits(coef * d0) & keep0);
                    gRow[s] = g0;
                    sq0 += d0 * d0;
                    gb0 += g0;
                }
                xdBuf.put(row * 2 * batch + batch, gRow, 0, batch);
                biasGrad[row] = gb0 + gb1;
                loss += imp * ((double) sq0 + sq1);
            }
            lossOut[i] = loss * norm;
        }
    }

    /**
     * All ones iff the float with these bits is &gt; 0 (positive, non-zero; positive NaN included so that
     * divergence propagates), else 0. Branch-free: data-dependent branches on the ReLU were the most
     * expensive part of the step.
     */
    static int passMask(int bits) {
        return ((-bits) & ~bits) >> 31;
    }

    /** Releases the off-heap buffers; the model must not be used afterwards. */
    @Override
    public void close() {
        for (INDArray a : new INDArray[] {w, xd, gh, z, dw, hb, gb, dzs}) {
            if (a != null && a.closeable()) {
                a.close();
            }
        }
    }
}
