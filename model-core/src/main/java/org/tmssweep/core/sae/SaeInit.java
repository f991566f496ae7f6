package org.tmssweep.core.sae;

import org.tmssweep.core.config.Checks;

/**
 * How a sparse autoencoder's parameters start ({@code sae.init}); every draw comes from the SAE seed's
 * {@link org.tmssweep.core.rng.RngStream#SAE_INIT} stream, the encoder first (row by row), then the decoder
 * (untied only, row by row), then the encoder bias. With k latents in d dimensions:
 * <ul>
 *   <li>{@link #ARENA}: ARENA's toy SAE: encoder and (untied) decoder each {@code kaiming_uniform_} on their
 *       [instances, d, k] tensors, whose fan-in is d k, so every entry is uniform on (-b, b) with
 *       b = sqrt(6 / (d k)); both biases 0. The decoder is not normalised at initialisation: under
 *       {@link DecoderNorm#GRADIENT_THROUGH} the forward pass normalises it.</li>
 *   <li>{@link #SHARKEY}: the replication code of Sharkey et al.'s interim report: the encoder is torch's
 *       default {@code nn.Linear(d, k)}, weights and bias uniform on (-1/sqrt(d), 1/sqrt(d)); the (untied)
 *       decoder is {@code orthogonal_} (a Haar-random matrix with orthonormal columns when k &le; d, orthonormal
 *       rows of length k when k &gt; d, drawn here by Gram-Schmidt on Gaussians rather than torch's QR), each
 *       dictionary element then scaled to unit norm; the decoder bias, if the config has one, 0.</li>
 * </ul>
 * A tied SAE has no decoder of its own; only the encoder part applies.
 */
public enum SaeInit {
    ARENA,
    SHARKEY;

    public String specName() {
        return Checks.specName(this);
    }

    public static SaeInit parse(String value) {
        return Checks.parseEnum(SaeInit.class, value);
    }
}
