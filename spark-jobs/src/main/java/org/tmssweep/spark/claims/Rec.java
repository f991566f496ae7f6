package org.tmssweep.spark.claims;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a claim's measurement: column name to value (Double, Long, Integer, String, Boolean,
 * double[] or null). Spark-free, so that every criterion can be tested on hand-made rows.
 */
public record Rec(Map<String, Object> values) {
    public Rec {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** {@code Rec.of("sparsity", 0.9, "rep", 7)}: alternating names and values. */
    public static Rec of(Object... nameValue) {
        if (nameValue.length % 2 != 0) {
            throw new IllegalArgumentException("Rec.of needs name, value pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < nameValue.length; k += 2) {
            m.put((String) nameValue[k], nameValue[k + 1]);
        }
        return new Rec(m);
    }

    private Object get(String col) {
        if (!values.containsKey(col)) {
            throw new IllegalArgumentException("measurement has no column " + col + " (has " + values.keySet() + ")");
        }
        return values.get(col);
    }

    public boolean isNull(String col) {
        return get(col) == null;
    }

    /** The column as a double; NaN when null. */
    public double d(String col) {
        Object v = get(col);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    public long l(String col) {
        Object v = get(col);
        if (v == null) {
            throw new IllegalArgumentException("column " + col + " is null");
        }
        return ((Number) v).longValue();
    }

    public int i(String col) {
        return Math.toIntExact(l(col));
    }

    public String s(String col) {
        Object v = get(col);
        return v == null ? null : v.toString();
    }

    public boolean b(String col) {
        Object v = get(col);
        return v instanceof Boolean bool && bool;
    }

    /** An array column as doubles (empty when null). */
    public double[] arr(String col) {
        Object v = get(col);
        if (v == null) {
            return new double[0];
        }
        if (v instanceof double[] a) {
            return a.clone();
        }
        List<?> list = (List<?>) v;
        double[] out = new double[list.size()];
        for (int k = 0; k < out.length; k++) {
            Object o = list.get(k);
            out[k] = o == null ? Double.NaN : ((Number) o).doubleValue();
        }
        return out;
    }
}
