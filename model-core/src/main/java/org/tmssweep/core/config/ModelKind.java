package org.tmssweep.core.config;

/**
 * The toy-model variants of the paper. All share a tied weight matrix W (m x n in the paper's
 * notation; stored here as n x m, row f = feature f's embedding) and an output bias b.
 */
public enum ModelKind {
    /** x' = W^T W x + b. */
    LINEAR(false, false),
    /** x' = ReLU(W^T W x + b): the paper's main model. */
    RELU_OUTPUT(false, true),
    /** h = ReLU(W x), x' = ReLU(W^T h + b): privileged-basis model. */
    RELU_HIDDEN(true, true);

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

    /** Spec spelling: lower snake case, e.g. {@code relu_output}. */
    public String specName() {
        return Checks.specName(this);
    }

    /** Parses the spec spelling; the message lists the accepted values. */
    public static ModelKind parse(String value) {
        return Checks.parseEnum(ModelKind.class, value);
    }
}
