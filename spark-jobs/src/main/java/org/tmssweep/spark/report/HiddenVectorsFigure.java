package org.tmssweep.spark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.spark.report.DoubleDescentFigures.Group;
import org.tmssweep.spark.report.DoubleDescentFigures.Model;

/**
 * {@code dd-hidden}, the two regimes of the finite-dataset models in 2-D (Henighan et al. 2023, "Superposition,
 * Memorization, and Double Descent", its figures of the training points' hidden vectors and of the features): for
 * m = 2 and a few T, one model each, the hidden vectors h_i = W x_i of its training points (recomputed from the
 * datapoints table's non-zero features and values and W) above its features W_i as lines from the origin. At
 * small T the h_i form a regular T-gon; at large T the largest features form a pentagon.
 */
final class HiddenVectorsFigure {
    /** The smallest this many T are drawn ... */
    static final int SMALLEST_T = 3;
    /** ... and the largest this many. */
    static final int LARGEST_T = 2;
    /** Up to this T the hidden vectors are drawn as arrows from the origin, beyond it as dots only. */
    static final int ARROWS_UP_TO = 30;
    /** Width and height of a panel, pixels (taller for the titles, so the plot is about square). */
    static final int PANEL_WIDTH = 290;
    static final int PANEL_HEIGHT = 320;
    /** Features with ||W_i|| below this fraction of the longest are left out (invisible at that scale). */
    static final double MIN_DRAWN_NORM = 0.02;
    /** How far from the origin a feature's label may go, in units of the longest feature. */
    static final double LABEL_REACH = 1.32;
    /** The room a feature's label needs across, in units of the longest feature (three digits) ... */
    static final double LABEL_DX = 0.28;
    /** ... and up and down. */
    static final double LABEL_DY = 0.13;

    private HiddenVectorsFigure() {
    }

    /** The T that dd-hidden draws of {@code ts}: the {@link #SMALLEST_T} smallest and {@link #LARGEST_T} largest. */
    static List<Integer> shownT(Collection<Integer> ts) {
        List<Integer> sorted = new ArrayList<>(new TreeSet<>(ts));
        TreeSet<Integer> out = new TreeSet<>(sorted.subList(0, Math.min(SMALLEST_T, sorted.size())));
        out.addAll(sorted.subList(Math.max(0, sorted.size() - LARGEST_T), sorted.size()));
        return new ArrayList<>(out);
    }

    /**
     * The models dd-hidden draws, row by row: for each of the first {@link DoubleDescentFigures#MAX_GROUPS}
     * m = 2 groups and each T of {@link #shownT}, the usable model of the lowest dataset seed index with the
     * lowest test loss (ties: lower init seed). The report loader reads the datapoints of these models only.
     */
    static List<List<Model>> hiddenModels(SweepData sweep) {
        List<List<Model>> out = new ArrayList<>();
        for (Group g : DoubleDescentFigures.groups(sweep)) {
            if (g.key().series().nHidden() != 2) {
                continue;
            }
            TreeMap<Integer, List<Model>> byT = g.byT();
            List<Model> row = new ArrayList<>();
            for (int t : shownT(byT.keySet())) {
                byT.get(t).stream().filter(m -> Double.isFinite(m.data().testLoss()))
                        .min(Comparator.comparingInt((Model m) -> m.data().datasetSeedIndex())
                                .thenComparingDouble(m -> m.data().testLoss())
                                .thenComparingInt(m -> m.row().seed()))
                        .ifPresent(row::add);
            }
            if (!row.isEmpty()) {
                out.add(row);
            }
            if (out.size() == DoubleDescentFigures.MAX_GROUPS) {
                break;
            }
        }
        return out;
    }

    /** The keys of {@link #hiddenModels}. */
    static List<ModelKey> hiddenKeys(SweepData sweep) {
        return hiddenModels(sweep).stream().flatMap(List::stream).map(m -> m.row().key()).toList();
    }

    /**
     * The hidden vectors h_i = x_i W of a model's training points (ReLU'd for the kinds with a ReLU hidden
     * layer, as the datapoints table's hidden_norm), in point order; null when a point names a feature outside
     * W.
     */
    static double[][] hiddenVectors(ModelRow m, double[][] w, List<DatapointRow> points) {
        boolean relu;
        try {
            relu = ModelKind.parse(m.model()).reluHidden();
        } catch (IllegalArgumentException e) {
            relu = false;
        }
        List<DatapointRow> sorted = points.stream().sorted(Comparator.comparingInt(DatapointRow::pointIndex)).toList();
        double[][] h = new double[sorted.size()][];
        for (int i = 0; i < h.length; i++) {
            for (int f : sorted.get(i).features()) {
                if (f < 0 || f >= w.length) {
                    return null;
                }
            }
            h[i] = sorted.get(i).project(w, m.nHidden());
            if (relu) {
                for (int a = 0; a < h[i].length; a++) {
                    h[i][a] = Math.max(0, h[i][a]);
                }
            }
        }
        return h;
    }

