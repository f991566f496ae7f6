package org.tmssweep.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmssweep.spark.claims.Claim;
import org.tmssweep.spark.claims.ClaimsEngine;
import org.tmssweep.spark.claims.Judgement;
import org.tmssweep.spark.claims.PaperClaims;
import org.tmssweep.spark.claims.Rec;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/** "The paper, reproduced" on the top index: when it is drawn, its cards, badges, thumbnails and escaping. */
class IndexPageTest {
    private static final String SECTION = "The paper, reproduced";
    private static final Pattern CARD = Pattern.compile("<div class=\"card\" id=\"row-([0-9]{2})\">");
    private static final Pattern IMG = Pattern.compile("<img src=\"([^\"]*)\"");

    /** A claim on preset {@code toy} (the fixtures' sweep s-toy) that passes when {@code pass}. */
    private static Claim onToy(String id, int row, boolean pass, String figure, String statement) {
        Claim.Builder b = Claim.claim(id, row).says(statement).paper("p").source("s")
                .sql("SELECT 1 AS x FROM models WHERE sweep_id = {toy}")
                .judge("criterion", rows -> new Judgement(pass, "x = " + rows.get(0).values().get("x")))
                .tolerance("t");
        if (figure != null) {
            b.figure(figure);
        }
        return b.build();
    }

    /** A claim on a preset this directory does not have: NOT_RUN. */
    private static Claim onMissing(String id, int row) {
        return Claim.claim(id, row).says("needs another preset").paper("p").source("s")
                .sql("SELECT 1 AS x FROM models WHERE sweep_id = {paper-absent}")
                .judge("criterion", rows -> new Judgement(true, "never")).tolerance("t").figure("paper-absent/features")
                .build();
    }

    /** A claim computed without tables (appendix rows). */
    private static Claim computed(String id, int row) {
        return Claim.claim(id, row).says("computed bound").paper("p").source("s")
                .computed("a computation", () -> List.of(Rec.of("x", 1)))
                .judge("criterion", rows -> new Judgement(true, "bound holds")).tolerance("t").build();
    }

    private static ClaimsEngine.Evaluation evaluate(List<Claim> claims) {
        return ClaimsEngine.evaluate(claims, Map.of("toy", Fixtures.SWEEP), sql -> List.of(Rec.of("x", 1)));
    }

    /** The claims of the tests: every verdict, a figure the render draws, one it cannot, a computed row. */
    private static ClaimsEngine.Evaluation mixed() {
        return evaluate(List.of(
                onToy("r01.embedded", 1, true, "toy/embeddings", "five features in two dimensions"),
                onToy("r01.pentagon", 1, false, "toy/features", "a pentagon at high sparsity"),
                onToy("r05.phases", 5, true, "toy/phases", "phase diagram (not drawn: no derived tables)"),
                onToy("r07.features", 7, false, "toy/phases", "first figure not drawn"),
                onToy("r07.second", 7, true, "toy/features", "second figure drawn"),
                onMissing("r09.missing", 9),
                onMissing("r10.missing", 10),
                onToy("r10.present", 10, true, null, "a claim without a figure"),
                computed("r21.bound", 21)));
    }

    @Test
    void sectionIsDrawnOnlyWhenAClaimOnAPresetSweepWasMeasured() {
        List<SweepData> sweeps = Fixtures.toySweep(Fixtures.SWEEP).bySweep();
        Map<String, String> dirs = Report.directoryNames(sweeps);
        Set<String> files = Set.of("s-toy/dimensionality.png");
        assertFalse(IndexPage.html(sweeps, dirs).contains(SECTION));
        assertFalse(IndexPage.html(sweeps, dirs, null, files).contains(SECTION));
        String notRun = IndexPage.html(sweeps, dirs, evaluate(List.of(onMissing("r09.missing", 9))), files);
        assertFalse(notRun.contains(SECTION), "every claim NOT RUN");
        assertFalse(notRun.contains("class=\"card\""));
        String computedOnly = IndexPage.html(sweeps, dirs,
                evaluate(List.of(onMissing("r09.missing", 9), computed("r21.bound", 21))), files);
        assertFalse(computedOnly.contains(SECTION), "only claims that read no preset were measured");

        for (boolean pass : new boolean[] {true, false}) {
            String page = IndexPage.html(sweeps, dirs, evaluate(List.of(onToy("r02.one", 2, pass, null, "s"))), files);
            assertTrue(page.contains("<h2>" + SECTION + "</h2>"), "a " + (pass ? "PASS" : "FAIL") + " shows it");
            int section = page.indexOf(SECTION);
            int table = page.indexOf("<h2 id=\"sweeps\">All sweeps</h2>");
            assertTrue(section >= 0 && table > section, "the section comes above the sweep table");
            assertTrue(page.indexOf("<table>") > table && page.contains("href=\"s-toy/index.html\">toy n=5 m=2</a>"),
                    "the sweep table stays");
        }
    }

