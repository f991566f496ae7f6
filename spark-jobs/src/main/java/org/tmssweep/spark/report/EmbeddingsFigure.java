package org.tmssweep.spark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.TextAnchor;

/**
 * The paper's intro figure ("As sparsity increases, models use superposition"; notebook
 * {@code plot_intro_diagram}) for m = 2 models: each feature's embedding W_f drawn as a line from the
 * origin, labelled with its index, one small panel per grid point (lowest-loss seed), axes ±1.5.
 */
final class EmbeddingsFigure {
    static final int MAX_PANELS = 20;
    static final int COLUMNS = 5;
    static final int PANEL = 250;
    static final double LIMIT = 1.5;

    private EmbeddingsFigure() {
    }

    /** Empty unless the sweep has usable m = 2 models with complete feature rows. */
    static Optional<PanelGrid> create(SweepData sweep) {
        Map<ModelKey, List<FeatureRow>> features = sweep.featuresByModel();
        List<JFreeChart> panels = new ArrayList<>();
        List<ModelRow> shown = new ArrayList<>();
        List<double[][]> ws = new ArrayList<>();
        for (ModelRow m : BestSeeds.perPoint(sweep)) {
            if (m.nHidden() != 2) {
                continue;
            }
            double[][] w = BestSeeds.weights(m, features.get(m.key()));
            if (w != null) {
                shown.add(m);
                ws.add(w);
            }
        }
        if (shown.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> idx = BestSeeds.thin(java.util.stream.IntStream.range(0, shown.size()).boxed().toList(),
                MAX_PANELS);
        for (int k : idx) {
            panels.add(panel(shown.get(k), ws.get(k)));
        }
        return Optional.of(new PanelGrid("Feature embeddings W\u1d62 in 2-D \u2014 " + DimensionalityFigure.title(sweep),
                "one panel per grid point (lowest-loss seed); line i = W\u1d62 from the origin, labelled i "
                + "(feature 0 most important when importance decays); axes \u00b11.5", panels,
                Math.min(COLUMNS, panels.size()), PANEL, PANEL));
    }

    static JFreeChart panel(ModelRow m, double[][] w) {
        Color[] colours = new Color[w.length];
        for (int f = 0; f < w.length; f++) {
            colours[f] = ChartStyle.series(f);
        }
        return panel("1\u2212S = " + Fmt.num(1 - m.sparsity()) + "  (seed " + m.seed() + ")", w, colours);
    }

    /** One 2-D panel: W_f as a line from the origin in {@code colours[f]}, labelled f. */
    static JFreeChart panel(String title, double[][] w, Color[] colours) {
        NumberAxis x = new NumberAxis();
        NumberAxis y = new NumberAxis();
        for (NumberAxis a : new NumberAxis[] {x, y}) {
            a.setAutoRange(false);
            a.setRange(-LIMIT, LIMIT);
            a.setTickLabelFont(ChartStyle.SMALL);
        }
        XYPlot p = new XYPlot(null, x, y, new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer());
        ChartStyle.plot(p);
        p.setDomainGridlinesVisible(false);
        p.setRangeGridlinesVisible(false);
        p.setDomainZeroBaselineVisible(true);
        p.setRangeZeroBaselineVisible(true);
        for (int f = 0; f < w.length; f++) {
            Color c = colours[f];
            double wx = w[f][0];
            double wy = w[f][1];
            p.addAnnotation(new XYLineAnnotation(0, 0, wx, wy, new BasicStroke(2.4f), c));
            p.addAnnotation(new XYShapeAnnotation(new Ellipse2D.Double(wx - 0.06, wy - 0.06, 0.12, 0.12), null, null, c));
            double len = Math.hypot(wx, wy);
            double scale = len > 1e-9 ? (len + 0.18) / len : 0;
            XYTextAnnotation t = new XYTextAnnotation(Integer.toString(f), wx * scale, wy * scale);
            t.setFont(new Font(ChartStyle.FAMILY, Font.BOLD, 12));
            t.setPaint(c.darker());
            t.setTextAnchor(TextAnchor.CENTER);
            p.addAnnotation(t);
        }
        JFreeChart chart = new JFreeChart(title, ChartStyle.SUBTITLE, p, false);
        ChartStyle.chart(chart);
        chart.getTitle().setFont(ChartStyle.SUBTITLE);
        return chart;
    }
}
