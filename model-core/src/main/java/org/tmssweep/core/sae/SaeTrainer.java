package org.tmssweep.core.sae;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmssweep.core.rng.Rng;
import org.tmssweep.core.rng.RngStream;
import org.tmssweep.core.train.AdamW;
import org.tmssweep.core.train.TrainStatus;

/**
 * Trains packs of sparse autoencoders. A pack is any list of {@link SaeSpec}s sharing one
 * {@link SaeSpec#packKey()} (d, k, batch size, steps; recipes, sources and seeds may differ); its SAEs live in
 * one {@link SaeModel} and are trained one after the other, so each result depends only on its own spec
 * (tested bit-for-bit against the SAE trained alone).
 *
 * <p>Per SAE: parameters from {@link #initialParams}; then for each step s = 0..steps-1: ARENA resampling when
 * due ({@link ResampleRule}); the next batch of B fresh samples from the source, drawn from the seed's
 * {@link RngStream#SAE_DATA} stream (one {@link SaeSource#fill} call per step); forward and backward
 * ({@link SaeModel#forwardBackward}); the optimiser step at the constant learning rate ({@link SaeOptimizer}:
 * {@link AdamW} on the encoder rows, the encoder bias, the decoder rows and the decoder bias, in that order, each
 * with its own moments, updated row by row); then the untied decoder's rows scaled back to unit norm. An SAE
 * whose training loss becomes non-finite stops there and is reported {@link TrainStatus#DIVERGED}. Finally
 * the evaluation ({@link #evaluate}).
 *
 * <p>Stateless and therefore safe to share; {@link #train} may run concurrently in several threads (sources
 * hold no random state).
 */
