package org.tmssweep.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.spark.Tolerances.F64;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paper-analysis figures: present only with their data, written as decodable PNG + SVG, pixels where the data say. */
class AnalysisFiguresTest {
    @TempDir
    Path tmp;

    /** n=2, m=1 phase rows on a 3 x 3 grid, every seed in the theory's phase except one odd worst seed. */
    static List<PhaseRow> phaseRows(String sweep) {
        List<PhaseRow> rows = new ArrayList<>();
        double[] rs = {0.1, 1, 10};
        double[] ds = {0.01, 0.1, 1};
        for (double r : rs) {
            for (double d : ds) {
                String theory = PhaseDiagramFigure.theory(2, d, r);
                String point = "p-" + r + "-" + d;
                for (int seed = 0; seed < 3; seed++) {
                    // seed 2 has the highest loss and a wrong phase: best-of-k and drop-worst ignore it
                    String phase = seed == 2 ? "confused" : theory;
                    rows.add(new PhaseRow(sweep, point, seed, 2, 1, d, r, 0.01 * (seed + 1), phase, theory));
                }
            }
        }
        return rows;
    }

    static SweepData phaseSweep() {
        List<ModelRow> models = new ArrayList<>();
        for (PhaseRow p : phaseRows("s-phase")) {
            models.add(new ModelRow("s-phase", p.pointId(), p.seed(), "relu_output", 2, 1, 1 - p.density(), null,
                    1000, 64, 1e-3, p.finalLoss(), 0.5, 1, 2, 1, "ok"));
        }
        return new SweepData(Fixtures.sweep("s-phase", "phase"), models, List.of(),
                new DerivedRows(phaseRows("s-phase"), List.of()));
    }

    @Test
    void phaseCellsUseTheLowestLossSeedAndTheDropWorstVote() {
        List<PhaseDiagramFigure.Cell> cells = PhaseDiagramFigure.cells(phaseRows("s"), 2);
        assertEquals(9, cells.size());
        for (PhaseDiagramFigure.Cell c : cells) {
            assertEquals(c.theory(), c.best());
            assertEquals(c.theory(), c.vote());
            assertEquals(3, c.seeds());
        }
    }

    @Test
    void theoryPanelIsColouredByTheClosedFormAndEmpiricalCellsByTheirPhase() {
        JFreeChart chart = ((ChartFigure) PhaseDiagramFigure.create(phaseSweep()).orElseThrow()).chart();
        BufferedImage img = new BufferedImage(1340, 600, BufferedImage.TYPE_INT_RGB);
        ChartRenderingInfo info = new ChartRenderingInfo();
        Graphics2D g2 = img.createGraphics();
        chart.draw(g2, new Rectangle2D.Double(0, 0, 1340, 600), info);
        g2.dispose();
        CombinedRangeXYPlot plot = (CombinedRangeXYPlot) chart.getXYPlot();
        List<?> subs = plot.getSubplots();
        // theory panel (2): below the boundary at r = 0.2 is superposition, above it not learned; r = 5 dense: dedicated
        assertColour(img, info, plot, (XYPlot) subs.get(2), 2, 0.2, 0.02, "superposition");
        assertColour(img, info, plot, (XYPlot) subs.get(2), 2, 0.2, 0.8, "not_learned");
        assertColour(img, info, plot, (XYPlot) subs.get(2), 2, 5, 0.8, "dedicated");
        // empirical panel (0): the cell of (r = 10, density = 1) is dedicated, of (0.1, 0.01) superposition
        assertColour(img, info, plot, (XYPlot) subs.get(0), 0, 10, 1, "dedicated");
        assertColour(img, info, plot, (XYPlot) subs.get(0), 0, 0.1, 0.01, "superposition");
    }

    private static void assertColour(BufferedImage img, ChartRenderingInfo info, CombinedRangeXYPlot plot, XYPlot sub,
            int index, double r, double density, String label) {
        Rectangle2D area = info.getPlotInfo().getSubplotInfo(index).getDataArea();
        int x = (int) Math.round(sub.getDomainAxis().valueToJava2D(r, area, RectangleEdge.BOTTOM));
        int y = (int) Math.round(plot.getRangeAxis().valueToJava2D(density, area, RectangleEdge.LEFT));
        // a few pixels off the exact point, away from the boundary line and cell outlines
        Color got = new Color(img.getRGB(x + 4, y + 4));
        assertEquals(PhaseDiagramFigure.color(label), got, label + " at r=" + r + ", density=" + density);
    }

