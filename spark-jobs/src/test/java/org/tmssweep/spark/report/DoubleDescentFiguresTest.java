package org.tmssweep.spark.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.jfree.chart.annotations.XYAnnotation;
import org.jfree.chart.annotations.XYBoxAnnotation;
import org.jfree.chart.annotations.XYPointerAnnotation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The finite-dataset figures: present only for sweeps with dataset models (dd-hidden only with m = 2 and datapoints,
 * dd-heatmap only with several m), their means and bump where the hand-made rows put them.
 */
class DoubleDescentFiguresTest {
    static final String SWEEP = "s-dd";
    static final int[] TS = {3, 5, 10, 100, 1000};
    /** Test loss per T index and dataset seed K: T = 3 is highest, but not interior; the interior bump is T = 10. */
    static final double[][] TEST_LOSS = {{10, 10}, {1, 1}, {3, 5}, {2, 2}, {1, 1}};
    static final double[][] TRAIN_LOSS = {{0, 0}, {1e-3, 3e-3}, {0.2, 0.4}, {0.5, 0.5}, {0.9, 0.9}};
    /** Mean D_i of the top features per T; it overtakes D_X = 2/T between T = 10 (0.2 > 0.1) and 100 (0.02 < 0.1). */
    static final double[] TOP_DIM = {0.1, 0.1, 0.1, 0.1, 0.3};
    /** The triangle of the T = 3 model: its points are features 0, 1, 2 with value 1, W's rows 0-2 at 120 degrees. */
    static final double[][] TRIANGLE = {{1, 0}, {-0.5, Math.sqrt(3) / 2}, {-0.5, -Math.sqrt(3) / 2}, {0, 0}, {0, 0}};

    record Built(List<ModelRow> models, List<FeatureRow> features, List<DatasetRow> datasets,
                 List<DatapointRow> datapoints) {
        SweepData sweep() {
            return new SweepData(Fixtures.sweep(SWEEP, "dd"), models, features,
                    DerivedRows.EMPTY.withDatasets(datasets).withDatapoints(datapoints));
        }

        ReportData data() {
            return new ReportData(List.of(Fixtures.sweep(SWEEP, "dd")), models, features,
                    DerivedRows.EMPTY.withDatasets(datasets).withDatapoints(datapoints));
        }
    }

    /** n = 5 relu_output models with m in {@code ms}, T in TS, K in {0, 1}, one init seed; datapoints for m = 2, K = 0. */
    static Built build(String kind, int... ms) {
        List<ModelRow> models = new ArrayList<>();
        List<FeatureRow> features = new ArrayList<>();
        List<DatasetRow> datasets = new ArrayList<>();
        List<DatapointRow> points = new ArrayList<>();
        for (int m : ms) {
            for (int i = 0; i < TS.length; i++) {
                for (int k = 0; k < 2; k++) {
                    String point = "m" + m + "-t" + TS[i] + "-k" + k;
                    double[][] w = new double[5][m];
                    for (int f = 0; f < 5; f++) {
                        for (int a = 0; a < Math.min(m, 2); a++) {
                            w[f][a] = TRIANGLE[f][a];
                        }
                    }
                    double test = TEST_LOSS[i][k] * (m == 2 ? 1 : 0.5);
                    Fixtures.Model fm = Fixtures.model(SWEEP, point, 0, kind, 0.9, 1.0, w, Fixtures.constant(5, -0.1),
                            test, "ok");
                    models.add(fm.row());
                    features.addAll(fm.features());
                    datasets.add(new DatasetRow(SWEEP, point, 0, TS[i], k, TRAIN_LOSS[i][k], test, 2.0 / TS[i],
                            TOP_DIM[i], 1.5 + i, 0.1 * (i + 1)));
                    if (m == 2 && k == 0) {
                        for (int p = 0; p < TS[i]; p++) {
                            points.add(new DatapointRow(SWEEP, point, 0, p, new int[] {p % 3}, new double[] {1.0}));
                        }
                    }
                }
            }
        }
        return new Built(models, features, datasets, points);
    }

    @Test
    void noFigureWithoutDatasetModels() {
        SweepData toy = Fixtures.toySweep(Fixtures.SWEEP).bySweep().get(0);
        Map<FigureEntry, Optional<? extends Figure>> figures = Report.analysisFigures(toy);
        for (FigureEntry e : List.of(FigureEntry.DD_LOSS, FigureEntry.DD_DIMS, FigureEntry.DD_HIDDEN,
                FigureEntry.DD_NORMS, FigureEntry.DD_HEATMAP)) {
            assertTrue(figures.containsKey(e), e.baseName());
            assertFalse(figures.get(e).isPresent(), e.baseName());
        }
        // dataset rows of a model that is not usable (diverged) count for nothing
        Built b = build("relu_output", 2);
        List<ModelRow> diverged = b.models().stream().map(m -> new ModelRow(m.sweepId(), m.pointId(), m.seed(),
                m.model(), m.nFeatures(), m.nHidden(), m.sparsity(), m.importanceDecay(), m.steps(), m.batchSize(),
                m.lr(), Double.NaN, Double.NaN, 0, Double.NaN, 1, "diverged")).toList();
        SweepData none = new Built(diverged, b.features(), b.datasets(), b.datapoints()).sweep();
        assertTrue(DoubleDescentFigures.loss(none).isEmpty());
        assertTrue(HiddenVectorsFigure.create(none).isEmpty());
    }

