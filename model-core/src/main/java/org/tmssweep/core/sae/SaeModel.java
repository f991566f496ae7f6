package org.tmssweep.core.sae;

import java.util.Arrays;
import java.util.List;

/**
 * Sparse autoencoders of one shape (d inputs, k latents, batch B) in float32 plain Java: the training kernel.
 * Holds the parameters of several instances, each with its own {@link SaeConfig} (penalty, tying, decoder bias,
 * normalisation may differ), and runs one instance's forward and backward pass at a time through shared scratch
 * rows, so an instance's arithmetic is the same whatever pack it is in. The model and its loss are
 * {@link ReferenceSae}'s, which the tests hold it to; per pass, for instance i on the batch last given to
 * {@link #setInput}:
 * <pre>
 *   D_j     = v_j / ||v_j|| (norm in double, rounded to float), or v_j under RENORMALISE_ONLY
 *   a_b     = b_enc + sum_i xc_b[i] W_enc^T[i]      i ascending; four samples per pass over W_enc^T, each
 *                                                    entry one fused multiply-add chain from b_enc
 *   z_b     = ReLU(a_b); the active latents of b listed in ascending order
 *   x^_b    = b_dec + sum over active j of z_bj D_j  (active j ascending, fused)
 *   g_b     = (2c) (x^_b - x_b)                     (float 2c); R and ||z||_1 summed in double
 *   gz_b    = sum_i g_b[i] D^T[i]                    like a_b, from 0 (or, when few latents are active, only
 *                                                    at the active j as dot products: the same fused chains,
 *                                                    the same bits); then dz_bj = gz_bj + lambda'/B (active j)
 *   dD_j   += z_bj g_b,  dW_enc,j += dz_bj xc_b,  db_enc,j += dz_bj,  s_b += dz_bj W_enc,j
 *                                                    (samples ascending, their active j ascending)
 *   db_dec += g_b - s_b
 *   dv_j    = (dD_j - (dD_j . D_j) D_j) / ||v_j||    (in double, rounded; added to dW_enc,j when tied)
 * </pre>
 * The vectorisable loops (over d or k) run on separate row arrays indexed from 0, the form in which HotSpot's
 * C2 vectorises them; products added to sums are fused ({@link Math#fma}, exact on every JVM), so the bits are
 * the same on every machine. Results differ from {@link ReferenceSae} by float rounding only.
 *
 * <p>The kernel's cost per pass is one dense B x d x k product (a), a second (gz) unless few latents are active
 * ({@link #SPARSE_GZ_FACTOR}), and four sparse ones over the active latents. Not thread-safe; allocates nothing after the constructor except in {@link #params},
 * {@link #gradients} and {@link #setParams}.
 */
public final class SaeModel {
    /**
     * The active-latent dot products replace the dense D g pass when the batch's active entries are at most
     * 1/SPARSE_GZ_FACTOR of all B k: a scalar fused chain costs about as much per product as this many of the
     * vectorised dense pass's (the two give the same bits, so the choice affects time only).
     */
    static final int SPARSE_GZ_FACTOR = 8;

    /** How D g is computed: by the rule, or always one way (for the tests; the bits are the same). */
    enum GzPath { AUTO, DENSE, ACTIVE }

    private GzPath gzPath = GzPath.AUTO;

    private final int instances;
    private final int d;
    private final int k;
    private final int batch;
    private final SaeConfig[] configs;

    /** W_enc of each instance, [I][k][d]. */
    final float[][][] enc;
    /** b_enc, [I][k]. */
    final float[][] encBias;
    /** The stored decoder rows v_j, [I][k][d]; null for a tied instance. */
    final float[][][] dec;
    /** b_dec, [I][d]; null for an instance without one. */
    final float[][] decBias;

    /** Gradients of the last pass (whichever instance ran it), in the parameters' shapes. */
    final float[][] gEnc;
    final float[] gEncBias;
    final float[][] gDec;
    final float[] gDecBias;
    private int lastInstance = -1;

