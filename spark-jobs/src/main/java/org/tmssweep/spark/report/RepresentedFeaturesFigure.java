package org.tmssweep.spark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Figure (b): number of represented features (||W_i|| > 0.5) per model against 1/(1-S), with the
 * hidden dimension m as a dashed line: points above it are models in superposition.
 */
final class RepresentedFeaturesFigure {
    static final int WIDTH = 1000;
    static final int HEIGHT = 560;

    private RepresentedFeaturesFigure() {
    }

    static Figure create(SweepData sweep) {
        List<ModelRow> usable = sweep.usableModels();
        List<SeriesKey> keys = sweep.seriesKeys();
        XYSeriesCollection lines = new XYSeriesCollection();
        XYSeriesCollection seeds = new XYSeriesCollection();
        List<Double> xs = new ArrayList<>();
        double maxY = 1;
        for (SeriesKey key : keys) {
            String label = key.label(keys);
            XYSeries mean = new XYSeries("mean over seeds (" + label + ")", true, false);
            XYSeries each = new XYSeries("each model (" + label + ")", false, true);
            Map<Double, List<ModelRow>> bySparsity = new TreeMap<>();
            usable.stream().filter(m -> m.seriesKey().equals(key))
                    .forEach(m -> bySparsity.computeIfAbsent(m.sparsity(), s -> new ArrayList<>()).add(m));
            for (List<ModelRow> ms : bySparsity.values()) {
                double x = ms.get(0).inverseDensity();
                xs.add(x);
                mean.add(x, ms.stream().mapToInt(ModelRow::representedFeatures).average().orElse(Double.NaN));
                for (ModelRow m : ms) {
                    each.add(x, m.representedFeatures());
                    maxY = Math.max(maxY, m.representedFeatures());
                }
            }
            lines.addSeries(mean);
            seeds.addSeries(each);
        }
        XYLineAndShapeRenderer meanRenderer = new XYLineAndShapeRenderer(true, true);
        XYLineAndShapeRenderer seedRenderer = new XYLineAndShapeRenderer(false, true);
        for (int s = 0; s < keys.size(); s++) {
            Color c = ChartStyle.series(s);
            meanRenderer.setSeriesPaint(s, c);
            meanRenderer.setSeriesStroke(s, new BasicStroke(2.2f));
            meanRenderer.setSeriesShape(s, new Ellipse2D.Double(-4, -4, 8, 8));
            seedRenderer.setSeriesPaint(s, ChartStyle.withAlpha(c, 90));
            seedRenderer.setSeriesShape(s, new Ellipse2D.Double(-3, -3, 6, 6));
        }

        TreeSet<Integer> hidden = new TreeSet<>();
        TreeSet<Integer> features = new TreeSet<>();
        keys.forEach(k -> {
            hidden.add(k.nHidden());
            features.add(k.nFeatures());
        });
        maxY = Math.max(maxY, features.isEmpty() ? 1 : features.last());

        NumberAxis y = new NumberAxis("represented features  (count of \u2016W\u1d62\u2016 > 0.5)");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        y.setAutoRange(false);
        y.setRange(0, maxY * 1.08 + 0.5);
        ChartStyle.axis(y);
        XYPlot plot = new XYPlot(lines, SparsityAxis.create(xs.isEmpty() ? List.of(1.0) : xs), y, meanRenderer);
        plot.setDataset(1, seeds);
        plot.setRenderer(1, seedRenderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
        ChartStyle.plot(plot);
        for (int m : hidden) {
            plot.addRangeMarker(marker(m, "n_hidden = m = " + m + "  (more points above: superposition)",
                    ChartStyle.DASHED, false));
        }
        for (int n : features) {
            if (!hidden.contains(n)) {
                plot.addRangeMarker(marker(n, "n_features = " + n, ChartStyle.DOTTED, true));
            }
        }
        JFreeChart chart = new JFreeChart("Represented features vs sparsity \u2014 "
                + DimensionalityFigure.title(sweep), ChartStyle.TITLE, plot, true);
        ChartStyle.chart(chart);
        return new ChartFigure(chart, WIDTH, HEIGHT);
    }

    private static ValueMarker marker(double value, String label, java.awt.Stroke stroke, boolean above) {
        ValueMarker m = new ValueMarker(value, ChartStyle.REFERENCE, stroke);
        m.setLabel(label);
        m.setLabelFont(ChartStyle.SMALL.deriveFont(12f));
        m.setLabelPaint(ChartStyle.REFERENCE);
        m.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        // n_features above its line on the left; n_hidden below its line on the right, where sparse
        // models (which rise above m) leave room.
        m.setLabelAnchor(above ? RectangleAnchor.TOP_LEFT : RectangleAnchor.BOTTOM_RIGHT);
        m.setLabelTextAnchor(above ? TextAnchor.BOTTOM_LEFT : TextAnchor.TOP_RIGHT);
        m.setLabelOffset(new RectangleInsets(3, 6, 3, 6));
        return m;
    }
}
