package org.tmssweep.core.sae;

import java.io.Serializable;

/**
 * The parameters of one sparse autoencoder with k latents in d dimensions, in double precision; also the
 * container of their gradients ({@link ReferenceSae#gradients}, {@link SaeModel#gradients}). Arrays are held, not
 * copied: treat them as read-only.
 *
 * @param encoder     W_enc, k x d: row j is latent j's encoder vector
 * @param encoderBias b_enc, length k
 * @param decoder     the stored decoder, k x d: row j is latent j's (raw) dictionary element v_j; null for a tied
 *                    SAE, whose decoder rows are its normalised encoder rows
 * @param decoderBias b_dec, length d; null for an SAE without one
 */
public record SaeParams(double[][] encoder, double[] encoderBias, double[][] decoder, double[] decoderBias)
        implements Serializable {

    public SaeParams {
        if (encoder == null || encoder.length == 0 || encoder[0] == null || encoder[0].length == 0) {
            throw new IllegalArgumentException("encoder: must be k x d with k, d >= 1");
        }
        int k = encoder.length;
        int d = encoder[0].length;
        checkMatrix("encoder", encoder, k, d);
        if (encoderBias == null || encoderBias.length != k) {
            throw new IllegalArgumentException("encoder_bias: must have k = " + k + " entries, got "
                    + (encoderBias == null ? "null" : encoderBias.length));
        }
        if (decoder != null) {
            checkMatrix("decoder", decoder, k, d);
        }
        if (decoderBias != null && decoderBias.length != d) {
            throw new IllegalArgumentException("decoder_bias: must have d = " + d + " entries, got "
                    + decoderBias.length);
        }
    }

    private static void checkMatrix(String name, double[][] m, int k, int d) {
        if (m.length != k) {
            throw new IllegalArgumentException(name + ": must have k = " + k + " rows, got " + m.length);
        }
        for (int j = 0; j < k; j++) {
            if (m[j] == null || m[j].length != d) {
                throw new IllegalArgumentException(name + "[" + j + "]: must have d = " + d + " entries, got "
                        + (m[j] == null ? "null" : m[j].length));
            }
        }
    }

    /** k. */
    public int latents() {
        return encoder.length;
    }

    /** d. */
    public int dim() {
        return encoder[0].length;
    }

    /** True iff there is no decoder of its own. */
    public boolean tied() {
        return decoder == null;
    }

    /**
     * The dictionary: the decoder rows (the encoder rows when tied) scaled to unit norm, as new arrays; a zero
     * row stays zero. For a trained untied SAE the stored rows are already unit norm up to float rounding.
     */
    public double[][] dictionary() {
        return Vectors.unitRows(decoder != null ? decoder : encoder);
    }

    /** A deep copy. */
    public SaeParams copy() {
        return new SaeParams(Vectors.copy(encoder), encoderBias.clone(), decoder == null ? null : Vectors.copy(decoder),
                decoderBias == null ? null : decoderBias.clone());
    }
}
