package org.tmssweep.spark.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A parsed, validated, fully resolved sweep spec (defaults filled in). Driver-only: the grid
 * expands it into {@link org.tmssweep.spark.grid.GridPoint}s, which are what travels to tasks.
 *
 * @param name        sweep name, [A-Za-z0-9_.-]+
 * @param description free text, may be empty
 * @param values      one entry per parameter that has a value, in {@link Param} declaration order
 * @param seeds       seed indices 0..seeds-1 per grid point
 * @param pack        most models per task (one batched tensor); 0 = automatic
 */
public record SweepSpec(String name, String description, List<ParamValues> values, int seeds, int pack) {

    /** Version of the spec semantics; part of every point id and spec hash. */
    public static final int SEMANTICS_VERSION = 1;

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

    public SweepSpec {
        values = List.copyOf(values);
    }

    /** The entry for a parameter, or null when the spec gives it no value. */
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
        long n = 1;
        for (ParamValues v : values) {
            n *= v.values().size();
        }
        return n;
    }

    /**
     * The resolved spec as canonical JSON: fixed key order (Param order), defaults filled in,
     * numbers in Java's shortest round-trip form. Key order in the YAML file does not matter.
     */
    public String canonicalJson() {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"semantics_version\":").append(SEMANTICS_VERSION);
        sb.append(",\"name\":").append(Json.quote(name));
        sb.append(",\"description\":").append(Json.quote(description));
        sb.append(",\"seeds\":").append(seeds);
        sb.append(",\"pack\":").append(pack);
        for (ParamValues v : values) {
            sb.append(',').append(Json.quote(v.param().key())).append(':');
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
        return sb.append('}').toString();
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
