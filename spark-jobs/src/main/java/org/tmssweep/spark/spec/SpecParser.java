package org.tmssweep.spark.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * YAML sweep spec to {@link SweepSpec}. Rules:
 * <ul>
 *   <li>a scalar fixes a parameter; a list makes it an axis; the grid is the product of the axes;</li>
 *   <li>{@code importance} is a vector: a list of numbers is one vector, a list of lists an axis;</li>
 *   <li>{@code importance_decay} (I_f = r^f) and {@code importance} are mutually exclusive;
 *       with neither, every feature has importance 1;</li>
 *   <li>{@code correlated_sets} / {@code anticorrelated_sets} are lists of feature-index lists: a list of
 *       such lists is an axis; {@code sparsity_first} overrides the sparsity of feature 0;</li>
 *   <li>unknown keys, wrong types, out-of-range values and empty axes are errors naming the path.</li>
 * </ul>
 */
public final class SpecParser {
    private static final String NAME_PATTERN = "[A-Za-z0-9_.-]{1,80}";
    private static final List<String> TOP_LEVEL = List.of("name", "description", "seeds", "pack", "wave", "order",
            "train", "dataset", "sae", "zip", "points", "when");

    /**
     * {@code train.curve_every}: a sweep-wide setting (one value, not an axis), not a model parameter, since
     * recording curves does not change what a model learns.
     */
    static final String CURVE_EVERY = "curve_every";

    private SpecParser() {
    }

    /** Reads and parses a spec file within the default {@link SpecLimits}. Messages do not include the file name. */
    public static SweepSpec parse(Path file) throws SpecException {
        return parse(file, SpecLimits.DEFAULT);
    }

    /** Reads and parses a spec file within {@code limits}. Messages do not include the file name; callers add it. */
    public static SweepSpec parse(Path file, SpecLimits limits) throws SpecException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpecException("", "cannot read spec: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        return parse(text, limits);
    }

    /** Parses spec text within the default {@link SpecLimits}. */
    public static SweepSpec parse(String text) throws SpecException {
        return parse(text, SpecLimits.DEFAULT);
    }

