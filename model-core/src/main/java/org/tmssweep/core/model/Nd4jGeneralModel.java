package org.tmssweep.core.model;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;
import org.tmssweep.core.config.ModelKind;

/**
 * Packed float32 ND4J toy models for what the fast path {@link Nd4jToyModel} does not cover: the untied
 * absolute-value model {@link ModelKind#ABS} and the L1 penalty on the hidden activations (any kind).
 * Same conventions as {@link ReferenceToyModel} (W and the read-out V, both n x m; V = W for the tied
 * kinds), dense input only, five batched matrix products per step with the elementwise work in Java:
 * <pre>
 *   w, v     [I, n, m]   parameters (v is w itself for the tied kinds)
 *   xT       [I, n, B]   input (target |x| for ABS)
 *   hT       [I, m, B]   hT  = W^T xT, then ReLU for RELU_HIDDEN / ABS
 *   z        [I, n, B]   z   = V hT  (bias added in Java)
 *   dzT      [I, n, B]   output gradient
 *   gT       [I, m, B]   gT  = V^T dzT + l1/B sign(h), masked by h &gt; 0 for a ReLU hidden layer
 *   dv       [I, n, m]   dV  = dzT hT^T
 *   dw       [I, n, m]   dW  = xT gT^T  (+ dV for the tied kinds, added in Java)
 * </pre>
 * Loss per instance: {@code 1/(B n) sum I_f (t - out)^2 + l1/B sum |h|}, its normalisation and
 * output-gradient coefficient from {@link ToyLoss}. Instances never mix: every product
 * is batched over the instance axis and every Java loop runs per instance.
 *
 * <p>Not thread-safe. Call {@link #close()} to release the off-heap memory early.
 */
public final class Nd4jGeneralModel extends AbstractPackedModel {
    private final double l1;

    private final INDArray w;
    private final INDArray v;
    private final INDArray xT;
    private final INDArray hT;
    private final INDArray z;
    private final INDArray dzT;
    private final INDArray gT;
    private final INDArray dv;
    private final INDArray dw;
    private final Mmul[] forwardOps;
    private final Mmul[] backwardOps;

    private final FloatBuffer wBuf;
    private final FloatBuffer vBuf;
    private final FloatBuffer xBuf;
    private final FloatBuffer hBuf;
    private final FloatBuffer zBuf;
    private final FloatBuffer dzBuf;
    private final FloatBuffer gBuf;
    private final FloatBuffer dvBuf;
    private final FloatBuffer dwBuf;

    private final float[] hHeap;
    private final float[] gHeap;
    private final float[] zHeap;
    private final float[] dzHeap;
    private final float[] dwHeap;
    private final float[] dvHeap;
    private final double[] penalty;

    /**
     * @param l1 weight of the L1 penalty on h, &ge; 0 and finite
     */
    public Nd4jGeneralModel(ModelKind kind, int instances, int batch, int nFeatures, int nHidden, double l1) {
        super(kind, instances, batch, nFeatures, nHidden, false);
        if (!(l1 >= 0 && Double.isFinite(l1))) {
            throw new IllegalArgumentException("l1: must be >= 0 and finite, got " + l1);
        }
        this.l1 = l1;
        w = Nd4j.create(DataType.FLOAT, instances, n, m);
        v = kind.untied() ? Nd4j.create(DataType.FLOAT, instances, n, m) : w;
        xT = Nd4j.create(DataType.FLOAT, instances, n, batch);
        hT = Nd4j.create(DataType.FLOAT, instances, m, batch);
        z = Nd4j.create(DataType.FLOAT, instances, n, batch);
        dzT = Nd4j.create(DataType.FLOAT, instances, n, batch);
        gT = Nd4j.create(DataType.FLOAT, instances, m, batch);
        dv = Nd4j.create(DataType.FLOAT, instances, n, m);
        dw = Nd4j.create(DataType.FLOAT, instances, n, m);
        MMulTranspose none = MMulTranspose.builder().build();
        MMulTranspose transA = MMulTranspose.builder().transposeA(true).build();
        MMulTranspose transB = MMulTranspose.builder().transposeB(true).build();
        forwardOps = new Mmul[] {new Mmul(w, xT, hT, transA), new Mmul(v, hT, z, none)};
        backwardOps = new Mmul[] {new Mmul(v, dzT, gT, transA), new Mmul(dzT, hT, dv, transB),
            new Mmul(xT, gT, dw, transB)};
        wBuf = w.data().asNioFloat();
        vBuf = v.data().asNioFloat();
        xBuf = xT.data().asNioFloat();
        hBuf = hT.data().asNioFloat();
        zBuf = z.data().asNioFloat();
        dzBuf = dzT.data().asNioFloat();
        gBuf = gT.data().asNioFloat();
        dvBuf = dv.data().asNioFloat();
        dwBuf = dw.data().asNioFloat();
        hHeap = new float[m * batch];
        gHeap = new float[m * batch];
        zHeap = new float[n * batch];
        dzHeap = new float[n * batch];
        dwHeap = new float[n * m];
        dvHeap = new float[n * m];
        penalty = new double[instances];
    }

