package org.tmssweep.core.sae;

import org.tmssweep.core.config.Checks;

/**
 * How a sparse autoencoder keeps its dictionary elements (decoder rows; decoder columns in torch's
 * {@code nn.Linear} layout) at unit norm ({@code sae.decoder_norm}). Both renormalise the stored rows of an
 * untied decoder after every optimiser step; they differ in the gradient.
 * <ul>
 *   <li>{@link #GRADIENT_THROUGH} (ARENA): the forward pass uses D_j = v_j / ||v_j|| of the stored row v_j and
 *       differentiates through that normalisation, so the gradient of v_j is (g_j - (g_j . D_j) D_j) / ||v_j||
 *       with g_j the gradient of D_j: the component along the row removed (and at ||v_j|| = 1, as after every
 *       step, nothing else). ARENA divides by ||v_j|| + 1e-8; here by ||v_j||, a relative difference below
 *       float32 resolution at unit norm (a zero row, which random initialisation never gives, would have
 *       D_j = 0 and no gradient). A tied SAE always uses this rule, with v_j the encoder row.</li>
 *   <li>{@link #RENORMALISE_ONLY} (Sharkey et al.'s replication code): the stored rows are scaled to unit norm
 *       (at initialisation and after every step; the code does it at the start of each forward pass, which is
 *       the same) and the forward pass uses them as they are, so their gradient keeps its component along the
 *       row. Untied only.</li>
 * </ul>
 */
public enum DecoderNorm {
    GRADIENT_THROUGH,
    RENORMALISE_ONLY;

    public String specName() {
        return Checks.specName(this);
    }

    public static DecoderNorm parse(String value) {
        return Checks.parseEnum(DecoderNorm.class, value);
    }
}
