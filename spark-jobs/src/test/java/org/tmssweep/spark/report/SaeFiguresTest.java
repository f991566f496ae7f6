package org.tmssweep.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.spark.Tolerances.F64;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYAnnotation;
import org.jfree.chart.annotations.XYBoxAnnotation;
import org.jfree.chart.annotations.XYPolygonAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SAE figures on hand-made sae_models / sae_latents / sae_features rows: present only when the rows support
 * them, their cells, lines, bars and arrows where the rows put them, and an SAE-only sweep (no models rows) drawn
 * with its SAE figures alone.
 */
class SaeFiguresTest {
    static final String SWEEP = "s-sae";
    static final double[] L1 = {0.01, 0.1, 1};
    static final double[] RATIOS = {0.5, 1, 2};
    static final int G = 4;

    /** An SAE row with the settings of ARENA's toy unless the arguments say otherwise. */
    static SaeModelRow sae(String point, int seed, int g, int d, int k, double l1, String resample, boolean tied,
            double mmcs, int dead, double cross, Integer crossK) {
        return new SaeModelRow(SWEEP, point, seed, "", null, "synthetic", g, d, k, k / (double) g, l1, false, tied,
                true, "unit_rows", "orthogonal", "mse", "adam", 1e-3, 0, 1024, 10_000, resample, 1.0, 0.99,
                "independent", "per_batch", "resample", 7L, null, Map.of("beta1", "0.9"), "ok", 0.01, 1.5, dead, mmcs,
                mmcs > 0.9 ? 1 : 0.5, 0.9, cross, crossK);
    }

    /**
     * A 3 x 3 grid (l1 x k/G) of G = 4 synthetic SAEs, 2 seeds each: MMCS = 0.3 + 0.3 j (j the k/G index) at
     * l1 = 0.1, 0.1 lower elsewhere, seed 1 lower by 0.02; dead latents k/4 at the largest k, none below; cross-MMCS
     * 0.5 + 0.2 j for the two smaller k.
     */
    static List<SaeModelRow> grid(String resample) {
        List<SaeModelRow> out = new ArrayList<>();
        for (int i = 0; i < L1.length; i++) {
            for (int j = 0; j < RATIOS.length; j++) {
                int k = (int) Math.round(RATIOS[j] * G);
                for (int seed = 0; seed < 2; seed++) {
                    double mmcs = 0.3 + 0.3 * j - (i == 1 ? 0 : 0.1) - 0.02 * seed;
                    int dead = j == 2 ? k / 4 : 0;
                    double cross = j < 2 ? 0.5 + 0.2 * j : Double.NaN;
                    Integer crossK = j < 2 ? (int) Math.round(RATIOS[j + 1] * G) : null;
                    out.add(sae(resample + "-l" + i + "-r" + j, seed, G, 8, k, L1[i], resample, false, mmcs, dead,
                            cross, crossK));
                }
            }
        }
        return out;
    }

    static SweepData sweep(List<SaeModelRow> models, List<SaeLatentRow> latents, List<SaeFeatureRow> features) {
        return new SweepData(Fixtures.sweep(SWEEP, "sae"), List.of(), List.of(),
                DerivedRows.EMPTY.withSae(new SaeRows(models, latents, features)));
    }

    static SweepData gridSweep() {
        List<SaeModelRow> all = new ArrayList<>(grid("none"));
        all.addAll(grid("arena"));
        return sweep(all, List.of(), List.of());
    }

    /** Latent rows for {@code s}: latent j on feature j mod G with cosine {@code cos[j]}, dead where NaN. */
    static List<SaeLatentRow> latents(SaeModelRow s, double[] cos, int d) {
        List<SaeLatentRow> out = new ArrayList<>();
        for (int j = 0; j < cos.length; j++) {
            double angle = Math.PI * (j % s.features()) / s.features();
            double[] decoder = new double[d];
            decoder[0] = Math.cos(angle);
            decoder[1] = Math.sin(angle);
            boolean dead = Double.isNaN(cos[j]);
            out.add(new SaeLatentRow(SWEEP, s.pointId(), s.seed(), j, dead ? 0 : 0.1, dead, j % s.features(),
                    dead ? 0.2 : cos[j], decoder));
        }
        return out;
    }

