package org.tmssweep.core.sae;

import org.tmssweep.core.rng.Rng;

/**
 * A sparse autoencoder spelled out in double precision with plain loops: the definition of the model, its loss
 * and its gradients that {@link SaeModel} is tested against, and the evaluator of a trained SAE. With D_j the
 * dictionary element the forward pass uses ({@link DecoderNorm}: v_j / ||v_j|| of the stored decoder row, or of
 * the encoder row when tied; v_j itself under {@link DecoderNorm#RENORMALISE_ONLY}), for a batch of B samples:
 * <pre>
 *   xc_b    = x_b - b_dec                          (x_b without a decoder bias)
 *   a_bj    = W_enc,j . xc_b + b_enc,j,   z_bj = max(a_bj, 0)
 *   x^_b    = sum_j z_bj D_j + b_dec
 *   L       = c sum_b ||x^_b - x_b||^2 + lambda' (1/B) sum_b sum_j z_bj
 *   g_b     = 2 c (x^_b - x_b)                     dL/dx^_b
 *   dz_bj   = [a_bj &gt; 0] (D_j . g_b + lambda'/B)
 *   dW_enc,j = sum_b dz_bj xc_b,   db_enc,j = sum_b dz_bj
 *   db_dec  = sum_b g_b - sum_b sum_j dz_bj W_enc,j
 *   dD_j    = sum_b z_bj g_b;   dv_j = (dD_j - (dD_j . D_j) D_j) / ||v_j||  (dD_j itself under RENORMALISE_ONLY;
 *                               added to dW_enc,j when tied)
 * </pre>
 * with c and lambda' of {@link SaeConfig}. Immutable; safe to share.
 */
public final class ReferenceSae {
    private static final int EVAL_CHUNK = 4096;

    private final SaeConfig config;
    private final SaeParams params;
    private final int k;
    private final int d;
    /** D_j as the forward pass uses them. */
    private final double[][] dict;
    /** ||v_j|| of the rows D_j is normalised from (1 under RENORMALISE_ONLY, where none is). */
    private final double[] norms;

    public ReferenceSae(SaeConfig config, SaeParams params) {
        if (params.latents() != config.latents()) {
            throw new IllegalArgumentException("params: must have sae.latents = " + config.latents()
                    + " latents, got " + params.latents());
        }
        if (params.tied() != config.tied()) {
            throw new IllegalArgumentException("params: decoder must be " + (config.tied() ? "absent" : "present")
                    + " for sae.tied = " + config.tied());
        }
        if ((params.decoderBias() != null) != config.decoderBias()) {
            throw new IllegalArgumentException("params: decoder bias must be "
                    + (config.decoderBias() ? "present" : "absent") + " for sae.decoder_bias = " + config.decoderBias());
        }
        this.config = config;
        this.params = params;
        this.k = params.latents();
        this.d = params.dim();
        double[][] rows = config.tied() ? params.encoder() : params.decoder();
        dict = new double[k][];
        norms = new double[k];
        boolean normalise = config.tied() || config.decoderNorm() == DecoderNorm.GRADIENT_THROUGH;
        for (int j = 0; j < k; j++) {
            if (normalise) {
                norms[j] = Vectors.norm(rows[j]);
                dict[j] = Vectors.unit(rows[j]);
            } else {
                norms[j] = 1.0;
                dict[j] = rows[j].clone();
            }
        }
    }

    public SaeConfig config() {
        return config;
    }

    public SaeParams params() {
        return params;
    }

    /** The dictionary elements D_j exactly as the forward pass uses them (copies). */
    public double[][] forwardDictionary() {
        return Vectors.copy(dict);
    }

    /** xc = x - b_dec (a copy of x without a decoder bias). */
    private double[] centre(double[] x) {
        double[] xc = x.clone();
        double[] bDec = params.decoderBias();
        if (bDec != null) {
            for (int i = 0; i < d; i++) {
                xc[i] -= bDec[i];
            }
        }
        return xc;
    }

    /** The pre-activations a_j of one sample. */
    private double[] preActivations(double[] xc) {
        double[][] w = params.encoder();
        double[] b = params.encoderBias();
        double[] a = new double[k];
        for (int j = 0; j < k; j++) {
            a[j] = b[j] + Vectors.dot(w[j], xc);
        }
        return a;
    }

    /** The codes z of one sample x (length d). */
    public double[] encode(double[] x) {
        double[] a = preActivations(centre(x));
        for (int j = 0; j < k; j++) {
            a[j] = Math.max(a[j], 0.0);
        }
        return a;
    }

    /** The reconstruction x^ of codes z (length k). */
    public double[] decode(double[] z) {
        double[] bDec = params.decoderBias();
        double[] out = bDec == null ? new double[d] : bDec.clone();
        for (int j = 0; j < k; j++) {
            if (z[j] != 0) {
                for (int i = 0; i < d; i++) {
                    out[i] += z[j] * dict[j][i];
                }
            }
        }
        return out;
    }

