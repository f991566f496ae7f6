package org.tmssweep.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Constructor validation helpers. Every message names the field and the offending value, in the
 * form {@code "<field>: must be ..., got <value>"}.
 */
public final class Checks {
    private Checks() {
    }

    public static void positive(String field, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + ": must be >= 1, got " + value);
        }
    }

    public static void positiveFinite(String field, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + ": must be > 0 and finite, got " + value);
        }
    }

    public static void nonNegativeFinite(String field, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + ": must be >= 0 and finite, got " + value);
        }
    }

    /** [0, 1). */
    public static void unitInterval(String field, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(field + ": must be in [0, 1), got " + value);
        }
    }

    /**
     * The AdamW hyperparameters of the config whose fields start {@code prefix} (e.g. {@code "train"}): lr &gt; 0,
     * weight_decay &gt;= 0, beta1 and beta2 in [0, 1), eps &gt; 0, all finite; checked in that order.
     */
    public static void adamW(String prefix, double lr, double weightDecay, double beta1, double beta2, double eps) {
        positiveFinite(prefix + ".lr", lr);
        nonNegativeFinite(prefix + ".weight_decay", weightDecay);
        unitInterval(prefix + ".beta1", beta1);
        unitInterval(prefix + ".beta2", beta2);
        positiveFinite(prefix + ".eps", eps);
    }

    public static void notNull(String field, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": is required");
        }
    }

    /** Spec spelling of an enum constant: lower snake case, e.g. {@code relu_output}. */
    public static String specName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Parses the spec spelling; the message lists the accepted values. */
    public static <E extends Enum<E>> E parseEnum(Class<E> type, String value) {
        for (E e : type.getEnumConstants()) {
            if (specName(e).equals(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException("must be one of " + Arrays.stream(type.getEnumConstants())
                .map(Checks::specName).collect(Collectors.joining(", ")) + ", got '" + value + "'");
    }
}