public final class SaeTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(SaeTrainer.class);
    /** lastFired value of a latent that has not fired yet. */
    private static final int NEVER = Integer.MIN_VALUE / 2;

    public SaeTrainer() {
    }

    /** Trains one SAE. */
    public TrainedSae train(SaeSpec spec) {
        return train(List.of(spec)).get(0);
    }

    /**
     * Trains every spec of the pack (all must share {@link SaeSpec#packKey()}, else
     * {@link IllegalArgumentException}); results in the same order. Pure: depends only on the specs.
     */
    public List<TrainedSae> train(List<SaeSpec> pack) {
        if (pack == null || pack.isEmpty()) {
            throw new IllegalArgumentException("pack: must contain at least one spec");
        }
        SaeSpec.PackKey key = pack.get(0).packKey();
        List<SaeConfig> configs = new ArrayList<>(pack.size());
        for (int i = 0; i < pack.size(); i++) {
            if (!pack.get(i).packKey().equals(key)) {
                throw new IllegalArgumentException("pack: all specs must share one pack key, spec " + i + " has "
                        + pack.get(i).packKey() + " but spec 0 has " + key);
            }
            configs.add(pack.get(i).config());
        }
        SaeModel model = new SaeModel(key.dim(), key.batchSize(), configs);
        List<TrainedSae> out = new ArrayList<>(pack.size());
        for (int i = 0; i < pack.size(); i++) {
            out.add(trainInstance(model, i, pack.get(i)));
        }
        return out;
    }

    private static TrainedSae trainInstance(SaeModel model, int instance, SaeSpec spec) {
        long start = System.nanoTime();
        SaeConfig cfg = spec.config();
        int d = model.dim();
        int k = model.latents();
        int batch = model.batch();
        model.setParams(instance, initialParams(spec));
        Optimiser opt = new Optimiser(cfg, d, k);
        Rng data = Rng.derive(spec.seed(), RngStream.SAE_DATA);
        Rng resampleRng = Rng.derive(spec.seed(), RngStream.SAE_RESAMPLE);
        int[] lastFired = new int[k];
        Arrays.fill(lastFired, NEVER);
        float[] stage = new float[batch * d];
        int resampled = 0;
        boolean diverged = false;
        for (int s = 0; s < cfg.steps(); s++) {
            if (cfg.resample() == ResampleRule.ARENA && (s + 1) % cfg.resampleEvery() == 0) {
                int before = s - cfg.resampleWindow();
                for (int j = 0; j < k; j++) {
                    if (lastFired[j] < before) {
                        model.resample(instance, j, Vectors.gaussianUnit(resampleRng, d), cfg.resampleScale());
                        resampled++;
                    }
                }
            }
            spec.source().fill(data, stage, 0, batch);
            model.setInput(stage, 0);
            SaeLoss loss = model.forwardBackward(instance);
            if (!Double.isFinite(loss.loss())) {
                diverged = true;
                LOG.debug("SAE seed {} diverged at step {}", spec.seed(), s);
                break;
            }
            for (int j = 0; j < k; j++) {
                if (model.firedInLastPass(j)) {
                    lastFired[j] = s;
                }
            }
            opt.step(model, instance, s + 1);
            model.renormaliseDecoder(instance);
        }
        SaeParams params = model.params(instance);
        ReferenceSae.SaeEvaluation eval = null;
        if (!diverged && allFinite(params)) {
            eval = evaluate(spec, params);
            if (!Double.isFinite(eval.loss().loss())) {
                eval = null;
            }
        }
        long nanos = System.nanoTime() - start;
        if (eval == null) {
            double[] nan = new double[k];
            Arrays.fill(nan, Double.NaN);
            return new TrainedSae(spec, params, new SaeLoss(Double.NaN, Double.NaN, Double.NaN, Double.NaN), nan, -1,
                    resampled, TrainStatus.DIVERGED, nanos);
        }
        return new TrainedSae(spec, params, eval.loss(), eval.firing(), eval.deadLatents(), resampled, TrainStatus.OK,
                nanos);
    }

    /**
     * The loss parts and firing frequencies of {@code params} on {@code config.evalSamples} fresh samples of the
     * spec's source from the seed's {@link RngStream#SAE_EVAL} stream, in double precision.
     */
    public static ReferenceSae.SaeEvaluation evaluate(SaeSpec spec, SaeParams params) {
        return new ReferenceSae(spec.config(), params).evaluate(spec.source(),
                Rng.derive(spec.seed(), RngStream.SAE_EVAL), spec.config().evalSamples());
    }

    /**
     * The parameters at initialisation ({@link SaeInit}), from the seed's {@link RngStream#SAE_INIT} stream; under
     * {@link DecoderNorm#RENORMALISE_ONLY} the decoder rows are then scaled to unit norm, as the first forward
     * pass of the replication code does.
     */
    public static SaeParams initialParams(SaeSpec spec) {
        SaeConfig cfg = spec.config();
        int d = spec.dim();
        int k = cfg.latents();
        Rng rng = Rng.derive(spec.seed(), RngStream.SAE_INIT);
        double bound = cfg.init() == SaeInit.ARENA ? Math.sqrt(6.0 / ((double) d * k)) : 1.0 / Math.sqrt(d);
        double[][] encoder = uniform(rng, k, d, bound);
        double[][] decoder = null;
        if (!cfg.tied()) {
            if (cfg.init() == SaeInit.ARENA) {
                decoder = uniform(rng, k, d, bound);
            } else if (k <= d) {
                decoder = Vectors.orthonormalRows(rng, k, d);
            } else {
                double[][] q = Vectors.orthonormalRows(rng, d, k);
                decoder = new double[k][d];
                for (int j = 0; j < k; j++) {
                    for (int t = 0; t < d; t++) {
                        decoder[j][t] = q[t][j];
                    }
                }
                decoder = Vectors.unitRows(decoder);
            }
            if (cfg.decoderNorm() == DecoderNorm.RENORMALISE_ONLY) {
                decoder = Vectors.unitRows(decoder);
            }
        }
        double[] encoderBias = new double[k];
        if (cfg.init() == SaeInit.SHARKEY) {
            for (int j = 0; j < k; j++) {
                encoderBias[j] = bound * (2 * rng.nextDouble() - 1);
            }
        }
        return new SaeParams(encoder, encoderBias, decoder, cfg.decoderBias() ? new double[d] : null);
    }

    private static double[][] uniform(Rng rng, int rows, int cols, double bound) {
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = bound * (2 * rng.nextDouble() - 1);
            }
        }
        return m;
    }

    private static boolean allFinite(SaeParams p) {
        for (double[] row : p.encoder()) {
            if (!allFinite(row)) {
                return false;
            }
        }
        if (p.decoder() != null) {
            for (double[] row : p.decoder()) {
                if (!allFinite(row)) {
                    return false;
                }
            }
        }
        return allFinite(p.encoderBias()) && (p.decoderBias() == null || allFinite(p.decoderBias()));
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /** The optimiser state of one SAE: moments per parameter tensor, and the update of one step. */
    private static final class Optimiser {
        private final SaeConfig cfg;
        private final int d;
        private final int k;
        private final AdamW adam;
        /** Coupled L2 coefficient of {@link SaeOptimizer#ADAM}; 0 for AdamW (whose decay is decoupled). */
        private final float l2;
        private final double[] mEnc;
        private final double[] vEnc;
        private final double[] mEncBias;
        private final double[] vEncBias;
        private final double[] mDec;
        private final double[] vDec;
        private final double[] mDecBias;
        private final double[] vDecBias;

        Optimiser(SaeConfig cfg, int d, int k) {
            this.cfg = cfg;
            this.d = d;
            this.k = k;
            boolean adamw = cfg.optimizer() == SaeOptimizer.ADAMW;
            adam = new AdamW(adamw ? cfg.weightDecay() : 0.0, cfg.beta1(), cfg.beta2(), cfg.eps());
            l2 = adamw ? 0f : (float) cfg.weightDecay();
            mEnc = new double[k * d];
            vEnc = new double[k * d];
            mEncBias = new double[k];
            vEncBias = new double[k];
            mDec = cfg.tied() ? null : new double[k * d];
            vDec = cfg.tied() ? null : new double[k * d];
            mDecBias = cfg.decoderBias() ? new double[d] : null;
            vDecBias = cfg.decoderBias() ? new double[d] : null;
        }

        /** The update of 1-based step t from the model's current gradients. */
        void step(SaeModel model, int instance, int t) {
            AdamW.StepConstants c = adam.constants(t, cfg.lr());
            float[][] enc = model.enc[instance];
            for (int j = 0; j < k; j++) {
                addL2(model.gEnc[j], enc[j]);
                adam.update(c, enc[j], 0, model.gEnc[j], 0, mEnc, vEnc, j * d, d);
            }
            addL2(model.gEncBias, model.encBias[instance]);
            adam.update(c, model.encBias[instance], 0, model.gEncBias, 0, mEncBias, vEncBias, 0, k);
            if (mDec != null) {
                float[][] dec = model.dec[instance];
                for (int j = 0; j < k; j++) {
                    addL2(model.gDec[j], dec[j]);
                    adam.update(c, dec[j], 0, model.gDec[j], 0, mDec, vDec, j * d, d);
                }
            }
            if (mDecBias != null) {
                addL2(model.gDecBias, model.decBias[instance]);
                adam.update(c, model.decBias[instance], 0, model.gDecBias, 0, mDecBias, vDecBias, 0, d);
            }
        }

        private void addL2(float[] grad, float[] param) {
            if (l2 != 0f) {
                for (int t = 0; t < grad.length; t++) {
                    grad[t] += l2 * param[t];
                }
            }
        }
    }
}