    @Test
    void eachStudyWithAMeasuredClaimGetsItsOwnSectionAndCards() {
        List<SweepData> sweeps = Fixtures.toySweep(Fixtures.SWEEP).bySweep();
        Map<String, String> dirs = Report.directoryNames(sweeps);
        String followUpOnly = IndexPage.html(sweeps, dirs, evaluate(List.of(
                onToy("m4.bump", 4, false, "toy/dd-loss", "a test-loss bump"), onMissing("r09.missing", 9))), Set.of());
        assertFalse(followUpOnly.contains(SECTION), "the paper's claims were all NOT RUN");
        assertTrue(followUpOnly.contains("<section id=\"memorization\">"));
        assertTrue(followUpOnly.contains("<h2>Memorization and double descent, reproduced</h2>"));
        assertTrue(followUpOnly.contains("tms claims --out OUT --study memorization"));
        assertTrue(followUpOnly.contains("<div class=\"card\" id=\"m-row-04\">"));
        assertFalse(followUpOnly.contains("<section id=\"dictionary\">"), "no dictionary claim was evaluated");
        assertFalse(CARD.matcher(followUpOnly).find(), "no paper cards");
        assertTrue(followUpOnly.contains("a test-loss bump"));

        String both = IndexPage.html(sweeps, dirs, evaluate(List.of(onToy("r02.one", 2, true, null, "s"),
                onToy("d1.recovers", 1, true, null, "recovers the directions"))), Set.of());
        int paper = both.indexOf("<h2>" + SECTION + "</h2>");
        int dictionary = both.indexOf("<h2>Sparse dictionary learning on toy data, checked</h2>");
        assertTrue(paper >= 0 && dictionary > paper, "the studies in order, each once");
        assertTrue(both.contains("<div class=\"card\" id=\"d-row-01\">"));
        assertTrue(both.indexOf("<h2 id=\"sweeps\">All sweeps</h2>") > dictionary, "the sweep table after the sections");
    }

    @Test
    void oneCardPerRowInOrderWithItsBadgesAndClaims() throws Exception {
        List<SweepData> sweeps = Fixtures.toySweep(Fixtures.SWEEP).bySweep();
        String page = IndexPage.html(sweeps, Report.directoryNames(sweeps), mixed(), Set.of());

        List<String> rows = new ArrayList<>();
        Matcher m = CARD.matcher(page);
        while (m.find()) {
            rows.add(m.group(1));
        }
        List<String> expected = new ArrayList<>();
        for (int r = 1; r <= 22; r++) {
            expected.add(String.format("%02d", r));
        }
        assertEquals(expected, rows, "one card per experiment row, in order");
        assertEquals(22, PaperClaims.ROWS.size());
        for (Map.Entry<Integer, String> row : PaperClaims.ROWS.entrySet()) {
            assertTrue(card(page, row.getKey()).contains("<span class=\"rowno\">" + row.getKey() + "</span> "
                    + Html.esc(row.getValue()) + "</h3>"), "row " + row.getKey() + " title");
        }
        assertTrue(page.contains("9 claims of <i>Toy Models of Superposition</i>"), "summary count");
        assertTrue(page.contains("<span class=\"badge pass\">5 PASS</span><span class=\"badge fail\">2 FAIL</span>"
                + "<span class=\"badge not-run\">2 NOT RUN</span>"), "summary line");

        String row1 = card(page, 1);
        assertTrue(row1.contains("<span class=\"badge pass\" title=\"r01.embedded\">PASS</span>"
                + "<span class=\"badge fail\" title=\"r01.pentagon\">FAIL</span>"), "row 1 badges in claim order");
        assertTrue(row1.contains("<li><code>r01.embedded</code> <span class=\"badge pass\">PASS</span> five features in"
                + " two dimensions <span class=\"measured\">Measured: x = 1</span></li>"), "claim list entry");
        assertTrue(row1.indexOf("r01.embedded</code>") < row1.indexOf("r01.pentagon</code>"));
        String row10 = card(page, 10);
        assertTrue(row10.contains("<span class=\"badge not-run\" title=\"r10.missing\">NOT RUN</span>"
                + "<span class=\"badge pass\" title=\"r10.present\">PASS</span>"));
        assertTrue(row10.contains("Measured: preset(s) not in this directory: paper-absent"));
        assertTrue(card(page, 21).contains("<span class=\"badge pass\" title=\"r21.bound\">PASS</span>"));
        assertTrue(card(page, 3).contains("no claims") && !card(page, 3).contains("class=\"badge "));
        assertFalse(page.contains("<img"), "no thumbnail without written files");
        assertFalse(page.contains("<script") || page.contains("http://") || page.contains("https://"),
                "no JavaScript, no external resources");
        assertTrue(page.contains(".badge.pass{background:#1a7f37}") && page.contains("grid-template-columns"));
        parseAsXml(page);
    }