    /**
     * Parses spec text. The size limits are checked before any per-point rule: first the number of models,
     * counted without building the grid ({@link SweepSpec#pointCountUpTo}), then each point's estimated
     * memory ({@link SpecLimits#modelBytes}).
     */
    public static SweepSpec parse(String text, SpecLimits limits) throws SpecException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        Object root;
        try {
            root = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            throw new SpecException("", "not valid YAML: " + e.getMessage().replaceAll("\\s+", " ").trim());
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new SpecException("", "must be a YAML mapping of keys to values, got " + Param.describe(root));
        }
        return fromMap(map, limits);
    }

    private static SweepSpec fromMap(Map<?, ?> map, SpecLimits limits) throws SpecException {
        Map<Param, Object> raw = new LinkedHashMap<>();
        String name = null;
        String description = "";
        List<Integer> seeds = SweepSpec.range(1);
        int pack = 0;
        int wave = 0;
        SweepSpec.Order order = SweepSpec.Order.GRID;
        Object zipRaw = null;
        Object pointsRaw = null;
        Object whenRaw = null;
        int curveEvery = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object value = e.getValue();
            if (key.equals("train") && value instanceof Map<?, ?> train && train.containsKey(CURVE_EVERY)) {
                curveEvery = nonNegativeInt("train." + CURVE_EVERY, train.get(CURVE_EVERY));
                Map<Object, Object> rest = new LinkedHashMap<>(train);
                rest.remove(CURVE_EVERY);
                value = rest;
            }
            switch (key) {
                case "name" -> name = string("name", value);
                case "description" -> description = value == null ? "" : string("description", value);
                case "seeds" -> seeds = seeds(value);
                case "pack" -> pack = positiveInt("pack", value);
                case "wave" -> wave = positiveInt("wave", value);
                case "order" -> order = order(value);
                case "zip" -> zipRaw = value;
                case "points" -> pointsRaw = value;
                case "when" -> whenRaw = value;
                default -> flatten("", key, value, raw);
            }
        }
        if (name == null) {
            throw new SpecException("name", "is required");
        }
        if (!name.matches(NAME_PATTERN)) {
            throw new SpecException("name", "must be 1-80 characters of letters, digits, '_', '.', '-', got '" + name + "'");
        }
        List<SweepSpec.Group> groups = new ArrayList<>();
        if (zipRaw != null) {
            if (!(zipRaw instanceof List<?> zl) || zl.isEmpty()) {
                throw new SpecException("zip", "must be a list of mappings of equally long lists, got "
                        + Param.describe(zipRaw));
            }
            for (int i = 0; i < zl.size(); i++) {
                groups.add(zipGroup("zip[" + i + "]", zl.get(i)));
            }
        }
        if (pointsRaw != null) {
            groups.add(pointsGroup(pointsRaw));
        }
        Set<Param> inGroups = EnumSet.noneOf(Param.class);
        for (SweepSpec.Group g : groups) {
            for (Param p : g.params()) {
                if (raw.containsKey(p)) {
                    throw new SpecException(g.key() + "." + p.key(), "is also given at the top level; give it once");
                }
                if (!inGroups.add(p)) {
                    throw new SpecException(g.key() + "." + p.key(), "is already in another zip/points group");
                }
            }
        }
        SaeSourceKind sae = saeSource(raw, groups);
        if (sae != null && sae != SaeSourceKind.TOY) {
            checkNoToyKeys(raw, groups, sae, seeds, curveEvery);
        }
        if (sae != null) {
            if (curveEvery > 0) {
                throw new SpecException("train." + CURVE_EVERY, "not supported with sae.source toy yet (learning curves"
                        + " of the toy models under SAEs)");
            }
            if (order != SweepSpec.Order.GRID) {
                throw new SpecException("order", "SAE sweeps train in grid order, got shuffled");
            }
        }
        for (Param required : List.of(Param.N_FEATURES, Param.N_HIDDEN)) {
            if (sae != null && sae != SaeSourceKind.TOY) {
                break;
            }
            if (!raw.containsKey(required) && !inGroups.contains(required)) {
                throw new SpecException(required.key(), "is required");
            }
        }
        boolean explicitImportance = raw.containsKey(Param.IMPORTANCE) || inGroups.contains(Param.IMPORTANCE);
        boolean decayGiven = raw.containsKey(Param.IMPORTANCE_DECAY) || inGroups.contains(Param.IMPORTANCE_DECAY);
        if (explicitImportance && decayGiven) {
            throw new SpecException("importance", "give either importance or importance_decay, not both");
        }
        if (explicitImportance && (raw.containsKey(Param.IMPORTANCE_FIRST) || inGroups.contains(Param.IMPORTANCE_FIRST))) {
            throw new SpecException("importance_first", "derives from importance_decay; it cannot be used with an "
                    + "explicit importance vector");
        }

        List<SweepSpec.ParamValues> values = new ArrayList<>();
        for (Param p : Param.values()) {
            if (raw.containsKey(p)) {
                SweepSpec.ParamValues v = convert(p.key(), p, raw.get(p));
                if (p == Param.TRAIN_L1 && !v.axis() && ((Double) v.values().get(0)) == 0.0) {
                    continue; // l1: 0 is the default and, like an absent key, leaves the spec hash unchanged
                }
                if (!v.axis() && isNeutral(p, v.values().get(0))) {
                    continue; // likewise: the settings that mean "as before these keys existed"
                }
                values.add(v);
            } else if (inGroups.contains(p)) {
                continue;
            } else if (p == Param.IMPORTANCE_DECAY && !explicitImportance && SaeRule.usesDefault(p, sae)) {
                values.add(new SweepSpec.ParamValues(p, List.of(1.0), false));
            } else if (p.defaultValue() != null && SaeRule.usesDefault(p, sae)) {
                values.add(new SweepSpec.ParamValues(p, List.of(p.defaultValue()), false));
            }
        }
        List<SweepSpec.When> whens = whenRaw == null ? List.of() : whens(whenRaw, groups);
        checkSaeKeysInWhens(whens, sae);
        SweepSpec spec = new SweepSpec(name, description, values, seeds, pack, wave, order, groups, whens, curveEvery);
        checkModelCount(spec, limits);
        List<Map<Param, Object>> points = spec.assignments();
        if (sae == null || sae == SaeSourceKind.TOY) {
            checkTrainRules(points, limits);
            checkImportanceLengths(spec, points);
            checkDataRules(spec, points);
        }
        if (sae != null) {
            checkSaeRules(points, sae, limits);
        }
        return spec;
    }

    /**
     * The spec's models (points × seeds) are at most {@code limits.maxModels()}, counted without expanding
     * the grid; the message names the product of the grid's levels and the limit.
     */
    static void checkModelCount(SweepSpec spec, SpecLimits limits) throws SpecException {
        long cap = limits.maxModels();
        long points = spec.pointCountUpTo(cap);
        long perPoint = (long) spec.seeds() * spec.saeSeeds(); // an SAE sweep counts its SAEs
        if (points <= cap / perPoint) { // exactly when points x seeds (x sae.seeds) <= cap
            return;
        }
        java.math.BigInteger product = java.math.BigInteger.valueOf(spec.saeSeeds());
        List<String> levels = new ArrayList<>();
        if (spec.saeSeeds() > 1) {
            levels.add(Param.SAE_SEEDS.key() + " " + spec.saeSeeds());
        }
        for (Map.Entry<String, Integer> level : spec.levelSizes()) {
            product = product.multiply(java.math.BigInteger.valueOf(level.getValue()));
            if (level.getValue() > 1) {
                levels.add(level.getKey() + " " + level.getValue());
            }
        }
        String count = spec.whens().isEmpty() ? product + " models (" + String.join(" x ", levels) + ")"
                : (points <= cap ? java.math.BigInteger.valueOf(points).multiply(java.math.BigInteger.valueOf(perPoint))
                        + " models" : "more than " + cap + " models")
                        + " (at most " + String.join(" x ", levels) + " = " + product + ")";
        throw new SpecException("", "the spec expands to " + count + ", above the limit of " + cap
                + " models per sweep; --max-models N raises it (docs/spec.md, \"Size limits\")");
    }

    /**
     * The spec's {@code sae.source}, or null without an sae block. The sweep-wide sae keys
     * ({@link SaeRule#SWEEP_WIDE}) are single top-level values, and every other sae key needs sae.source.
     */
    private static SaeSourceKind saeSource(Map<Param, Object> raw, List<SweepSpec.Group> groups)
            throws SpecException {
        for (SweepSpec.Group g : groups) {
            for (Param p : g.params()) {
                if (SaeRule.SWEEP_WIDE.contains(p)) {
                    throw new SpecException(g.key() + "." + p.key(), "is sweep-wide: give it once, at the top level");
                }
            }
        }
        for (Param p : SaeRule.SWEEP_WIDE) {
            if (raw.containsKey(p) && p.isAxis(raw.get(p))) {
                throw new SpecException(p.key(), "is sweep-wide: must be one value, not a list, got "
                        + Param.describe(raw.get(p)));
            }
        }
        SaeSourceKind kind = null;
        if (raw.containsKey(Param.SAE_SOURCE)) {
            kind = (SaeSourceKind) Param.SAE_SOURCE.convert(Param.SAE_SOURCE.key(), raw.get(Param.SAE_SOURCE));
        }
        List<Param> given = new ArrayList<>(raw.keySet());
        groups.forEach(g -> given.addAll(g.params()));
        for (Param p : given) {
            if (!p.isSae()) {
                continue;
            }
            if (kind == null) {
                throw new SpecException(Param.SAE_SOURCE.key(), "is required with the other sae keys (toy, synthetic"
                        + " or absorption), got " + p.key() + " without it");
            }
            SaeSourceKind only = SaeRule.onlyFor(p);
            if (only != null && only != kind) {
                throw new SpecException(p.key(), "only with sae.source " + only.specName() + ", got sae.source "
                        + kind.specName());
            }
        }
        return kind;
    }

    /**
     * An SAE sweep on synthetic or absorption data has no toy model: no toy-model key, no seeds (sae.seeds
     * counts its SAE seeds) and no learning curves.
     */
    private static void checkNoToyKeys(Map<Param, Object> raw, List<SweepSpec.Group> groups, SaeSourceKind sae,
            List<Integer> seeds, int curveEvery) throws SpecException {
        List<Param> given = new ArrayList<>(raw.keySet());
        groups.forEach(g -> given.addAll(g.params()));
        for (Param p : given) {
            if (!p.isSae()) {
                throw new SpecException(p.key(), "is a toy-model key, not used with sae.source " + sae.specName()
                        + " (whose data the sae." + sae.specName() + " keys set)");
            }
        }
        if (!seeds.equals(SweepSpec.range(1))) {
            throw new SpecException("seeds", "counts toy models, not used with sae.source " + sae.specName()
                    + "; sae.seeds sets the SAE seeds, got " + seeds);
        }
        if (curveEvery > 0) {
            throw new SpecException("train." + CURVE_EVERY, "is a toy-model key, not used with sae.source "
                    + sae.specName());
        }
    }

    /** When blocks neither set a sweep-wide sae key nor use keys the source does not have. */
    private static void checkSaeKeysInWhens(List<SweepSpec.When> whens, SaeSourceKind sae) throws SpecException {
        for (int i = 0; i < whens.size(); i++) {
            SweepSpec.When w = whens.get(i);
            List<Param> used = new ArrayList<>(w.ifParams());
            w.set().forEach(v -> used.add(v.param()));
            for (Param p : used) {
                String at = "when[" + i + "]." + p.key();
                if (w.set().stream().anyMatch(v -> v.param() == p) && SaeRule.SWEEP_WIDE.contains(p)) {
                    throw new SpecException(at, "is sweep-wide: give it once, at the top level");
                }
                if (p.isSae() && sae == null) {
                    throw new SpecException(at, "needs sae.source at the top level");
                }
                SaeSourceKind only = p.isSae() ? SaeRule.onlyFor(p) : null;
                if (only != null && only != sae) {
                    throw new SpecException(at, "only with sae.source " + only.specName() + ", got sae.source "
                            + sae.specName());
                }
                if (!p.isSae() && sae != null && sae != SaeSourceKind.TOY) {
                    throw new SpecException(at, "is a toy-model key, not used with sae.source " + sae.specName());
                }
            }
        }
    }

    /**
     * Every point's SAE is well defined (exactly one of sae.latents and sae.ratio, a recipe SaeConfig accepts,
     * synthetic settings SyntheticFeaturesConfig accepts, a toy model without a finite dataset) and its estimated
     * memory ({@link SpecLimits#saeBytes}) is within the limit.
     */
    private static void checkSaeRules(List<Map<Param, Object>> points, SaeSourceKind sae, SpecLimits limits)
            throws SpecException {
        for (Map<Param, Object> a : points) {
            if (sae == SaeSourceKind.TOY && TrainRule.train(a).dataset().finite()) {
                throw new SpecException(Param.DATASET_SIZE.key(), "sae.source toy trains its SAEs on fresh hidden"
                        + " vectors of the toy model, which must train on fresh samples too (no finite dataset), got "
                        + a.get(Param.DATASET_SIZE));
            }
            org.tmssweep.core.sae.SaeConfig config = SaeRule.config(a);
            if (sae == SaeSourceKind.SYNTHETIC) {
                SaeRule.synthetic(a);
            }
            int d = SaeRule.dim(a);
            double bytes = SpecLimits.saeBytes(d, config.latents(), config.batchSize());
            if (bytes > limits.maxModelBytes()) {
                throw new SpecException("", "an SAE of " + config.latents() + " latents on " + d + " dimensions (sae"
                        + ".batch_size " + config.batchSize() + ") needs about " + SpecLimits.formatBytes(bytes)
                        + " while it trains, above the limit of " + SpecLimits.formatBytes(limits.maxModelBytes())
                        + " per model; --max-model-memory SIZE raises it (docs/spec.md, \"Size limits\")");
            }
        }
    }

    /**
     * True for a scalar value that means what the absent key means and that, like an absent key, stays out of
     * the canonical form: {@code dataset.size: 0} (infinite data), {@code train.warmup_steps: 0} and
     * {@code train.loss_normalization: mean}.
     */
    private static boolean isNeutral(Param p, Object value) {
        return switch (p) {
            case DATASET_SIZE, TRAIN_WARMUP_STEPS -> ((Integer) value) == 0;
            case TRAIN_LOSS_NORMALIZATION -> value == org.tmssweep.core.config.LossNormalization.MEAN;
            default -> false;
        };
    }

    /**
     * Every point's training recipe and dataset settings are consistent (TrainRule; messages name the key),
     * and its model's estimated memory ({@link SpecLimits#modelBytes}) is within the limit.
     */
    private static void checkTrainRules(List<Map<Param, Object>> points, SpecLimits limits) throws SpecException {
        for (Map<Param, Object> a : points) {
            org.tmssweep.core.config.TrainConfig train = TrainRule.train(a);
            org.tmssweep.core.config.ModelKind kind = (org.tmssweep.core.config.ModelKind) a.get(Param.MODEL);
            int n = (Integer) a.get(Param.N_FEATURES);
            int m = (Integer) a.get(Param.N_HIDDEN);
            double bytes = SpecLimits.modelBytes(kind, n, m, train);
            if (bytes > limits.maxModelBytes()) {
                String data = train.dataset().finite() ? ", dataset.size " + train.dataset().size() + " + test_size "
                        + train.dataset().testSize() + ", " + train.stepBatch() + " points a step"
                        : ", train.batch_size " + train.batchSize();
                throw new SpecException("", "a model of n_features " + n + ", n_hidden " + m + " (" + kind.specName()
                        + data + ") needs about " + SpecLimits.formatBytes(bytes) + " while it trains, above the limit"
                        + " of " + SpecLimits.formatBytes(limits.maxModelBytes()) + " per model; --max-model-memory"
                        + " SIZE raises it (docs/spec.md, \"Size limits\")");
            }
        }
    }

    /** Puts a (possibly nested train.*) key into {@code raw}, naming unknown keys by their path. */
    private static void flatten(String prefix, String key, Object value, Map<Param, Object> raw) throws SpecException {
        String sectionName = prefix + key;
        String example = switch (sectionName) {
            case "train" -> "{steps: 10000, lr: 0.001}";
            case "dataset" -> "{size: 100, normalize: unit}";
            case "sae" -> "{source: toy, latents: 5, l1: 0.2}";
            case "sae.synthetic" -> "{features: 512, dim: 256}";
            case "sae.absorption" -> "{hierarchy: true}";
            default -> null;
        };
        if (example != null) {
            if (!(value instanceof Map<?, ?> section)) {
                throw new SpecException(sectionName, "must be a mapping (e.g. " + example + "), got "
                        + Param.describe(value));
            }
            for (Map.Entry<?, ?> t : section.entrySet()) {
                flatten(sectionName + ".", String.valueOf(t.getKey()), t.getValue(), raw);
            }
            return;
        }
        String k = prefix + key;
        if (k.equals("train." + CURVE_EVERY)) {
            throw new SpecException(k, "is sweep-wide: give it once in the top-level train mapping, not in zip, "
                    + "points or when");
        }
        Param p = Param.byKey(k);
        if (p == null || (prefix.isEmpty() && !p.section().isEmpty())) {
            String section = prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1);
            throw new SpecException(k, prefix.isEmpty() ? "unknown key (known: " + knownTopLevel() + ")"
                    : "unknown key (known in " + section + ": " + knownIn(section) + ")");
        }
        raw.put(p, value);
    }

    /** Parameters of a nested mapping (zip entry, points entry, when.if/set), keyed by path. */
    private static Map<Param, Object> paramsOf(String path, Object value) throws SpecException {
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
            throw new SpecException(path, "must be a mapping of parameters to values, got " + Param.describe(value));
        }
        Map<Param, Object> raw = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            try {
                flatten("", String.valueOf(e.getKey()), e.getValue(), raw);
            } catch (SpecException ex) {
                throw new SpecException(path + "." + ex.path(), ex.getMessage().substring(ex.path().length() + 2));
            }
        }
        return raw;
    }

    private static SweepSpec.Group zipGroup(String path, Object value) throws SpecException {
        Map<Param, Object> raw = new java.util.TreeMap<>(paramsOf(path, value));
        List<Param> params = new ArrayList<>(raw.keySet());
        int length = -1;
        Param first = null;
        List<List<Object>> columns = new ArrayList<>();
        for (Param p : params) {
            String at = path + "." + p.key();
            SweepSpec.ParamValues pv = convert(at, p, raw.get(p));
            if (!pv.axis()) {
                throw new SpecException(at, "must be a list (zip advances lists together), got "
                        + Param.render(pv.values().get(0)));
            }
            if (length >= 0 && pv.values().size() != length) {
                throw new SpecException(at, "has " + pv.values().size() + " values but " + path + "." + first.key()
                        + " has " + length + "; zipped lists must be equally long");
            }
            length = pv.values().size();
            first = first == null ? p : first;
            columns.add(pv.values());
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < length; r++) {
            List<Object> row = new ArrayList<>();
            for (List<Object> c : columns) {
                row.add(c.get(r));
            }
            rows.add(row);
        }
        return new SweepSpec.Group(path, params, rows);
    }

    private static SweepSpec.Group pointsGroup(Object value) throws SpecException {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new SpecException("points", "must be a non-empty list of mappings, got " + Param.describe(value));
        }
        List<Param> params = null;
        List<List<Object>> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "points[" + i + "]";
            Map<Param, Object> raw = new java.util.TreeMap<>(paramsOf(path, list.get(i)));
            if (params == null) {
                params = new ArrayList<>(raw.keySet());
            } else if (!params.equals(new ArrayList<>(raw.keySet()))) {
                throw new SpecException(path, "sets " + keys(raw.keySet()) + " but points[0] sets " + keys(params)
                        + "; every point must set the same parameters");
            }
            List<Object> row = new ArrayList<>();
            for (Param p : params) {
                Object v = raw.get(p);
                boolean list1 = p.isAxis(v);
                if (list1) {
                    throw new SpecException(path + "." + p.key(), "must be one value (a point fixes every parameter "
                            + "it names), got " + Param.describe(v));
                }
                row.add(p.convert(path + "." + p.key(), v));
            }
            StringBuilder rendered = new StringBuilder();
            row.forEach(o -> rendered.append(Param.render(o)).append(';'));
            if (!seen.add(rendered.toString())) {
                throw new SpecException(path, "repeats an earlier point; use seeds for repeats");
            }
            rows.add(row);
        }
        return new SweepSpec.Group("points", params, rows);
    }

    private static List<SweepSpec.When> whens(Object value, List<SweepSpec.Group> groups) throws SpecException {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new SpecException("when", "must be a list of {if: {...}, set: {...}} blocks, got "
                    + Param.describe(value));
        }
        List<SweepSpec.When> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "when[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> block)) {
                throw new SpecException(path, "must be a mapping {if: {...}, set: {...}}, got "
                        + Param.describe(list.get(i)));
            }
            for (Object k : block.keySet()) {
                if (!"if".equals(k) && !"set".equals(k)) {
                    throw new SpecException(path + "." + k, "unknown key (known: if, set)");
                }
            }
            if (!block.containsKey("if") || !block.containsKey("set")) {
                throw new SpecException(path + "." + (block.containsKey("if") ? "set" : "if"), "is required");
            }
            Map<Param, Object> cond = paramsOf(path + ".if", block.get("if"));
            Map<Param, Object> set = paramsOf(path + ".set", block.get("set"));
            List<Param> ifParams = new ArrayList<>();
            List<Object> ifValues = new ArrayList<>();
            int lastIf = -1;
            for (Map.Entry<Param, Object> c : cond.entrySet()) {
                ifParams.add(c.getKey());
                ifValues.add(c.getKey().convert(path + ".if." + c.getKey().key(), c.getValue()));
                lastIf = Math.max(lastIf, c.getKey().ordinal());
            }
            List<SweepSpec.ParamValues> sets = new ArrayList<>();
            for (Map.Entry<Param, Object> e : new java.util.TreeMap<>(set).entrySet()) {
                Param p = e.getKey();
                String at = path + ".set." + p.key();
                for (SweepSpec.Group g : groups) {
                    if (g.params().contains(p)) {
                        throw new SpecException(at, "is in " + g.key() + "; a when block cannot set a zipped parameter");
                    }
                }
                if (p.ordinal() <= lastIf) {
                    throw new SpecException(at, "must come after every 'if' parameter in grid order ("
                            + keys(ifParams) + "); see docs/spec.md");
                }
                sets.add(convert(at, p, e.getValue()));
            }
            out.add(new SweepSpec.When(ifParams, ifValues, sets));
        }
        return out;
    }

    private static String keys(java.util.Collection<Param> ps) {
        return String.join(", ", ps.stream().map(Param::key).toList());
    }

    private static List<Integer> seeds(Object value) throws SpecException {
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                throw new SpecException("seeds", "axis must not be empty");
            }
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Integer s) || s < 0) {
                    throw new SpecException("seeds[" + i + "]", "must be a seed index >= 0, got "
                            + Param.describe(list.get(i)));
                }
                if (out.contains(s)) {
                    throw new SpecException("seeds[" + i + "]", "repeats seed index " + s);
                }
                out.add(s);
            }
            return out;
        }
        return SweepSpec.range(positiveInt("seeds", value));
    }

    private static SweepSpec.Order order(Object value) throws SpecException {
        if (value instanceof String s) {
            switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "grid":
                    return SweepSpec.Order.GRID;
                case "shuffled":
                    return SweepSpec.Order.SHUFFLED;
                default:
                    break;
            }
        }
        throw new SpecException("order", "must be one of grid, shuffled, got " + Param.describe(value));
    }

    private static SweepSpec.ParamValues convert(String path, Param p, Object value) throws SpecException {
        boolean isAxis = p.isAxis(value);
        if (!isAxis) {
            if (value instanceof Map<?, ?>) {
                throw new SpecException(path, "must be a value or a list of values, got a mapping");
            }
            return new SweepSpec.ParamValues(p, List.of(p.convert(path, value)), false);
        }
        List<?> list = (List<?>) value;
        if (list.isEmpty()) {
            throw new SpecException(path, "axis must not be empty");
        }
        List<Object> converted = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            converted.add(p.convert(path + "[" + i + "]", list.get(i)));
        }
        Map<String, Integer> firstIndex = new java.util.HashMap<>();
        for (int i = 0; i < converted.size(); i++) {
            String rendered = Param.render(converted.get(i));
            Integer j = firstIndex.putIfAbsent(rendered, i);
            if (j != null) {
                throw new SpecException(path + "[" + i + "]", "repeats " + path + "[" + j + "] (" + rendered
                        + "); use seeds for repeats");
            }
        }
        return new SweepSpec.ParamValues(p, converted, true);
    }

    private static void checkImportanceLengths(SweepSpec spec, List<Map<Param, Object>> points) throws SpecException {
        SweepSpec.ParamValues top = spec.get(Param.IMPORTANCE);
        for (Map<Param, Object> a : points) {
            Object imp = a.get(Param.IMPORTANCE);
            if (imp == null) {
                continue;
            }
            double[] v = (double[]) imp;
            int n = (Integer) a.get(Param.N_FEATURES);
            if (v.length != n) {
                String path = "importance";
                if (top != null && top.axis()) {
                    path = "importance[" + top.values().indexOf(imp) + "]";
                }
                throw new SpecException(path, "must have n_features = " + n + " entries, got " + v.length);
            }
        }
    }

    /**
     * Every point's feature sets fit its n_features and densities (the messages name the key); the abs
     * model (signed inputs, untied W2) takes neither feature sets nor learning curves yet.
     */
    private static void checkDataRules(SweepSpec spec, List<Map<Param, Object>> points) throws SpecException {
        for (Map<Param, Object> a : points) {
            org.tmssweep.core.config.FeatureSets sets = DataRule.featureSets(a);
            if (a.get(Param.MODEL) == org.tmssweep.core.config.ModelKind.ABS) {
                if (!sets.isEmpty()) {
                    throw new SpecException("model", "abs does not take correlated_sets or anticorrelated_sets"
                            + " (its inputs are signed; the set sampler draws [0, 1))");
                }
                if (spec.curveEvery() > 0) {
                    throw new SpecException("train." + CURVE_EVERY, "not supported for model abs yet (the curves"
                            + " record the tied W only); use it with linear, relu_output or relu_hidden");
                }
            }
        }
    }

    private static String string(String path, Object value) throws SpecException {
        if (value instanceof String s) {
            return s;
        }
        throw new SpecException(path, "must be text, got " + Param.describe(value));
    }

    private static int positiveInt(String path, Object value) throws SpecException {
        if (value instanceof Integer i) {
            if (i < 1) {
                throw new SpecException(path, "must be >= 1, got " + i);
            }
            return i;
        }
        throw new SpecException(path, "must be an integer, got " + Param.describe(value));
    }

    private static int nonNegativeInt(String path, Object value) throws SpecException {
        if (value instanceof Integer i) {
            if (i < 0) {
                throw new SpecException(path, "must be >= 0 (0 = no learning curves), got " + i);
            }
            return i;
        }
        throw new SpecException(path, "must be one integer >= 0 (steps between curve points; not an axis), got "
                + Param.describe(value));
    }

    private static String knownTopLevel() {
        TreeSet<String> keys = new TreeSet<>(TOP_LEVEL);
        for (Param p : Param.values()) {
            if (p.section().isEmpty()) {
                keys.add(p.key());
            }
        }
        return String.join(", ", keys);
    }

    private static String knownIn(String section) {
        TreeSet<String> keys = new TreeSet<>();
        if (section.equals("train")) {
            keys.add(CURVE_EVERY);
        }
        for (Param p : Param.values()) {
            if (p.key().startsWith(section + ".")) {
                String rest = p.key().substring(section.length() + 1);
                int dot = rest.indexOf('.');
                keys.add(dot < 0 ? rest : rest.substring(0, dot)); // a subsection by its name
            }
        }
        return String.join(", ", keys);
    }
}
