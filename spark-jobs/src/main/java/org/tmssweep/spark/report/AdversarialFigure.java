package org.tmssweep.spark.report;

import java.awt.BasicStroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Adversarial vulnerability against sparsity, from the derived {@code attacks} table (the paper's
 * "superposition makes models vulnerable" figure): per series, the vulnerability
 * (L'−L)/(L'₀−L₀) of the lowest-loss seed of each grid point, averaged over the points of one
 * sparsity (left axis), beside features per dimension ‖W‖²_F/m of the same models (right axis),
 * against 1/(1−S). Models whose vulnerability is undefined (NaN) are left out.
 */
final class AdversarialFigure {
    private AdversarialFigure() {
    }

    /** Mean of the finite values per sparsity, in ascending 1/(1-S). */
    static TreeMap<Double, Double> means(List<ModelRow> models, Map<ModelKey, Double> value) {
        TreeMap<Double, double[]> acc = new TreeMap<>();
        for (ModelRow m : models) {
            Double v = value.get(m.key());
            if (v == null || !Double.isFinite(v)) {
                continue;
            }
            double[] a = acc.computeIfAbsent(1 / (1 - m.sparsity()), x -> new double[2]);
            a[0] += v;
            a[1]++;
        }
        TreeMap<Double, Double> out = new TreeMap<>();
        acc.forEach((x, a) -> out.put(x, a[0] / a[1]));
        return out;
    }

    static Optional<Figure> create(SweepData sweep) {
        if (sweep.derived().attacks().isEmpty()) {
            return Optional.empty();
        }
        Map<ModelKey, Double> vulnerability = new HashMap<>();
        Map<ModelKey, Double> perDim = new HashMap<>();
        for (AttackRow a : sweep.derived().attacks()) {
            vulnerability.put(a.key(), a.vulnerability());
            perDim.put(a.key(), a.featuresPerDim());
        }
        List<SeriesKey> keys = sweep.seriesKeys();
        List<ModelRow> best = BestSeeds.perPoint(sweep);
        XYSeriesCollection left = new XYSeriesCollection();
        XYSeriesCollection right = new XYSeriesCollection();
        List<Double> xs = new ArrayList<>();
        for (SeriesKey key : keys) {
            List<ModelRow> mine = best.stream().filter(m -> m.seriesKey().equals(key)).toList();
            String suffix = keys.size() > 1 ? " (" + key.label(keys) + ")" : "";
            XYSeries v = new XYSeries("vulnerability" + suffix, true, false);
            means(mine, vulnerability).forEach((x, y) -> {
                v.add(x, y);
                xs.add(x);
            });
            XYSeries f = new XYSeries("features per dimension \u2016W\u2016\u00b2_F/m" + suffix, true, false);
            means(mine, perDim).forEach((x, y) -> {
                f.add(x, y);
                xs.add(x);
            });
            if (v.getItemCount() > 0) {
                left.addSeries(v);
            }
            if (f.getItemCount() > 0) {
                right.addSeries(f);
            }
        }
        if (left.getSeriesCount() == 0) {
            return Optional.empty();
        }
        XYLineAndShapeRenderer rv = new XYLineAndShapeRenderer(true, true);
        for (int k = 0; k < left.getSeriesCount(); k++) {
            rv.setSeriesPaint(k, ChartStyle.series(2 * k));
            rv.setSeriesStroke(k, new BasicStroke(2.2f));
            rv.setSeriesShape(k, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        XYLineAndShapeRenderer rf = new XYLineAndShapeRenderer(true, true);
        for (int k = 0; k < right.getSeriesCount(); k++) {
            rf.setSeriesPaint(k, ChartStyle.series(2 * k + 1));
            rf.setSeriesStroke(k, ChartStyle.DASHED);
            rf.setSeriesShape(k, new Rectangle2D.Double(-3, -3, 6, 6));
        }
        NumberAxis y = new NumberAxis("vulnerability (L\u2032\u2212L)/(L\u2032\u2080\u2212L\u2080)  (1 = no superposition)");
        y.setAutoRangeIncludesZero(true);
        ChartStyle.axis(y);
        NumberAxis y2 = new NumberAxis("features per dimension \u2016W\u2016\u00b2_F / m");
        y2.setAutoRangeIncludesZero(true);
        ChartStyle.axis(y2);
        XYPlot plot = new XYPlot(left, SparsityAxis.create(xs), y, rv);
        plot.setRangeAxis(1, y2);
        plot.setDataset(1, right);
        plot.mapDatasetToRangeAxis(1, 1);
        plot.setRenderer(1, rf);
        ChartStyle.plot(plot);
        JFreeChart chart = new JFreeChart("Adversarial vulnerability vs sparsity \u2014 " + DimensionalityFigure.title(sweep),
                ChartStyle.TITLE, plot, true);
        ChartStyle.chart(chart);
        return Optional.of(new ChartFigure(chart, DimensionalityFigure.WIDTH, DimensionalityFigure.HEIGHT));
    }
}
