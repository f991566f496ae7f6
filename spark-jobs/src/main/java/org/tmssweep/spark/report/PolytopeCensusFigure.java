package org.tmssweep.spark.report;

import java.awt.BasicStroke;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Polytope census across sparsity, from the derived {@code polytopes} table: for each component label
 * (dedicated, digon, triangle, pentagon, tetrahedron, ...; other k-in-d shapes pooled as "other"), the
 * number of such components in the lowest-loss model of each grid point, averaged over the points of
 * one sparsity and series, against 1/(1-S).
 */
final class PolytopeCensusFigure {
    static final List<String> ORDER = List.of("dedicated", "digon", "triangle", "tetrahedron", "pentagon",
            "square_antiprism", "other");

    private PolytopeCensusFigure() {
    }

    static String group(String label) {
        return ORDER.contains(label) ? label : "other";
    }

    static Optional<Figure> create(SweepData sweep) {
        if (sweep.derived().polytopes().isEmpty()) {
            return Optional.empty();
        }
        Map<ModelKey, Map<String, Integer>> counts = new HashMap<>();
        for (PolytopeRow p : sweep.derived().polytopes()) {
            counts.computeIfAbsent(p.key(), k -> new HashMap<>()).merge(group(p.label()), 1, Integer::sum);
        }
        List<SeriesKey> keys = sweep.seriesKeys();
        // series -> sparsity -> label -> sum, and #models
        XYSeriesCollection data = new XYSeriesCollection();
        List<Double> xs = new ArrayList<>();
        TreeSet<String> present = new TreeSet<>((a, b) -> Integer.compare(ORDER.indexOf(a), ORDER.indexOf(b)));
        Map<String, XYSeries> series = new java.util.LinkedHashMap<>();
        for (SeriesKey key : keys) {
            TreeMap<Double, List<ModelRow>> bySparsity = new TreeMap<>();
            for (ModelRow m : BestSeeds.perPoint(sweep)) {
                if (m.seriesKey().equals(key)) {
                    bySparsity.computeIfAbsent(m.sparsity(), s -> new ArrayList<>()).add(m);
                }
            }
            for (String label : ORDER) {
                String name = keys.size() > 1 ? label + " (" + key.label(keys) + ")" : label;
                XYSeries s = new XYSeries(name, true, false);
                boolean any = false;
                for (Map.Entry<Double, List<ModelRow>> e : bySparsity.entrySet()) {
                    double sum = 0;
                    for (ModelRow m : e.getValue()) {
                        int c = counts.getOrDefault(m.key(), Map.of()).getOrDefault(label, 0);
                        sum += c;
                        any |= c > 0;
                    }
                    double x = 1 / (1 - e.getKey());
                    s.add(x, sum / e.getValue().size());
                    xs.add(x);
                }
                if (any) {
                    series.put(name, s);
                    present.add(label);
                }
            }
        }
        if (series.isEmpty()) {
            return Optional.empty();
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        int k = 0;
        for (XYSeries s : series.values()) {
            data.addSeries(s);
            String label = s.getKey().toString().split(" ")[0];
            r.setSeriesPaint(k, ChartStyle.series(ORDER.indexOf(label)));
            r.setSeriesStroke(k, new BasicStroke(2f));
            r.setSeriesShape(k, new Ellipse2D.Double(-4, -4, 8, 8));
            k++;
        }
        NumberAxis y = new NumberAxis("components per model (lowest-loss seed)");
        y.setAutoRangeIncludesZero(true);
        y.setStandardTickUnits(NumberAxis.createStandardTickUnits());
        ChartStyle.axis(y);
        XYPlot plot = new XYPlot(data, SparsityAxis.create(xs), y, r);
        ChartStyle.plot(plot);
        JFreeChart chart = new JFreeChart("Polytope census vs sparsity \u2014 " + DimensionalityFigure.title(sweep),
                ChartStyle.TITLE, plot, true);
        ChartStyle.chart(chart);
        return Optional.of(new ChartFigure(chart, DimensionalityFigure.WIDTH, DimensionalityFigure.HEIGHT));
    }
}
