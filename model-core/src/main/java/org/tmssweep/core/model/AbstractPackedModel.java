package org.tmssweep.core.model;

import java.util.Arrays;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.data.SparseColumns;

/**
 * What every {@link PackedModel} keeps the same way: the shape, the packed input (one feature-major
 * [n][B] block per instance) and, in sparse-input mode, each instance's non-zero pattern, b and its
 * gradient, the importances, the active flags, and per-instance copies of W, b and their gradients
 * read through {@link #weightBuffer()} and {@link #weightGradientBuffer()}. Subclasses hold W, dW and
 * the products, and decide how a step runs.
 */
public abstract class AbstractPackedModel implements PackedModel {
    protected final ModelKind kind;
    protected final int instances;
    protected final int batch;
    protected final int n;
    protected final int m;
    protected final boolean sparseInput;
    /** One per instance in sparse-input mode, else none. */
    protected final SparseColumns[] columns;
    /**
     * The inputs, instance i's feature f at {@code x[(i * n + f) * batch + s]}. In sparse-input mode,
     * where the models read the recorded non-zeros instead, it is allocated on first use ({@link #input()},
     * {@link #setInput}) and null until then: the trainer never asks for it there, which saves a pack
     * an array of instances x n x B floats (2 MB for 25 models at n = 20).
     */
    protected float[] x;
    protected final float[] bias;
    protected final float[] biasGrad;
    protected final float[] importance;
    protected final boolean[] active;

    protected AbstractPackedModel(ModelKind kind, int instances, int batch, int nFeatures, int nHidden,
            boolean sparseInput) {
        if (instances < 1 || batch < 1 || nFeatures < 1 || nHidden < 1) {
            throw new IllegalArgumentException("instances, batch, n, m: must be >= 1, got "
                    + instances + ", " + batch + ", " + nFeatures + ", " + nHidden);
        }
        this.kind = kind;
        this.instances = instances;
        this.batch = batch;
        this.n = nFeatures;
        this.m = nHidden;
        this.sparseInput = sparseInput;
        columns = new SparseColumns[sparseInput ? instances : 0];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = new SparseColumns(nFeatures, batch);
        }
        x = sparseInput ? null : new float[instances * nFeatures * batch];
        bias = new float[instances * nFeatures];
        biasGrad = new float[instances * nFeatures];
        importance = new float[instances * nFeatures];
        active = new boolean[instances];
        Arrays.fill(active, true);
        Arrays.fill(importance, 1f);
    }

    @Override
    public ModelKind kind() {
        return kind;
    }

    @Override
    public int instances() {
        return instances;
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public int nFeatures() {
        return n;
    }

    @Override
    public int nHidden() {
        return m;
    }

    @Override
    public boolean sparseInput() {
        return sparseInput;
    }

    @Override
    public SparseColumns sparseColumns(int instance) {
        if (!sparseInput) {
            throw new IllegalStateException("not in sparse-input mode");
        }
        return columns[instance];
    }

    @Override
    public float[] input() {
        if (x == null) {
            x = new float[instances * n * batch];
        }
        return x;
    }

    @Override
    public int inputOffset(int instance) {
        return instance * n * batch;
    }

    /** Sets one instance's input from a [B][n] batch (and its non-zero pattern in sparse-input mode). */
    public void setInput(int instance, double[][] batchRows) {
        int off = inputOffset(instance);
        float[] x = input();
        for (int s = 0; s < batch; s++) {
            for (int f = 0; f < n; f++) {
                x[off + f * batch + s] = (float) batchRows[s][f];
            }
        }
        if (sparseInput) {
            columns[instance].scan(x, off);
        }
    }

    @Override
    public void setImportance(int instance, double[] values) {
        for (int f = 0; f < n; f++) {
            importance[instance * n + f] = (float) values[f];
        }
    }

    @Override
    public boolean isActive(int instance) {
        return active[instance];
    }

    /** W of one instance as n x m doubles. */
    @Override
    public double[][] weights(int instance) {
        return PackedBuffers.rows(weightBuffer(), instance * n * m, n, m);
    }

    /** b of one instance. */
    @Override
    public double[] bias(int instance) {
        return PackedBuffers.toDouble(bias, instance * n, n);
    }

    /** dL/dW of one instance after {@link #forwardBackward}. */
    public double[][] weightGradient(int instance) {
        return PackedBuffers.rows(weightGradientBuffer(), instance * n * m, n, m);
    }

    /** dL/db of one instance after {@link #forwardBackward}. */
    public double[] biasGradient(int instance) {
        return PackedBuffers.toDouble(biasGrad, instance * n, n);
    }

    @Override
    public float[] biasArray() {
        return bias;
    }

    @Override
    public float[] biasGradientArray() {
        return biasGrad;
    }
}
