package org.tmssweep.spark.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.tmssweep.core.config.AnticorrelationRule;
import org.tmssweep.core.config.DatasetNormalization;
import org.tmssweep.core.config.InitScheme;
import org.tmssweep.core.config.LossNormalization;
import org.tmssweep.core.config.LrSchedule;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.sae.DecoderNorm;
import org.tmssweep.core.sae.ResampleRule;
import org.tmssweep.core.sae.SaeConfig;
import org.tmssweep.core.sae.SaeInit;
import org.tmssweep.core.sae.SaeOptimizer;
import org.tmssweep.core.sae.SyntheticFeaturesConfig;

/**
 * Every parameter a sweep spec may set, with its spec key, type, default and validity rule. A
 * scalar value fixes the parameter; a list makes it an axis of the grid (the product of all axes).
 * For {@link #IMPORTANCE}, whose value is itself a vector, a list of numbers is one vector and a
 * list of lists is an axis.
 *
 * <p>The declaration order is the grid's nesting order (first = outermost), so the grid does not
 * depend on the order of keys in the YAML file.
 */
public enum Param {
    MODEL("model", Kind.ENUM, ModelKind.RELU_OUTPUT, null),
    N_FEATURES("n_features", Kind.INT, null, v -> ((Integer) v) >= 1 ? null : "must be >= 1"),
    N_HIDDEN("n_hidden", Kind.INT, null, v -> ((Integer) v) >= 1 ? null : "must be >= 1"),
    IMPORTANCE_DECAY("importance_decay", Kind.DOUBLE, null,
            v -> ((Double) v) > 0 && Double.isFinite((Double) v) ? null : "must be > 0 and finite"),
    IMPORTANCE("importance", Kind.VECTOR, null, null),
    /** Derived importance: feature 0 weighs this much, the rest follow importance_decay (I_f = r^f). */
    IMPORTANCE_FIRST("importance_first", Kind.DOUBLE, null,
            v -> ((Double) v) > 0 && Double.isFinite((Double) v) ? null : "must be > 0 and finite"),
    SPARSITY("sparsity", Kind.DOUBLE, 0.0,
            v -> ((Double) v) >= 0 && ((Double) v) < 1 ? null : "must be in [0, 1)"),
    /** Sparsity of feature 0 alone (docs/paper.md §5 row 9); the others keep {@link #SPARSITY}. */
    SPARSITY_FIRST("sparsity_first", Kind.DOUBLE, null,
            v -> ((Double) v) >= 0 && ((Double) v) < 1 ? null : "must be in [0, 1)"),
    /** Correlated feature sets, e.g. {@code [[0, 1], [2, 3]]} (rows 10-12, 14). */
    CORRELATED_SETS("correlated_sets", Kind.SETS, null, null),
    /** Anticorrelated feature sets, e.g. {@code [[0, 1], [2, 3]]} (row 10b). */
    ANTICORRELATED_SETS("anticorrelated_sets", Kind.SETS, null, null),
    /** Rule of the anticorrelated sets: paper (default; member density p/k) or arena (member density p). */
    ANTICORRELATION("anticorrelation", Kind.ENUM, null, null),
    /*
     * The finite dataset (TrainConfig#dataset, docs/spec.md "Finite datasets"). None of these has a default
     * here: absent (or a scalar dataset.size 0, see SpecParser) they stay out of the canonical form, so specs
     * without them keep their spec hash and point ids; TrainRule fills in the defaults.
     */
    /** T, the number of training points; 0 (or absent) = infinite data, a fresh batch every step. */
    DATASET_SIZE("dataset.size", Kind.INT, null, v -> ((Integer) v) >= 0 ? null : "must be >= 0 (0: infinite data)"),
    /** Test points of a dataset model (default DatasetConfig#DEFAULT_TEST_SIZE). */
    DATASET_TEST_SIZE("dataset.test_size", Kind.INT, null, v -> ((Integer) v) >= 1 ? null : "must be >= 1"),
    /** none (default: the points as drawn) or unit (every point rescaled to unit L2 norm). */
    DATASET_NORMALIZE("dataset.normalize", Kind.ENUM, null, null),
    /** Points per step, in [1, dataset.size]; 0 (default) = full batch. */
    DATASET_MINIBATCH("dataset.minibatch", Kind.INT, null,
            v -> ((Integer) v) >= 0 ? null : "must be >= 0 (0: full batch)"),
    /** K, the dataset's seed index (default 0): one of the inputs of the dataset seed (GridPoint#datasetSeed). */
    DATASET_SEED("dataset.seed", Kind.INT, null, v -> ((Integer) v) >= 0 ? null : "must be a seed index >= 0"),
    TRAIN_STEPS("train.steps", Kind.INT, TrainConfig.DEFAULT_STEPS, v -> ((Integer) v) >= 1 ? null : "must be >= 1"),
    TRAIN_BATCH_SIZE("train.batch_size", Kind.INT, TrainConfig.DEFAULT_BATCH_SIZE,
            v -> ((Integer) v) >= 1 ? null : "must be >= 1"),
    TRAIN_LR("train.lr", Kind.DOUBLE, TrainConfig.DEFAULT_LR, Param::positiveFinite),
    TRAIN_WEIGHT_DECAY("train.weight_decay", Kind.DOUBLE, TrainConfig.DEFAULT_WEIGHT_DECAY,
            v -> ((Double) v) >= 0 && Double.isFinite((Double) v) ? null : "must be >= 0 and finite"),
    TRAIN_BETA1("train.beta1", Kind.DOUBLE, TrainConfig.DEFAULT_BETA1, Param::unit),
    TRAIN_BETA2("train.beta2", Kind.DOUBLE, TrainConfig.DEFAULT_BETA2, Param::unit),
    TRAIN_EPS("train.eps", Kind.DOUBLE, TrainConfig.DEFAULT_EPS, Param::positiveFinite),
    TRAIN_SCHEDULE("train.schedule", Kind.ENUM, LrSchedule.CONSTANT, null),
    /**
     * Linear warmup steps of the warmup_cosine schedule, in [0, train.steps); must be 0 with any other
     * schedule. No default here (absent or a scalar 0 stays out of the canonical form); the grid uses 0.
     */
    TRAIN_WARMUP_STEPS("train.warmup_steps", Kind.INT, null, v -> ((Integer) v) >= 0 ? null : "must be >= 0"),
    TRAIN_INIT("train.init", Kind.ENUM, TrainConfig.DEFAULT_INIT, null),
    TRAIN_NOTEBOOK_INSTANCES("train.notebook_instances", Kind.INT, TrainConfig.DEFAULT_NOTEBOOK_INSTANCES,
            v -> ((Integer) v) >= 1 ? null : "must be >= 1"),
    TRAIN_EVAL_SAMPLES("train.eval_samples", Kind.INT, TrainConfig.DEFAULT_EVAL_SAMPLES,
            v -> ((Integer) v) >= 1 ? null : "must be >= 1"),
    /**
     * Weight of the L1 penalty on the hidden activations (TrainConfig#l1). No default value here: absent
     * (or a scalar 0, see SpecParser) it stays out of the canonical form, so specs written before it existed
     * keep their spec hash and point ids; the grid then uses {@link TrainConfig#DEFAULT_L1}.
     */
    TRAIN_L1("train.l1", Kind.DOUBLE, null,
            v -> ((Double) v) >= 0 && Double.isFinite((Double) v) ? null : "must be >= 0 and finite"),
    /**
     * mean (the notebook's loss, default) or feature_sum (Henighan et al. 2023; see LossNormalization). No
     * default here (absent or a scalar mean stays out of the canonical form); the grid uses mean.
     */
    TRAIN_LOSS_NORMALIZATION("train.loss_normalization", Kind.ENUM, null, null),
    /*
     * Sparse autoencoders (docs/spec.md, "Sparse autoencoders"). Their defaults apply only to a spec with
     * sae.source (the sae.synthetic.* and sae.absorption.* ones only with that source), so a spec without the
     * sae block keeps its canonical form, spec hash and point ids. Declared after every toy-model key: in the
     * grid they nest inside the toy model's point, so the SAEs over one toy model are consecutive.
     */
    /** toy (h = W x of the point's toy model), synthetic (Sharkey et al.) or absorption (Chanin et al.). */
    SAE_SOURCE("sae.source", Kind.ENUM, null, null),
    SAE_SYNTHETIC_FEATURES("sae.synthetic.features", Kind.INT, SyntheticFeaturesConfig.SHARKEY_FEATURES,
            Param::atLeastOne),
    SAE_SYNTHETIC_DIM("sae.synthetic.dim", Kind.INT, SyntheticFeaturesConfig.SHARKEY_DIM, Param::atLeastOne),
    SAE_SYNTHETIC_MEAN_ACTIVE("sae.synthetic.mean_active", Kind.DOUBLE, SyntheticFeaturesConfig.SHARKEY_MEAN_ACTIVE,
            Param::positiveFinite),
    SAE_SYNTHETIC_DECAY("sae.synthetic.decay", Kind.DOUBLE, SyntheticFeaturesConfig.SHARKEY_DECAY,
            v -> ((Double) v) > 0 && ((Double) v) <= 1 ? null : "must be in (0, 1]"),
    SAE_SYNTHETIC_FREQUENCIES("sae.synthetic.frequencies", Kind.ENUM,
            SyntheticFeaturesConfig.FeatureFrequencies.INDEPENDENT, null),
    SAE_SYNTHETIC_ALPHA_DRAW("sae.synthetic.alpha_draw", Kind.ENUM, SyntheticFeaturesConfig.AlphaDraw.PER_BATCH,
            null),
    SAE_SYNTHETIC_EMPTY_SAMPLES("sae.synthetic.empty_samples", Kind.ENUM,
            SyntheticFeaturesConfig.EmptySamples.KEEP, null),
    SAE_SYNTHETIC_TRUTH_SEED("sae.synthetic.truth_seed", Kind.INT, 0, Param::seedIndex),
    SAE_ABSORPTION_HIERARCHY("sae.absorption.hierarchy", Kind.BOOL, Boolean.TRUE, null),
    SAE_ABSORPTION_TRUTH_SEED("sae.absorption.truth_seed", Kind.INT, 0, Param::seedIndex),
    /** k; exactly one of sae.latents and sae.ratio is given. */
    SAE_LATENTS("sae.latents", Kind.INT, null, Param::atLeastOne),
    /** k / G: k = round(ratio * G), G the source's number of true features. */
    SAE_RATIO("sae.ratio", Kind.DOUBLE, null, Param::positiveFinite),
    SAE_L1("sae.l1", Kind.DOUBLE, SaeConfig.DEFAULT_L1,
            v -> ((Double) v) >= 0 && Double.isFinite((Double) v) ? null : "must be >= 0 and finite"),
    SAE_L1_PER_LATENT("sae.l1_per_latent", Kind.BOOL, Boolean.FALSE, null),
    SAE_TIED("sae.tied", Kind.BOOL, Boolean.FALSE, null),
    SAE_DECODER_BIAS("sae.decoder_bias", Kind.BOOL, Boolean.TRUE, null),
    SAE_DECODER_NORM("sae.decoder_norm", Kind.ENUM, DecoderNorm.GRADIENT_THROUGH, null),
    SAE_INIT("sae.init", Kind.ENUM, SaeInit.ARENA, null),
    SAE_RECONSTRUCTION("sae.reconstruction", Kind.ENUM, LossNormalization.MEAN, null),
    SAE_OPTIMIZER("sae.optimizer", Kind.ENUM, SaeOptimizer.ADAM, null),
    SAE_LR("sae.lr", Kind.DOUBLE, SaeConfig.DEFAULT_LR, Param::positiveFinite),
    SAE_WEIGHT_DECAY("sae.weight_decay", Kind.DOUBLE, 0.0,
            v -> ((Double) v) >= 0 && Double.isFinite((Double) v) ? null : "must be >= 0 and finite"),
    SAE_BETA1("sae.beta1", Kind.DOUBLE, SaeConfig.DEFAULT_BETA1, Param::unit),
    SAE_BETA2("sae.beta2", Kind.DOUBLE, SaeConfig.DEFAULT_BETA2, Param::unit),
    SAE_EPS("sae.eps", Kind.DOUBLE, SaeConfig.DEFAULT_EPS, Param::positiveFinite),
    SAE_BATCH_SIZE("sae.batch_size", Kind.INT, SaeConfig.DEFAULT_BATCH_SIZE, Param::atLeastOne),
    SAE_STEPS("sae.steps", Kind.INT, SaeConfig.DEFAULT_STEPS, Param::atLeastOne),
    SAE_RESAMPLE("sae.resample", Kind.ENUM, ResampleRule.NONE, null),
    SAE_RESAMPLE_EVERY("sae.resample_every", Kind.INT, SaeConfig.DEFAULT_RESAMPLE_EVERY, Param::atLeastOne),
    SAE_RESAMPLE_WINDOW("sae.resample_window", Kind.INT, SaeConfig.DEFAULT_RESAMPLE_WINDOW, Param::atLeastOne),
    SAE_RESAMPLE_SCALE("sae.resample_scale", Kind.DOUBLE, SaeConfig.DEFAULT_RESAMPLE_SCALE, Param::positiveFinite),
    SAE_EVAL_SAMPLES("sae.eval_samples", Kind.INT, SaeConfig.DEFAULT_EVAL_SAMPLES, Param::atLeastOne),
    /** SAE seeds per SAE point: one value for the sweep (not an axis), not part of the point. */
    SAE_SEEDS("sae.seeds", Kind.INT, 1, Param::atLeastOne),
    /** Cosine at which a true feature counts as recovered (recovered_fraction): one value, not part of the point. */
    SAE_RECOVERY_THRESHOLD("sae.recovery_threshold", Kind.DOUBLE, 0.9,
            v -> ((Double) v) > 0 && ((Double) v) <= 1 ? null : "must be in (0, 1]");

