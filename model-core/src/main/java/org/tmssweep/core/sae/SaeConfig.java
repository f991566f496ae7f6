package org.tmssweep.core.sae;

import java.io.Serializable;
import org.tmssweep.core.config.Checks;
import org.tmssweep.core.config.LossNormalization;

/**
 * Recipe of one sparse autoencoder (SAE) with k latents on d-dimensional inputs x (d comes from the data
 * source, {@link SaeSource#dim()}):
 * <pre>
 *   z  = ReLU(W_enc (x - b_dec) + b_enc)          k latents; b_dec only with {@code decoderBias}
 *   x^ = sum_j z_j D_j + b_dec                     D_j the unit-norm dictionary elements ({@link DecoderNorm})
 *   L  = R + lambda' (1/B) sum_b ||z_b||_1         lambda' = lambda, or lambda / k with {@code l1PerLatent}
 *   R  = c sum_b ||x_b - x^_b||^2                  c = 1/(B d) ({@link LossNormalization#MEAN}) or 1/B
 * </pre>
 * over a batch of B fresh samples per step. {@link LossNormalization#MEAN}, the default, is what both ARENA's
 * toy SAE (squared error averaged over d, then over the batch) and Sharkey et al.'s replication code
 * ({@code nn.MSELoss()}) use, so their penalty coefficients carry over unchanged; under
 * {@link LossNormalization#FEATURE_SUM} the same lambda weighs the penalty d times less. ReLU and |.| have
 * derivative 0 at 0 (torch's convention).
 *
 * <p>Defaults are ARENA's toy SAE ("SAEs in toy models"): lambda 0.2 on the sum of |z| (no division by k),
 * untied decoder normalised in the forward pass with the gradient through it, a decoder bias subtracted before
 * the encoder, kaiming-uniform init, Adam with lr 1e-3 and torch's betas and eps, batch 1,024, 10,000 steps,
 * no resampling (ARENA's {@code optimize} default; its resampling, {@link ResampleRule#ARENA}, every 2,500 steps
 * over a 500-step window with scale 0.5). {@link #sharkey} gives the replication code's recipe. Build one with
 * {@link #builder()} (k must be set) or {@link #arena}/{@link #sharkey}, and change it with {@link #toBuilder()}.
 *
 * @param latents        k, the dictionary size, at least 1
 * @param l1             lambda &ge; 0, the penalty coefficient
 * @param l1PerLatent    divide the penalty by k (the interim report's loss, later called a mistake by its author);
 *                       off by default
 * @param tied           decoder rows are the encoder rows, normalised (ARENA's tied option: D_j = W_enc,j /
 *                       ||W_enc,j||); requires {@link DecoderNorm#GRADIENT_THROUGH}
 * @param decoderBias    learn b_dec (subtracted before the encoder, added after the decoder), as ARENA; without
 *                       it (Sharkey et al.) there is no b_dec
 * @param decoderNorm    how the dictionary elements are kept at unit norm
 * @param init           initialisation
 * @param reconstruction normalisation of the reconstruction term (above)
 * @param optimizer      Adam or AdamW
 * @param lr             constant learning rate, &gt; 0
 * @param weightDecay    &ge; 0, coupled for {@link SaeOptimizer#ADAM}, decoupled for {@link SaeOptimizer#ADAMW}
 * @param beta1          Adam first-moment decay, in [0, 1)
 * @param beta2          Adam second-moment decay, in [0, 1)
 * @param eps            Adam epsilon, &gt; 0
 * @param batchSize      fresh samples per step, at least 1
 * @param steps          optimiser steps, at least 1
 * @param resample       dead-latent resampling rule
 * @param resampleEvery  steps between resampling checks, at least 1
 * @param resampleWindow steps over which a latent must not have fired to be dead, in [1, resampleEvery]
 * @param resampleScale  norm of a resampled encoder row, &gt; 0 and finite
 * @param evalSamples    fresh samples on which the trained SAE is evaluated (losses, L0, firing frequencies, dead
 *                       latents), at least 1
 */