    /** The figure; empty without m = 2 dataset models with feature and datapoints rows. */
    static Optional<PanelGrid> create(SweepData sweep) {
        Map<ModelKey, List<FeatureRow>> features = sweep.featuresByModel();
        Map<ModelKey, List<DatapointRow>> points = new HashMap<>();
        for (DatapointRow d : sweep.derived().datapoints()) {
            points.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d);
        }
        List<List<JFreeChart[]>> rows = new ArrayList<>();
        for (List<Model> row : hiddenModels(sweep)) {
            List<JFreeChart[]> pairs = new ArrayList<>();
            for (Model m : row) {
                double[][] w = BestSeeds.weights(m.row(), features.get(m.row().key()));
                List<DatapointRow> ps = points.get(m.row().key());
                double[][] h = w == null || ps == null ? null : hiddenVectors(m.row(), w, ps);
                if (h != null && h.length > 0) {
                    pairs.add(new JFreeChart[] {hiddenPanel(m, h), featurePanel(m, w)});
                }
            }
            if (!pairs.isEmpty()) {
                rows.add(pairs);
            }
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        int columns = rows.stream().mapToInt(List::size).max().orElse(1);
        List<JFreeChart> panels = new ArrayList<>();
        for (List<JFreeChart[]> pairs : rows) {
            for (int part = 0; part < 2; part++) {
                for (int k = 0; k < columns; k++) {
                    panels.add(k < pairs.size() ? pairs.get(k)[part] : blank());
                }
            }
        }
        return Optional.of(new PanelGrid("Training points and features in 2-D vs T \u2014 "
                + DimensionalityFigure.title(sweep),
                "per T: the model of the lowest dataset seed K with the lowest test loss; upper: its training points' "
                + "hidden vectors h\u1d62 = W x\u1d62 (arrows up to T = " + ARROWS_UP_TO + "); lower: the features W\u1d62, "
                + "the " + DoubleDescentFigures.TOP_FEATURES + " longest coloured and labelled", panels, columns,
                PANEL_WIDTH, PANEL_HEIGHT));
    }

    private static JFreeChart hiddenPanel(Model m, double[][] h) {
        XYSeries s = new XYSeries("h", false, true);
        double extent = 0;
        for (double[] hi : h) {
            s.add(hi[0], hi[1]);
            extent = Math.max(extent, Math.max(Math.abs(hi[0]), Math.abs(hi[1])));
        }
        Color colour = ChartStyle.series(0);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        double dot = h.length > 200 ? 2 : 3;
        r.setSeriesShape(0, new Ellipse2D.Double(-dot, -dot, 2 * dot, 2 * dot));
        r.setSeriesPaint(0, h.length > 200 ? ChartStyle.withAlpha(colour, 120) : colour);
        XYPlot p = square(new XYSeriesCollection(s), r, extent);
        if (h.length <= ARROWS_UP_TO) {
            for (double[] hi : h) {
                p.addAnnotation(new XYLineAnnotation(0, 0, hi[0], hi[1], new BasicStroke(1.6f), colour));
            }
        }
        return panelChart("T = " + m.t() + ": hidden vectors h\u1d62", String.format(Locale.ROOT,
                "K %d, seed %d, test loss %s, mean D_X %s", m.data().datasetSeedIndex(), m.row().seed(),
                Fmt.num(m.data().testLoss()), Fmt.num(m.data().meanDataDim())), p);
    }

