package org.tmssweep.spark.spec;

/** Minimal canonical JSON rendering of spec values (strings, numbers, enums, vectors, set lists). */
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
        if (v instanceof Number) {
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