    @Test
    void embeddingPanelDrawsEachFeatureAsALineFromTheOrigin() {
        double[][] w = {{1, 0}, {0, -1}, {0, 0}};
        ModelRow m = new ModelRow("s", "p", 0, "relu_output", 3, 2, 0.9, 0.9, 1000, 64, 1e-3, 0.01, 1, 2, 2, 1, "ok");
        JFreeChart chart = EmbeddingsFigure.panel(m, w);
        BufferedImage img = new BufferedImage(250, 250, BufferedImage.TYPE_INT_RGB);
        ChartRenderingInfo info = new ChartRenderingInfo();
        Graphics2D g2 = img.createGraphics();
        g2.setColor(Color.WHITE);
        g2.fillRect(0, 0, 250, 250);
        chart.draw(g2, new Rectangle2D.Double(0, 0, 250, 250), info);
        g2.dispose();
        Rectangle2D area = info.getPlotInfo().getDataArea();
        XYPlot p = chart.getXYPlot();
        int x = (int) Math.round(p.getDomainAxis().valueToJava2D(0.6, area, RectangleEdge.BOTTOM));
        int y0 = (int) Math.round(p.getRangeAxis().valueToJava2D(0, area, RectangleEdge.LEFT));
        assertEquals(ChartStyle.series(0), new Color(img.getRGB(x, y0)), "W_0 = (1, 0) along +x");
        int xs = (int) Math.round(p.getDomainAxis().valueToJava2D(0, area, RectangleEdge.BOTTOM));
        int y = (int) Math.round(p.getRangeAxis().valueToJava2D(-0.6, area, RectangleEdge.LEFT));
        assertEquals(ChartStyle.series(1), new Color(img.getRGB(xs, y)), "W_1 = (0, -1) along -y");
        int yUp = (int) Math.round(p.getRangeAxis().valueToJava2D(0.6, area, RectangleEdge.LEFT));
        assertEquals(Color.WHITE, new Color(img.getRGB(x, yUp)), "nothing at (0.6, 0.6)");
    }

    @Test
    void reportAddsTheAnalysisFiguresOnlyWhenTheirDataExist() throws Exception {
        List<ModelRow> models = new ArrayList<>();
        List<FeatureRow> features = new ArrayList<>();
        double[] sparsities = {0.0, 0.9};
        double[][][] ws = {Fixtures.orthogonalPair(), Fixtures.pentagon(1.1)};
        for (int k = 0; k < 2; k++) {
            for (String kind : new String[] {"relu_output", "relu_hidden"}) {
                Fixtures.Model fm = Fixtures.model("s-mix", kind + k, 0, kind, sparsities[k], 0.9, ws[k],
                        Fixtures.constant(5, -0.1), 0.01, "ok");
                models.add(fm.row());
                features.addAll(fm.features());
            }
        }
        List<PolytopeRow> polys = List.of(new PolytopeRow("s-mix", "relu_output1", 0, 5, 2, "pentagon"),
                new PolytopeRow("s-mix", "relu_output0", 0, 1, 1, "dedicated"),
                new PolytopeRow("s-mix", "relu_output0", 0, 1, 1, "dedicated"));
        List<AttackRow> attacks = List.of(new AttackRow("s-mix", "relu_output0", 0, 1.0, 1.0),
                new AttackRow("s-mix", "relu_output1", 0, 2.4, 3.1));
        SweepData phase = phaseSweep();
        ReportData data = new ReportData(List.of(Fixtures.sweep("s-mix", "mix"), phase.sweep()),
                concat(models, phase.models()), features, new DerivedRows(phaseRows("s-phase"), polys).withAttacks(attacks));
        Report.render(data, tmp);
        Path mix = tmp.resolve("s-mix");
        Path ph = tmp.resolve("s-phase");
        for (String f : new String[] {"embeddings", "privileged", "polytopes", "attacks"}) {
            assertDecodes(mix.resolve(f + ".png"));
            assertTrue(Files.readString(mix.resolve(f + ".svg")).contains("<svg"), f);
            assertTrue(Files.readString(mix.resolve("index.html")).contains(f + ".png"), f);
        }
        assertFalse(Files.exists(mix.resolve("phases.png")), "no phases rows, no phase diagram");
        assertDecodes(ph.resolve("phases.png"));
        assertTrue(Files.readString(ph.resolve("index.html")).contains("phases.png"));
        for (String f : new String[] {"embeddings", "privileged", "polytopes", "attacks"}) {
            assertFalse(Files.exists(ph.resolve(f + ".png")), f + ": m=1, relu_output, no polytope or attack rows");
        }
    }