    static List<SaeFeatureRow> features(SaeModelRow s, int d) {
        List<SaeFeatureRow> out = new ArrayList<>();
        for (int f = 0; f < s.features(); f++) {
            double angle = 2 * Math.PI * f / s.features();
            double[] dir = new double[d];
            dir[0] = Math.cos(angle);
            dir[1] = Math.sin(angle);
            out.add(new SaeFeatureRow(SWEEP, s.pointId(), s.seed(), f, 0.025, 0.99, f, dir));
        }
        return out;
    }

    @Test
    void figureNamesAreTheOnesClaimsLinkTo() {
        assertEquals(List.of("sae-mmcs-heatmap", "sae-dead-heatmap", "sae-cross-mmcs", "sae-latent-cosines",
                "sae-latents-2d"), SaeFigures.entries().stream().map(FigureEntry::baseName).toList());
        assertEquals(SaeFigures.entries(), List.copyOf(SaeFigures.all(gridSweep()).keySet()));
    }

    @Test
    void noFigureWithoutSaeRows() {
        SweepData toy = Fixtures.toySweep(Fixtures.SWEEP).bySweep().get(0);
        Map<FigureEntry, Optional<? extends Figure>> figures = Report.analysisFigures(toy);
        for (FigureEntry e : SaeFigures.entries()) {
            assertTrue(figures.containsKey(e), e.baseName());
            assertFalse(figures.get(e).isPresent(), e.baseName());
        }
        // a diverged SAE counts for nothing
        SaeModelRow ok = sae("p", 0, G, 8, 4, 0.1, "none", false, 0.9, 0, Double.NaN, null);
        SaeModelRow diverged = new SaeModelRow(SWEEP, "q", 0, "", null, "synthetic", G, 8, 8, 2, 0.1, false, false,
                true, "unit_rows", "orthogonal", "mse", "adam", 1e-3, 0, 1024, 10_000, "none", 1.0, 0.99,
                "independent", "per_batch", "resample", 7L, null, Map.of(), "diverged", Double.NaN, Double.NaN, 0,
                Double.NaN, Double.NaN, 0.9, 0.7, null);
        assertTrue(SaeFigures.mmcsHeatmap(sweep(List.of(ok, diverged), List.of(), List.of())).isEmpty(),
                "one usable cell is no grid");
        assertTrue(SaeFigures.crossMmcs(sweep(List.of(ok, diverged), List.of(), List.of())).isEmpty());
        assertTrue(SaeFigures.latentCosines(sweep(List.of(ok), List.of(), List.of())).isEmpty(), "no latent rows");
    }

    @Test
    void settingsGroupTheSaesAndLabelWhatDiffers() {
        List<SaeFigures.Group> groups = SaeFigures.groups(gridSweep());
        assertEquals(2, groups.size());
        assertEquals(List.of("resample=arena", "resample=none"), groups.stream().map(SaeFigures.Group::label).toList());
        assertEquals(L1.length * RATIOS.length * 2, groups.get(0).saes().size());
        List<SaeFigures.Group> one = SaeFigures.groups(grid("none"));
        assertEquals("synthetic G=4 d=8", one.get(0).label(), "alone: source, G and d");
        assertEquals("1/2 (k=2)", SaeFigures.ratioLabel(0.5, 2));
        assertEquals("2 (k=8)", SaeFigures.ratioLabel(2, 8));
        assertEquals("0.3 (k=3)", SaeFigures.ratioLabel(0.3, 3));
    }

    @Test
    void cellsAreMeansOverSeeds() {
        List<SaeFigures.Cell> cells = SaeFigures.cells(grid("none"), SaeModelRow::mmcs);
        assertEquals(L1.length * RATIOS.length, cells.size());
        SaeFigures.Cell c = cells.get(RATIOS.length + 2);
        assertEquals(0.1, c.l1());
        assertEquals(2.0, c.ratio());
        assertEquals(8, c.latents());
        assertEquals(2, c.saes());
        assertEquals(0.9 - 0.01, c.mean(), F64, "(0.9 + 0.88) / 2");
        List<SaeFigures.Cell> dead = SaeFigures.cells(grid("none"), SaeModelRow::deadFraction);
        assertEquals(0.25, dead.get(2).mean(), F64);
        assertEquals(0.0, dead.get(1).mean(), F64);
    }

