package org.tmssweep.core.model;

import java.nio.FloatBuffer;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.data.SparseColumns;

/**
 * What the training loop ({@link org.tmssweep.core.train.PackRun}) needs from a pack of toy models of one
 * shape trained together: input staging, parameters and gradients laid out per instance, and one
 * batched forward/backward pass. Implemented by {@link JavaToyModel} (tied kinds without penalty, small
 * shapes), {@link Nd4jToyModel} (tied kinds without penalty, larger shapes) and {@link Nd4jGeneralModel} (the untied {@link ModelKind#ABS} model and the L1 penalty).
 * The parameter W of instance i is the segment {@code [i*n*m, (i+1)*n*m)} of {@link #weightBuffer()}, and
 * b the segment {@code [i*n, (i+1)*n)} of {@link #biasArray()}.
 */
public interface PackedModel extends AutoCloseable {
    ModelKind kind();

    int instances();

    int batch();

    int nFeatures();

    int nHidden();

    /** True iff the input is kept with its non-zero pattern (see {@link Nd4jToyModel}). */
    boolean sparseInput();

    /** Non-zero pattern of one instance's input (sparse-input mode only). */
    SparseColumns sparseColumns(int instance);

    /**
     * True iff {@link #forwardBackward} reads the dense input batch ({@link #input()}); false when, in
     * sparse-input mode, it reads only the recorded non-zeros ({@link #sparseColumns}), so the trainer
     * need not write a dense batch at all ({@link org.tmssweep.core.data.DataSampler#fillColumns}).
     */
    default boolean readsDenseInput() {
        return true;
    }

    /** Input staging array, feature-major per instance ({@code inputOffset(i) + f * batch + s}). */
    float[] input();

    int inputOffset(int instance);

    void setImportance(int instance, double[] values);

    /** Sets W (n x m row-major) and b of one instance. */
    void setParams(int instance, float[] wRowMajor, float[] b);

    boolean isActive(int instance);

    /** Freezes an instance: parameters set to zero, skipped by the elementwise work, loss 0. */
    void deactivate(int instance);

    /** One forward and backward pass of every instance; writes each instance's loss into {@code lossOut}. */
    void forwardBackward(double[] lossOut);

    /** W of one instance as n x m doubles. */
    double[][] weights(int instance);

    /** b of one instance. */
    double[] bias(int instance);

    /** Live view of W, all instances, [I, n, m] row-major. */
    FloatBuffer weightBuffer();

    /** Live view of dL/dW, [I, n, m] row-major. */
    FloatBuffer weightGradientBuffer();

    /** b of all instances, [I, n]. */
    float[] biasArray();

    /** dL/db of all instances, [I, n]. */
    float[] biasGradientArray();

    @Override
    void close();
}
