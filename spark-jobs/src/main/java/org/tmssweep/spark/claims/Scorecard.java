package org.tmssweep.spark.claims;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renderings of an evaluation: an aligned table, CSV, JSON lines and the markdown of docs/reproduction.md. */
public final class Scorecard {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Scorecard() {
    }

    /**
     * Where and how the suite that the claims read was trained (from its sweeps rows).
     *
     * @param commits     git commits the sweeps were trained at
     * @param started     first sweep's start (UTC, minutes)
     * @param finished    last sweep's end
     * @param spanSeconds first start to last end
     * @param sumSeconds  sum of the sweeps' own durations
     * @param hosts       executor hosts
     * @param masters     Spark masters
     * @param cores       processors of the machine evaluating the claims, or null
     * @param models      models in the sweeps read
     * @param machine     what the evaluating machine is (CPU model, memory), or null
     */
    public record RunInfo(List<String> commits, String started, String finished, long spanSeconds, long sumSeconds,
            List<String> hosts, List<String> masters, Integer cores, long models, String machine) {
    }

    public static String summary(ClaimsEngine.Evaluation e) {
        return String.format("%d claims: %d PASS, %d FAIL, %d NOT RUN", e.results().size(), e.count(Verdict.PASS),
                e.count(Verdict.FAIL), e.count(Verdict.NOT_RUN));
    }

    /** Longest measured text in the terminal table; csv, json and markdown carry it whole. */
    static final int TABLE_MEASURED = 110;

    /** Columns row, id, status, measured (shortened to {@value #TABLE_MEASURED} characters). */
    public static List<List<String>> tableRows(ClaimsEngine.Evaluation e) {
        List<List<String>> rows = new ArrayList<>();
        for (ClaimResult r : e.results()) {
            rows.add(List.of(String.valueOf(r.claim().row()), r.claim().id(), r.verdict().label(),
                    shorten(r.measured().replace('\n', ' '), TABLE_MEASURED)));
        }
        return rows;
    }

    public static final List<String> TABLE_HEADER = List.of("row", "id", "status", "measured");
    public static final List<String> CSV_HEADER = List.of("row", "id", "status", "paper", "measured", "criterion",
            "statement", "source", "sweep_ids");

    public static List<List<String>> csvRows(ClaimsEngine.Evaluation e) {
        List<List<String>> rows = new ArrayList<>();
        for (ClaimResult r : e.results()) {
            Claim c = r.claim();
            rows.add(List.of(String.valueOf(c.row()), c.id(), r.verdict().label(), c.paper(), r.measured(), c.criterion(),
                    c.statement(), c.source(), String.join(" ", r.sweepIds())));
        }
        return rows;
    }

