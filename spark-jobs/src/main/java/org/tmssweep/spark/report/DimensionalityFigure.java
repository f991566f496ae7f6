package org.tmssweep.spark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
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
 * Figure (a): dimensions per feature against 1/(1-S) (paper, "Feature dimensionality"). Per model
 * D* = m/||W||_F^2 averaged over seeds as a line; each feature's D_i as a light scatter; the paper's
 * "sticky" fractions as labelled horizontal lines.
 */
final class DimensionalityFigure {
    static final int WIDTH = 1000;
    static final int HEIGHT = 640;

    /** The paper's sticky fractions and the geometry each one stands for. */
    static final List<Fraction> STICKY = List.of(
            new Fraction(1, 1, "1  orthogonal / dedicated", false),
            new Fraction(3, 4, "3/4  tetrahedron", false),
            new Fraction(2, 3, "2/3  triangle", false),
            new Fraction(1, 2, "1/2  antipodal pair", false),
            new Fraction(2, 5, "2/5  pentagon", false),
            new Fraction(3, 8, "3/8  square antiprism", true));

    /** A reference fraction a/b; {@code labelLeft} puts its label on the left to avoid collisions. */
    record Fraction(int numerator, int denominator, String label, boolean labelLeft) {
        double value() {
            return (double) numerator / denominator;
        }
    }

    private DimensionalityFigure() {
    }

    static Figure create(SweepData sweep) {
        List<ModelRow> usable = sweep.usableModels();
        List<SeriesKey> keys = sweep.seriesKeys();
        Map<ModelKey, ModelRow> byKey = usable.stream()
                .collect(Collectors.toMap(ModelRow::key, Function.identity()));

        XYSeriesCollection scatter = new XYSeriesCollection();
        XYSeriesCollection lines = new XYSeriesCollection();
        List<Double> xs = new ArrayList<>();
        double maxY = 1.0;
        for (SeriesKey key : keys) {
            String label = key.label(keys);
            XYSeries perFeature = new XYSeries("D\u1d62 per feature (" + label + ")", false, true);
            for (FeatureRow f : sweep.features()) {
                ModelRow m = byKey.get(f.key());
                if (m != null && m.seriesKey().equals(key) && Double.isFinite(f.dimensionality())) {
                    perFeature.add(m.inverseDensity(), f.dimensionality());
                }
            }
            scatter.addSeries(perFeature);
            XYSeries mean = new XYSeries("D* = m/\u2016W\u2016\u00b2_F, mean over seeds (" + label + ")", true, false);
            Map<Double, List<ModelRow>> bySparsity = new TreeMap<>();
            usable.stream().filter(m -> m.seriesKey().equals(key))
                    .forEach(m -> bySparsity.computeIfAbsent(m.sparsity(), s -> new ArrayList<>()).add(m));
            for (List<ModelRow> ms : bySparsity.values()) {
                double d = ms.stream().mapToDouble(ModelRow::dimsPerFeature).average().orElse(Double.NaN);
                double x = ms.get(0).inverseDensity();
                mean.add(x, d);
                xs.add(x);
                maxY = Math.max(maxY, d);
            }
            lines.addSeries(mean);
        }

        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        XYLineAndShapeRenderer means = new XYLineAndShapeRenderer(true, true);
        for (int s = 0; s < keys.size(); s++) {
            Color c = ChartStyle.series(s);
            dots.setSeriesPaint(s, ChartStyle.withAlpha(c, 70));
            dots.setSeriesShape(s, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
            means.setSeriesPaint(s, c);
            means.setSeriesStroke(s, new BasicStroke(2.2f));
            means.setSeriesShape(s, new Ellipse2D.Double(-4, -4, 8, 8));
        }

        NumberAxis y = new NumberAxis("dimensions per feature");
        y.setAutoRange(false);
        y.setRange(0, Math.max(1.1, maxY * 1.05));
        ChartStyle.axis(y);
        XYPlot plot = new XYPlot(lines, SparsityAxis.create(xs.isEmpty() ? List.of(1.0) : xs), y, means);
        plot.setDataset(1, scatter);
        plot.setRenderer(1, dots);
        // Dataset 0 (the D* lines) is drawn last, on top of the scatter.
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
        ChartStyle.plot(plot);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        for (Fraction f : STICKY) {
            plot.addRangeMarker(marker(f));
        }
        ValueMarker zero = new ValueMarker(0, ChartStyle.REFERENCE, ChartStyle.DOTTED);
        plot.addRangeMarker(zero);

        JFreeChart chart = new JFreeChart("Dimensions per feature vs sparsity \u2014 " + title(sweep),
                ChartStyle.TITLE, plot, true);
        ChartStyle.chart(chart);
        return new ChartFigure(chart, WIDTH, HEIGHT);
    }

    static String title(SweepData sweep) {
        return sweep.sweep().name().isEmpty() ? sweep.sweep().sweepId() : sweep.sweep().name();
    }

    private static ValueMarker marker(Fraction f) {
        ValueMarker m = new ValueMarker(f.value(), ChartStyle.REFERENCE, ChartStyle.DASHED);
        m.setLabel(f.label());
        m.setLabelFont(new Font(ChartStyle.FAMILY, Font.PLAIN, 12));
        m.setLabelPaint(ChartStyle.REFERENCE);
        m.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        if (f.labelLeft()) {
            m.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        } else {
            m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        }
        m.setLabelOffset(new RectangleInsets(2, 6, 2, 6));
        return m;
    }
}
