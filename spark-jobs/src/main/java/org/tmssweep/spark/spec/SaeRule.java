package org.tmssweep.spark.spec;

import java.util.List;
import java.util.Map;
import org.tmssweep.core.config.LossNormalization;
import org.tmssweep.core.sae.AbsorptionToy;
import org.tmssweep.core.sae.DecoderNorm;
import org.tmssweep.core.sae.ResampleRule;
import org.tmssweep.core.sae.SaeConfig;
import org.tmssweep.core.sae.SaeInit;
import org.tmssweep.core.sae.SaeOptimizer;
import org.tmssweep.core.sae.SyntheticFeaturesConfig;

/**
 * The sparse autoencoder of one grid point's assignment ({@code sae.*} keys, docs/spec.md "Sparse
 * autoencoders"): its recipe ({@link SaeConfig}), the number G of true features and the dimension d of its
 * data source, and the source's settings. Pure; used by the parser to validate every point and by the grid to
 * build it, so the two cannot disagree. The assignment holds every key with a default (the parser fills them in
 * when {@code sae.source} is given).
 */
public final class SaeRule {
    /** Keys that hold one value for the whole sweep: given once, at the top level, never as an axis. */
    public static final List<Param> SWEEP_WIDE = List.of(Param.SAE_SOURCE, Param.SAE_SEEDS,
            Param.SAE_RECOVERY_THRESHOLD);

    private SaeRule() {
    }

    /** The point's source kind, or null for a point without an SAE. */
    public static SaeSourceKind source(Map<Param, Object> a) {
        return (SaeSourceKind) a.get(Param.SAE_SOURCE);
    }

    /** G: the toy model's n_features, sae.synthetic.features, or the absorption toy's four features. */
    public static int features(Map<Param, Object> a) {
        return switch (source(a)) {
            case TOY -> (Integer) a.get(Param.N_FEATURES);
            case SYNTHETIC -> (Integer) a.get(Param.SAE_SYNTHETIC_FEATURES);
            case ABSORPTION -> AbsorptionToy.FEATURES;
        };
    }

    /** d: the toy model's n_hidden, sae.synthetic.dim, or the absorption toy's 50 dimensions. */
    public static int dim(Map<Param, Object> a) {
        return switch (source(a)) {
            case TOY -> (Integer) a.get(Param.N_HIDDEN);
            case SYNTHETIC -> (Integer) a.get(Param.SAE_SYNTHETIC_DIM);
            case ABSORPTION -> AbsorptionToy.DIM;
        };
    }

    /**
     * k: {@code sae.latents}, or round(sae.ratio x G) (halves rounded up).
     *
     * @throws SpecException when the point has neither or both, or the ratio gives no latent
     */
    public static int latents(Map<Param, Object> a) throws SpecException {
        boolean latents = a.containsKey(Param.SAE_LATENTS);
        boolean ratio = a.containsKey(Param.SAE_RATIO);
        if (latents == ratio) {
            throw new SpecException(latents ? Param.SAE_RATIO.key() : Param.SAE_LATENTS.key(), latents
                    ? "give sae.latents or sae.ratio, not both" : "give sae.latents (k) or sae.ratio (k / features)");
        }
        if (latents) {
            return (Integer) a.get(Param.SAE_LATENTS);
        }
        double r = (Double) a.get(Param.SAE_RATIO);
        int g = features(a);
        double k = Math.round(r * g);
        if (k < 1 || k > Integer.MAX_VALUE) {
            throw new SpecException(Param.SAE_RATIO.key(), "gives k = round(ratio x features) = round(" + r + " x " + g
                    + ") = " + (long) k + " latents, must give between 1 and " + Integer.MAX_VALUE + ", got " + r);
        }
        return (int) k;
    }

