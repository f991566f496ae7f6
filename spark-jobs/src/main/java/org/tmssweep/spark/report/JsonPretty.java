package org.tmssweep.spark.report;

/**
 * Re-indents a JSON text (two spaces per level) without parsing it into objects: strings are copied
 * verbatim, structure characters outside strings start new lines. Text that is not JSON comes back
 * re-indented on a best-effort basis, never altered inside strings.
 */
final class JsonPretty {
    private JsonPretty() {
    }

    static String format(String json) {
        StringBuilder out = new StringBuilder(json.length() * 2);
        int depth = 0;
        boolean inString = false;
        for (int k = 0; k < json.length(); k++) {
            char c = json.charAt(k);
            if (inString) {
                out.append(c);
                if (c == '\\' && k + 1 < json.length()) {
                    out.append(json.charAt(++k));
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    out.append(c);
                }
                case '{', '[' -> {
                    int close = nextNonSpace(json, k + 1);
                    if (close < json.length() && json.charAt(close) == (c == '{' ? '}' : ']')) {
                        out.append(c).append(json.charAt(close));
                        k = close;
                    } else {
                        out.append(c);
                        newline(out, ++depth);
                    }
                }
                case '}', ']' -> {
                    newline(out, depth = Math.max(0, depth - 1));
                    out.append(c);
                }
                case ',' -> {
                    out.append(c);
                    newline(out, depth);
                }
                case ':' -> out.append(": ");
                case ' ', '\t', '\n', '\r' -> {
                }
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static int nextNonSpace(String s, int from) {
        int k = from;
        while (k < s.length() && Character.isWhitespace(s.charAt(k))) {
            k++;
        }
        return k;
    }

    private static void newline(StringBuilder out, int depth) {
        out.append('\n');
        out.append("  ".repeat(depth));
    }
}
