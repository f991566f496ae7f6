package org.tmssweep.spark.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The scorecard's renderings, on hand-made evaluations of the real registry (no Spark, no SQL). */
class ScorecardTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static final Scorecard.RunInfo INFO = new Scorecard.RunInfo(List.of("abc1234"), "2025-01-02 03:04",
            "2025-01-02 05:06", 7_325, 6_000, List.of("host-a"), List.of("local[2]"), 2, 12_345, "Some CPU, 24 GiB");

    /** Every claim of {@code claims}: verdicts PASS, FAIL, NOT_RUN in turn; sweep ids "id-<preset>" unless NOT_RUN. */
    static ClaimsEngine.Evaluation evaluation(List<Claim> claims) {
        List<ClaimResult> out = new ArrayList<>();
        Map<String, String> sweeps = new LinkedHashMap<>();
        Verdict[] cycle = Verdict.values();
        for (int k = 0; k < claims.size(); k++) {
            Claim c = claims.get(k);
            Verdict v = cycle[k % cycle.length];
            List<String> ids = v == Verdict.NOT_RUN ? List.of() : c.presets().stream().map(p -> "id-" + p).toList();
            if (v != Verdict.NOT_RUN) {
                c.presets().forEach(p -> sweeps.put(p, "id-" + p));
            }
            out.add(new ClaimResult(c, v, v == Verdict.NOT_RUN ? "preset(s) not in this directory: " + c.presets()
                    : "measured " + c.id(), ids));
        }
        return new ClaimsEngine.Evaluation(out, sweeps);
    }

    static ClaimsEngine.Evaluation all() {
        return evaluation(PaperClaims.all());
    }

    @Test
    void summaryCountsTheVerdicts() {
        ClaimsEngine.Evaluation e = all();
        int n = e.results().size();
        assertEquals(57, n);
        assertEquals(n + " claims: 19 PASS, 19 FAIL, 19 NOT RUN", Scorecard.summary(e));
        assertEquals("0 claims: 0 PASS, 0 FAIL, 0 NOT RUN", Scorecard.summary(new ClaimsEngine.Evaluation(List.of(), Map.of())));
    }

    @Test
    void verdictLabels() {
        assertEquals("PASS", Verdict.PASS.label());
        assertEquals("FAIL", Verdict.FAIL.label());
        assertEquals("NOT RUN", Verdict.NOT_RUN.label());
    }

    @Test
    void jsonLinesIsOneParsableObjectPerClaim() throws Exception {
        ClaimsEngine.Evaluation e = all();
        String text = Scorecard.jsonLines(e);
        assertTrue(text.endsWith("\n"));
        String[] lines = text.split("\n");
        assertEquals(e.results().size(), lines.length);
        for (int k = 0; k < lines.length; k++) {
            ClaimResult r = e.results().get(k);
            Claim c = r.claim();
            JsonNode o = JSON.readTree(lines[k]);
            assertTrue(o.isObject(), lines[k]);
            for (String field : List.of("id", "row", "status", "measured", "paper", "statement", "source", "criterion",
                    "tolerance", "presets", "sweep_ids", "measurement")) {
                assertTrue(o.has(field), c.id() + " lacks " + field);
            }
            assertEquals(c.id(), o.get("id").asText());
            assertTrue(o.get("row").isInt());
            assertEquals(c.row(), o.get("row").asInt());
            assertEquals(r.verdict().label(), o.get("status").asText());
            assertTrue(Set.of("PASS", "FAIL", "NOT RUN").contains(o.get("status").asText()));
            assertEquals(r.measured(), o.get("measured").asText());
            assertEquals(c.paper(), o.get("paper").asText());
            assertEquals(c.measurement(), o.get("measurement").asText());
            assertEquals(c.presets(), strings(o.get("presets")));
            assertEquals(r.sweepIds(), strings(o.get("sweep_ids")));
            assertEquals(c.differs() != null, o.has("differs"), c.id());
            if (c.differs() != null) {
                assertEquals(c.differs(), o.get("differs").asText());
            }
        }
    }

    @Test
    void jsonLinesEscapesWhatTheMeasurementSays() throws Exception {
        Claim c = PaperClaims.all().get(0);
        String measured = "a \"quoted\" value,\nsecond line\t\\ D \u2265 0.98 | cell";
        String text = Scorecard.jsonLines(new ClaimsEngine.Evaluation(
                List.of(new ClaimResult(c, Verdict.FAIL, measured, List.of("x'y"))), Map.of()));
        assertEquals(1, text.split("\n").length, "one line per claim even when the measurement has newlines");
        JsonNode o = JSON.readTree(text);
        assertEquals(measured, o.get("measured").asText());
        assertEquals("FAIL", o.get("status").asText());
        assertEquals(List.of("x'y"), strings(o.get("sweep_ids")));
    }

    @Test
    void csvHasTheHeaderAndOneRowPerClaim() {
        ClaimsEngine.Evaluation e = all();
        assertEquals(List.of("row", "id", "status", "paper", "measured", "criterion", "statement", "source", "sweep_ids"),
                Scorecard.CSV_HEADER);
        List<List<String>> rows = Scorecard.csvRows(e);
        assertEquals(e.results().size(), rows.size());
        for (int k = 0; k < rows.size(); k++) {
            ClaimResult r = e.results().get(k);
            List<String> row = rows.get(k);
            assertEquals(Scorecard.CSV_HEADER.size(), row.size());
            assertEquals(String.valueOf(r.claim().row()), row.get(0));
            assertEquals(r.claim().id(), row.get(1));
            assertEquals(r.verdict().label(), row.get(2));
            assertEquals(r.claim().paper(), row.get(3));
            assertEquals(r.measured(), row.get(4));
            assertEquals(r.claim().criterion(), row.get(5));
            assertEquals(String.join(" ", r.sweepIds()), row.get(8));
        }
    }

    @Test
    void tableHasTheHeaderAndOneRowPerClaim() {
        ClaimsEngine.Evaluation e = all();
        assertEquals(List.of("row", "id", "status", "measured"), Scorecard.TABLE_HEADER);
        List<List<String>> rows = Scorecard.tableRows(e);
        assertEquals(e.results().size(), rows.size());
        for (int k = 0; k < rows.size(); k++) {
            ClaimResult r = e.results().get(k);
            assertEquals(List.of(String.valueOf(r.claim().row()), r.claim().id(), r.verdict().label(),
                    Scorecard.shorten(r.measured(), 110)), rows.get(k));
            assertTrue(rows.get(k).get(3).length() <= 110, rows.get(k).get(3));
        }
    }

    @Test
    void markdownHasTheHeaderTheScorecardAndOneSectionPerRow() {
        ClaimsEngine.Evaluation e = all();
        String md = Scorecard.markdown(e, INFO, "deploy/bin/tms claims --out results/paper --format markdown", Map.of());
        List<String> lines = md.lines().toList();
        assertTrue(lines.get(0).startsWith("# "), lines.get(0));
        assertTrue(md.contains("deploy/bin/tms claims --out results/paper --format markdown\n```"), "the command");
        assertTrue(md.contains("| trained at commit | `abc1234` |"), md);
        assertTrue(md.contains("| trained | 2025-01-02 03:04 to 2025-01-02 05:06 (UTC) |"));
        assertTrue(md.contains("| machine | host-a, Spark `local[2]`, 2 cores (Some CPU, 24 GiB) |"), md);
        assertTrue(md.contains("| suite wall time | 122:05 from the first sweep's start"), "span 7325 s as m:ss");
        assertTrue(md.contains("add up to 100:00), " + String.format("%,d", 12_345) + " models |"));
        assertTrue(md.contains("| verdicts | " + Scorecard.summary(e) + " |"));
        assertTrue(md.contains("## Scorecard\n\n| row | claim | verdict | measured |\n|---|---|---|---|\n"));

        for (ClaimResult r : e.results()) {
            String id = r.claim().id();
            String scoreLine = "| " + r.claim().row() + " | [`" + id + "`](#" + id + ") | **" + r.verdict().label() + "** | ";
            assertEquals(1, lines.stream().filter(l -> l.startsWith(scoreLine)).count(), "scorecard line of " + id);
            assertEquals(1, lines.stream().filter(l -> l.equals("### " + id + ": " + r.verdict().label())).count(),
                    "section of " + id);
            assertEquals(1, lines.stream().filter(l -> l.equals("<a id=\"" + id + "\"></a>")).count(), "anchor of " + id);
        }

        List<String> rowHeadings = lines.stream().filter(l -> l.matches("## \\d+\\. .*")).toList();
        List<String> expected = new ArrayList<>();
        PaperClaims.ROWS.forEach((row, title) -> expected.add("## " + row + ". " + title));
        assertEquals(expected, rowHeadings);
    }

    @Test
    void markdownHasSectionsOnlyForTheRowsPresent() {
        List<Claim> some = PaperClaims.all().stream()
                .filter(c -> Set.of("r01.dense-optimum", "r01.pentagon", "r05.sparsity-needed", "r22.bound-shape")
                        .contains(c.id())).toList();
        String md = Scorecard.markdown(evaluation(some), INFO, "cmd", Map.of());
        List<String> rowHeadings = md.lines().filter(l -> l.matches("## \\d+\\. .*")).toList();
        assertEquals(List.of("## 1. " + PaperClaims.ROWS.get(1), "## 5. " + PaperClaims.ROWS.get(5),
                "## 22. " + PaperClaims.ROWS.get(22)), rowHeadings);
        // r01's two claims sit under the one row 1 heading.
        int row1 = md.indexOf("## 1. ");
        int row5 = md.indexOf("## 5. ");
        assertTrue(row1 < md.indexOf("### r01.dense-optimum") && md.indexOf("### r01.pentagon") < row5);
    }

    @Test
    void markdownPrintsANoteUnderItsClaimOnly() {
        ClaimsEngine.Evaluation e = all();
        String id = "r12.sparse-none-collapsed";
        String note = "Investigated: the preset's grid has no density between 0.05 and 0.065.";
        String md = Scorecard.markdown(e, INFO, "cmd", Map.of(id, "\n  " + note + "\n\n", "r99.not-a-claim", "ORPHAN"));
        int at = md.indexOf(note);
        assertTrue(at > 0, "the note is printed");
        assertEquals(at, md.lastIndexOf(note), "once");
        int own = md.indexOf("### " + id + ":");
        int next = md.indexOf("\n### ", own + 1);
        assertTrue(own < at && (next < 0 || at < next), "the note sits in its claim's section");
        assertTrue(md.contains("\n\n" + note + "\n"), "the note is stripped and stands as its own paragraph");
        assertFalse(md.contains("ORPHAN"), "a note for no claim of the evaluation is not printed");
        String without = Scorecard.markdown(e, INFO, "cmd", Map.of());
        assertFalse(without.contains(note));
    }

    @Test
    void markdownNamesTheSweepsReadAndTheFigure() {
        Claim c = ClaimCriteriaTest.claim("r01.pentagon");
        ClaimResult run = new ClaimResult(c, Verdict.PASS, "ok", List.of("sweep-intro-7"));
        Claim tracks = ClaimCriteriaTest.claim("r15.tracks-features-per-dim");
        ClaimResult notRun = new ClaimResult(tracks, Verdict.NOT_RUN, "missing", List.of());
        String md = Scorecard.markdown(new ClaimsEngine.Evaluation(List.of(run, notRun), Map.of()), INFO, "cmd", Map.of());
        assertTrue(md.contains("- **Reads:** `paper-intro` (`sweep-intro-7`); figure `report/sweep-intro-7/embeddings.png`"),
                md);
        assertTrue(md.contains("- **Reads:** `paper-geometry-notebook`, `paper-geometry`\n"), md);
        assertTrue(md.contains("- **Differs from the paper:** " + tracks.differs() + ".\n"), md);
        assertEquals(1, md.split("Differs from the paper", -1).length - 1, "only the claim that differs says so");
    }

    @Test
    void markdownScorecardCellsAreEscapedAndShortened() {
        Claim c = ClaimCriteriaTest.claim("r01.pentagon");
        String longText = "x".repeat(200);
        ClaimsEngine.Evaluation e = new ClaimsEngine.Evaluation(List.of(
                new ClaimResult(c, Verdict.FAIL, "a | b\nc", List.of("s")),
                new ClaimResult(ClaimCriteriaTest.claim("r01.dense-optimum"), Verdict.PASS, longText, List.of("s"))),
                Map.of());
        String md = Scorecard.markdown(e, INFO, "cmd", Map.of());
        assertTrue(md.contains("| **FAIL** | a \\| b c |"), md);
        Matcher m = Pattern.compile("\\| \\*\\*PASS\\*\\* \\| (x+)\\.\\.\\. \\|").matcher(md);
        assertTrue(m.find(), "a long measurement is shortened in the scorecard");
        assertEquals(137, m.group(1).length());
        assertTrue(md.contains("- **Measured:** " + longText + "\n"), "but printed whole in its section");
    }

    @Test
    void thePaperDocumentIsTheDefaultAndItsCommandUnchanged() {
        ClaimsEngine.Evaluation e = all();
        assertEquals(Scorecard.markdown(e, INFO, "cmd", Map.of()), Scorecard.markdown(Study.PAPER, e, INFO, "cmd", Map.of()));
        assertEquals("deploy/bin/tms claims --out results/paper --format markdown --notes docs/reproduction-notes.md"
                + " > docs/reproduction.md", Scorecard.Document.of(Study.PAPER).claimsCommand(Study.PAPER,
                        "docs/reproduction-notes.md"));
    }

    @Test
    void theMemorizationDocumentHasItsTitleCommandsAndSections() {
        ClaimsEngine.Evaluation e = evaluation(MemorizationClaims.all());
        Scorecard.Document doc = Scorecard.Document.of(Study.MEMORIZATION);
        String command = doc.claimsCommand(Study.MEMORIZATION, "docs/followups-notes.md");
        assertEquals("deploy/bin/tms claims --out results/followups --study memorization --format markdown"
                + " --notes docs/followups-notes.md > docs/followups.md", command);
        String md = Scorecard.markdown(Study.MEMORIZATION, e, INFO, command, Map.of());
        List<String> lines = md.lines().toList();
        assertEquals("# " + doc.title(), lines.get(0));
        assertTrue(lines.get(0).contains("Superposition, Memorization, and Double Descent"), lines.get(0));
        int fence = lines.indexOf("```bash");
        assertTrue(fence > 0, md);
        List<String> expected = new ArrayList<>(doc.runLines());
        expected.add(command);
        expected.add("```");
        assertEquals(expected, lines.subList(fence + 1, fence + 2 + doc.runLines().size() + 1));
        for (String preset : List.of("double-descent-small", "double-descent-m", "double-descent-weight-decay",
                "double-descent-sparsity")) {
            assertTrue(doc.runLines().stream().anyMatch(l -> l.contains("deploy/sweeps/followups/" + preset + ".yaml")), preset);
        }
        assertTrue(md.contains("| verdicts | " + Scorecard.summary(e) + " |"));
        List<String> headings = lines.stream().filter(l -> l.matches("## \\d+\\. .*")).toList();
        List<String> titles = new ArrayList<>();
        MemorizationClaims.SECTION_TITLES.forEach((k, t) -> titles.add("## " + k + ". " + t));
        assertEquals(titles, headings);
        for (ClaimResult r : e.results()) {
            assertEquals(1, lines.stream().filter(l -> l.equals("### " + r.claim().id() + ": " + r.verdict().label())).count());
        }
        assertFalse(md.contains("Toy Models of Superposition"), "nothing of the paper's document");
    }

    static List<String> strings(JsonNode array) {
        assertTrue(array.isArray());
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
