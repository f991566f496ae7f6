package org.tmssweep.spark.cli;

import java.util.List;

/** Plain-text renderings of a result: aligned columns and RFC 4180 CSV. */
final class TablePrinter {
    private TablePrinter() {
    }

    /** Columns padded to their widest cell; numbers right-aligned; a rule under the header. */
    static String aligned(List<String> header, List<List<String>> rows) {
        int[] w = new int[header.size()];
        boolean[] numeric = new boolean[header.size()];
        for (int c = 0; c < w.length; c++) {
            w[c] = header.get(c).length();
            numeric[c] = !rows.isEmpty();
        }
        for (List<String> r : rows) {
            for (int c = 0; c < w.length; c++) {
                w[c] = Math.max(w[c], r.get(c).length());
                numeric[c] &= r.get(c).equals("NULL") || r.get(c).matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?|NaN|-?Infinity");
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w, numeric);
        for (int c = 0; c < w.length; c++) {
            sb.append(c == 0 ? "" : "  ").append("-".repeat(w[c]));
        }
        sb.append('\n');
        for (List<String> r : rows) {
            line(sb, r, w, numeric);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w, boolean[] numeric) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < w.length; c++) {
            String v = cells.get(c);
            l.append(c == 0 ? "" : "  ");
            String pad = " ".repeat(w[c] - v.length());
            l.append(numeric[c] ? pad + v : v + pad);
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    static String csv(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder(csvLine(header));
        for (List<String> r : rows) {
            sb.append(csvLine(r));
        }
        return sb.toString();
    }

    /** One CSV record, ended by CRLF; a cell with a comma, quote or line break is quoted. */
    static String csvLine(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String v = cells.get(c);
            if (c > 0) {
                sb.append(',');
            }
            if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
                sb.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(v);
            }
        }
        return sb.append("\r\n").toString();
    }
}
