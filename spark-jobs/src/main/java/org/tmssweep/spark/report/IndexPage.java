package org.tmssweep.spark.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tmssweep.spark.claims.ClaimResult;
import org.tmssweep.spark.claims.ClaimsEngine;
import org.tmssweep.spark.claims.Study;
import org.tmssweep.spark.claims.Verdict;

/**
 * The top-level {@code index.html}: "The paper, reproduced" (one card per experiment row of the paper, with the
 * verdicts of its claims and a thumbnail of its figure) when claims were evaluated, then one row per sweep,
 * linking to its page.
 */
final class IndexPage {
    static final String TITLE = "tms-sweep report";
    /** Thumbnail width in CSS pixels. */
    static final int THUMB_WIDTH = 260;
    /** Taller figures (the feature panels) show their top part only; the link opens the whole page. */
    static final int THUMB_MAX_HEIGHT = 240;

    static final String STYLE = ""
            + ".badge{display:inline-block;padding:.05em .45em;margin:0 .15em .15em 0;border-radius:.25em;"
            + "font-size:.8em;font-weight:bold;color:#fff;white-space:nowrap}\n"
            + ".badge.pass{background:#1a7f37}.badge.fail{background:#cf222e}.badge.not-run{background:#8c959f}\n"
            + ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1em;margin:1em 0 2em}\n"
            + ".card{border:1px solid #ccc;border-radius:.4em;padding:.6em .8em;background:#fcfcfc;min-width:0}\n"
            + ".card h3{margin:.1em 0 .4em;font-size:1em;line-height:1.3}\n"
            + ".card .rowno{display:inline-block;min-width:1.6em;color:#57606a}\n"
            + ".card .thumb{margin:.4em 0}.card .thumb img{width:" + THUMB_WIDTH + "px;max-width:100%;height:auto;"
            + "max-height:" + THUMB_MAX_HEIGHT + "px;object-fit:cover;object-position:top}\n"
            + ".card .thumb .from{font-size:.8em;color:#57606a}\n"
            + ".card ul{margin:.4em 0 0;padding-left:1.1em;font-size:.85em;line-height:1.35}\n"
            + ".card li{margin-bottom:.45em}.card .measured{color:#57606a}\n"
            + ".card code{font-size:.95em;word-break:break-all}\n";

    private IndexPage() {
    }

    /** {@code dirs} maps each sweep id to its subdirectory name. The page without the claims section. */
    static String html(List<SweepData> sweeps, Map<String, String> dirs) {
        return html(sweeps, dirs, null, Set.of());
    }

    /**
     * The page, with "The paper, reproduced" above the sweep table when {@link #shown} says so.
     *
     * @param claims the evaluated claims, or null
     * @param files  the files this render wrote, relative to the report directory with '/' separators: a
     *               thumbnail is only ever a PNG among them
     */
    static String html(List<SweepData> sweeps, Map<String, String> dirs, ClaimsEngine.Evaluation claims,
            Set<String> files) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>tms-sweep report</h1>\n");
        boolean paper = false;
        if (claims != null) {
            for (Study study : Study.values()) {
                ClaimsEngine.Evaluation of = claims.of(study);
                if (shown(of)) {
                    studySection(b, study, sweeps, dirs, of, files);
                    paper = true;
                }
            }
        }
        if (sweeps.isEmpty()) {
            b.append("<p>No sweep with rows in the tables.</p>\n");
            return Html.page(TITLE, b.toString(), paper ? STYLE : "");
        }
        if (paper) {
            b.append("<h2 id=\"sweeps\">All sweeps</h2>\n");
        }
        b.append("<table>\n<tr><th>sweep</th><th>sweep_id</th><th>models (usable / all)</th>")
                .append("<th>finished_at</th></tr>\n");
        for (SweepData s : sweeps) {
            String dir = dirs.get(s.sweep().sweepId());
            b.append("<tr><td><a href=\"").append(Html.esc(dir)).append("/index.html\">").append(Html.esc(displayName(s)))
                    .append("</a></td><td>").append(Html.esc(s.sweep().sweepId())).append("</td><td>")
                    .append(s.usableModels().size()).append(" / ").append(s.models().size())
                    .append(s.derived().sae().isEmpty() ? "" : "; SAEs " + s.derived().sae().usable().size() + " / "
                            + s.derived().sae().models().size()).append("</td><td>")
                    .append(s.sweep().finishedAt() == null ? "" : s.sweep().finishedAt()).append("</td></tr>\n");
        }
        b.append("</table>\n");
        return Html.page(TITLE, b.toString(), paper ? STYLE : "");
    }

    /**
     * Whether the section is drawn: some claim that reads a preset sweep was measured (PASS or FAIL). Claims
     * computed without tables (the appendix rows) are measured in every directory, so they alone do not make a
     * directory without paper presets show the section.
     */
    static boolean shown(ClaimsEngine.Evaluation claims) {
        return claims != null && claims.results().stream()
                .anyMatch(r -> r.verdict() != Verdict.NOT_RUN && !r.claim().presets().isEmpty());
    }

    /** A study's heading, its anchor and how its summary names it. */
    private record Heading(String anchor, String title, String what) {
        static Heading of(Study study) {
            return switch (study) {
                case PAPER -> new Heading("paper", "The paper, reproduced",
                        " claims of <i>Toy Models of Superposition</i> (Elhage et al. 2022), checked against these tables: ");
                case MEMORIZATION -> new Heading("memorization", "Memorization and double descent, reproduced",
                        " claims of <i>Superposition, Memorization, and Double Descent</i> (Henighan et al. 2023) and its"
                                + " replication, checked against these tables: ");
                case DICTIONARY -> new Heading("dictionary", "Sparse dictionary learning on toy data, checked",
                        " claims about sparse autoencoders on data with known features (Sharkey et al. 2022, ARENA,"
                                + " Chanin et al. 2024), checked against these tables: ");
            };
        }
    }

    private static void studySection(StringBuilder b, Study study, List<SweepData> sweeps, Map<String, String> dirs,
            ClaimsEngine.Evaluation claims, Set<String> files) {
        Heading h = Heading.of(study);
        Map<String, String> names = new LinkedHashMap<>();
        for (SweepData s : sweeps) {
            names.put(s.sweep().sweepId(), displayName(s));
        }
        Map<Integer, List<ClaimResult>> byRow = new LinkedHashMap<>();
        for (ClaimResult r : claims.results()) {
            byRow.computeIfAbsent(r.claim().row(), k -> new ArrayList<>()).add(r);
        }
        b.append("<section id=\"").append(h.anchor()).append("\">\n<h2>").append(h.title()).append("</h2>\n");
        b.append("<p class=\"summary\">").append(claims.results().size()).append(h.what());
        badge(b, Verdict.PASS, claims.count(Verdict.PASS) + " " + Verdict.PASS.label(), null);
        badge(b, Verdict.FAIL, claims.count(Verdict.FAIL) + " " + Verdict.FAIL.label(), null);
        badge(b, Verdict.NOT_RUN, claims.count(Verdict.NOT_RUN) + " " + Verdict.NOT_RUN.label(), null);
        b.append(" (the scorecard: <code>tms claims --out OUT").append(study == Study.PAPER ? "" : " --study " + study.cliName())
                .append("</code>)</p>\n<div class=\"cards\">\n");
        String idPrefix = study == Study.PAPER ? "row-" : study.letter() + "-row-";
        for (Map.Entry<Integer, String> row : study.titles().entrySet()) {
            card(b, idPrefix, row.getKey(), row.getValue(), byRow.getOrDefault(row.getKey(), List.of()), claims.sweeps(),
                    dirs, names, files);
        }
        b.append("</div>\n</section>\n");
    }

    private static void card(StringBuilder b, String idPrefix, int row, String title, List<ClaimResult> results,
            Map<String, String> presetSweeps, Map<String, String> dirs, Map<String, String> names, Set<String> files) {
        b.append(String.format("<div class=\"card\" id=\"%s%02d\">%n", idPrefix, row));
        b.append("<h3><span class=\"rowno\">").append(row).append("</span> ").append(Html.esc(title)).append("</h3>\n");
        b.append("<div class=\"badges\">");
        for (ClaimResult r : results) {
            badge(b, r.verdict(), r.verdict().label(), r.claim().id());
        }
        if (results.isEmpty()) {
            b.append("<span class=\"measured\">no claims</span>");
        }
        b.append("</div>\n");
        Thumb t = thumbnail(results, presetSweeps, dirs, files);
        if (t != null) {
            String alt = "row " + row + ": " + t.figure() + " of " + names.getOrDefault(t.sweepId(), t.sweepId());
            b.append("<div class=\"thumb\"><a href=\"").append(Html.esc(t.dir())).append("/index.html\"><img src=\"")
                    .append(Html.esc(t.dir())).append('/').append(Html.esc(t.figure())).append(".png\" width=\"")
                    .append(THUMB_WIDTH).append("\" alt=\"").append(Html.esc(alt)).append("\"></a>")
                    .append("<div class=\"from\">").append(Html.esc(names.getOrDefault(t.sweepId(), t.sweepId())))
                    .append(" \u00b7 ").append(Html.esc(t.figure())).append("</div></div>\n");
        }
        if (!results.isEmpty()) {
            b.append("<ul>\n");
            for (ClaimResult r : results) {
                b.append("<li><code>").append(Html.esc(r.claim().id())).append("</code> ");
                badge(b, r.verdict(), r.verdict().label(), null);
                b.append(' ').append(Html.esc(r.claim().statement()));
                if (r.measured() != null && !r.measured().isEmpty()) {
                    b.append(" <span class=\"measured\">Measured: ").append(Html.esc(r.measured())).append("</span>");
                }
                b.append("</li>\n");
            }
            b.append("</ul>\n");
        }
        b.append("</div>\n");
    }

    private static void badge(StringBuilder b, Verdict v, String text, String tooltip) {
        b.append("<span class=\"badge ").append(cssClass(v)).append('"');
        if (tooltip != null) {
            b.append(" title=\"").append(Html.esc(tooltip)).append('"');
        }
        b.append('>').append(Html.esc(text)).append("</span>");
    }

    static String cssClass(Verdict v) {
        return switch (v) {
            case PASS -> "pass";
            case FAIL -> "fail";
            case NOT_RUN -> "not-run";
        };
    }

    /** A row's thumbnail: {@code <dir>/<figure>.png} of sweep {@code sweepId}. */
    record Thumb(String sweepId, String dir, String figure) {
    }

    /**
     * The first figure of a measured (PASS/FAIL) claim of the row whose PNG this render wrote; else the
     * {@code dimensionality.png} of the first of those claims' sweeps that has one; else null (computed and
     * NOT RUN rows).
     */
    static Thumb thumbnail(List<ClaimResult> results, Map<String, String> presetSweeps, Map<String, String> dirs,
            Set<String> files) {
        List<String> sweepIds = new ArrayList<>();
        for (ClaimResult r : results) {
            if (r.verdict() == Verdict.NOT_RUN) {
                continue;
            }
            String fig = r.claim().figure();
            int slash = fig == null ? -1 : fig.indexOf('/');
            if (slash > 0) {
                String sweepId = presetSweeps.get(fig.substring(0, slash));
                if (sweepId != null) {
                    sweepIds.add(sweepId);
                    Thumb t = thumb(sweepId, fig.substring(slash + 1), dirs, files);
                    if (t != null) {
                        return t;
                    }
                }
            }
        }
        for (ClaimResult r : results) {
            if (r.verdict() != Verdict.NOT_RUN) {
                sweepIds.addAll(r.sweepIds());
            }
        }
        for (String sweepId : sweepIds) {
            Thumb t = thumb(sweepId, FigureEntry.DIMENSIONALITY.baseName(), dirs, files);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static Thumb thumb(String sweepId, String figure, Map<String, String> dirs, Set<String> files) {
        String dir = dirs.get(sweepId);
        return dir != null && files.contains(dir + "/" + figure + ".png") ? new Thumb(sweepId, dir, figure) : null;
    }

    private static String displayName(SweepData s) {
        return s.sweep().name().isEmpty() ? s.sweep().sweepId() : s.sweep().name();
    }
}
