package org.tmssweep.core.sae;

/**
 * The parts of a sparse autoencoder's loss over a set of samples (a training batch, or the evaluation sample).
 *
 * @param reconstruction R, the squared error in the config's normalisation ({@link SaeConfig}): under the default
 *                       {@link org.tmssweep.core.config.LossNormalization#MEAN} the mean over samples and
 *                       dimensions of (x - x^)^2
 * @param l1             the mean over samples of ||z||_1 (without the coefficient)
 * @param l0             the mean over samples of the number of active latents (z &gt; 0)
 * @param loss           the objective, R + lambda' l1 ({@link SaeConfig#penaltyCoefficient()})
 */
public record SaeLoss(double reconstruction, double l1, double l0, double loss) {
}
