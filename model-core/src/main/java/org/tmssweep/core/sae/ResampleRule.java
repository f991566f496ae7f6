package org.tmssweep.core.sae;

import org.tmssweep.core.config.Checks;

/**
 * Whether and how a sparse autoencoder revives dead latents during training ({@code sae.resample}).
 * <ul>
 *   <li>{@link #NONE}: never. This is also what the public replication code of Sharkey et al.'s interim report
 *       does: it has no resampling.</li>
 *   <li>{@link #ARENA}: ARENA's "simple" resampling. Before step s (0-based) with (s + 1) divisible by
 *       {@code sae.resample_every} (2,500), every latent that was active (z &gt; 0) on no sample of the
 *       preceding {@code sae.resample_window} (500) steps' batches is dead; each dead latent, in ascending
 *       order, gets a direction v = n / ||n|| with n ~ N(0, I_d) from the SAE seed's
 *       {@link org.tmssweep.core.rng.RngStream#SAE_RESAMPLE} stream: its decoder row becomes v, its encoder row
 *       {@code sae.resample_scale} (0.5) times v, its encoder bias 0 (tied: the encoder row becomes scale
 *       times v, so its normalised decoder row is v). The optimiser's moments are left as they are, as ARENA
 *       leaves them. ARENA counts a latent active when its activation exceeds 1e-8; here when it is positive,
 *       the same rule as L0 and the firing frequencies (activations in (0, 1e-8] are rare in float32 training).
 *       Fewer than {@code resample_window} steps before the first check count as they are: a latent that never
 *       fired is dead.</li>
 * </ul>
 */
public enum ResampleRule {
    NONE,
    ARENA;

    public String specName() {
        return Checks.specName(this);
    }

    public static ResampleRule parse(String value) {
        return Checks.parseEnum(ResampleRule.class, value);
    }
}