    @Test
    void heatmapsDrawEveryCellOnePanelPerSettingAndBoxTheBest() {
        PanelGrid mmcs = SaeFigures.mmcsHeatmap(gridSweep()).orElseThrow();
        assertEquals(2, mmcs.panels().size(), "resample arena and none");
        XYPlot p = mmcs.panels().get(0).getXYPlot();
        List<XYTextAnnotation> texts = texts(p);
        assertTrue(texts.stream().anyMatch(t -> t.getText().equals("k = G")));
        // cell (l1 = 0.1, k/G = 2) at (1, 2): mean 0.89, printed
        assertTrue(texts.stream().anyMatch(t -> t.getText().equals("0.890") && t.getX() == 1 && t.getY() == 2));
        assertEquals(L1.length * RATIOS.length, texts.stream().filter(t -> t.getText().matches("\\d\\.\\d{3}")).count());
        SymbolAxis y = (SymbolAxis) p.getRangeAxis();
        assertEquals(List.of("1/2 (k=2)", "1 (k=4)", "2 (k=8)"), List.of(y.getSymbols()));
        List<XYBoxAnnotation> boxes = boxes(p);
        XYBoxAnnotation best = boxes.stream().filter(b -> b.getFillPaint() == null).findFirst().orElseThrow();
        assertEquals(0.5, best.getX0(), F64, "best cell at l1 index 1");
        assertEquals(1.5, best.getY0(), F64, "best cell at k/G index 2");

        PanelGrid dead = SaeFigures.deadHeatmap(gridSweep()).orElseThrow();
        List<XYTextAnnotation> deadTexts = texts(dead.panels().get(1).getXYPlot());
        assertTrue(deadTexts.stream().anyMatch(t -> t.getText().equals("0.250") && t.getY() == 2));
        assertTrue(deadTexts.stream().anyMatch(t -> t.getText().equals("0.000") && t.getY() == 0));
        assertTrue(boxes(dead.panels().get(0).getXYPlot()).stream().allMatch(b -> b.getFillPaint() != null),
                "no best box on the dead-latent map");
    }

    @Test
    void crossMmcsHasALinePerL1AndMarksG() {
        SaeFigures.Group none = SaeFigures.groups(grid("none")).get(0);
        TreeMap<Double, TreeMap<Integer, Double>> lines = SaeFigures.crossLines(none);
        assertEquals(L1.length, lines.size());
        assertEquals(Map.of(2, 0.5, 4, 0.7), lines.get(0.1));
        PanelGrid fig = SaeFigures.crossMmcs(gridSweep()).orElseThrow();
        XYPlot p = fig.panels().get(0).getXYPlot();
        XYDataset d = p.getDataset();
        assertEquals(L1.length, d.getSeriesCount());
        assertEquals(0.7, d.getYValue(1, 1), F64);
        List<ValueMarker> ms = new ArrayList<>();
        p.getDomainMarkers(Layer.FOREGROUND).forEach(m -> ms.add((ValueMarker) m));
        assertEquals(1, ms.size());
        assertEquals(1.0, ms.get(0).getValue(), F64, "k = G = 4 is the second category (2, 4)");
        XYDataset peaks = p.getDataset(1);
        assertEquals(L1.length, peaks.getItemCount(0), "a ringed peak per l1");
        assertEquals(1.0, peaks.getXValue(0, 0), F64, "at k = 4, the second category");
        assertEquals(0.7, peaks.getYValue(0, 0), F64);
        assertEquals(4, SaeFigures.peakOf(new TreeMap<>(Map.of(2, 0.5, 4, 0.9, 8, 0.9))).orElseThrow(),
                "a tie goes to the smaller k");
        assertTrue(SaeFigures.peakOf(new TreeMap<>()).isEmpty());
        assertEquals(0.5, SaeFigures.position(List.of(2, 8), 4), 1e-12, "between 2 and 8 in log k");
        assertEquals(-0.5, SaeFigures.position(List.of(8, 16), 4), 1e-12);
    }

