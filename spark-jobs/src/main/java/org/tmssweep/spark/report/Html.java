package org.tmssweep.spark.report;

import org.apache.commons.text.StringEscapeUtils;

/** HTML escaping and the page frame shared by the report's pages. */
final class Html {
    private Html() {
    }

    /**
     * Text as HTML character data or a quoted attribute value: {@code & < > " '} become entities,
     * control characters XML forbids are dropped and C1 controls become numeric references; every
     * other character, non-ASCII included, is kept as is (the pages are UTF-8). commons-text's XML 1.0
     * escaping rather than its HTML 4 one, which spells non-ASCII characters as HTML 4 named entities
     * ({@code &mdash;}) that an XML parser rejects: the pages are well-formed XML as well as HTML.
     */
    static String esc(String s) {
        return StringEscapeUtils.escapeXml10(s);
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
