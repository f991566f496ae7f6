package org.tmssweep.spark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Figures of the experiments with a data rule beyond one common sparsity (docs/paper.md §5 rows 9-12):
 * 2-D embeddings coloured by feature set, loss and ||W_0|| against the density of a varied feature 0
 * ({@code sparsity_first}), and collapsed correlated pairs against density. Each is present only when
 * its data exist; all use the lowest-loss seed per grid point.
 */
final class DataRuleFigures {
    /** Colour of a feature in no set. */
    static final Color INDEPENDENT = new Color(150, 150, 150);
    /** Relative difference above which feature 0's density counts as varied. */
    static final double VARIED = 1e-9;

    private DataRuleFigures() {
    }

    /** Density of feature 0 of a model when it differs from feature 1's (a varied feature), else NaN. */
    static double variedDensity(List<FeatureRow> rows) {
        if (rows == null) {
            return Double.NaN;
        }
        double p0 = Double.NaN;
        double p1 = Double.NaN;
        for (FeatureRow f : rows) {
            if (f.feature() == 0) {
                p0 = f.probability();
            } else if (f.feature() == 1) {
                p1 = f.probability();
            }
        }
        return Math.abs(p0 - p1) > VARIED * Math.max(Math.abs(p0), Math.abs(p1)) ? p0 : Double.NaN;
    }

    /**
     * True iff feature 0's density differs from feature 1's in some model of the sweep (a
     * {@code sparsity_first} sweep); then every model of the sweep belongs to its figures, the point
     * where the two densities coincide included.
     */
    static boolean hasVariedFeature(SweepData sweep) {
        return sweep.featuresByModel().values().stream().anyMatch(rows -> !Double.isNaN(variedDensity(rows)));
    }

    /** Density of feature 0 of a model (NaN when its row is missing). */
    static double density0(List<FeatureRow> rows) {
        return rows == null ? Double.NaN : rows.stream().filter(f -> f.feature() == 0).mapToDouble(FeatureRow::probability)
                .findFirst().orElse(Double.NaN);
    }

    /** Feature -> set index of a model, from its set_geometry rows; -1 for features in no set. */
    static int[] setOf(int n, List<SetGeometryRow> rows) {
        int[] out = new int[n];
        java.util.Arrays.fill(out, -1);
        for (SetGeometryRow r : rows) {
            for (int f : r.memberIndices()) {
                if (f >= 0 && f < n) {
                    out[f] = r.set();
                }
            }
        }
        return out;
    }

