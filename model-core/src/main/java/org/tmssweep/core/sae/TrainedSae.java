package org.tmssweep.core.sae;

import org.tmssweep.core.train.TrainStatus;

/**
 * One trained sparse autoencoder with its provenance. The numbers are measured after training, in double
 * precision ({@link ReferenceSae#evaluate}), on {@code config.evalSamples} fresh samples of the SAE seed's
 * {@link org.tmssweep.core.rng.RngStream#SAE_EVAL} stream.
 *
 * @param spec             the spec; training is a pure function of it
 * @param params           the final parameters (float32 values widened to double); for a diverged SAE the last
 *                         ones before it was stopped
 * @param loss             reconstruction term (the config's normalisation: per-dimension MSE by default), mean
 *                         ||z||_1, L0 (mean active latents) and the objective on the evaluation sample; all NaN
 *                         when diverged
 * @param firing           per latent, the fraction of evaluation samples on which it was active (z &gt; 0); NaN
 *                         when diverged
 * @param deadLatents      latents never active on the evaluation sample; -1 when diverged
 * @param resampledLatents resamplings during training, counted per latent and event ({@link ResampleRule})
 * @param status           {@link TrainStatus#OK}, or {@link TrainStatus#DIVERGED} when a training loss, a
 *                         parameter or the evaluation became non-finite (training stops at that step)
 * @param trainNanos       wall time of training and evaluating this SAE
 */
public record TrainedSae(SaeSpec spec, SaeParams params, SaeLoss loss, double[] firing, int deadLatents,
                         int resampledLatents, TrainStatus status, long trainNanos) {

    /** The learned dictionary: decoder rows (encoder rows when tied) at unit norm, k x d. */
    public double[][] dictionary() {
        return params.dictionary();
    }

    /** MMCS of the source's true features against the dictionary ({@link SaeMetrics#mmcs}). */
    public double mmcs() {
        return SaeMetrics.mmcs(spec.source().truth(), dictionary());
    }
}