    @Test
    void thumbnailsArePngsTheRenderWroteLinkedToTheSweepPage(@TempDir Path dir) throws Exception {
        List<Path> written = Report.render(Fixtures.toySweep(Fixtures.SWEEP), dir, mixed());
        String page = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
        assertTrue(page.contains(SECTION));
        assertEquals(dir.resolve("index.html"), written.get(written.size() - 1));

        assertEquals(List.of("s-toy/embeddings.png"), images(card(page, 1)), "first claim figure that was drawn");
        assertEquals(List.of("s-toy/dimensionality.png"), images(card(page, 5)),
                "the phase diagram was not drawn: the sweep's dimensionality figure");
        assertEquals(List.of("s-toy/features.png"), images(card(page, 7)), "the row's next drawn claim figure");
        assertEquals(List.of("s-toy/dimensionality.png"), images(card(page, 10)), "a claim without figure: fallback");
        assertEquals(List.of(), images(card(page, 9)), "NOT RUN row");
        assertEquals(List.of(), images(card(page, 21)), "computed row");
        assertEquals(List.of(), images(card(page, 2)), "row without claims");
        assertTrue(card(page, 1).contains("<a href=\"s-toy/index.html\"><img src=\"s-toy/embeddings.png\" width=\"260\""),
                "thumbnail linked to the sweep's page");
        List<String> all = images(page);
        assertEquals(4, all.size());
        for (String src : all) {
            assertTrue(written.contains(dir.resolve(src)) && Files.isRegularFile(dir.resolve(src)), src + " not written");
        }
    }

    @Test
    void escapesEveryText() throws Exception {
        String nasty = "<script>alert('x')</script> & \"q\"";
        ClaimsEngine.Evaluation e = ClaimsEngine.evaluate(
                List.of(onToy("r04.nasty", 4, false, "toy/dimensionality", nasty)), Map.of("toy", Fixtures.SWEEP),
                sql -> List.of(Rec.of("x", "<b>" + nasty)));
        ReportData toy = Fixtures.toySweep(Fixtures.SWEEP);
        SweepInfo s = toy.sweeps().get(0);
        SweepInfo named = new SweepInfo(s.sweepId(), "toy <i>&", s.description(), s.specJson(), s.specHash(),
                s.startedAt(), s.finishedAt());
        List<SweepData> sweeps = new ReportData(List.of(named), toy.models(), toy.features()).bySweep();
        String page = IndexPage.html(sweeps, Report.directoryNames(sweeps), e, Set.of("s-toy/dimensionality.png"));
        assertFalse(page.contains("<script") || page.contains("<b>") || page.contains("toy <i>"), "raw text in the page");
        assertTrue(page.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;q&quot;"), "statement");
        assertTrue(page.contains("Measured: x = &lt;b&gt;&lt;script&gt;"), "measured");
        assertTrue(page.contains("alt=\"row 4: dimensionality of toy &lt;i&gt;&amp;\""), "thumbnail alt");
        assertTrue(page.contains("<div class=\"from\">toy &lt;i&gt;&amp; \u00b7 dimensionality</div>"));
        parseAsXml(page);
    }

    /** One card's HTML. */
    private static String card(String page, int row) {
        int start = page.indexOf(String.format("<div class=\"card\" id=\"row-%02d\">", row));
        assertTrue(start >= 0, "no card for row " + row);
        int end = page.indexOf("<div class=\"card\"", start + 1);
        return page.substring(start, end < 0 ? page.indexOf("</section>", start) : end);
    }

    private static List<String> images(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = IMG.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Well-formed markup apart from the doctype and void elements; the parser reports nothing on stderr. */
    private static void parseAsXml(String page) throws Exception {
        String body = page.replace("<!DOCTYPE html>", "").replace("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\"/>")
                .replaceAll("(<img [^>]*)>", "$1/>");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        DocumentBuilder builder = f.newDocumentBuilder();
        builder.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) throws SAXParseException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXParseException {
                throw e;
            }
        });
        assertNotNull(builder.parse(new InputSource(new StringReader(body))));
    }
}