    /** The L1 penalty weight. */
    public double l1() {
        return l1;
    }

    @Override
    public void setParams(int instance, float[] wRowMajor, float[] b) {
        wBuf.put(instance * n * m, wRowMajor, 0, n * m);
        System.arraycopy(b, 0, bias, instance * n, n);
    }

    /** Sets W2 (n x m row-major) of one instance; ABS only. */
    public void setReadout(int instance, float[] w2RowMajor) {
        requireUntied();
        vBuf.put(instance * n * m, w2RowMajor, 0, n * m);
    }

    /** Sets W (and, for ABS, W2; null otherwise) and b of one instance. */
    public void setParams(int instance, double[][] wRows, double[][] w2Rows, double[] b) {
        if (kind.untied() != (w2Rows != null)) {
            throw new IllegalArgumentException("w2: " + kind.specName() + (kind.untied() ? " needs" : " takes no")
                    + " second weight matrix");
        }
        float[] fb = new float[n];
        for (int f = 0; f < n; f++) {
            fb[f] = (float) b[f];
        }
        setParams(instance, flatten(wRows), fb);
        if (w2Rows != null) {
            setReadout(instance, flatten(w2Rows));
        }
    }

    private float[] flatten(double[][] rows) {
        float[] flat = new float[n * m];
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < m; k++) {
                flat[f * m + k] = (float) rows[f][k];
            }
        }
        return flat;
    }

    @Override
    public void deactivate(int instance) {
        active[instance] = false;
        setParams(instance, new float[n * m], new float[n]);
        if (kind.untied()) {
            setReadout(instance, new float[n * m]);
        }
        Arrays.fill(x, inputOffset(instance), inputOffset(instance) + n * batch, 0f);
    }

    /** W2 of one instance as n x m doubles; ABS only. */
    public double[][] readout(int instance) {
        requireUntied();
        return PackedBuffers.rows(vBuf, instance * n * m, n, m);
    }

    /** dL/dW2 of one instance after {@link #forwardBackward}; ABS only. */
    public double[][] readoutGradient(int instance) {
        requireUntied();
        return PackedBuffers.rows(dvBuf, instance * n * m, n, m);
    }

    /** Output of one instance for the input of the last {@link #forwardBackward}, as [B][n] (valid until b changes). */
    public double[][] output(int instance) {
        double[][] out = new double[batch][n];
        int off = instance * n * batch;
        for (int f = 0; f < n; f++) {
            float bf = bias[instance * n + f];
            for (int s = 0; s < batch; s++) {
                float pre = zBuf.get(off + f * batch + s) + bf;
                out[s][f] = kind.reluOutput() && pre <= 0 ? 0f : pre;
            }
        }
        return out;
    }

    @Override
    public FloatBuffer weightBuffer() {
        return wBuf;
    }

    @Override
    public FloatBuffer weightGradientBuffer() {
        return dwBuf;
    }

    /** Live view of W2, [I, n, m] row-major; ABS only. */
    public FloatBuffer readoutBuffer() {
        requireUntied();
        return vBuf;
    }

    /** Live view of dL/dW2, [I, n, m] row-major; ABS only. */
    public FloatBuffer readoutGradientBuffer() {
        requireUntied();
        return dvBuf;
    }

    @Override
    public void forwardBackward(double[] lossOut) {
        xBuf.put(0, x, 0, x.length);
        Nd4j.exec(forwardOps[0]);
        int mb = m * batch;
        for (int i = 0; i < instances; i++) {
            if (!active[i]) {
                continue;
            }
            hBuf.get(i * mb, hHeap, 0, mb);
            double sum = 0;
            for (int j = 0; j < mb; j++) {
                if (kind.reluHidden() && !(hHeap[j] > 0) && !Float.isNaN(hHeap[j])) {
                    hHeap[j] = 0f;
                }
                sum += Math.abs(hHeap[j]);
            }
            penalty[i] = l1 * sum / batch;
            hBuf.put(i * mb, hHeap, 0, mb);
        }
        Nd4j.exec(forwardOps[1]);
        outputAndGradient(lossOut);
        Nd4j.exec(backwardOps[0]);
        float l1PerSample = (float) (l1 / batch);
        for (int i = 0; i < instances; i++) {
            gBuf.get(i * mb, gHeap, 0, mb);
            hBuf.get(i * mb, hHeap, 0, mb);
            for (int j = 0; j < mb; j++) {
                float h = hHeap[j];
                float g = gHeap[j];
                if (l1 > 0 && active[i]) {
                    g += l1PerSample * Math.signum(h);
                }
                gHeap[j] = kind.reluHidden() && !(h > 0) ? 0f : g;
            }
            gBuf.put(i * mb, gHeap, 0, mb);
        }
        Nd4j.exec(backwardOps[1]);
        Nd4j.exec(backwardOps[2]);
        if (!kind.untied()) {
            int nm = n * m;
            for (int i = 0; i < instances; i++) {
                dwBuf.get(i * nm, dwHeap, 0, nm);
                dvBuf.get(i * nm, dvHeap, 0, nm);
                for (int j = 0; j < nm; j++) {
                    dwHeap[j] += dvHeap[j];
                }
                dwBuf.put(i * nm, dwHeap, 0, nm);
            }
        }
    }

    /**
     * The output pass: out, dz = c (t - out) where the output is active ({@link ToyLoss}), db = sum dz, and
     * the loss, per row with the squared errors summed in double. {@link Nd4jToyModel} computes the same
     * quantities in its own branch-free pass with float partial sums; the two stay apart because each
     * model's trained numbers depend on its summation order.
     */
    private void outputAndGradient(double[] lossOut) {
        double norm = ToyLoss.norm(batch, n);
        int nb = n * batch;
        for (int i = 0; i < instances; i++) {
            if (!active[i]) {
                lossOut[i] = 0;
                Arrays.fill(dzHeap, 0f);
                dzBuf.put(i * nb, dzHeap, 0, nb);
                Arrays.fill(biasGrad, i * n, (i + 1) * n, 0f);
                continue;
            }
            zBuf.get(i * nb, zHeap, 0, nb);
            double loss = 0;
            for (int f = 0; f < n; f++) {
                int row = i * n + f;
                double sq = outputRow(row, f * batch, ToyLoss.outputGradientCoefficient(importance[row], norm));
                loss += importance[row] * sq;
            }
            dzBuf.put(i * nb, dzHeap, 0, nb);
            lossOut[i] = loss * norm + penalty[i];
        }
    }

    /**
     * Feature row {@code row} (= i n + f) of the output pass, its pre-activations without bias at
     * {@code zHeap[zo ..]}: writes dz = c (t - out) where the output is active (a NaN passes) to
     * {@code dzHeap[zo ..]} and db to biasGrad; returns sum_s (t - out)^2, summed in double.
     */
    private double outputRow(int row, int zo, float coef) {
        float bf = bias[row];
        int xo = row * batch;
        double sq = 0;
        float gb = 0;
        for (int s = 0; s < batch; s++) {
            float pre = zHeap[zo + s] + bf;
            boolean pass = !kind.reluOutput() || pre > 0 || Float.isNaN(pre);
            float out = pass ? pre : 0f;
            float t = kind.absoluteValue() ? Math.abs(x[xo + s]) : x[xo + s];
            float d = t - out;
            float g = pass ? coef * d : 0f;
            dzHeap[zo + s] = g;
            sq += (double) d * d;
            gb += g;
        }
        biasGrad[row] = gb;
        return sq;
    }

    private void requireUntied() {
        if (!kind.untied()) {
            throw new IllegalStateException(kind.specName() + " has no second weight matrix");
        }
    }

    @Override
    public void close() {
        for (INDArray a : new INDArray[] {w, v == w ? null : v, xT, hT, z, dzT, gT, dv, dw}) {
            if (a != null && a.closeable()) {
                a.close();
            }
        }
    }
}