    /** The recipe. @throws SpecException naming the key when the settings do not fit together */
    public static SaeConfig config(Map<Param, Object> a) throws SpecException {
        int k = latents(a);
        try {
            return SaeConfig.builder()
                    .latents(k)
                    .l1((Double) a.get(Param.SAE_L1))
                    .l1PerLatent((Boolean) a.get(Param.SAE_L1_PER_LATENT))
                    .tied((Boolean) a.get(Param.SAE_TIED))
                    .decoderBias((Boolean) a.get(Param.SAE_DECODER_BIAS))
                    .decoderNorm((DecoderNorm) a.get(Param.SAE_DECODER_NORM))
                    .init((SaeInit) a.get(Param.SAE_INIT))
                    .reconstruction((LossNormalization) a.get(Param.SAE_RECONSTRUCTION))
                    .optimizer((SaeOptimizer) a.get(Param.SAE_OPTIMIZER))
                    .lr((Double) a.get(Param.SAE_LR))
                    .weightDecay((Double) a.get(Param.SAE_WEIGHT_DECAY))
                    .beta1((Double) a.get(Param.SAE_BETA1))
                    .beta2((Double) a.get(Param.SAE_BETA2))
                    .eps((Double) a.get(Param.SAE_EPS))
                    .batchSize((Integer) a.get(Param.SAE_BATCH_SIZE))
                    .steps((Integer) a.get(Param.SAE_STEPS))
                    .resample((ResampleRule) a.get(Param.SAE_RESAMPLE))
                    .resampleEvery((Integer) a.get(Param.SAE_RESAMPLE_EVERY))
                    .resampleWindow((Integer) a.get(Param.SAE_RESAMPLE_WINDOW))
                    .resampleScale((Double) a.get(Param.SAE_RESAMPLE_SCALE))
                    .evalSamples((Integer) a.get(Param.SAE_EVAL_SAMPLES))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new SpecException("", e.getMessage()); // SaeConfig's messages start with the key
        }
    }

    /** The synthetic source's settings (sae.source synthetic only). @throws SpecException naming the key */
    public static SyntheticFeaturesConfig synthetic(Map<Param, Object> a) throws SpecException {
        try {
            return new SyntheticFeaturesConfig((Integer) a.get(Param.SAE_SYNTHETIC_FEATURES),
                    (Integer) a.get(Param.SAE_SYNTHETIC_DIM), (Double) a.get(Param.SAE_SYNTHETIC_MEAN_ACTIVE),
                    (Double) a.get(Param.SAE_SYNTHETIC_DECAY),
                    (SyntheticFeaturesConfig.FeatureFrequencies) a.get(Param.SAE_SYNTHETIC_FREQUENCIES),
                    (SyntheticFeaturesConfig.AlphaDraw) a.get(Param.SAE_SYNTHETIC_ALPHA_DRAW),
                    (SyntheticFeaturesConfig.EmptySamples) a.get(Param.SAE_SYNTHETIC_EMPTY_SAMPLES),
                    ((Integer) a.get(Param.SAE_SYNTHETIC_TRUTH_SEED)).longValue());
        } catch (IllegalArgumentException e) {
            throw new SpecException("", "sae." + e.getMessage()); // its messages start with synthetic.<key>
        }
    }

    /** sae.absorption.hierarchy (sae.source absorption only). */
    public static boolean hierarchy(Map<Param, Object> a) {
        return (Boolean) a.get(Param.SAE_ABSORPTION_HIERARCHY);
    }

    /** sae.absorption.truth_seed (sae.source absorption only). */
    public static long absorptionTruthSeed(Map<Param, Object> a) {
        return ((Integer) a.get(Param.SAE_ABSORPTION_TRUTH_SEED)).longValue();
    }

    /** The source whose own key {@code p} is ({@code sae.synthetic.*}, {@code sae.absorption.*}), else null. */
    static SaeSourceKind onlyFor(Param p) {
        if (p.key().startsWith("sae.synthetic.")) {
            return SaeSourceKind.SYNTHETIC;
        }
        if (p.key().startsWith("sae.absorption.")) {
            return SaeSourceKind.ABSORPTION;
        }
        return null;
    }

    /**
     * Whether a spec with source {@code kind} (null: no sae block) fills in {@code p}'s default: a toy-model
     * key only without an SAE or with sae.source toy; an sae key only with an SAE, and a source's own keys only
     * with that source.
     */
    static boolean usesDefault(Param p, SaeSourceKind kind) {
        if (!p.isSae()) {
            return kind == null || kind == SaeSourceKind.TOY;
        }
        SaeSourceKind only = onlyFor(p);
        return kind != null && (only == null || only == kind);
    }
}
