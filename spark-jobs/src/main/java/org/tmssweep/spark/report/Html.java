package org.tmssweep.spark.report;

/** HTML escaping and the page frame shared by the report's pages. */
final class Html {
    private Html() {
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A complete page: {@code body} is already HTML. */
    static String page(String title, String body) {
        return page(title, body, "");
    }

    /** A complete page with extra CSS rules ({@code style}, trusted text) after the shared ones. */
    static String page(String title, String body, String style) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title)
                + "</title>\n<style>\n"
                + "body{font-family:sans-serif;max-width:1400px;margin:1.5em auto;padding:0 1em;color:#222}\n"
                + "figure{margin:2em 0}figcaption{max-width:60em;margin-top:.4em;line-height:1.4}\n"
                + "img{max-width:100%;border:1px solid #ddd}pre{background:#f6f6f6;padding:1em;overflow:auto}\n"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}\n"
                + style + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }
}