    private static JFreeChart featurePanel(Model m, double[][] w) {
        int n = w.length;
        double[] norms = new double[n];
        double longest = 0;
        for (int f = 0; f < n; f++) {
            norms[f] = Math.hypot(w[f][0], w[f][1]);
            if (Double.isFinite(norms[f])) {
                longest = Math.max(longest, norms[f]);
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            if (Double.isFinite(norms[f])) {
                order.add(f);
            }
        }
        order.sort(Comparator.comparingDouble((Integer f) -> norms[f]).reversed().thenComparingInt(f -> f));
        List<Integer> top = order.subList(0, Math.min(DoubleDescentFigures.TOP_FEATURES, order.size()));
        XYPlot p = square(new XYSeriesCollection(), new XYLineAndShapeRenderer(), longest * (LABEL_REACH + 0.05));
        Color grey = new Color(120, 120, 120, 110);
        int drawn = 0;
        for (int f : order) {
            if (!top.contains(f) && norms[f] >= MIN_DRAWN_NORM * longest && norms[f] > 0) {
                p.addAnnotation(new XYLineAnnotation(0, 0, w[f][0], w[f][1], new BasicStroke(1f), grey));
                drawn++;
            }
        }
        double[][] labels = labelPositions(top.stream().map(f -> w[f]).toArray(double[][]::new), longest);
        for (int k = top.size() - 1; k >= 0; k--) {
            int f = top.get(k);
            Color c = ChartStyle.series(k);
            p.addAnnotation(new XYLineAnnotation(0, 0, w[f][0], w[f][1], new BasicStroke(2.4f), c));
            XYTextAnnotation t = new XYTextAnnotation(Integer.toString(f), labels[k][0], labels[k][1]);
            t.setFont(new Font(ChartStyle.FAMILY, Font.BOLD, 11));
            t.setPaint(c.darker());
            t.setTextAnchor(TextAnchor.CENTER);
            p.addAnnotation(t);
        }
        return panelChart("T = " + m.t() + ": features W\u1d62", String.format(Locale.ROOT,
                "\u2016W\u2016_F %s, top-%d mean D\u1d62 %s; %d of %d drawn", Fmt.num(m.data().weightFro()),
                DoubleDescentFigures.TOP_FEATURES, Fmt.num(m.data().meanTopFeatureDim()), top.size() + drawn, n), p);
    }

    /**
     * Where the labels of the lines from the origin to {@code ends} go, in order: just beyond each end, or, when
     * that is too close to a label placed before it (closer than {@link #LABEL_DX} across or {@link #LABEL_DY} up
     * and down, in units of {@code longest}, on an ellipse), the first free spot of a few sideways and further out,
     * inside {@link #LABEL_REACH} {@code longest} on both axes; the first spot when none is free.
     */
    static double[][] labelPositions(double[][] ends, double longest) {
        double[][] out = new double[ends.length][];
        for (int k = 0; k < ends.length; k++) {
            double len = Math.hypot(ends[k][0], ends[k][1]);
            double[] dir = len > 1e-12 ? new double[] {ends[k][0] / len, ends[k][1] / len} : new double[] {1, 0};
            double r0 = len + 0.07 * longest;
            double step = LABEL_DY * longest;
            out[k] = new double[] {dir[0] * r0, dir[1] * r0};
            search:
            for (int out1 = 0; out1 < 3; out1++) {
                for (int side : new int[] {0, 1, -1, 2, -2}) {
                    double r = r0 + out1 * step;
                    double[] at = {dir[0] * r - dir[1] * side * step, dir[1] * r + dir[0] * side * step};
                    boolean inside = Math.abs(at[0]) <= LABEL_REACH * longest && Math.abs(at[1]) <= LABEL_REACH * longest;
                    if (inside && free(at, out, k, longest)) {
                        out[k] = at;
                        break search;
                    }
                }
            }
        }
        return out;
    }

    private static boolean free(double[] at, double[][] placed, int count, double longest) {
        for (int j = 0; j < count; j++) {
            double dx = (at[0] - placed[j][0]) / (LABEL_DX * longest);
            double dy = (at[1] - placed[j][1]) / (LABEL_DY * longest);
            if (dx * dx + dy * dy < 1) {
                return false;
            }
        }
        return true;
    }

    /** An XY plot with both axes on [-extent, extent] (1 when the extent is 0 or not finite) and zero lines. */
    private static XYPlot square(XYSeriesCollection data, XYLineAndShapeRenderer r, double extent) {
        double e = extent > 0 && Double.isFinite(extent) ? extent * 1.08 : 1;
        NumberAxis x = new NumberAxis();
        NumberAxis y = new NumberAxis();
        for (NumberAxis a : new NumberAxis[] {x, y}) {
            a.setAutoRange(false);
            a.setRange(-e, e);
            a.setTickLabelFont(ChartStyle.SMALL);
        }
        XYPlot p = new XYPlot(data, x, y, r);
        ChartStyle.plot(p);
        p.setDomainGridlinesVisible(false);
        p.setRangeGridlinesVisible(false);
        p.setDomainZeroBaselineVisible(true);
        p.setRangeZeroBaselineVisible(true);
        return p;
    }

    private static JFreeChart panelChart(String title, String subtitle, XYPlot p) {
        JFreeChart chart = new JFreeChart(title, ChartStyle.SUBTITLE, p, false);
        ChartStyle.chart(chart);
        chart.getTitle().setFont(ChartStyle.SUBTITLE);
        chart.addSubtitle(new TextTitle(subtitle, new Font(ChartStyle.FAMILY, Font.PLAIN, 10)));
        return chart;
    }

    /** An empty cell of a panel grid. */
    private static JFreeChart blank() {
        XYPlot p = new XYPlot();
        p.setOutlineVisible(false);
        p.setBackgroundPaint(Color.WHITE);
        JFreeChart chart = new JFreeChart(null, null, p, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