    /** Value types. */
    public enum Kind { INT, DOUBLE, ENUM, VECTOR, SETS, BOOL }

    private final String key;
    private final Kind kind;
    private final Object defaultValue;
    private final Function<Object, String> rule;

    Param(String key, Kind kind, Object defaultValue, Function<Object, String> rule) {
        this.key = key;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.rule = rule;
    }

    /** Dotted spec key, e.g. {@code train.lr}. */
    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /** Default when the spec omits the key; null = required or optional-without-default. */
    public Object defaultValue() {
        return defaultValue;
    }

    /** True for the sparse-autoencoder keys ({@code sae.*}). */
    public boolean isSae() {
        return key.startsWith("sae.");
    }

    /** Section of the key ("" for top level, "train" for train.*, "dataset" for dataset.*, "sae" for sae.*). */
    public String section() {
        int dot = key.indexOf('.');
        return dot < 0 ? "" : key.substring(0, dot);
    }

    /** Key inside its section. */
    public String leaf() {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(dot + 1);
    }

    /**
     * Converts one YAML value to this parameter's type and validates it.
     *
     * @param path location for messages, e.g. {@code sparsity[2]}
     */
    public Object convert(String path, Object raw) throws SpecException {
        Object value = switch (kind) {
            case INT -> toInt(path, raw);
            case DOUBLE -> toDouble(path, raw);
            case ENUM -> toEnum(path, raw);
            case VECTOR -> toVector(path, raw);
            case SETS -> toSets(path, raw);
            case BOOL -> toBool(path, raw);
        };
        if (rule != null) {
            String problem = rule.apply(value);
            if (problem != null) {
                throw new SpecException(path, problem + ", got " + render(value));
            }
        }
        return value;
    }