    private final float[][] x;
    private final float[][] xc;
    /** Pre-activations, then codes (0 where inactive). */
    private final float[][] z;
    /** D_j . g_b, then dz_bj at the active j. */
    private final float[][] gz;
    private final int[][] active;
    private final int[] activeCount;
    private final float[][] g;
    private final float[][] encT;
    private final float[][] dict;
    private final float[][] dictT;
    private final double[] norms;
    private final float[] xh;
    private final float[] sRow;
    private final boolean[] fired;

    /**
     * @param dim     d
     * @param batch   B, the rows of every pass
     * @param configs one per instance; all with the same k
     */
    public SaeModel(int dim, int batch, List<SaeConfig> configs) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim: must be >= 1, got " + dim);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch: must be >= 1, got " + batch);
        }
        if (configs == null || configs.isEmpty()) {
            throw new IllegalArgumentException("configs: must contain at least one config");
        }
        this.instances = configs.size();
        this.d = dim;
        this.batch = batch;
        this.k = configs.get(0).latents();
        this.configs = configs.toArray(new SaeConfig[0]);
        for (int i = 1; i < instances; i++) {
            if (this.configs[i].latents() != k) {
                throw new IllegalArgumentException("configs[" + i + "]: sae.latents must be " + k + " as in configs[0], got "
                        + this.configs[i].latents());
            }
        }
        enc = new float[instances][k][d];
        encBias = new float[instances][k];
        dec = new float[instances][][];
        decBias = new float[instances][];
        for (int i = 0; i < instances; i++) {
            dec[i] = this.configs[i].tied() ? null : new float[k][d];
            decBias[i] = this.configs[i].decoderBias() ? new float[d] : null;
        }
        gEnc = new float[k][d];
        gEncBias = new float[k];
        gDec = new float[k][d];
        gDecBias = new float[d];
        x = new float[batch][d];
        xc = new float[batch][d];
        z = new float[batch][k];
        gz = new float[batch][k];
        active = new int[batch][k];
        activeCount = new int[batch];
        g = new float[batch][d];
        encT = new float[d][k];
        dict = new float[k][d];
        dictT = new float[d][k];
        norms = new double[k];
        xh = new float[d];
        sRow = new float[d];
        fired = new boolean[k];
    }

    /** Forces one way of computing D g (tests). */
    void gzPath(GzPath path) {
        gzPath = path;
    }

    public int instances() {
        return instances;
    }

    public int dim() {
        return d;
    }

    public int latents() {
        return k;
    }

    public int batch() {
        return batch;
    }

    public SaeConfig config(int instance) {
        return configs[instance];
    }

    /** Sets one instance's parameters (rounded to float). */
    public void setParams(int instance, SaeParams p) {
        SaeConfig cfg = configs[instance];
        if (p.latents() != k || p.dim() != d) {
            throw new IllegalArgumentException("params: must be " + k + " x " + d + ", got " + p.latents() + " x "
                    + p.dim());
        }
        if (p.tied() != cfg.tied() || (p.decoderBias() != null) != cfg.decoderBias()) {
            throw new IllegalArgumentException("params: decoder and decoder bias must match the config (tied = "
                    + cfg.tied() + ", decoder_bias = " + cfg.decoderBias() + ")");
        }
        for (int j = 0; j < k; j++) {
            toFloat(p.encoder()[j], enc[instance][j]);
            if (!cfg.tied()) {
                toFloat(p.decoder()[j], dec[instance][j]);
            }
        }
        toFloat(p.encoderBias(), encBias[instance]);
        if (cfg.decoderBias()) {
            toFloat(p.decoderBias(), decBias[instance]);
        }
    }

    /** One instance's parameters, widened to double (new arrays). */
    public SaeParams params(int instance) {
        double[][] e = new double[k][];
        double[][] v = dec[instance] == null ? null : new double[k][];
        for (int j = 0; j < k; j++) {
            e[j] = toDouble(enc[instance][j]);
            if (v != null) {
                v[j] = toDouble(dec[instance][j]);
            }
        }
        return new SaeParams(e, toDouble(encBias[instance]), v,
                decBias[instance] == null ? null : toDouble(decBias[instance]));
    }

    /**
     * The gradients of the last {@link #forwardBackward} pass, widened to double, in the shapes of that
     * instance's parameters.
     */
    public SaeParams gradients() {
        if (lastInstance < 0) {
            throw new IllegalStateException("gradients: no pass has run yet");
        }
        SaeConfig cfg = configs[lastInstance];
        double[][] e = new double[k][];
        double[][] v = cfg.tied() ? null : new double[k][];
        for (int j = 0; j < k; j++) {
            e[j] = toDouble(gEnc[j]);
            if (v != null) {
                v[j] = toDouble(gDec[j]);
            }
        }
        return new SaeParams(e, toDouble(gEncBias), v, cfg.decoderBias() ? toDouble(gDecBias) : null);
    }

    /** Copies the next batch, row-major [B][d] from {@code offset}, into the input rows. */
    public void setInput(float[] rows, int offset) {
        for (int b = 0; b < batch; b++) {
            System.arraycopy(rows, offset + b * d, x[b], 0, d);
        }
    }

    /** Whether latent j was active on any sample of the last pass. */
    public boolean firedInLastPass(int latent) {
        return fired[latent];
    }

    /**
     * One forward and backward pass of instance {@code instance} on the current input: the loss parts (R in the
     * config's normalisation, mean ||z||_1, mean active count, the objective) and the gradients, kept until the
     * next pass.
     */
    public SaeLoss forwardBackward(int instance) {
        SaeConfig cfg = configs[instance];
        lastInstance = instance;
        float[][] e = enc[instance];
        float[] bEnc = encBias[instance];
        float[] bDec = decBias[instance];
        prepareDictionary(cfg, instance);
        transpose(e, encT);
        float[][] xin = x;
        if (bDec != null) {
            for (int b = 0; b < batch; b++) {
                float[] xb = x[b];
                float[] cb = xc[b];
                for (int t = 0; t < d; t++) {
                    cb[t] = xb[t] - bDec[t];
                }
            }
            xin = xc;
        }
        // a = W_enc xc + b_enc, then z = ReLU(a) and the active lists
        products(xin, encT, bEnc, z);
        Arrays.fill(fired, false);
        double l1 = 0;
        long l0 = 0;
        for (int b = 0; b < batch; b++) {
            float[] zb = z[b];
            int[] ab = active[b];
            int c = 0;
            for (int j = 0; j < k; j++) {
                float a = zb[j];
                if (a > 0) {
                    ab[c++] = j;
                    l1 += a;
                    fired[j] = true;
                } else {
                    zb[j] = 0f;
                }
            }
            activeCount[b] = c;
            l0 += c;
        }
        // x^ and dL/dx^
        double scale = cfg.reconstructionScale(d, batch);
        float gcoef = (float) (2 * scale);
        double squared = 0;
        for (int b = 0; b < batch; b++) {
            if (bDec != null) {
                System.arraycopy(bDec, 0, xh, 0, d);
            } else {
                Arrays.fill(xh, 0f);
            }
            float[] zb = z[b];
            int[] ab = active[b];
            for (int n = 0, c = activeCount[b]; n < c; n++) {
                int j = ab[n];
                axpy(zb[j], dict[j], xh);
            }
            float[] xb = x[b];
            float[] gb = g[b];
            for (int t = 0; t < d; t++) {
                gb[t] = gcoef * (xh[t] - xb[t]);
            }
            for (int t = 0; t < d; t++) {
                double r = xh[t] - xb[t];
                squared += r * r;
            }
        }
        // gz = D g at the active latents (or everywhere, when that is cheaper), then dz there
        boolean dots = switch (gzPath) {
            case AUTO -> l0 * SPARSE_GZ_FACTOR <= (long) batch * k;
            case DENSE -> false;
            case ACTIVE -> true;
        };
        if (dots) {
            activeDots();
        } else {
            products(g, dictT, null, gz);
        }
        float penalty = (float) (cfg.penaltyCoefficient() / batch);
        for (int b = 0; b < batch; b++) {
            float[] gzb = gz[b];
            int[] ab = active[b];
            for (int n = 0, c = activeCount[b]; n < c; n++) {
                int j = ab[n];
                gzb[j] += penalty;
            }
        }
        // parameter gradients
        for (int j = 0; j < k; j++) {
            Arrays.fill(gEnc[j], 0f);
            Arrays.fill(gDec[j], 0f);
        }
        Arrays.fill(gEncBias, 0f);
        Arrays.fill(gDecBias, 0f);
        for (int b = 0; b < batch; b++) {
            float[] cb = xin[b];
            float[] gb = g[b];
            float[] zb = z[b];
            float[] dzb = gz[b];
            int[] ab = active[b];
            if (bDec != null) {
                Arrays.fill(sRow, 0f);
            }
            for (int n = 0, c = activeCount[b]; n < c; n++) {
                int j = ab[n];
                float dz = dzb[j];
                axpy(zb[j], gb, gDec[j]);
                axpy(dz, cb, gEnc[j]);
                gEncBias[j] += dz;
                if (bDec != null) {
                    axpy(dz, e[j], sRow);
                }
            }
            if (bDec != null) {
                for (int t = 0; t < d; t++) {
                    gDecBias[t] += gb[t] - sRow[t];
                }
            }
        }
        if (cfg.tied() || cfg.decoderNorm() == DecoderNorm.GRADIENT_THROUGH) {
            for (int j = 0; j < k; j++) {
                float[] gd = gDec[j];
                float[] dj = dict[j];
                float[] target = cfg.tied() ? gEnc[j] : gd;
                double n = norms[j];
                if (!(n > 0)) {
                    if (!cfg.tied()) {
                        Arrays.fill(gd, 0f);
                    }
                    continue;
                }
                double along = 0;
                for (int t = 0; t < d; t++) {
                    along += (double) gd[t] * dj[t];
                }
                for (int t = 0; t < d; t++) {
                    float gv = (float) ((gd[t] - along * dj[t]) / n);
                    target[t] = cfg.tied() ? target[t] + gv : gv;
                }
            }
        }
        double rec = scale * squared;
        double meanL1 = l1 / batch;
        return new SaeLoss(rec, meanL1, (double) l0 / batch, rec + cfg.penaltyCoefficient() * meanL1);
    }

    /**
     * gz_bj = D_j . g_b for the active latents of every sample only, as fused chains over i ascending from 0: the
     * same bits as the dense {@link #products} pass, at a cost proportional to the active count. Four latents
     * per pass over g_b, so that four independent chains overlap.
     */
    private void activeDots() {
        for (int b = 0; b < batch; b++) {
            float[] gb = g[b];
            float[] gzb = gz[b];
            int[] ab = active[b];
            int c = activeCount[b];
            int n = 0;
            for (; n + 4 <= c; n += 4) {
                float[] d0 = dict[ab[n]];
                float[] d1 = dict[ab[n + 1]];
                float[] d2 = dict[ab[n + 2]];
                float[] d3 = dict[ab[n + 3]];
                float s0 = 0f;
                float s1 = 0f;
                float s2 = 0f;
                float s3 = 0f;
                for (int t = 0; t < d; t++) {
                    float gt = gb[t];
                    s0 = Math.fma(gt, d0[t], s0);
                    s1 = Math.fma(gt, d1[t], s1);
                    s2 = Math.fma(gt, d2[t], s2);
                    s3 = Math.fma(gt, d3[t], s3);
                }
                gzb[ab[n]] = s0;
                gzb[ab[n + 1]] = s1;
                gzb[ab[n + 2]] = s2;
                gzb[ab[n + 3]] = s3;
            }
            for (; n < c; n++) {
                float[] dj = dict[ab[n]];
                float s0 = 0f;
                for (int t = 0; t < d; t++) {
                    s0 = Math.fma(gb[t], dj[t], s0);
                }
                gzb[ab[n]] = s0;
            }
        }
    }

    /** D (and its transpose, and the norms) as the forward pass of {@code instance} uses it. */
    private void prepareDictionary(SaeConfig cfg, int instance) {
        float[][] rows = cfg.tied() ? enc[instance] : dec[instance];
        boolean normalise = cfg.tied() || cfg.decoderNorm() == DecoderNorm.GRADIENT_THROUGH;
        for (int j = 0; j < k; j++) {
            float[] v = rows[j];
            float[] dj = dict[j];
            if (normalise) {
                double n = rowNorm(v);
                norms[j] = n;
                for (int t = 0; t < d; t++) {
                    dj[t] = n > 0 ? (float) (v[t] / n) : 0f;
                }
            } else {
                norms[j] = 1.0;
                System.arraycopy(v, 0, dj, 0, d);
            }
        }
        transpose(dict, dictT);
    }

    /**
     * out_b = init + sum_i in_b[i] m[i] for every row b (init null: 0), four rows per pass over m; each entry is
     * the same fused chain, i ascending, whichever pass computes it.
     */
    private void products(float[][] in, float[][] m, float[] init, float[][] out) {
        int cols = m[0].length;
        int rows = m.length;
        int b = 0;
        for (; b + 4 <= batch; b += 4) {
            float[] o0 = out[b];
            float[] o1 = out[b + 1];
            float[] o2 = out[b + 2];
            float[] o3 = out[b + 3];
            start(init, o0);
            start(init, o1);
            start(init, o2);
            start(init, o3);
            float[] i0 = in[b];
            float[] i1 = in[b + 1];
            float[] i2 = in[b + 2];
            float[] i3 = in[b + 3];
            for (int i = 0; i < rows; i++) {
                float a0 = i0[i];
                float a1 = i1[i];
                float a2 = i2[i];
                float a3 = i3[i];
                float[] mi = m[i];
                for (int c = 0; c < cols; c++) {
                    float w = mi[c];
                    o0[c] = Math.fma(a0, w, o0[c]);
                    o1[c] = Math.fma(a1, w, o1[c]);
                    o2[c] = Math.fma(a2, w, o2[c]);
                    o3[c] = Math.fma(a3, w, o3[c]);
                }
            }
        }
        for (; b < batch; b++) {
            float[] o = out[b];
            start(init, o);
            float[] ib = in[b];
            for (int i = 0; i < rows; i++) {
                axpy(ib[i], m[i], o);
            }
        }
    }

    private static void start(float[] init, float[] o) {
        if (init == null) {
            Arrays.fill(o, 0f);
        } else {
            System.arraycopy(init, 0, o, 0, o.length);
        }
    }

    /** y = fma(a, x, y) elementwise. */
    private static void axpy(float a, float[] xs, float[] y) {
        for (int t = 0; t < y.length; t++) {
            y[t] = Math.fma(a, xs[t], y[t]);
        }
    }

    private static void transpose(float[][] src, float[][] dst) {
        int rows = src.length;
        int cols = src[0].length;
        for (int r = 0; r < rows; r++) {
            float[] s = src[r];
            for (int c = 0; c < cols; c++) {
                dst[c][r] = s[c];
            }
        }
    }

    private static double rowNorm(float[] v) {
        double s = 0;
        for (float f : v) {
            s += (double) f * f;
        }
        return Math.sqrt(s);
    }

    /** Scales every stored decoder row of an untied instance to unit norm (norm in double); a zero row stays. */
    void renormaliseDecoder(int instance) {
        if (dec[instance] == null) {
            return;
        }
        for (float[] v : dec[instance]) {
            double n = rowNorm(v);
            if (n > 0) {
                for (int t = 0; t < d; t++) {
                    v[t] = (float) (v[t] / n);
                }
            }
        }
    }

    /**
     * Resamples latent j of an instance to the unit direction u: decoder row u (untied), encoder row scale u,
     * encoder bias 0.
     */
    void resample(int instance, int latent, double[] u, double scale) {
        float[] e = enc[instance][latent];
        for (int t = 0; t < d; t++) {
            e[t] = (float) (scale * u[t]);
        }
        if (dec[instance] != null) {
            toFloat(u, dec[instance][latent]);
        }
        encBias[instance][latent] = 0f;
    }

    private static void toFloat(double[] src, float[] dst) {
        for (int t = 0; t < dst.length; t++) {
            dst[t] = (float) src[t];
        }
    }

    private static double[] toDouble(float[] src) {
        double[] out = new double[src.length];
        for (int t = 0; t < src.length; t++) {
            out[t] = src[t];
        }
        return out;
    }
}