    @Test
    void figureNamesAreTheOnesClaimsLinkTo() {
        assertEquals(List.of("dd-loss", "dd-dims", "dd-hidden", "dd-norms", "dd-heatmap"),
                List.of(FigureEntry.DD_LOSS, FigureEntry.DD_DIMS, FigureEntry.DD_HIDDEN, FigureEntry.DD_NORMS,
                        FigureEntry.DD_HEATMAP).stream().map(FigureEntry::baseName).toList());
    }

    @Test
    void bumpIsTheInteriorTWithTheHighestMeanTestLoss() {
        TreeMap<Integer, Double> means = new TreeMap<>(Map.of(3, 10.0, 5, 1.0, 10, 4.0, 100, 2.0, 1000, 20.0));
        assertEquals(10, DoubleDescentFigures.bump(means).orElseThrow(), "the ends (T = 3, 1000) are not a bump");
        assertTrue(DoubleDescentFigures.bump(new TreeMap<>(Map.of(3, 1.0, 5, 2.0))).isEmpty());
        assertEquals(5, DoubleDescentFigures.bump(new TreeMap<>(Map.of(3, 1.0, 5, 2.0, 8, 2.0, 9, 1.0)))
                .orElseThrow(), "a tie goes to the smaller T");
    }

    @Test
    void lossFigureDrawsEveryModelTheMeansAndAnnotatesTheBump() {
        XYPlot plot = DoubleDescentFigures.loss(build("relu_output", 2).sweep()).orElseThrow().chart().getXYPlot();
        XYDataset lines = plot.getDataset(0);
        XYDataset dots = plot.getDataset(1);
        assertEquals(2, lines.getSeriesCount(), "test and train means");
        assertEquals(TS.length, lines.getItemCount(0));
        assertEquals(2 * TS.length, dots.getItemCount(0), "a point per model");
        assertEquals(10.0, lines.getXValue(0, 2));
        assertEquals(4.0, lines.getYValue(0, 2), F64, "mean test loss at T = 10");
        assertEquals(0.3, lines.getYValue(1, 2), F64, "mean train loss at T = 10");
        // train loss 0 at T = 3 sits on the floor, a power of ten at most 6 decades below the largest value
        double floor = lines.getYValue(1, 0);
        assertEquals(1e-3, floor, F64);
        assertTrue(plot.getRangeAxis().getLowerBound() < floor);
        List<String> arrows = plot.getAnnotations().stream().filter(a -> a instanceof XYPointerAnnotation)
                .map(a -> ((XYPointerAnnotation) a).getText()).toList();
        assertEquals(List.of(DoubleDescentFigures.bumpLabel(10, 4.0)), arrows);
        XYPointerAnnotation arrow = (XYPointerAnnotation) plot.getAnnotations().stream()
                .filter(a -> a instanceof XYPointerAnnotation).findFirst().orElseThrow();
        assertEquals(10.0, arrow.getX());
        assertEquals(4.0, arrow.getY(), F64);
    }

    @Test
    void crossoverIsWhereTheFeatureDimensionalityOvertakesTheDataDimensionality() {
        TreeMap<Integer, Double> dx = new TreeMap<>(Map.of(10, 0.2, 100, 0.02, 1000, 0.002));
        TreeMap<Integer, Double> df = new TreeMap<>(Map.of(10, 0.1, 100, 0.04, 1000, 0.3));
        // log(D_X/D_f) goes from log 2 at T = 10 to log 0.5 at T = 100: zero half way in log T
        assertEquals(Math.sqrt(10 * 100), DoubleDescentFigures.crossover(dx, df).orElseThrow(), 1e-9);
        assertTrue(DoubleDescentFigures.crossover(df, dx).isEmpty() || DoubleDescentFigures.crossover(df, dx)
                .orElseThrow() > 100, "from the other side the first crossing is a later one");
        assertTrue(DoubleDescentFigures.crossover(new TreeMap<>(Map.of(10, 0.5)), new TreeMap<>(Map.of(10, 0.1)))
                .isEmpty());
    }