    /** Canonical text of a converted value: stable across runs and machines. */
    public static String render(Object value) {
        if (value instanceof double[] v) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < v.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(v[i]);
            }
            return sb.append(']').toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        return String.valueOf(value);
    }

    private static Integer toInt(String path, Object raw) throws SpecException {
        if (raw instanceof Integer i) {
            return i;
        }
        if (raw instanceof Long || raw instanceof java.math.BigInteger) {
            throw new SpecException(path, "must be an integer that fits in 32 bits, got " + raw);
        }
        if (raw instanceof Double d && d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE) {
            return (int) d.doubleValue();
        }
        throw new SpecException(path, "must be an integer, got " + describe(raw));
    }

    private static Double toDouble(String path, Object raw) throws SpecException {
        if (raw instanceof Number n && !(raw instanceof java.math.BigInteger)) {
            return n.doubleValue();
        }
        if (raw instanceof String s) {
            // YAML 1.1 reads "1e-3" (no dot) as a string: accept plain numeric text.
            try {
                double d = Double.parseDouble(s.trim());
                if (s.trim().matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                    return d;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the type error
            }
        }
        throw new SpecException(path, "must be a number, got " + describe(raw));
    }

    private Object toEnum(String path, Object raw) throws SpecException {
        if (!(raw instanceof String s)) {
            throw new SpecException(path, "must be a name, got " + describe(raw));
        }
        try {
            return switch (this) {
                case MODEL -> ModelKind.parse(s);
                case TRAIN_SCHEDULE -> LrSchedule.parse(s);
                case TRAIN_INIT -> InitScheme.parse(s);
                case ANTICORRELATION -> AnticorrelationRule.parse(s);
                case DATASET_NORMALIZE -> DatasetNormalization.parse(s);
                case TRAIN_LOSS_NORMALIZATION, SAE_RECONSTRUCTION -> LossNormalization.parse(s);
                case SAE_SOURCE -> SaeSourceKind.parse(s);
                case SAE_SYNTHETIC_FREQUENCIES -> org.tmssweep.core.config.Checks.parseEnum(
                        SyntheticFeaturesConfig.FeatureFrequencies.class, s);
                case SAE_SYNTHETIC_ALPHA_DRAW -> org.tmssweep.core.config.Checks.parseEnum(
                        SyntheticFeaturesConfig.AlphaDraw.class, s);
                case SAE_SYNTHETIC_EMPTY_SAMPLES -> org.tmssweep.core.config.Checks.parseEnum(
                        SyntheticFeaturesConfig.EmptySamples.class, s);
                case SAE_DECODER_NORM -> DecoderNorm.parse(s);
                case SAE_INIT -> SaeInit.parse(s);
                case SAE_OPTIMIZER -> SaeOptimizer.parse(s);
                case SAE_RESAMPLE -> ResampleRule.parse(s);
                default -> throw new IllegalStateException("not an enum parameter: " + key);
            };
        } catch (IllegalArgumentException e) {
            throw new SpecException(path, e.getMessage());
        }
    }

    /**
     * True iff {@code raw} lists several values of this parameter (an axis) rather than one value. A vector
     * is a list of numbers, so a list of lists is an axis; a set list is a list of lists of indices, so a
     * list of lists of lists is an axis.
     */
    public boolean isAxis(Object raw) {
        return switch (kind) {
            case VECTOR -> raw instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof List<?>;
            case SETS -> raw instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof List<?> l2 && !l2.isEmpty()
                    && l2.get(0) instanceof List<?>;
            default -> raw instanceof List<?>;
        };
    }

    private static SetList toSets(String path, Object raw) throws SpecException {
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw new SpecException(path, "must be a non-empty list of feature-index lists (e.g. [[0, 1], [2, 3]]), got "
                    + describe(raw));
        }
        List<List<Integer>> sets = new java.util.ArrayList<>();
        java.util.Map<Integer, String> seen = new java.util.HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            if (!(list.get(i) instanceof List<?> members)) {
                throw new SpecException(at, "must be a list of feature indices, got " + describe(list.get(i)));
            }
            if (members.size() < 2) {
                throw new SpecException(at, "must have at least 2 features, got " + members);
            }
            List<Integer> set = new java.util.ArrayList<>();
            for (int j = 0; j < members.size(); j++) {
                String atj = at + "[" + j + "]";
                if (!(members.get(j) instanceof Integer f) || f < 0) {
                    throw new SpecException(atj, "must be a feature index >= 0, got " + describe(members.get(j)));
                }
                String before = seen.putIfAbsent(f, atj);
                if (before != null) {
                    throw new SpecException(atj, "repeats feature " + f + " of " + before + "; sets must be disjoint");
                }
                set.add(f);
            }
            sets.add(List.copyOf(set));
        }
        return new SetList(sets);
    }

    private static double[] toVector(String path, Object raw) throws SpecException {
        if (!(raw instanceof List<?> list)) {
            throw new SpecException(path, "must be a list of numbers, got " + describe(raw));
        }
        if (list.isEmpty()) {
            throw new SpecException(path, "must not be empty");
        }
        double[] v = new double[list.size()];
        for (int i = 0; i < v.length; i++) {
            String p = path + "[" + i + "]";
            v[i] = toDouble(p, list.get(i));
            if (!(v[i] > 0) || !Double.isFinite(v[i])) {
                throw new SpecException(p, "must be > 0 and finite, got " + v[i]);
            }
        }
        return v;
    }

    private static Boolean toBool(String path, Object raw) throws SpecException {
        if (raw instanceof Boolean b) {
            return b;
        }
        throw new SpecException(path, "must be true or false, got " + describe(raw));
    }

    private static String atLeastOne(Object v) {
        return ((Integer) v) >= 1 ? null : "must be >= 1";
    }

    private static String seedIndex(Object v) {
        return ((Integer) v) >= 0 ? null : "must be a seed index >= 0";
    }

    private static String positiveFinite(Object v) {
        double d = (Double) v;
        return d > 0 && Double.isFinite(d) ? null : "must be > 0 and finite";
    }

    private static String unit(Object v) {
        double d = (Double) v;
        return d >= 0 && d < 1 ? null : "must be in [0, 1)";
    }

    /** Human description of a raw YAML value for type errors. */
    static String describe(Object raw) {
        if (raw == null) {
            return "nothing (null)";
        }
        if (raw instanceof String s) {
            return "'" + s + "'";
        }
        if (raw instanceof List<?> l) {
            return "a list " + l;
        }
        if (raw instanceof java.util.Map<?, ?>) {
            return "a mapping";
        }
        return raw.toString();
    }

    /** Looks a parameter up by its dotted key. */
    public static Param byKey(String key) {
        return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst().orElse(null);
    }
}
