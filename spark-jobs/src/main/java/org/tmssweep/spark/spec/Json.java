package org.tmssweep.spark.spec;

/**
 * Canonical JSON rendering of spec values (strings, numbers, enums, vectors, set lists) for
 * {@link SweepSpec#canonicalJson()}, whose SHA-256 is the spec hash and part of the sweep id, so these
 * bytes must not change. Written by hand rather than with Jackson: Jackson renders numbers the same way
 * ({@link Double#toString}) but escapes control characters differently (short forms for backspace and
 * form feed, upper-case hex digits for the others, where {@link #quote} writes a six-character escape
 * with lower-case hex), which would change the hash of a spec whose text holds one; set lists and
 * vectors have their own compact forms ({@link SetList#toString}, {@link Param#render}).
 */
public final class Json {
    private Json() {
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** A converted parameter value as JSON. */
    public static String value(Object v) {
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof SetList) {
            return v.toString();
        }
        if (v instanceof double[]) {
            return Param.render(v).replace(" ", "");
        }
        return quote(Param.render(v));
    }
}