public record SaeConfig(
        int latents,
        double l1,
        boolean l1PerLatent,
        boolean tied,
        boolean decoderBias,
        DecoderNorm decoderNorm,
        SaeInit init,
        LossNormalization reconstruction,
        SaeOptimizer optimizer,
        double lr,
        double weightDecay,
        double beta1,
        double beta2,
        double eps,
        int batchSize,
        int steps,
        ResampleRule resample,
        int resampleEvery,
        int resampleWindow,
        double resampleScale,
        int evalSamples) implements Serializable {

    public static final double DEFAULT_L1 = 0.2;
    public static final double DEFAULT_LR = 1e-3;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;
    public static final int DEFAULT_BATCH_SIZE = 1024;
    public static final int DEFAULT_STEPS = 10_000;
    public static final int DEFAULT_RESAMPLE_EVERY = 2_500;
    public static final int DEFAULT_RESAMPLE_WINDOW = 500;
    public static final double DEFAULT_RESAMPLE_SCALE = 0.5;
    public static final int DEFAULT_EVAL_SAMPLES = 16_384;
    /** Sharkey et al.'s replication code: batch 256 (the interim report's; the code's own default is 4,096). */
    public static final int SHARKEY_BATCH_SIZE = 256;
    /** Sharkey et al.'s replication code: 20,000 steps. */
    public static final int SHARKEY_STEPS = 20_000;

    public SaeConfig {
        Checks.positive("sae.latents", latents);
        Checks.nonNegativeFinite("sae.l1", l1);
        Checks.notNull("sae.decoder_norm", decoderNorm);
        Checks.notNull("sae.init", init);
        Checks.notNull("sae.reconstruction", reconstruction);
        Checks.notNull("sae.optimizer", optimizer);
        Checks.adamW("sae", lr, weightDecay, beta1, beta2, eps);
        Checks.positive("sae.batch_size", batchSize);
        Checks.positive("sae.steps", steps);
        Checks.notNull("sae.resample", resample);
        Checks.positive("sae.resample_every", resampleEvery);
        Checks.positive("sae.resample_window", resampleWindow);
        if (resampleWindow > resampleEvery) {
            throw new IllegalArgumentException("sae.resample_window: must be <= sae.resample_every = " + resampleEvery
                    + ", got " + resampleWindow);
        }
        Checks.positiveFinite("sae.resample_scale", resampleScale);
        Checks.positive("sae.eval_samples", evalSamples);
        if (tied && decoderNorm != DecoderNorm.GRADIENT_THROUGH) {
            throw new IllegalArgumentException("sae.decoder_norm: a tied SAE needs "
                    + DecoderNorm.GRADIENT_THROUGH.specName() + ", got " + decoderNorm.specName());
        }
    }

    /** lambda', the coefficient of the batch mean of ||z||_1 in the loss: lambda, or lambda / k. */
    public double penaltyCoefficient() {
        return l1PerLatent ? l1 / latents : l1;
    }

    /** c, the factor on the batch's summed squared error in the loss: 1/(B d) or 1/B. */
    public double reconstructionScale(int dim, int rows) {
        return reconstruction == LossNormalization.MEAN ? 1.0 / ((double) rows * dim) : 1.0 / rows;
    }

    /** ARENA's toy SAE with k latents: the defaults. */
    public static SaeConfig arena(int latents) {
        return builder().latents(latents).build();
    }

    /**
     * The recipe of Sharkey et al.'s replication code with k latents and penalty lambda (mean over the batch of
     * ||z||_1, not divided by k): no decoder bias, dictionary renormalised without touching the gradient,
     * orthogonal decoder init, Adam lr 1e-3, batch 256, 20,000 steps, no resampling.
     */
    public static SaeConfig sharkey(int latents, double l1) {
        return builder().latents(latents).l1(l1).decoderBias(false).decoderNorm(DecoderNorm.RENORMALISE_ONLY)
                .init(SaeInit.SHARKEY).batchSize(SHARKEY_BATCH_SIZE).steps(SHARKEY_STEPS).build();
    }

    /** A builder with ARENA's defaults; {@link Builder#latents} must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this recipe. */
    public Builder toBuilder() {
        return new Builder().latents(latents).l1(l1).l1PerLatent(l1PerLatent).tied(tied).decoderBias(decoderBias)
                .decoderNorm(decoderNorm).init(init).reconstruction(reconstruction).optimizer(optimizer).lr(lr)
                .weightDecay(weightDecay).beta1(beta1).beta2(beta2).eps(eps).batchSize(batchSize).steps(steps)
                .resample(resample).resampleEvery(resampleEvery).resampleWindow(resampleWindow)
                .resampleScale(resampleScale).evalSamples(evalSamples);
    }

    /**
     * Names the settings one by one; every setting not named keeps ARENA's default ({@code DEFAULT_*},
     * decoder bias on, untied, {@link DecoderNorm#GRADIENT_THROUGH}, {@link SaeInit#ARENA},
     * {@link LossNormalization#MEAN}, {@link SaeOptimizer#ADAM}, weight decay 0, {@link ResampleRule#NONE}), except
     * k, which has none. {@link #build()} validates like the record's constructor. Not thread-safe; reusable.
     */
    public static final class Builder {
        private int latents;
        private double l1 = DEFAULT_L1;
        private boolean l1PerLatent;
        private boolean tied;
        private boolean decoderBias = true;
        private DecoderNorm decoderNorm = DecoderNorm.GRADIENT_THROUGH;
        private SaeInit init = SaeInit.ARENA;
        private LossNormalization reconstruction = LossNormalization.MEAN;
        private SaeOptimizer optimizer = SaeOptimizer.ADAM;
        private double lr = DEFAULT_LR;
        private double weightDecay;
        private double beta1 = DEFAULT_BETA1;
        private double beta2 = DEFAULT_BETA2;
        private double eps = DEFAULT_EPS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int steps = DEFAULT_STEPS;
        private ResampleRule resample = ResampleRule.NONE;
        private int resampleEvery = DEFAULT_RESAMPLE_EVERY;
        private int resampleWindow = DEFAULT_RESAMPLE_WINDOW;
        private double resampleScale = DEFAULT_RESAMPLE_SCALE;
        private int evalSamples = DEFAULT_EVAL_SAMPLES;

        private Builder() {
        }

        public Builder latents(int value) {
            latents = value;
            return this;
        }

        public Builder l1(double value) {
            l1 = value;
            return this;
        }

        public Builder l1PerLatent(boolean value) {
            l1PerLatent = value;
            return this;
        }

        public Builder tied(boolean value) {
            tied = value;
            return this;
        }

        public Builder decoderBias(boolean value) {
            decoderBias = value;
            return this;
        }

        public Builder decoderNorm(DecoderNorm value) {
            decoderNorm = value;
            return this;
        }

        public Builder init(SaeInit value) {
            init = value;
            return this;
        }

        public Builder reconstruction(LossNormalization value) {
            reconstruction = value;
            return this;
        }

        public Builder optimizer(SaeOptimizer value) {
            optimizer = value;
            return this;
        }

        public Builder lr(double value) {
            lr = value;
            return this;
        }

        public Builder weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        public Builder beta1(double value) {
            beta1 = value;
            return this;
        }

        public Builder beta2(double value) {
            beta2 = value;
            return this;
        }

        public Builder eps(double value) {
            eps = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder steps(int value) {
            steps = value;
            return this;
        }

        public Builder resample(ResampleRule value) {
            resample = value;
            return this;
        }

        public Builder resampleEvery(int value) {
            resampleEvery = value;
            return this;
        }

        public Builder resampleWindow(int value) {
            resampleWindow = value;
            return this;
        }

        public Builder resampleScale(double value) {
            resampleScale = value;
            return this;
        }

        public Builder evalSamples(int value) {
            evalSamples = value;
            return this;
        }

        /** The recipe; {@link IllegalArgumentException} (naming the setting) for an invalid one. */
        public SaeConfig build() {
            return new SaeConfig(latents, l1, l1PerLatent, tied, decoderBias, decoderNorm, init, reconstruction,
                    optimizer, lr, weightDecay, beta1, beta2, eps, batchSize, steps, resample, resampleEvery,
                    resampleWindow, resampleScale, evalSamples);
        }
    }
}