    @Test
    void dimsAndNormsFiguresPlotTheMeansPerT() {
        SweepData sweep = build("relu_output", 2).sweep();
        XYPlot dims = DoubleDescentFigures.dims(sweep).orElseThrow().chart().getXYPlot();
        XYDataset d = dims.getDataset(0);
        assertEquals(3, d.getSeriesCount(), "D_X, D_i and the m/T reference");
        assertEquals(2.0 / 3, d.getYValue(0, 0), F64);
        assertEquals(0.3, d.getYValue(1, 4), F64);
        assertEquals(1.0, d.getYValue(2, 0) * d.getXValue(2, 0) / 2, F64, "m/T");
        List<ValueMarker> crossings = markers(dims);
        assertEquals(1, crossings.size());
        // log(D_X/D_i) = log 2 at T = 10 and log 0.2 at T = 100: zero at log10 T = 1 + log10 2, T = 20
        assertEquals(20.0, crossings.get(0).getValue(), 1e-9);
        XYPlot norms = DoubleDescentFigures.norms(sweep).orElseThrow().chart().getXYPlot();
        assertEquals(1.5 + 2, norms.getDataset(0).getYValue(0, 2), F64, "||W||_F at T = 10");
        assertEquals(0.3, norms.getDataset(0).getYValue(1, 2), F64, "||b|| at T = 10");
        assertEquals(List.of(10.0), markers(norms).stream().map(ValueMarker::getValue).toList(), "the bump");
    }

