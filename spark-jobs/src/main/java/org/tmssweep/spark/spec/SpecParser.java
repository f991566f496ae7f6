package org.tmssweep.spark.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 *   <li>unknown keys, wrong types, out-of-range values and empty axes are errors naming the path.</li>
 * </ul>
 */
public final class SpecParser {
    private static final String NAME_PATTERN = "[A-Za-z0-9_.-]{1,80}";
    private static final List<String> TOP_LEVEL = List.of("name", "description", "seeds", "pack", "train");

    private SpecParser() {
    }

    /** Reads and parses a spec file. Messages do not include the file name; callers add it. */
    public static SweepSpec parse(Path file) throws SpecException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpecException("", "cannot read spec: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        return parse(text);
    }

    /** Parses spec text. */
    public static SweepSpec parse(String text) throws SpecException {
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
        return fromMap(map);
    }

    private static SweepSpec fromMap(Map<?, ?> map) throws SpecException {
        Map<Param, Object> raw = new LinkedHashMap<>();
        String name = null;
        String description = "";
        int seeds = 1;
        int pack = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object value = e.getValue();
            switch (key) {
                case "name" -> name = string("name", value);
                case "description" -> description = value == null ? "" : string("description", value);
                case "seeds" -> seeds = positiveInt("seeds", value);
                case "pack" -> pack = positiveInt("pack", value);
                case "train" -> {
                    if (!(value instanceof Map<?, ?> train)) {
                        throw new SpecException("train", "must be a mapping (e.g. {steps: 10000, lr: 0.001}), got "
                                + Param.describe(value));
                    }
                    for (Map.Entry<?, ?> t : train.entrySet()) {
                        String k = "train." + t.getKey();
                        Param p = Param.byKey(k);
                        if (p == null) {
                            throw new SpecException(k, "unknown key (known in train: " + knownIn("train") + ")");
                        }
                        raw.put(p, t.getValue());
                    }
                }
                default -> {
                    Param p = Param.byKey(key);
                    if (p == null || !p.section().isEmpty()) {
                        throw new SpecException(key, "unknown key (known: " + knownTopLevel() + ")");
                    }
                    raw.put(p, value);
                }
            }
        }
        if (name == null) {
            throw new SpecException("name", "is required");
        }
        if (!name.matches(NAME_PATTERN)) {
            throw new SpecException("name", "must be 1-80 characters of letters, digits, '_', '.', '-', got '" + name + "'");
        }
        for (Param required : List.of(Param.N_FEATURES, Param.N_HIDDEN)) {
            if (!raw.containsKey(required)) {
                throw new SpecException(required.key(), "is required");
            }
        }
        if (raw.containsKey(Param.IMPORTANCE) && raw.containsKey(Param.IMPORTANCE_DECAY)) {
            throw new SpecException("importance", "give either importance or importance_decay, not both");
        }

        List<SweepSpec.ParamValues> values = new ArrayList<>();
        for (Param p : Param.values()) {
            if (raw.containsKey(p)) {
                values.add(convert(p, raw.get(p)));
            } else if (p == Param.IMPORTANCE_DECAY && !raw.containsKey(Param.IMPORTANCE)) {
                values.add(new SweepSpec.ParamValues(p, List.of(1.0), false));
            } else if (p.defaultValue() != null) {
                values.add(new SweepSpec.ParamValues(p, List.of(p.defaultValue()), false));
            }
        }
        SweepSpec spec = new SweepSpec(name, description, values, seeds, pack);
        checkImportanceLengths(spec);
        return spec;
    }

    private static SweepSpec.ParamValues convert(Param p, Object value) throws SpecException {
        boolean isAxis = p.kind() == Param.Kind.VECTOR
                ? value instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof List<?>
                : value instanceof List<?>;
        if (!isAxis) {
            if (value instanceof Map<?, ?>) {
                throw new SpecException(p.key(), "must be a value or a list of values, got a mapping");
            }
            return new SweepSpec.ParamValues(p, List.of(p.convert(p.key(), value)), false);
        }
        List<?> list = (List<?>) value;
        if (list.isEmpty()) {
            throw new SpecException(p.key(), "axis must not be empty");
        }
        List<Object> converted = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            converted.add(p.convert(p.key() + "[" + i + "]", list.get(i)));
        }
        for (int i = 0; i < converted.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (Param.render(converted.get(i)).equals(Param.render(converted.get(j)))) {
                    throw new SpecException(p.key() + "[" + i + "]", "repeats " + p.key() + "[" + j + "] ("
                            + Param.render(converted.get(i)) + "); use seeds for repeats");
                }
            }
        }
        return new SweepSpec.ParamValues(p, converted, true);
    }

    private static void checkImportanceLengths(SweepSpec spec) throws SpecException {
        SweepSpec.ParamValues imp = spec.get(Param.IMPORTANCE);
        if (imp == null) {
            return;
        }
        for (Object n : spec.get(Param.N_FEATURES).values()) {
            for (int i = 0; i < imp.values().size(); i++) {
                double[] v = (double[]) imp.values().get(i);
                if (v.length != (Integer) n) {
                    throw new SpecException(imp.axis() ? "importance[" + i + "]" : "importance",
                            "must have n_features = " + n + " entries, got " + v.length);
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
        for (Param p : Param.values()) {
            if (p.section().equals(section)) {
                keys.add(p.leaf());
            }
        }
        return String.join(", ", keys);
    }
}
