package org.tmssweep.spark.report;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** The {@code index.html} of one sweep: its name and spec, every figure with a caption, and the models left out. */
final class SweepPage {
    private SweepPage() {
    }

    static String html(SweepData sweep, List<FigureEntry> figures) {
        SweepInfo s = sweep.sweep();
        String title = s.name().isEmpty() ? s.sweepId() : s.name();
        StringBuilder b = new StringBuilder();
        b.append("<p><a href=\"../index.html\">\u2190 all sweeps</a></p>\n");
        b.append("<h1>").append(Html.esc(title)).append("</h1>\n");
        if (!s.description().isEmpty()) {
            b.append("<p>").append(Html.esc(s.description())).append("</p>\n");
        }
        b.append("<table>\n");
        row(b, "sweep_id", s.sweepId());
        row(b, "name", s.name());
        row(b, "spec_hash", s.specHash());
        row(b, "started_at", time(s.startedAt()));
        row(b, "finished_at", time(s.finishedAt()));
        row(b, "models", sweep.models().size() + " (" + sweep.usableModels().size() + " usable, "
                + sweep.unusableModels().size() + " left out)");
        row(b, "series", sweep.seriesKeys().stream().map(SeriesKey::describe).collect(Collectors.joining("; ")));
        SaeRows sae = sweep.derived().sae();
        if (!sae.isEmpty()) {
            row(b, "SAEs", sae.models().size() + " (" + sae.usable().size() + " usable, "
                    + (sae.models().size() - sae.usable().size()) + " left out: status not ok or MMCS not finite)");
        }
        b.append("</table>\n");
        for (FigureEntry f : figures) {
            b.append("<figure id=\"").append(f.baseName()).append("\">\n<h2>").append(Html.esc(f.title()))
                    .append("</h2>\n<a href=\"").append(f.baseName()).append(".svg\"><img src=\"")
                    .append(f.baseName()).append(".png\" alt=\"").append(Html.esc(f.title())).append("\"></a>\n")
                    .append("<figcaption>").append(Html.esc(f.caption())).append(" <a href=\"")
                    .append(f.baseName()).append(".svg\">SVG</a></figcaption>\n</figure>\n");
        }
        unusable(b, sweep.unusableModels());
        b.append("<h2>Sweep spec</h2>\n<pre>").append(Html.esc(JsonPretty.format(s.specJson()))).append("</pre>\n");
        return Html.page(title + " \u2014 tms-sweep report", b.toString());
    }

    private static void unusable(StringBuilder b, List<ModelRow> rows) {
        b.append("<h2>Models left out of the figures</h2>\n");
        if (rows.isEmpty()) {
            b.append("<p>None: every model trained normally.</p>\n");
            return;
        }
        b.append("<p>Diverged, non-finite loss or D*, or sparsity outside [0, 1).</p>\n<table id=\"left-out\">\n")
                .append("<tr><th>point_id</th><th>seed</th><th>model</th><th>sparsity</th><th>status</th>")
                .append("<th>final_loss</th><th>dims_per_feature</th></tr>\n");
        for (ModelRow m : rows) {
            b.append("<tr><td>").append(Html.esc(m.pointId())).append("</td><td>").append(m.seed())
                    .append("</td><td>").append(Html.esc(m.model())).append("</td><td>").append(Fmt.num(m.sparsity()))
                    .append("</td><td>").append(Html.esc(m.status())).append("</td><td>")
                    .append(Fmt.num(m.finalLoss())).append("</td><td>").append(Fmt.num(m.dimsPerFeature()))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append("<tr><th>").append(Html.esc(key)).append("</th><td>").append(Html.esc(value)).append("</td></tr>\n");
    }

    private static String time(Instant t) {
        return t == null ? "" : t.toString();
    }
}