    @Test
    void vulnerabilityIsAveragedPerSparsityOverFiniteValues() {
        List<ModelRow> models = new ArrayList<>();
        java.util.Map<ModelKey, Double> v = new java.util.HashMap<>();
        double[][] rows = {{0.0, 1.0}, {0.0, 3.0}, {0.9, 2.0}, {0.9, Double.NaN}, {0.99, Double.NaN}};
        for (int i = 0; i < rows.length; i++) {
            ModelRow m = new ModelRow("s", "p" + i, 0, "relu_output", 5, 2, rows[i][0], null, 1000, 64, 1e-3, 0.01,
                    0.5, 1, 2, 1, "ok");
            models.add(m);
            v.put(m.key(), rows[i][1]);
        }
        java.util.TreeMap<Double, Double> means = AdversarialFigure.means(models, v);
        assertEquals(2, means.size(), "1/(1-S) = 100 has no finite value: " + means);
        assertEquals(2.0, means.get(1.0), F64);
        assertEquals(2.0, means.get(1 / (1 - 0.9)), F64);
    }

    /**
     * The computation figure: drawn only for abs models, one panel per grid point, neurons sorted by the
     * importance of their largest feature (dead neurons last), and written by the report beside the others.
     */
    @Test
    void computationFigureSortsNeuronsByImportanceAndAppearsOnlyForAbsModels() throws Exception {
        // n = 3 features (importance 1, 0.8, 0.64), m = 4 neurons: neuron 0 reads feature 2, neuron 1 is dead,
        // neuron 2 reads feature 0 (and a little of feature 2), neuron 3 reads feature 1 with a negative sign
        double[][] w1t = {{0, 0, 1.5, 0}, {0, 0, 0, -2}, {0.7, 0, 0.3, 0}};
        double[] imp = {1, 0.8, 0.64};
        List<org.tmssweep.core.analysis.NeuronSummary> s = org.tmssweep.core.analysis.NeuronStats.summaries(w1t);
        assertEquals(List.of(2, 3, 0, 1), ComputationFigure.order(s, imp));
        List<ModelRow> models = new ArrayList<>();
        List<FeatureRow> features = new ArrayList<>();
        for (String kind : new String[] {"abs", "relu_hidden"}) {
            Fixtures.Model fm = Fixtures.model("s-" + kind, kind + "0", 0, kind, 0.9, 0.8, w1t,
                    Fixtures.constant(3, 0.0), 0.01, "ok");
            models.add(fm.row());
            features.addAll(fm.features());
        }
        SweepData abs = new SweepData(Fixtures.sweep("s-abs", "abs"), models.subList(0, 1), features.subList(0, 3),
                new DerivedRows(List.of(), List.of()));
        PanelGrid grid = ComputationFigure.create(abs).orElseThrow();
        assertEquals(1, grid.panels().size());
        org.jfree.data.category.CategoryDataset data = grid.panels().get(0).getCategoryPlot().getDataset();
        assertEquals(List.of("2", "3", "0", "1"), data.getColumnKeys(), "neuron order on the x axis");
        assertEquals(1.0, data.getValue("feature 0", "2").doubleValue(), F64, "normalised largest weight");
        assertEquals(0.2, data.getValue("feature 2", "2").doubleValue(), F64, "0.3 / 1.5");
        assertEquals(1.0, data.getValue("feature 1", "3").doubleValue(), F64, "|-2| / 2");
        SweepData tied = new SweepData(Fixtures.sweep("s-relu_hidden", "tied"), models.subList(1, 2),
                features.subList(3, 6), new DerivedRows(List.of(), List.of()));
        assertTrue(ComputationFigure.create(tied).isEmpty(), "no abs models, no computation figure");
        Report.render(new ReportData(List.of(abs.sweep(), tied.sweep()), models, features,
                new DerivedRows(List.of(), List.of())), tmp);
        assertDecodes(tmp.resolve("s-abs").resolve("computation.png"));
        assertTrue(Files.readString(tmp.resolve("s-abs").resolve("computation.svg")).contains("<svg"));
        assertTrue(Files.readString(tmp.resolve("s-abs").resolve("index.html")).contains("computation.png"));
        assertFalse(Files.exists(tmp.resolve("s-relu_hidden").resolve("computation.png")));
    }

    private static List<ModelRow> concat(List<ModelRow> a, List<ModelRow> b) {
        List<ModelRow> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static void assertDecodes(Path png) throws Exception {
        assertTrue(Files.isRegularFile(png), png.toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, png + " decodes");
        assertTrue(img.getWidth() > 200 && img.getHeight() > 200, png.toString());
        // not blank: some pixel far from white
        boolean ink = false;
        for (int y = 0; y < img.getHeight() && !ink; y += 3) {
            for (int x = 0; x < img.getWidth() && !ink; x += 3) {
                Color c = new Color(img.getRGB(x, y));
                ink = c.getRed() + c.getGreen() + c.getBlue() < 300;
            }
        }
        assertTrue(ink, png + " has ink");
    }
}
