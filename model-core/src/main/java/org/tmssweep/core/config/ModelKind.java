package org.tmssweep.core.config;

/**
 * The toy-model variants of the paper. The first three share a tied weight matrix W (m x n in the
 * paper's notation; stored here as n x m, row f = feature f's embedding) and an output bias b;
 * {@link #ABS} has two untied matrices (see there).
 */
public enum ModelKind {
    /** x' = W^T W x + b. */
    LINEAR(false, false),
    /** x' = ReLU(W^T W x + b): the paper's main model. */
    RELU_OUTPUT(false, true),
    /** h = ReLU(W x), x' = ReLU(W^T h + b): privileged-basis model. */
    RELU_HIDDEN(true, true),
    /**
     * Computation of |x| (paper section "Computation in superposition"): h = ReLU(W1 x), y' = ReLU(W2 h + b),
     * untied W1 (m x n) and W2 (n x m), target |x|, inputs whose non-zeros are uniform on [-1, 1).
     * Stored as two n x m matrices: {@code w} = W1^T (row f = the weights with which the neurons read
     * feature f) and {@code w2} = W2 (row f = the weights with which feature f is written out).
     */
    ABS(true, true);

    private final boolean reluHidden;
    private final boolean reluOutput;

    ModelKind(boolean reluHidden, boolean reluOutput) {
        this.reluHidden = reluHidden;
        this.reluOutput = reluOutput;
    }

    public boolean reluHidden() {
        return reluHidden;
    }

    public boolean reluOutput() {
        return reluOutput;
    }

    /** True iff the model has a second, untied weight matrix W2 (only {@link #ABS}). */
    public boolean untied() {
        return this == ABS;
    }

    /** True iff the target is |x| and the non-zero inputs are uniform on [-1, 1) (only {@link #ABS}). */
    public boolean absoluteValue() {
        return this == ABS;
    }

    /** Spec spelling: lower snake case, e.g. {@code relu_output}. */
    public String specName() {
        return Checks.specName(this);
    }

    /** Parses the spec spelling; the message lists the accepted values. */
    public static ModelKind parse(String value) {
        return Checks.parseEnum(ModelKind.class, value);
    }
}