    @SuppressWarnings("unchecked")
    private static List<ValueMarker> markers(XYPlot plot) {
        java.util.Collection<?> ms = plot.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND);
        return ms == null ? List.of() : (List<ValueMarker>) new ArrayList<>((java.util.Collection<ValueMarker>) ms);
    }

    @Test
    void hiddenDrawsTheLowestDatasetSeedsBestModelAtTheSmallestAndLargestT() {
        assertEquals(List.of(3, 5, 10, 100, 1000), HiddenVectorsFigure.shownT(List.of(1000, 3, 10, 5, 100)));
        assertEquals(List.of(3, 5, 6, 1000, 2000), HiddenVectorsFigure.shownT(List.of(3, 5, 6, 8, 10, 1000, 2000)));
        assertEquals(List.of(4), HiddenVectorsFigure.shownT(List.of(4)));

        SweepData sweep = build("relu_output", 2, 3).sweep();
        List<List<DoubleDescentFigures.Model>> rows = HiddenVectorsFigure.hiddenModels(sweep);
        assertEquals(1, rows.size(), "m = 3 is not drawn");
        assertEquals(TS.length, rows.get(0).size());
        assertTrue(rows.get(0).stream().allMatch(m -> m.data().datasetSeedIndex() == 0 && m.row().nHidden() == 2));
        PanelGrid grid = HiddenVectorsFigure.create(sweep).orElseThrow();
        assertEquals(2 * TS.length, grid.panels().size(), "h_i above W_i per T");
        assertEquals(TS.length, grid.columns());
        XYDataset h3 = grid.panels().get(0).getXYPlot().getDataset();
        assertEquals(3, h3.getItemCount(0), "the T = 3 triangle");
        assertEquals(1.0, h3.getXValue(0, 0), F64);
        assertEquals(-0.5, h3.getXValue(0, 1), F64);
        assertEquals(-Math.sqrt(3) / 2, h3.getYValue(0, 2), F64);
        // a second init seed: at T = 3 the better K = 0 model is chosen, not the even better K = 1 one
        Built one = build("relu_output", 2);
        List<ModelRow> models = new ArrayList<>(one.models());
        List<DatasetRow> datasets = new ArrayList<>(one.datasets());
        for (int k = 0; k < 2; k++) {
            String point = "m2-t3-k" + k;
            double test = k == 0 ? 4 : 0.5;
            models.add(Fixtures.model(SWEEP, point, 1, "relu_output", 0.9, 1.0, TRIANGLE, Fixtures.constant(5, 0), test,
                    "ok").row());
            datasets.add(new DatasetRow(SWEEP, point, 1, 3, k, 0, test, 2.0 / 3, 0.1, 1, 1));
        }
        SweepData seeds = new Built(models, one.features(), datasets, one.datapoints()).sweep();
        assertEquals(new ModelKey(SWEEP, "m2-t3-k0", 1), HiddenVectorsFigure.hiddenKeys(seeds).get(0));
        assertEquals(new ModelKey(SWEEP, "m2-t5-k0", 0), HiddenVectorsFigure.hiddenKeys(seeds).get(1));
        // without datapoints rows there is nothing to draw
        Built b = build("relu_output", 2);
        assertTrue(HiddenVectorsFigure.create(new Built(b.models(), b.features(), b.datasets(), List.of()).sweep())
                .isEmpty());
    }

    @Test
    void hiddenVectorsAreXTimesWAndReluOnlyForAReluHiddenLayer() {
        double[][] w = {{1, -2}, {0.5, 3}, {0, 0}};
        List<DatapointRow> pts = List.of(new DatapointRow(SWEEP, "p", 0, 1, new int[] {0, 1}, new double[] {0.6, 0.8}),
                new DatapointRow(SWEEP, "p", 0, 0, new int[] {1}, new double[] {1}));
        ModelRow linear = build("relu_output", 2).models().get(0);
        double[][] h = HiddenVectorsFigure.hiddenVectors(linear, w, pts);
        assertArrayEquals(new double[] {0.5, 3}, h[0], F64, "point order by point_index");
        assertArrayEquals(new double[] {0.6 + 0.4, -1.2 + 2.4}, h[1], F64);
        ModelRow relu = build("relu_hidden", 2).models().get(0);
        double[][] w2 = {{1, -2}, {0.5, 1}, {0, 0}};
        assertArrayEquals(new double[] {1.0, 0}, HiddenVectorsFigure.hiddenVectors(relu, w2, pts.subList(0, 1))[0], F64,
                "ReLU(0.6 (1, -2) + 0.8 (0.5, 1)) = ReLU(1.0, -0.4)");
        assertNull(HiddenVectorsFigure.hiddenVectors(linear, w, List.of(new DatapointRow(SWEEP, "p", 0, 0,
                new int[] {7}, new double[] {1}))), "a feature outside W");
    }

    @Test
    void labelsOfCollinearFeaturesDoNotOverlap() {
        double[][] ends = {{1, 0}, {0.98, 0.01}, {0.97, -0.01}, {0, -1}};
        double[][] at = HiddenVectorsFigure.labelPositions(ends, 1);
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                double dx = (at[i][0] - at[j][0]) / HiddenVectorsFigure.LABEL_DX;
                double dy = (at[i][1] - at[j][1]) / HiddenVectorsFigure.LABEL_DY;
                assertTrue(dx * dx + dy * dy >= 1 - 1e-9, i + " and " + j);
            }
            assertTrue(Math.abs(at[i][0]) <= HiddenVectorsFigure.LABEL_REACH
                    && Math.abs(at[i][1]) <= HiddenVectorsFigure.LABEL_REACH, "inside the panel");
        }
        assertEquals(1.07, at[0][0], F64, "the first label sits just beyond its end");
        assertEquals(-1.07, at[3][1], F64, "so does a label with room");
    }

    @Test
    void heatmapOnlyWithSeveralMAndItsCellsAreMeans() {
        assertTrue(LossHeatmapFigure.create(build("relu_output", 2).sweep()).isEmpty(), "one m");
        SweepData sweep = build("relu_output", 2, 3).sweep();
        List<LossHeatmapFigure.Cell> cells = LossHeatmapFigure.cells(DoubleDescentFigures.models(sweep));
        assertEquals(2 * TS.length, cells.size());
        LossHeatmapFigure.Cell c = cells.stream().filter(x -> x.m() == 3 && x.t() == 10).findFirst().orElseThrow();
        assertEquals(2.0, c.meanTestLoss(), F64, "(1.5 + 2.5) / 2");
        assertEquals(2, c.models());
        PanelGrid grid = LossHeatmapFigure.create(sweep).orElseThrow();
        assertEquals(1, grid.panels().size());
        List<XYAnnotation> boxes = grid.panels().get(0).getXYPlot().getAnnotations().stream()
                .filter(a -> a instanceof XYBoxAnnotation).toList();
        assertEquals(2 * TS.length + 2, boxes.size(), "a box per cell and one around each m's bump");
        // with two m, dd-loss has a test and a train line per m
        assertEquals(4, DoubleDescentFigures.loss(sweep).orElseThrow().chart().getXYPlot().getDataset(0)
                .getSeriesCount());
    }

    @Test
    void theReportWritesTheFiguresAndLinksThemFromTheSweepPage(@TempDir Path dir) throws Exception {
        Report.render(build("relu_output", 2, 3).data(), dir);
        Path sweepDir = dir.resolve(SWEEP);
        String page = Files.readString(sweepDir.resolve("index.html"));
        for (String name : List.of("dd-loss", "dd-dims", "dd-hidden", "dd-norms", "dd-heatmap")) {
            BufferedImage img = ImageIO.read(sweepDir.resolve(name + ".png").toFile());
            assertTrue(img.getWidth() > 0 && img.getHeight() > 0, name);
            assertTrue(Files.readString(sweepDir.resolve(name + ".svg")).contains("<svg"), name);
            assertTrue(page.contains("<figure id=\"" + name + "\">"), name);
        }
    }
}