    @Test
    void latentCosinesDrawTheBestSaeOfEachSettingAndTheWorstSeedOfItsCell() {
        List<SaeModelRow> none = grid("none");
        List<SaeModelRow> picked = SaeFigures.cosineSaes(SaeFigures.groups(none));
        assertEquals(2, picked.size());
        assertEquals(0.9, picked.get(0).mmcs(), F64);
        assertEquals(0, picked.get(0).seed());
        assertEquals(1, picked.get(1).seed(), "the other seed of the best cell");
        assertEquals(picked.get(0).pointId(), picked.get(1).pointId());

        List<SaeLatentRow> latents = new ArrayList<>();
        for (SaeModelRow s : picked) {
            latents.addAll(latents(s, new double[] {0.99, 0.98, Double.NaN, 0.97, 0.5, 0.95, 0.99, 0.9}, 8));
        }
        PanelGrid fig = SaeFigures.latentCosines(sweep(none, latents, List.of())).orElseThrow();
        assertEquals(2, fig.panels().size());
        XYPlot p = fig.panels().get(0).getXYPlot();
        List<XYBoxAnnotation> bars = boxes(p);
        assertEquals(8, bars.size());
        assertEquals(0.99, bars.get(0).getY1(), F64);
        assertEquals(ColorScales.MISSING, bars.get(2).getFillPaint(), "dead latent in grey");
        assertTrue(texts(p).stream().anyMatch(t -> t.getText().equals("dead")));
        assertTrue(texts(p).stream().anyMatch(t -> t.getText().equals("f3")));
        assertEquals(0.9, ((ValueMarker) p.getRangeMarkers(Layer.FOREGROUND).iterator().next()).getValue(), F64);
        assertTrue(fig.panels().get(0).getTitle().getText().contains("MMCS 0.900"));

        // more than MAX_BARS latents: sorted by cosine, unlabelled
        SaeModelRow big = sae("big", 0, G, 8, SaeFigures.MAX_BARS + 6, 0.1, "none", false, 0.8, 0, Double.NaN, null);
        double[] cos = new double[big.latents()];
        for (int j = 0; j < cos.length; j++) {
            cos[j] = (j * 37 % cos.length) / (double) cos.length;
        }
        XYPlot sorted = SaeFigures.latentCosines(sweep(List.of(big), latents(big, cos, 8), List.of())).orElseThrow()
                .panels().get(0).getXYPlot();
        List<XYBoxAnnotation> bs = boxes(sorted);
        for (int j = 1; j < bs.size(); j++) {
            assertTrue(bs.get(j).getY1() <= bs.get(j - 1).getY1());
        }
        assertTrue(texts(sorted).isEmpty());
        List<ValueMarker> g = new ArrayList<>();
        sorted.getDomainMarkers(Layer.FOREGROUND).forEach(m -> g.add((ValueMarker) m));
        assertEquals(G - 0.5, g.get(0).getValue(), F64, "the dotted line after the first G sorted latents");
    }