    /** The loss parts over the rows of {@code x} (B x d), as training measures them on a batch. */
    public SaeLoss loss(double[][] x) {
        Sums sums = new Sums(k);
        for (double[] row : x) {
            sums.add(row);
        }
        return sums.loss(x.length);
    }

    /** The gradient of {@link #loss}'s objective with respect to the stored parameters, in their shapes. */
    public SaeParams gradients(double[][] x) {
        int rows = x.length;
        double c = config.reconstructionScale(d, rows);
        double penalty = config.penaltyCoefficient() / rows;
        double[][] w = params.encoder();
        double[][] dW = new double[k][d];
        double[] dBenc = new double[k];
        double[][] dD = new double[k][d];
        double[] dBdec = new double[d];
        for (double[] xb : x) {
            double[] xc = centre(xb);
            double[] a = preActivations(xc);
            double[] z = new double[k];
            for (int j = 0; j < k; j++) {
                z[j] = Math.max(a[j], 0.0);
            }
            double[] xh = decode(z);
            double[] g = new double[d];
            for (int i = 0; i < d; i++) {
                g[i] = 2 * c * (xh[i] - xb[i]);
                dBdec[i] += g[i];
            }
            for (int j = 0; j < k; j++) {
                if (!(a[j] > 0)) {
                    continue;
                }
                double dz = Vectors.dot(dict[j], g) + penalty;
                for (int i = 0; i < d; i++) {
                    dW[j][i] += dz * xc[i];
                    dD[j][i] += z[j] * g[i];
                    dBdec[i] -= dz * w[j][i];
                }
                dBenc[j] += dz;
            }
        }
        double[][] dV = config.tied() ? null : new double[k][];
        for (int j = 0; j < k; j++) {
            double[] gv;
            if (config.tied() || config.decoderNorm() == DecoderNorm.GRADIENT_THROUGH) {
                gv = new double[d];
                if (norms[j] > 0) {
                    double along = Vectors.dot(dD[j], dict[j]);
                    for (int i = 0; i < d; i++) {
                        gv[i] = (dD[j][i] - along * dict[j][i]) / norms[j];
                    }
                }
            } else {
                gv = dD[j];
            }
            if (config.tied()) {
                for (int i = 0; i < d; i++) {
                    dW[j][i] += gv[i];
                }
            } else {
                dV[j] = gv;
            }
        }
        return new SaeParams(dW, dBenc, dV, config.decoderBias() ? dBdec : null);
    }

    /**
     * The loss parts and per-latent firing frequencies (the fraction of samples with z_j &gt; 0) on
     * {@code samples} fresh samples of {@code source} drawn from {@code rng}, in chunks of at most 4,096
     * ({@link SaeSource#fill} calls). The reconstruction term is normalised over all the samples at once.
     */
    public SaeEvaluation evaluate(SaeSource source, Rng rng, int samples) {
        if (source.dim() != d) {
            throw new IllegalArgumentException("source: must have d = " + d + ", got " + source.dim());
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples: must be >= 1, got " + samples);
        }
        Sums sums = new Sums(k);
        int chunk = Math.min(EVAL_CHUNK, samples);
        float[] buf = new float[chunk * d];
        double[] row = new double[d];
        for (int done = 0; done < samples; ) {
            int rows = Math.min(chunk, samples - done);
            source.fill(rng, buf, 0, rows);
            for (int s = 0; s < rows; s++) {
                for (int i = 0; i < d; i++) {
                    row[i] = buf[s * d + i];
                }
                sums.add(row);
            }
            done += rows;
        }
        double[] firing = new double[k];
        for (int j = 0; j < k; j++) {
            firing[j] = (double) sums.fired[j] / samples;
        }
        return new SaeEvaluation(sums.loss(samples), firing);
    }

    /** Running sums of the loss parts and firing counts over samples. */
    private final class Sums {
        private double squaredError;
        private double l1;
        private long active;
        private final long[] fired;

        Sums(int latents) {
            fired = new long[latents];
        }

        void add(double[] x) {
            double[] z = encode(x);
            double[] xh = decode(z);
            for (int i = 0; i < d; i++) {
                double r = xh[i] - x[i];
                squaredError += r * r;
            }
            for (int j = 0; j < k; j++) {
                if (z[j] > 0) {
                    l1 += z[j];
                    active++;
                    fired[j]++;
                }
            }
        }

        SaeLoss loss(int rows) {
            double rec = config.reconstructionScale(d, rows) * squaredError;
            double meanL1 = l1 / rows;
            return new SaeLoss(rec, meanL1, (double) active / rows, rec + config.penaltyCoefficient() * meanL1);
        }
    }

    /**
     * The loss parts and firing frequencies of an SAE on an evaluation sample.
     *
     * @param loss   the loss parts
     * @param firing per latent, the fraction of samples on which it was active (z &gt; 0)
     */
    public record SaeEvaluation(SaeLoss loss, double[] firing) {
        /** Latents never active on the sample. */
        public int deadLatents() {
            return SaeMetrics.deadLatents(firing);
        }
    }
}
