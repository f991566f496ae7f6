package org.tmssweep.spark.report;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Learning dynamics (paper row 13, "energy-level jumps"), from the {@code curves} table: for each of the first
 * {@link #MAX_MODELS} usable models with curves (grid order), a panel with D_i(t), one line per feature, above
 * the loss(t) on a log axis, sharing the step axis. Absent when the sweep recorded no curves.
 */
final class LearningCurvesFigure {
    static final int MAX_MODELS = 4;
    static final int PANEL_WIDTH = 640;
    static final int PANEL_HEIGHT = 560;
    /** Reference levels of D_i drawn as dashed lines. */
    static final double[] LEVELS = {1.0, 2.0 / 3, 0.5, 1.0 / 3};

    private LearningCurvesFigure() {
    }

    /** The models drawn, in grid order: usable models of the sweep that have curve rows, at most MAX_MODELS. */
    static List<ModelRow> models(SweepData sweep) {
        java.util.Set<ModelKey> withCurves = new java.util.HashSet<>();
        for (CurveRow c : sweep.derived().curves()) {
            withCurves.add(c.key());
        }
        return sweep.usableModels().stream().filter(m -> withCurves.contains(m.key())).limit(MAX_MODELS).toList();
    }

    static Optional<Figure> create(SweepData sweep) {
        List<ModelRow> models = models(sweep);
        if (models.isEmpty()) {
            return Optional.empty();
        }
        Map<ModelKey, List<CurveRow>> byModel = new TreeMap<>();
        for (CurveRow c : sweep.derived().curves()) {
            byModel.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
        }
        List<JFreeChart> panels = new ArrayList<>();
        for (ModelRow m : models) {
            panels.add(panel(m, byModel.get(m.key())));
        }
        int columns = Math.min(2, panels.size());
        String subtitle = "one line per feature: D\u1d62 = \u2016W\u1d62\u2016\u00b2 / \u03a3\u2c7c(\u0174\u1d62\u00b7W\u2c7c)\u00b2; "
                + "loss on a fixed evaluation set";
        return Optional.of(new PanelGrid("Learning dynamics \u2014 " + DimensionalityFigure.title(sweep), subtitle,
                panels, columns, PANEL_WIDTH, PANEL_HEIGHT));
    }

    private static JFreeChart panel(ModelRow m, List<CurveRow> rows) {
        TreeMap<Integer, XYSeries> perFeature = new TreeMap<>();
        TreeMap<Integer, Double> loss = new TreeMap<>();
        for (CurveRow c : rows) {
            XYSeries s = perFeature.computeIfAbsent(c.feature(), f -> new XYSeries("f" + f, true, false));
            if (Double.isFinite(c.dimensionality())) {
                s.addOrUpdate(c.step(), c.dimensionality());
            }
            if (Double.isFinite(c.loss()) && c.loss() > 0) {
                loss.put(c.step(), c.loss());
            }
        }
        XYSeriesCollection dims = new XYSeriesCollection();
        XYLineAndShapeRenderer dimRenderer = new XYLineAndShapeRenderer(true, false);
        int k = 0;
        for (XYSeries s : perFeature.values()) {
            dims.addSeries(s);
            dimRenderer.setSeriesPaint(k, ChartStyle.series(k));
            dimRenderer.setSeriesStroke(k, new BasicStroke(1.6f));
            k++;
        }
        NumberAxis dAxis = new NumberAxis("D\u1d62");
        dAxis.setRange(0, 1.05);
        ChartStyle.axis(dAxis);
        XYPlot dPlot = new XYPlot(dims, null, dAxis, dimRenderer);
        ChartStyle.plot(dPlot);
        for (double level : LEVELS) {
            dPlot.addRangeMarker(new ValueMarker(level, ChartStyle.REFERENCE, ChartStyle.DASHED));
        }

        XYSeries lossSeries = new XYSeries("loss", true, false);
        loss.forEach(lossSeries::add);
        double lo = loss.values().stream().mapToDouble(Double::doubleValue).min().orElse(1e-3);
        double hi = loss.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double[] range = SparsityAxis.withMajorTick(lo / 1.2, hi * 1.2);
        LogAxis lAxis = new LogTicksAxis("loss (log)", range[0], range[1]);
        lAxis.setNumberFormatOverride(new java.text.DecimalFormat("0.#####",
                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)));
        ChartStyle.axis(lAxis);
        XYLineAndShapeRenderer lossRenderer = new XYLineAndShapeRenderer(true, false);
        lossRenderer.setSeriesPaint(0, java.awt.Color.BLACK);
        lossRenderer.setSeriesStroke(0, new BasicStroke(1.8f));
        XYPlot lPlot = new XYPlot(new XYSeriesCollection(lossSeries), null, lAxis, lossRenderer);
        ChartStyle.plot(lPlot);

        NumberAxis step = new NumberAxis("training step");
        step.setAutoRangeIncludesZero(true);
        ChartStyle.axis(step);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(step);
        plot.setGap(8);
        plot.add(dPlot, 3);
        plot.add(lPlot, 2);
        String title = String.format(java.util.Locale.ROOT, "n=%d m=%d S=%s seed %d, final loss %s", m.nFeatures(),
                m.nHidden(), Fmt.num(m.sparsity()), m.seed(), Fmt.num(m.finalLoss()));
        JFreeChart chart = new JFreeChart(title, ChartStyle.SUBTITLE, plot, false);
        ChartStyle.chart(chart);
        return chart;
    }
}