    @Test
    void latents2dNeedTwoDimensionsAndCompleteRows() {
        List<SaeModelRow> saes = new ArrayList<>();
        List<SaeLatentRow> latents = new ArrayList<>();
        List<SaeFeatureRow> features = new ArrayList<>();
        for (String resample : List.of("none", "arena")) {
            for (int seed = 0; seed < 3; seed++) {
                SaeModelRow s = new SaeModelRow(SWEEP, "toy-" + resample, seed, "toy5-2", 0, "toy", 5, 2, 5, 1, 0.2,
                        false, false, true, "unit_rows", "default", "mse", "adam", 1e-3, 0, 1024, 10_000, resample, null,
                        null, null, null, null, null, null, Map.of(), "ok", 0.01, 1.2,
                        resample.equals("none") && seed == 1 ? 1 : 0, 0.95, 0.8, 0.9, Double.NaN, null);
                saes.add(s);
                latents.addAll(latents(s, new double[] {0.99, 0.99, 0.99, 0.99, s.deadLatents() > 0 ? Double.NaN
                        : 0.99}, 2));
                features.addAll(features(s, 2));
            }
        }
        PanelGrid fig = SaeFigures.latents2d(sweep(saes, latents, features)).orElseThrow();
        assertEquals(6, fig.panels().size());
        assertEquals(3, fig.columns(), "a column per seed");
        XYPlot p = fig.panels().get(0).getXYPlot();
        long heads = p.getAnnotations().stream().filter(a -> a instanceof XYPolygonAnnotation).count();
        assertEquals(5, heads, "an arrow per latent");
        List<String> labels = texts(p).stream().map(XYTextAnnotation::getText).toList();
        assertTrue(labels.containsAll(List.of("f0", "f1", "f2", "f3", "f4", "0", "4")));
        JFreeChart first = fig.panels().get(0);
        assertTrue(first.getSubtitle(0).toString() != null);

        // d = 8 SAEs, or incomplete latent rows, are not drawn in 2-D
        assertTrue(SaeFigures.latents2d(sweep(grid("none"), List.of(), List.of())).isEmpty());
        assertTrue(SaeFigures.latents2d(sweep(saes, latents.subList(0, 3), features)).isEmpty());
    }

    @Test
    void anSaeOnlySweepRendersItsSaeFiguresAlone(@TempDir Path dir) throws Exception {
        SaeModelRow s = sae("p0", 0, G, 2, G, 0.1, "none", false, 0.95, 1, Double.NaN, null);
        List<SaeModelRow> models = new ArrayList<>(grid("none"));
        List<SaeLatentRow> latents = new ArrayList<>();
        for (SaeModelRow m : SaeFigures.cosineSaes(SaeFigures.groups(models))) {
            latents.addAll(latents(m, new double[] {0.99, 0.98, 0.97, 0.9}, 8));
        }
        ReportData data = new ReportData(List.of(Fixtures.sweep(SWEEP, "sae")), List.of(), List.of(),
                DerivedRows.EMPTY.withSae(new SaeRows(models, latents, List.of())));
        assertEquals(1, data.bySweep().size(), "kept without models rows");
        assertTrue(new ReportData(List.of(Fixtures.sweep(SWEEP, "sae")), List.of(), List.of()).bySweep().isEmpty());
        List<Path> files = Report.render(data, dir);
        List<String> names = files.stream().map(f -> f.getFileName().toString()).toList();
        assertTrue(names.containsAll(List.of("sae-mmcs-heatmap.png", "sae-dead-heatmap.png", "sae-cross-mmcs.png",
                "sae-latent-cosines.svg")), names.toString());
        assertFalse(names.contains("dimensionality.png"), "no toy models, no toy figures");
        assertFalse(names.contains("sae-latents-2d.png"), "d = 8");
        Path png = files.stream().filter(f -> f.getFileName().toString().equals("sae-mmcs-heatmap.png")).findFirst()
                .orElseThrow();
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 500 && image.getHeight() > 300);
        String page = Files.readString(png.resolveSibling("index.html"));
        assertTrue(page.contains("id=\"sae-mmcs-heatmap\""));
        assertTrue(page.contains("<th>SAEs</th><td>18 (18 usable, 0 left out"), page);
        String index = Files.readString(dir.resolve("index.html"));
        assertTrue(index.contains("<td>0 / 0; SAEs 18 / 18</td>"), index);
        assertEquals(G, s.latents());
    }

    private static List<XYTextAnnotation> texts(XYPlot p) {
        List<XYTextAnnotation> out = new ArrayList<>();
        for (XYAnnotation a : p.getAnnotations()) {
            if (a instanceof XYTextAnnotation t) {
                out.add(t);
            }
        }
        return out;
    }

    private static List<XYBoxAnnotation> boxes(XYPlot p) {
        List<XYBoxAnnotation> out = new ArrayList<>();
        for (XYAnnotation a : p.getAnnotations()) {
            if (a instanceof XYBoxAnnotation b) {
                out.add(b);
            }
        }
        return out;
    }
}
