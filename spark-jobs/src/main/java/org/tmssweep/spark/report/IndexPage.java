package org.tmssweep.spark.report;

import java.util.List;
import java.util.Map;

/** The top-level {@code index.html}: one row per sweep, linking to its page. */
final class IndexPage {
    private IndexPage() {
    }

    /** {@code dirs} maps each sweep id to its subdirectory name. */
    static String html(List<SweepData> sweeps, Map<String, String> dirs) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>tms-sweep report</h1>\n");
        if (sweeps.isEmpty()) {
            b.append("<p>No sweep with rows in the tables.</p>\n");
            return Html.page("tms-sweep report", b.toString());
        }
        b.append("<table>\n<tr><th>sweep</th><th>sweep_id</th><th>models (usable / all)</th>")
                .append("<th>finished_at</th></tr>\n");
        for (SweepData s : sweeps) {
            String dir = dirs.get(s.sweep().sweepId());
            String name = s.sweep().name().isEmpty() ? s.sweep().sweepId() : s.sweep().name();
            b.append("<tr><td><a href=\"").append(Html.esc(dir)).append("/index.html\">").append(Html.esc(name))
                    .append("</a></td><td>").append(Html.esc(s.sweep().sweepId())).append("</td><td>")
                    .append(s.usableModels().size()).append(" / ").append(s.models().size()).append("</td><td>")
                    .append(s.sweep().finishedAt() == null ? "" : s.sweep().finishedAt()).append("</td></tr>\n");
        }
        b.append("</table>\n");
        return Html.page("tms-sweep report", b.toString());
    }
}
