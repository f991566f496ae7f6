package org.tmssweep.spark.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A parsed, validated, fully resolved sweep spec (defaults filled in). Driver-only: the grid
 * expands it into {@link org.tmssweep.spark.grid.GridPoint}s, which are what travels to tasks.
 *
 * @param name        sweep name, [A-Za-z0-9_.-]+
 * @param description free text, may be empty
 * @param values      one entry per top-level parameter that has a value, in {@link Param} order
 * @param seedIndices the seed indices every grid point is trained with ({@code seeds: 3} = 0, 1, 2)
 * @param pack        most models per task (one batched tensor); 0 = automatic
 * @param wave        models per wave (one Spark job, committed at once); 0 = automatic
 * @param order       the order in which packs are trained (and waves cut)
 * @param groups      {@code zip} and {@code points} groups: parameters that advance together
 * @param whens       conditional blocks: other values for some parameters where others match
 * @param curveEvery  {@code train.curve_every}: record learning curves (the {@code curves} table) every this many
 *                    steps, plus the first and the last; 0 = off. Not part of any point id or seed, so models train
 *                    the same with or without curves; part of the spec hash only when non-zero.
 */
public record SweepSpec(String name, String description, List<ParamValues> values, List<Integer> seedIndices,
                        int pack, int wave, Order order, List<Group> groups, List<When> whens, int curveEvery) {

    /** Version of the spec semantics; part of every point id and spec hash. */
    public static final int SEMANTICS_VERSION = 1;

    /** Training order. */
    public enum Order {
        /** Grid order: first parameter outermost, seeds innermost. */
        GRID,
        /** A deterministic shuffle (seeded by the spec hash) so that early waves cover the whole grid. */
        SHUFFLED
    }

    /**
     * The value(s) of one parameter.
     *
     * @param param  the parameter
     * @param values converted values; one for a fixed parameter
     * @param axis   true when the spec gave a list (an axis), even of one element
     */
    public record ParamValues(Param param, List<Object> values, boolean axis) {
        public ParamValues {
            Objects.requireNonNull(param);
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException(param.key() + ": axis must not be empty");
            }
        }
    }

    /**
     * Parameters that advance together: row r assigns {@code rows.get(r).get(i)} to {@code params.get(i)}.
     *
     * @param key    {@code zip[i]} or {@code points} (for messages and the canonical form)
     * @param params the group's parameters, in Param order
     * @param rows   one list of values per step of the group
     */
    public record Group(String key, List<Param> params, List<List<Object>> rows) {
        public Group {
            params = List.copyOf(params);
            rows = rows.stream().map(List::copyOf).toList();
        }

        /** Where the group nests in the grid: at its first parameter. */
        public int position() {
            return params.stream().mapToInt(Enum::ordinal).min().orElse(0);
        }
    }

    /**
     * A conditional block: where every {@code ifParams[i]} equals {@code ifValues[i]}, the {@code set}
     * parameters take these values instead of the top-level ones.
     */
    public record When(List<Param> ifParams, List<Object> ifValues, List<ParamValues> set) {
        public When {
            ifParams = List.copyOf(ifParams);
            ifValues = List.copyOf(ifValues);
            set = List.copyOf(set);
        }

        public boolean matches(Map<Param, Object> assignment) {
            for (int i = 0; i < ifParams.size(); i++) {
                Object v = assignment.get(ifParams.get(i));
                if (v == null || !Param.render(v).equals(Param.render(ifValues.get(i)))) {
                    return false;
                }
            }
            return true;
        }

        public ParamValues get(Param p) {
            return set.stream().filter(v -> v.param() == p).findFirst().orElse(null);
        }
    }

    public SweepSpec {
        values = List.copyOf(values);
        seedIndices = List.copyOf(seedIndices);
        groups = List.copyOf(groups);
        whens = List.copyOf(whens);
        Objects.requireNonNull(order);
        if (seedIndices.isEmpty()) {
            throw new IllegalArgumentException("seeds: must not be empty");
        }
        if (curveEvery < 0) {
            throw new IllegalArgumentException("train.curve_every: must be >= 0, got " + curveEvery);
        }
    }

    /** A spec without learning curves. */
    public SweepSpec(String name, String description, List<ParamValues> values, List<Integer> seedIndices,
                     int pack, int wave, Order order, List<Group> groups, List<When> whens) {
        this(name, description, values, seedIndices, pack, wave, order, groups, whens, 0);
    }

    /** True when the sweep records learning curves. */
    public boolean recordsCurves() {
        return curveEvery > 0;
    }

    /** The simple form: product of {@code values}, seeds 0..seeds-1, grid order, automatic waves. */
    public SweepSpec(String name, String description, List<ParamValues> values, int seeds, int pack) {
        this(name, description, values, range(seeds), pack, 0, Order.GRID, List.of(), List.of());
    }

    static List<Integer> range(int n) {
        List<Integer> r = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            r.add(i);
        }
        return r;
    }

    /** Number of seeds per grid point. */
    public int seeds() {
        return seedIndices.size();
    }

    /** {@code sae.source}, or null for a sweep without sparse autoencoders. */
    public SaeSourceKind saeSource() {
        ParamValues v = get(Param.SAE_SOURCE);
        return v == null ? null : (SaeSourceKind) v.values().get(0);
    }

    /** {@code sae.seeds}: SAE seeds per SAE point (1 for a sweep without sparse autoencoders). */
    public int saeSeeds() {
        ParamValues v = get(Param.SAE_SEEDS);
        return v == null ? 1 : (Integer) v.values().get(0);
    }

    /** The entry for a top-level parameter, or null when the spec gives it no top-level value. */
    public ParamValues get(Param p) {
        for (ParamValues v : values) {
            if (v.param() == p) {
                return v;
            }
        }
        return null;
    }

    /** Parameters given as lists, in grid nesting order. */
    public List<ParamValues> axes() {
        List<ParamValues> axes = new ArrayList<>();
        for (ParamValues v : values) {
            if (v.axis()) {
                axes.add(v);
            }
        }
        return axes;
    }

    /** Number of grid points (models = points x seeds). */
    public long pointCount() {
        return pointCountUpTo(Long.MAX_VALUE - 1);
    }

    /**
     * Every grid point's parameters, in grid order (seeds not included): the product of the
     * top-level axes and the groups, each group nested at its first parameter's place in
     * {@link Param} order (first outermost); for each parameter, the first {@code when} block that
     * matches the outer parameters and sets it gives its values instead of the top level. Pure.
     */
    public List<Map<Param, Object>> assignments() {
        List<Map<Param, Object>> out = new ArrayList<>();
        expand(slots(), 0, new EnumMap<>(Param.class), out);
        return out;
    }

    /** The grid's nesting levels, outermost first: a {@link Group} or a {@link Param} with values. */
    private List<Object> slots() {
        List<Object> slots = new ArrayList<>();
        for (Param p : Param.values()) {
            Group group = groups.stream().filter(g -> g.params().contains(p)).findFirst().orElse(null);
            if (group != null) {
                if (group.position() == p.ordinal()) {
                    slots.add(group);
                }
            } else if (get(p) != null || whens.stream().anyMatch(w -> w.get(p) != null)) {
                slots.add(p);
            }
        }
        return slots;
    }

    /** The values of {@code p} under the outer parameters {@code a}: the first matching when block's, else the top level's. */
    private ParamValues valuesAt(Param p, Map<Param, Object> a) {
        for (When w : whens) {
            if (w.get(p) != null && w.matches(a)) {
                return w.get(p);
            }
        }
        return get(p);
    }

    /**
     * The number of grid points, {@code assignments().size()}, counted without building them: only the
     * parameters some {@code when} block tests are enumerated, every other level multiplies. Stops as soon
     * as the count exceeds {@code cap} and then returns a number above {@code cap} (at most {@code cap + 1}),
     * so that a spec of 10<sup>12</sup> points is refused in microseconds. Pure.
     *
     * @param cap the largest count of interest, at most {@code Long.MAX_VALUE - 1}
     */
    public long pointCountUpTo(long cap) {
        if (cap < 0 || cap == Long.MAX_VALUE) {
            throw new IllegalArgumentException("cap: must be in [0, Long.MAX_VALUE - 1], got " + cap);
        }
        java.util.Set<Param> tested = java.util.EnumSet.noneOf(Param.class);
        whens.forEach(w -> tested.addAll(w.ifParams()));
        return count(slots(), 0, new EnumMap<>(Param.class), tested, cap);
    }

    private long count(List<Object> slots, int i, EnumMap<Param, Object> a, java.util.Set<Param> tested, long cap) {
        if (i == slots.size()) {
            return 1;
        }
        List<List<Object>> choices;
        List<Param> params;
        if (slots.get(i) instanceof Group g) {
            choices = g.rows();
            params = g.params();
        } else {
            Param p = (Param) slots.get(i);
            ParamValues vs = valuesAt(p, a);
            if (vs == null) {
                return count(slots, i + 1, a, tested, cap);
            }
            choices = vs.values().stream().map(List::of).toList();
            params = List.of(p);
        }
        if (params.stream().noneMatch(tested::contains)) {
            long inner = count(slots, i + 1, a, tested, cap);
            return inner > cap / choices.size() ? cap + 1 : Math.min(cap + 1, inner * choices.size());
        }
        long total = 0;
        for (List<Object> row : choices) {
            for (int k = 0; k < params.size(); k++) {
                a.put(params.get(k), row.get(k));
            }
            total += count(slots, i + 1, a, tested, cap);
            if (total > cap) {
                total = cap + 1;
                break;
            }
        }
        params.forEach(a::remove);
        return total;
    }

    /**
     * The grid's levels and how many values each has, outermost first, seeds last, e.g.
     * {@code sparsity 7 x train.lr 3 x seeds 5}: a zip or points group counts its rows, and a parameter that
     * when blocks set counts its most values. Their product is the number of models when the spec has no
     * when blocks, and an upper bound otherwise.
     */
    public List<Map.Entry<String, Integer>> levelSizes() {
        List<Map.Entry<String, Integer>> out = new ArrayList<>();
        for (Object slot : slots()) {
            if (slot instanceof Group g) {
                out.add(Map.entry(g.key(), g.rows().size()));
            } else {
                Param p = (Param) slot;
                int most = get(p) == null ? 1 : get(p).values().size();
                for (When w : whens) {
                    if (w.get(p) != null) {
                        most = Math.max(most, w.get(p).values().size());
                    }
                }
                out.add(Map.entry(p.key(), most));
            }
        }
        out.add(Map.entry("seeds", seeds()));
        return out;
    }

    private void expand(List<Object> slots, int i, EnumMap<Param, Object> a, List<Map<Param, Object>> out) {
        if (i == slots.size()) {
            out.add(Collections.unmodifiableMap(new EnumMap<>(a)));
            return;
        }
        if (slots.get(i) instanceof Group g) {
            for (List<Object> row : g.rows()) {
                for (int k = 0; k < g.params().size(); k++) {
                    a.put(g.params().get(k), row.get(k));
                }
                expand(slots, i + 1, a, out);
            }
            g.params().forEach(a::remove);
            return;
        }
        Param p = (Param) slots.get(i);
        ParamValues vs = valuesAt(p, a);
        if (vs == null) {
            expand(slots, i + 1, a, out);
            return;
        }
        for (Object v : vs.values()) {
            a.put(p, v);
            expand(slots, i + 1, a, out);
        }
        a.remove(p);
    }

    /**
     * The resolved spec as canonical JSON: fixed key order (Param order), defaults filled in,
     * numbers in Java's shortest round-trip form. Key order in the YAML file does not matter.
     * Keys of the extended language (zip, points, when, order, wave, a list of seeds, train.curve_every)
     * appear only when used, so a spec in the simple form keeps the hash it had before they existed.
     */
    public String canonicalJson() {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"semantics_version\":").append(SEMANTICS_VERSION);
        sb.append(",\"name\":").append(Json.quote(name));
        sb.append(",\"description\":").append(Json.quote(description));
        if (seedIndices.equals(range(seedIndices.size()))) {
            sb.append(",\"seeds\":").append(seedIndices.size());
        } else {
            sb.append(",\"seeds\":").append(seedIndices.toString().replace(" ", ""));
        }
        sb.append(",\"pack\":").append(pack);
        if (wave != 0) {
            sb.append(",\"wave\":").append(wave);
        }
        if (order != Order.GRID) {
            sb.append(",\"order\":").append(Json.quote(order.name().toLowerCase(java.util.Locale.ROOT)));
        }
        for (ParamValues v : values) {
            sb.append(',');
            paramJson(sb, v);
        }
        for (Group g : groups) {
            sb.append(',').append(Json.quote(g.key())).append(":[");
            for (int r = 0; r < g.rows().size(); r++) {
                sb.append(r == 0 ? "{" : ",{");
                for (int i = 0; i < g.params().size(); i++) {
                    sb.append(i == 0 ? "" : ",").append(Json.quote(g.params().get(i).key())).append(':')
                            .append(Json.value(g.rows().get(r).get(i)));
                }
                sb.append('}');
            }
            sb.append(']');
        }
        if (!whens.isEmpty()) {
            sb.append(",\"when\":[");
            for (int w = 0; w < whens.size(); w++) {
                When when = whens.get(w);
                sb.append(w == 0 ? "" : ",").append("{\"if\":{");
                for (int i = 0; i < when.ifParams().size(); i++) {
                    sb.append(i == 0 ? "" : ",").append(Json.quote(when.ifParams().get(i).key())).append(':')
                            .append(Json.value(when.ifValues().get(i)));
                }
                sb.append("},\"set\":{");
                for (int i = 0; i < when.set().size(); i++) {
                    sb.append(i == 0 ? "" : ",");
                    paramJson(sb, when.set().get(i));
                }
                sb.append("}}");
            }
            sb.append(']');
        }
        if (curveEvery != 0) {
            sb.append(",\"train.curve_every\":").append(curveEvery);
        }
        return sb.append('}').toString();
    }

    private static void paramJson(StringBuilder sb, ParamValues v) {
        sb.append(Json.quote(v.param().key())).append(':');
        if (v.axis()) {
            sb.append('[');
            for (int i = 0; i < v.values().size(); i++) {
                sb.append(i == 0 ? "" : ",").append(Json.value(v.values().get(i)));
            }
            sb.append(']');
        } else {
            sb.append(Json.value(v.values().get(0)));
        }
    }

    /** SHA-256 of {@link #canonicalJson()}, hex. */
    public String specHash() {
        return sha256Hex(canonicalJson());
    }

    /** {@code <name>-<first 12 hex digits of the spec hash>}: the same spec always gets the same id. */
    public String sweepId() {
        return name + "-" + specHash().substring(0, 12);
    }

    static String sha256Hex(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