    /** One JSON object per claim and line. */
    public static String jsonLines(ClaimsEngine.Evaluation e) {
        StringBuilder b = new StringBuilder();
        for (ClaimResult r : e.results()) {
            Claim c = r.claim();
            ObjectNode o = JSON.createObjectNode();
            o.put("id", c.id());
            o.put("row", c.row());
            o.put("status", r.verdict().label());
            o.put("measured", r.measured());
            o.put("paper", c.paper());
            o.put("statement", c.statement());
            o.put("source", c.source());
            o.put("criterion", c.criterion());
            o.put("tolerance", c.tolerance());
            if (c.differs() != null) {
                o.put("differs", c.differs());
            }
            ArrayNode presets = o.putArray("presets");
            c.presets().forEach(presets::add);
            ArrayNode ids = o.putArray("sweep_ids");
            r.sweepIds().forEach(ids::add);
            o.put("measurement", c.measurement());
            try {
                b.append(JSON.writeValueAsString(o)).append('\n');
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return b.toString();
    }

    /**
     * What a study's generated document says around its claims: its title, the paragraph that introduces it,
     * the commands that train what it reads, where those results go, the document's path, and the paragraph
     * under the provenance table.
     *
     * @param title      the first line, without "# "
     * @param intro      the paragraph before the commands; ends where the commands follow
     * @param runLines   the {@code tms run} lines, before the {@code tms claims} line
     * @param resultsDir the {@code --out} of those lines
     * @param docPath    the generated file
     * @param reads      the paragraph after the provenance table
     */
    public record Document(String title, String intro, List<String> runLines, String resultsDir, String docPath,
            String reads) {
        public Document {
            runLines = List.copyOf(runLines);
        }

        /** The document of {@code study}. */
        public static Document of(Study study) {
            return switch (study) {
                case PAPER -> new Document("The paper, reproduced: every claim of *Toy Models of Superposition*, scored",
                        "Each claim below is a checkable statement of Elhage et al. (2022), measured by `tms claims` from the\n"
                                + "tables of one run of the paper suite and judged by a stated criterion (the registry:\n"
                                + "`spark-jobs/src/main/java/org/tmssweep/spark/claims/`). This file is generated; regenerate it with",
                        List.of("deploy/bin/tms run deploy/sweeps/paper/all.yaml --out results/paper"), "results/paper",
                        "docs/reproduction.md",
                        "A claim reads the latest complete sweep of each preset it names; \"lowest-loss restart\" is the seed\n"
                                + "with the smallest `final_loss` at a grid point (the paper's best-of-k). Figures are under the\n"
                                + "run's `report/`.");
                case MEMORIZATION -> new Document(
                        "The follow-ups, scored: every claim of *Superposition, Memorization, and Double Descent*",
                        "Each claim below is a checkable statement of Henighan et al. (2023), or of Jermyn's replication in\n"
                                + "that article's comments (section 7), measured by `tms claims --study memorization` from the tables\n"
                                + "of the follow-up presets (`deploy/sweeps/followups/`) and judged by a stated criterion (the\n"
                                + "registry: `spark-jobs/src/main/java/org/tmssweep/spark/claims/`). This file is generated;\n"
                                + "regenerate it with",
                        List.of("deploy/bin/tms run deploy/sweeps/followups/double-descent-small.yaml --out results/followups",
                                "deploy/bin/tms run deploy/sweeps/followups/double-descent-m.yaml --out results/followups",
                                "deploy/bin/tms run deploy/sweeps/followups/double-descent-weight-decay.yaml --out results/followups",
                                "deploy/bin/tms run deploy/sweeps/followups/double-descent-sparsity.yaml --out results/followups"),
                        "results/followups", "docs/followups.md",
                        "A claim reads the latest complete sweep of each preset it names; a claim whose preset is not in the\n"
                                + "directory is NOT RUN (`double-descent-paper`, the article's own scale, is not meant to be run\n"
                                + "whole on a small machine: `tms plan` prices it). Means and medians are over a preset's datasets\n"
                                + "(`dataset.seed`) at one T; the test loss of predicting x' = 0 is 1. Figures are under the run's\n"
                                + "`report/`. The other follow-up, sparse autoencoders on toy data with known features, is scored\n"
                                + "the same way in [dictionary.md](dictionary.md) (`tms claims --study dictionary`).");
                case DICTIONARY -> new Document("Sparse dictionary learning on toy data, scored",
                        "Each claim below is a checkable statement about sparse dictionary learning on toy data with known\n"
                                + "features, measured by `tms claims --study dictionary` and judged by a stated criterion (the\n"
                                + "registry: `spark-jobs/src/main/java/org/tmssweep/spark/claims/`). This file is generated;\n"
                                + "regenerate it with",
                        List.of("deploy/bin/tms run deploy/sweeps/followups/sae-toy-5-2.yaml --out results/followups",
                                "deploy/bin/tms run deploy/sweeps/followups/sae-sharkey.yaml --out results/followups",
                                "deploy/bin/tms run deploy/sweeps/followups/sae-absorption.yaml --out results/followups"),
                        "results/followups", "docs/dictionary.md",
                        "A claim reads the latest complete sweep of each preset it names; a claim whose preset is not in the\n"
                                + "directory is NOT RUN. MMCS is the mean over the true features of their best cosine with a\n"
                                + "decoder row; a cell of the Sharkey grid is one (l1, k/G), its values the means over the SAE\n"
                                + "seeds; a latent is dead when it never fires on the evaluation sample. Figures are under the\n"
                                + "run's `report/`.");
            };
        }

        /** The {@code tms claims} line that regenerates the document, with {@code notes} (a path) or without. */
        public String claimsCommand(Study study, String notes) {
            return "deploy/bin/tms claims --out " + resultsDir + (study == Study.PAPER ? "" : " --study " + study.cliName())
                    + " --format markdown" + (notes == null ? "" : " --notes " + notes) + " > " + docPath;
        }
    }

    /** {@link #markdown(Study, ClaimsEngine.Evaluation, RunInfo, String, Map)} of the paper: docs/reproduction.md. */
    public static String markdown(ClaimsEngine.Evaluation e, RunInfo info, String command, Map<String, String> notes) {
        return markdown(Study.PAPER, e, info, command, notes);
    }

    /**
     * A study's generated document (docs/reproduction.md for the paper): a header with the run's provenance, the
     * scorecard, then one part per section with each claim's source value, measurement, criterion and verdict,
     * and the notes for it (investigations: committed text keyed by claim id).
     */
    public static String markdown(Study study, ClaimsEngine.Evaluation e, RunInfo info, String command,
            Map<String, String> notes) {
        Document doc = Document.of(study);
        StringBuilder b = new StringBuilder();
        b.append("# ").append(doc.title()).append("\n\n");
        b.append(doc.intro()).append("\n\n```bash\n");
        doc.runLines().forEach(line -> b.append(line).append('\n'));
        b.append(command).append("\n```\n\n");
        b.append("| | |\n|---|---|\n");
        b.append("| trained at commit | ").append(code(String.join(", ", info.commits()))).append(" |\n");
        b.append("| trained | ").append(info.started()).append(" to ").append(info.finished()).append(" (UTC) |\n");
        b.append("| machine | ").append(String.join(", ", info.hosts())).append(", Spark ")
                .append(code(String.join(", ", info.masters())))
                .append(info.cores() == null ? "" : ", " + info.cores() + " cores")
                .append(info.machine() == null ? "" : " (" + info.machine() + ")").append(" |\n");
        b.append("| suite wall time | ").append(clock(info.spanSeconds())).append(" from the first sweep's start to the")
                .append(" last one's end (the sweeps' own durations add up to ").append(clock(info.sumSeconds()))
                .append("), ").append(String.format("%,d", info.models())).append(" models |\n");
        b.append("| verdicts | ").append(summary(e)).append(" |\n\n");
        b.append(doc.reads()).append("\n\n");
        b.append("## Scorecard\n\n| row | claim | verdict | measured |\n|---|---|---|---|\n");
        for (ClaimResult r : e.results()) {
            b.append("| ").append(r.claim().row()).append(" | [`").append(r.claim().id()).append("`](#")
                    .append(anchor(r.claim().id())).append(") | **").append(r.verdict().label()).append("** | ")
                    .append(cell(shorten(r.measured(), 140))).append(" |\n");
        }
        int row = 0;
        for (ClaimResult r : e.results()) {
            Claim c = r.claim();
            if (c.row() != row) {
                row = c.row();
                b.append("\n## ").append(row).append(". ").append(study.titles().get(row)).append("\n");
            }
            b.append("\n<a id=\"").append(anchor(c.id())).append("\"></a>\n\n### ").append(c.id()).append(": ").append(r.verdict().label()).append("\n\n");
            b.append("- **Paper** (").append(c.source()).append("): ").append(c.statement()).append("\n");
            b.append("- **Paper's value:** ").append(c.paper()).append("\n");
            b.append("- **Measured:** ").append(r.measured()).append("\n");
            b.append("- **Criterion:** ").append(c.criterion()).append(". Tolerance: ").append(c.tolerance()).append(".\n");
            if (c.differs() != null) {
                b.append("- **Differs from the paper:** ").append(c.differs()).append(".\n");
            }
            if (!c.presets().isEmpty()) {
                b.append("- **Reads:** ");
                List<String> parts = new ArrayList<>();
                for (int k = 0; k < c.presets().size(); k++) {
                    parts.add("`" + c.presets().get(k) + "`" + (k < r.sweepIds().size() ? " (`" + r.sweepIds().get(k) + "`)" : ""));
                }
                b.append(String.join(", ", parts));
                if (c.figure() != null) {
                    String preset = c.figure().substring(0, c.figure().indexOf('/'));
                    int k = c.presets().indexOf(preset);
                    if (k >= 0 && k < r.sweepIds().size()) {
                        b.append("; figure `report/").append(r.sweepIds().get(k)).append(c.figure().substring(preset.length()))
                                .append(".png`");
                    }
                }
                b.append("\n");
            }
            String note = notes.get(c.id());
            if (note != null) {
                b.append("\n").append(note.strip()).append("\n");
            }
        }
        return b.toString();
    }

    static String clock(long seconds) {
        return String.format("%d:%02d", seconds / 60, seconds % 60);
    }

    private static String code(String s) {
        return "`" + s + "`";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** The explicit anchor each claim's section carries: its id. */
    static String anchor(String id) {
        return id;
    }
}
