package org.tmssweep.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

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
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the spec spelling; the message lists the accepted values. */
    public static ModelKind parse(String value) {
        for (ModelKind k : values()) {
            if (k.specName().equals(value)) {
                return k;
            }
        }
        throw new IllegalArgumentException("must be one of "
                + Arrays.stream(values()).map(ModelKind::specName).collect(Collectors.joining(", "))
                + ", got '" + value + "'");
    }
}
