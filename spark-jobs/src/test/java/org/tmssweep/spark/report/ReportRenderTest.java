package org.tmssweep.spark.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** End-to-end tests of {@link Report#render}: files, sizes, formats, links, overwrite, determinism. */
class ReportRenderTest {
    private static final List<String> FIGURES = List.of("dimensionality", "represented", "features");

    /** The toy sweep, a single-model sweep with n_hidden >= n_features, and a sweep row without models. */
    static ReportData data() {
        ReportData toy = Fixtures.toySweep("s-toy");
        Fixtures.Model single = Fixtures.model("s/single", "only", 0, "relu_output", 0.5, 1.0,
                new double[][] {{1, 0, 0}, {0, 1, 0}}, new double[] {0.1, -0.1}, 0.001, "ok");
        List<SweepInfo> sweeps = new ArrayList<>(toy.sweeps());
        sweeps.add(Fixtures.sweep("s/single", "single model, m >= n"));
        sweeps.add(Fixtures.sweep("s-empty", "no models"));
        List<ModelRow> models = new ArrayList<>(toy.models());
        models.add(single.row());
        List<FeatureRow> features = new ArrayList<>(toy.features());
        features.addAll(single.features());
        return new ReportData(sweeps, models, features);
    }

    @Test
    void writesEveryFigureAsPngAndSvgPlusPages(@TempDir Path dir) throws Exception {
        List<Path> written = Report.render(data(), dir);

        Set<String> expected = new TreeSet<>();
        expected.add("index.html");
        for (String sweepDir : List.of("s-toy", "s_single")) {
            expected.add(sweepDir + "/index.html");
            for (String f : FIGURES) {
                expected.add(sweepDir + "/" + f + ".png");
                expected.add(sweepDir + "/" + f + ".svg");
            }
        }
        // s-toy has m = 2 models, so the 2-D embeddings figure is added; no derived tables, no phase/polytope figures
        expected.add("s-toy/embeddings.png");
        expected.add("s-toy/embeddings.svg");
        Set<String> returned = written.stream().map(p -> rel(dir, p)).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, returned);
        assertEquals(expected, filesUnder(dir), "no staging directory or stray file left behind");
        assertEquals("index.html", rel(dir, written.get(written.size() - 1)), "top index is moved last");
    }

    @Test
    void pngsDecodeWithTheFigureSizeAndSvgsParse(@TempDir Path dir) throws Exception {
        ReportData data = data();
        Report.render(data, dir);
        for (SweepData sweep : data.bySweep()) {
            Path sweepDir = dir.resolve(Report.directoryNames(List.of(sweep)).get(sweep.sweep().sweepId()));
            assertSize(sweepDir.resolve("dimensionality.png"), DimensionalityFigure.WIDTH, DimensionalityFigure.HEIGHT);
            assertSize(sweepDir.resolve("represented.png"), RepresentedFeaturesFigure.WIDTH,
                    RepresentedFeaturesFigure.HEIGHT);
            FeaturePanelsFigure panels = FeaturePanelsFigure.create(sweep);
            assertSize(sweepDir.resolve("features.png"), panels.width(), panels.height());
            for (String f : FIGURES) {
                Document svg = parseXml(sweepDir.resolve(f + ".svg"));
                assertEquals("svg", svg.getDocumentElement().getLocalName());
            }
        }
    }

    @Test
    void sweepPageLinksEveryFigureListsTheDivergedModelAndShowsTheSpec(@TempDir Path dir) throws Exception {
        Report.render(data(), dir);
        String page = Files.readString(dir.resolve("s-toy/index.html"), StandardCharsets.UTF_8);
        for (String f : FIGURES) {
            assertTrue(page.contains("<img src=\"" + f + ".png\""), f + ".png not shown");
            assertTrue(page.contains("href=\"" + f + ".svg\""), f + ".svg not linked");
        }
        assertTrue(page.contains("Superposition: more than m features"), "caption missing");
        assertTrue(page.contains("toy n=5 m=2"), "sweep name missing");
        String leftOut = page.substring(page.indexOf("<table id=\"left-out\">"));
        assertTrue(leftOut.contains("<td>p3</td><td>0</td>") && leftOut.contains("diverged"),
                "diverged model not listed");
        assertFalse(leftOut.substring(0, leftOut.indexOf("</table>")).contains("<td>p2</td>"),
                "a usable model listed as left out");
        // Pretty-printed and escaped spec.
        assertTrue(page.contains("<pre>{\n  &quot;name&quot;: &quot;toy n=5 m=2&quot;,\n"), "spec not pretty-printed");
        assertTrue(page.contains("\\&quot;quoted\\&quot; &lt;tag&gt;"), "spec string not escaped verbatim");
        assertParsesAsXmlWhenDoctypeDropped(page);

        String top = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
        assertTrue(top.contains("href=\"s-toy/index.html\""));
        assertTrue(top.contains("href=\"s_single/index.html\""));
        assertFalse(top.contains("s-empty"), "a sweep without model rows is skipped");
    }

    @Test
    void overwritesAnEarlierReportAndIsDeterministic(@TempDir Path dir) throws Exception {
        ReportData data = data();
        Report.render(data, dir.resolve("a"));
        Files.writeString(dir.resolve("a/s-toy/features.svg"), "stale", StandardCharsets.UTF_8);
        List<Path> again = Report.render(data, dir.resolve("a"));
        Report.render(data, dir.resolve("b"));
        for (Path p : again) {
            String rel = rel(dir.resolve("a"), p);
            assertArrayEquals(Files.readAllBytes(dir.resolve("b").resolve(rel)), Files.readAllBytes(p),
                    rel + " differs between two renders of the same data");
        }
    }

    @Test
    void rendersAnEmptyReport(@TempDir Path dir) throws Exception {
        List<Path> written = Report.render(new ReportData(List.of(), List.of(), List.of()), dir);
        assertEquals(List.of(dir.resolve("index.html")), written);
        assertTrue(Files.readString(written.get(0)).contains("No sweep"));
    }

    private static void assertSize(Path png, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " does not decode");
        assertEquals(width, image.getWidth(), png + " width");
        assertEquals(height, image.getHeight(), png + " height");
    }

    static Document parseXml(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        try (InputStream in = Files.newInputStream(file)) {
            return f.newDocumentBuilder().parse(in);
        }
    }

    /** The pages are written as well-formed XHTML-compatible markup apart from the doctype. */
    private static void assertParsesAsXmlWhenDoctypeDropped(String page) throws Exception {
        String body = page.replace("<!DOCTYPE html>", "").replace("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\"/>");
        body = body.replaceAll("(<img [^>]*)>", "$1/>");
        Path tmp = Files.createTempFile("page", ".xml");
        try {
            Files.writeString(tmp, body, StandardCharsets.UTF_8);
            assertNotNull(parseXml(tmp));
        } finally {
            Files.delete(tmp);
        }
    }

    private static String rel(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private static Set<String> filesUnder(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> rel(root, p))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
