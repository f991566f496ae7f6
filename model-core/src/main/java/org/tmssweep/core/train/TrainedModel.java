package org.tmssweep.core.train;

import org.tmssweep.core.config.ModelSpec;

/**
 * One trained model with its provenance (the spec it was trained from).
 *
 * @param spec       the spec; training is a pure function of it
 * @param w          trained W, n x m (row f = feature f's embedding); for a diverged model the last
 *                   weights before it was frozen (may contain NaN or infinity)
 * @param b          trained output bias, length n
 * @param finalLoss  loss (notebook normalisation, plus the L1 penalty when train.l1 > 0; double precision) on {@code train.evalSamples} fresh
 *                   samples from the seed's {@link org.tmssweep.core.rng.RngStream#EVAL} stream; NaN when diverged
 * @param status     {@link TrainStatus#OK} or {@link TrainStatus#DIVERGED}
 * @param trainNanos wall time of the whole pack (training and evaluation) divided evenly among its models
 * @param w2         trained W2, n x m (row f = feature f's read-out weights), for the untied kinds
 *                   ({@link org.tmssweep.core.config.ModelKind#ABS}); null for the tied kinds. For ABS,
 *                   {@code w} is W1^T (row f = the weights with which the neurons read feature f)
 */
public record TrainedModel(ModelSpec spec, double[][] w, double[] b, double finalLoss, TrainStatus status,
                           long trainNanos, double[][] w2) {

    /** A tied-kind model (no W2). */
    public TrainedModel(ModelSpec spec, double[][] w, double[] b, double finalLoss, TrainStatus status,
                        long trainNanos) {
        this(spec, w, b, finalLoss, status, trainNanos, null);
    }
}
