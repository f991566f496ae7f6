package org.tmssweep.spark.report;

import java.awt.Color;
import java.awt.Paint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.tmssweep.core.analysis.NeuronStats;
import org.tmssweep.core.analysis.NeuronSummary;

/**
 * The paper's computation-in-superposition figure for abs models (h = ReLU(W1 x), y' = ReLU(W2 h + b)): per
 * neuron k a stacked bar of |W1_kf| after the footnote-15 normalisation (largest weight of the neuron = 1),
 * one segment per feature f; neurons sorted by the importance of their largest feature (most important
 * first); one panel per grid point (lowest-loss seed), i.e. per sparsity. A monosemantic neuron is a bar
 * of height ~1 in one colour; a polysemantic one has further segments (|W1_kf| &ge; 0.1 of the largest,
 * NeuronStats, the neurons table's rule). Colours: feature f in importance order (palette for n &le; 10,
 * otherwise a dark-to-yellow scale from the most to the least important feature); the weights below the
 * threshold are summed into one light-grey segment on top, so many tiny weights do not read as features.
 */
final class ComputationFigure {
    static final int MAX_PANELS = 12;
    static final String KIND = "abs";
    /** The top segment of each bar: the summed |weights| below the stored threshold (0.1 of the largest). */
    static final String OTHERS = "others < 0.1 (sum)";
    static final Color OTHERS_COLOR = new Color(200, 200, 200);

    private ComputationFigure() {
    }

    static Optional<PanelGrid> create(SweepData sweep) {
        Map<ModelKey, List<FeatureRow>> features = sweep.featuresByModel();
        List<ModelRow> shown = new ArrayList<>();
        List<double[][]> ws = new ArrayList<>();
        List<double[]> importances = new ArrayList<>();
        for (ModelRow m : BestSeeds.perPoint(sweep)) {
            if (!KIND.equals(m.model())) {
                continue;
            }
            List<FeatureRow> rows = features.get(m.key());
            double[][] w = BestSeeds.weights(m, rows);
            if (w != null) {
                double[] imp = new double[m.nFeatures()];
                for (FeatureRow f : rows) {
                    imp[f.feature()] = f.importance();
                }
                shown.add(m);
                ws.add(w);
                importances.add(imp);
            }
        }
        if (shown.isEmpty()) {
            return Optional.empty();
        }
        List<JFreeChart> panels = new ArrayList<>();
        for (int k : BestSeeds.thin(IntStream.range(0, shown.size()).boxed().toList(), MAX_PANELS)) {
            panels.add(panel(shown.get(k), ws.get(k), importances.get(k)));
        }
        int hidden = shown.get(0).nHidden();
        int width = Math.max(480, Math.min(900, 18 * hidden + 180));
        int columns = hidden > 12 ? 2 : 4;
        return Optional.of(new PanelGrid("Computation: |W\u2081| per neuron \u2014 " + DimensionalityFigure.title(sweep),
                "one panel per grid point (lowest-loss seed); bar = neuron (sorted by the importance of its largest "
                + "feature), segments = |W\u2081\u2096\u1da0| / max\u1da0|W\u2081\u2096\u1da0| \u2265 0.1 coloured by feature f "
                + "(dark = important), grey = sum of the smaller ones",
                panels, Math.min(columns, panels.size()), width, 340));
    }

    /** Neuron order of the figure: by decreasing importance of the primary feature; dead neurons last. */
    static List<Integer> order(List<NeuronSummary> neurons, double[] importance) {
        return neurons.stream().sorted(Comparator
                        .comparingDouble((NeuronSummary s) -> s.primaryFeature() < 0 ? Double.POSITIVE_INFINITY
                                : -importance[s.primaryFeature()])
                        .thenComparingInt(NeuronSummary::primaryFeature).thenComparingInt(NeuronSummary::neuron))
                .map(NeuronSummary::neuron).toList();
    }

    /** Colour of feature f among n (features in importance order as given by the importance vector). */
    static Paint color(int rank, int n) {
        if (n <= 10) {
            return ChartStyle.series(rank);
        }
        return ColorScales.viridis(0, n - 1).getPaint(rank);
    }

    static JFreeChart panel(ModelRow m, double[][] w, double[] importance) {
        int n = w.length;
        List<NeuronSummary> neurons = NeuronStats.summaries(w);
        List<NeuronStats.NormalisedNeuron> normalised = NeuronStats.normalised(w, null);
        List<Integer> order = order(neurons, importance);
        Integer[] byImportance = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingDouble((Integer f) -> -importance[f]).thenComparingInt(f -> f))
                .toArray(Integer[]::new);
        int[] rank = new int[n];
        for (int r = 0; r < n; r++) {
            rank[byImportance[r]] = r;
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int r = 0; r < n; r++) {
            int f = byImportance[r];
            for (int k : order) {
                double v = Math.abs(normalised.get(k).read()[f]);
                data.addValue(v >= NeuronStats.STORED_FRACTION ? v : 0.0, "feature " + f, Integer.toString(k));
            }
        }
        for (int k : order) {
            double rest = 0;
            for (double v : normalised.get(k).read()) {
                rest += Math.abs(v) < NeuronStats.STORED_FRACTION ? Math.abs(v) : 0;
            }
            data.addValue(rest, OTHERS, Integer.toString(k));
        }
        long mono = neurons.stream().filter(NeuronSummary::monosemantic).count();
        long poly = NeuronStats.polysemanticCount(neurons);
        int stored = NeuronStats.storedFeatureCount(w, NeuronStats.STORED_FRACTION);
        StackedBarRenderer r = new StackedBarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(n <= 20);
        r.setDefaultOutlinePaint(Color.WHITE);
        for (int s = 0; s < n; s++) {
            r.setSeriesPaint(s, color(s, n));
        }
        r.setSeriesPaint(n, OTHERS_COLOR);
        CategoryAxis x = new CategoryAxis("neuron (by importance of its largest feature)");
        x.setTickLabelFont(ChartStyle.SMALL);
        x.setLabelFont(ChartStyle.SMALL);
        if (w[0].length > 16) {
            x.setCategoryLabelPositions(CategoryLabelPositions.UP_90);
        }
        NumberAxis y = new NumberAxis("|W\u2081\u2096\u1da0| / max");
        y.setTickLabelFont(ChartStyle.SMALL);
        y.setLabelFont(ChartStyle.SMALL);
        CategoryPlot p = new CategoryPlot(data, x, y, r);
        p.setOrientation(PlotOrientation.VERTICAL);
        p.setBackgroundPaint(Color.WHITE);
        p.setRangeGridlinePaint(ChartStyle.GRID);
        JFreeChart chart = new JFreeChart("1\u2212S = " + Fmt.num(1 - m.sparsity()) + ": " + mono + " mono, " + poly
                + " poly, " + stored + " features", ChartStyle.SUBTITLE, p, n <= 12);
        ChartStyle.chart(chart);
        chart.getTitle().setFont(ChartStyle.SUBTITLE);
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(ChartStyle.SMALL);
        }
        return chart;
    }
}