    private static Map<ModelKey, List<SetGeometryRow>> setsByModel(SweepData sweep) {
        Map<ModelKey, List<SetGeometryRow>> out = new HashMap<>();
        for (SetGeometryRow r : sweep.derived().setGeometry()) {
            out.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** m = 2 embeddings of models with feature sets or a varied feature 0; members of one set share a colour. */
    static Optional<PanelGrid> embeddings(SweepData sweep) {
        Map<ModelKey, List<FeatureRow>> features = sweep.featuresByModel();
        Map<ModelKey, List<SetGeometryRow>> sets = setsByModel(sweep);
        boolean varied = hasVariedFeature(sweep);
        record Shown(ModelRow m, double[][] w, double p0, List<SetGeometryRow> sets) {
        }
        List<Shown> shown = new ArrayList<>();
        for (ModelRow m : BestSeeds.perPoint(sweep)) {
            List<SetGeometryRow> s = sets.getOrDefault(m.key(), List.of());
            double p0 = varied ? density0(features.get(m.key())) : Double.NaN;
            double[][] w = BestSeeds.weights(m, features.get(m.key()));
            if (m.nHidden() == 2 && w != null && (!s.isEmpty() || !Double.isNaN(p0))) {
                shown.add(new Shown(m, w, p0, s));
            }
        }
        if (shown.isEmpty()) {
            return Optional.empty();
        }
        shown.sort(Comparator.comparingDouble((Shown s) -> s.m().sparsity()).thenComparingDouble(Shown::p0)
                .thenComparing(s -> s.m().pointId()));
        List<JFreeChart> panels = new ArrayList<>();
        for (Shown s : BestSeeds.thin(shown, EmbeddingsFigure.MAX_PANELS)) {
            int[] setOf = setOf(s.w().length, s.sets());
            Color[] colours = new Color[s.w().length];
            for (int f = 0; f < colours.length; f++) {
                colours[f] = setOf[f] < 0 ? INDEPENDENT : ChartStyle.series(setOf[f]);
            }
            if (!Double.isNaN(s.p0())) {
                colours[0] = ChartStyle.series(0);
            }
            StringBuilder title = new StringBuilder("1\u2212S = " + Fmt.num(1 - s.m().sparsity()));
            if (!Double.isNaN(s.p0())) {
                title.append(", feature 0: ").append(Fmt.num(s.p0()));
            }
            for (SetGeometryRow r : s.sets()) {
                title.append(r.set() == 0 ? "  " : " ").append(r.label().substring(0, Math.min(4, r.label().length())));
            }
            panels.add(EmbeddingsFigure.panel(title.toString(), s.w(), colours));
        }
        return Optional.of(new PanelGrid("Feature sets / varied feature in 2-D \u2014 " + DimensionalityFigure.title(sweep),
                "lowest-loss seed per grid point; line i = W\u1d62; one colour per feature set (grey: independent); "
                + "a varied feature 0 in the first colour; panel title: densities, then each set's label "
                + "(orth/anti/coll/othe/mixe/unre)", panels, Math.min(EmbeddingsFigure.COLUMNS, panels.size()),
                EmbeddingsFigure.PANEL, EmbeddingsFigure.PANEL));
    }

    /** Row 9: final loss, ||W_0|| and represented features of the lowest-loss seed against feature 0's density. */
    static Optional<PanelGrid> perturbed(SweepData sweep) {
        if (!hasVariedFeature(sweep)) {
            return Optional.empty();
        }
        Map<ModelKey, List<FeatureRow>> features = sweep.featuresByModel();
        XYSeries loss = new XYSeries("final loss", true, false);
        XYSeries norm0 = new XYSeries("\u2016W\u2080\u2016 (varied feature)", true, false);
        XYSeries represented = new XYSeries("represented features", true, false);
        for (ModelRow m : BestSeeds.perPoint(sweep)) {
            List<FeatureRow> rows = features.get(m.key());
            double p0 = density0(rows);
            if (Double.isNaN(p0)) {
                continue;
            }
            loss.add(p0, m.finalLoss());
            rows.stream().filter(f -> f.feature() == 0).findFirst().ifPresent(f -> norm0.add(p0, f.norm()));
            represented.add(p0, m.representedFeatures());
        }
        if (loss.getItemCount() < 2) {
            return Optional.empty();
        }
        List<JFreeChart> panels = List.of(
                chart("Final loss", loss, "final loss (lowest-loss seed)", 0),
                chart("Varied feature's norm and represented features", both(norm0, represented), "value", 1));
        return Optional.of(new PanelGrid("Perturbing a single feature \u2014 " + DimensionalityFigure.title(sweep),
                "x: density 1\u2212S\u2080 of feature 0 (log); the other features keep 1\u2212S = "
                + Fmt.num(1 - sweep.usableModels().get(0).sparsity()) + "; lowest-loss seed per point",
                panels, 2, 600, 420));
    }

    /** Row 12: collapsed correlated pairs of the lowest-loss seed against 1 / (1 - S). */
    static Optional<ChartFigure> collapse(SweepData sweep) {
        Map<ModelKey, Integer> collapsed = new HashMap<>();
        for (SetGeometryRow r : sweep.derived().setGeometry()) {
            if ("correlated".equals(r.kind())) {
                collapsed.merge(r.key(), r.collapsed(), Integer::sum);
            }
        }
        TreeMap<Double, List<Integer>> byDensity = new TreeMap<>();
        for (ModelRow m : BestSeeds.perPoint(sweep)) {
            Integer c = collapsed.get(m.key());
            if (c != null) {
                byDensity.computeIfAbsent(1 - m.sparsity(), d -> new ArrayList<>()).add(c);
            }
        }
        if (byDensity.size() < 2) {
            return Optional.empty();
        }
        XYSeries s = new XYSeries("collapsed pairs (mean over points)", true, false);
        byDensity.forEach((d, cs) -> s.add(d.doubleValue(), cs.stream().mapToInt(Integer::intValue).average().orElse(0)));
        JFreeChart chart = chart("Collapsed correlated pairs vs density \u2014 " + DimensionalityFigure.title(sweep),
                new XYSeriesCollection(s), "collapsed pairs (lowest-loss seed)", 0, DENSITY);
        chart.getTitle().setFont(ChartStyle.TITLE);
        return Optional.of(new ChartFigure(chart, DimensionalityFigure.WIDTH, DimensionalityFigure.HEIGHT));
    }

    private static XYSeriesCollection both(XYSeries a, XYSeries b) {
        XYSeriesCollection c = new XYSeriesCollection(a);
        c.addSeries(b);
        return c;
    }

    static final String DENSITY0 = "density 1\u2212S\u2080 of feature 0 (log)";
    static final String DENSITY = "density 1\u2212S (log)";

    private static JFreeChart chart(String title, XYSeries s, String yLabel, int colour) {
        return chart(title, new XYSeriesCollection(s), yLabel, colour, DENSITY0);
    }

    private static JFreeChart chart(String title, XYSeriesCollection data, String yLabel, int colour) {
        return chart(title, data, yLabel, colour, DENSITY0);
    }

    private static JFreeChart chart(String title, XYSeriesCollection data, String yLabel, int colour, String xLabel) {
        LogAxis x = new LogAxis(xLabel);
        x.setBase(10);
        x.setNumberFormatOverride(new java.text.DecimalFormat("0.####",
                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)));
        ChartStyle.axis(x);
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(true);
        ChartStyle.axis(y);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int k = 0; k < data.getSeriesCount(); k++) {
            r.setSeriesPaint(k, ChartStyle.series(colour + k));
            r.setSeriesStroke(k, new BasicStroke(2f));
            r.setSeriesShape(k, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        ChartStyle.plot(plot);
        JFreeChart chart = new JFreeChart(title, ChartStyle.SUBTITLE, plot, data.getSeriesCount() > 1);
        ChartStyle.chart(chart);
        chart.getTitle().setFont(ChartStyle.SUBTITLE);
        return chart;
    }
}
