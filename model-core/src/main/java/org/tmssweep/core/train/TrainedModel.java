package org.tmssweep.core.train;

import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.data.FiniteDataset;

/**
 * One trained model with its provenance (the spec it was trained from).
 *
 * @param spec       the spec; training is a pure function of it
 * @param w          trained W, n x m (row f = feature f's embedding); for a diverged model the last
 *                   weights before it was frozen (may contain NaN or infinity)
 * @param b          trained output bias, length n
 * @param finalLoss  loss (in the spec's {@code train.loss_normalization}, plus the L1 penalty when train.l1 > 0; double
 *                   precision) on {@code train.evalSamples} fresh samples from the seed's
 *                   {@link org.tmssweep.core.rng.RngStream#EVAL} stream; for a model trained on a finite dataset, on
 *                   its test set instead ({@link org.tmssweep.core.data.FiniteDataset#test}: fresh points of the same
 *                   rule and normalisation), i.e. its test loss; NaN when diverged
 * @param status     {@link TrainStatus#OK} or {@link TrainStatus#DIVERGED}
 * @param trainNanos wall time of the whole pack (training and evaluation) divided evenly among its models
 * @param w2         trained W2, n x m (row f = feature f's read-out weights), for the untied kinds
 *                   ({@link org.tmssweep.core.config.ModelKind#ABS}); null for the tied kinds. For ABS,
 *                   {@code w} is W1^T (row f = the weights with which the neurons read feature f)
 * @param trainLoss  for a model trained on a finite dataset, its loss on the training set (same units as
 *                   {@code finalLoss}, penalty included); NaN with infinite data and when diverged
 * @param trainingSet for a model trained on a finite dataset, the training set it trained on
 *                   ({@link FiniteDataset#training}, drawn once by the trainer and shared with whoever describes
 *                   the model's points); null with infinite data
 */
public record TrainedModel(ModelSpec spec, double[][] w, double[] b, double finalLoss, TrainStatus status,
                           long trainNanos, double[][] w2, double trainLoss, FiniteDataset trainingSet) {

    public TrainedModel {
        if (spec.finiteData() != (trainingSet != null)) {
            throw new IllegalArgumentException("trainingSet: must be given iff the spec has a dataset (dataset.size "
                    + spec.train().dataset().size() + "), got " + (trainingSet == null ? "none" : "a set"));
        }
    }

    /** A model trained on infinite data (no train loss, no training set). */
    public TrainedModel(ModelSpec spec, double[][] w, double[] b, double finalLoss, TrainStatus status,
                        long trainNanos, double[][] w2) {
        this(spec, w, b, finalLoss, status, trainNanos, w2, Double.NaN, null);
    }

    /** A tied-kind model (no W2). */
    public TrainedModel(ModelSpec spec, double[][] w, double[] b, double finalLoss, TrainStatus status,
                        long trainNanos) {
        this(spec, w, b, finalLoss, status, trainNanos, null);
    }

    /** The loss on the finite test set: {@code finalLoss} for a model trained on a dataset, else NaN. */
    public double testLoss() {
        return spec.finiteData() ? finalLoss : Double.NaN;
    }
}
