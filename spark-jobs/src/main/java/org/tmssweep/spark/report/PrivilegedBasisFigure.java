package org.tmssweep.spark.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.tmssweep.core.analysis.NeuronStats;
import org.tmssweep.core.analysis.NeuronSummary;

/**
 * The paper's privileged-basis figure for relu_hidden models: per neuron k a stacked bar of its
 * weights W_kf, one colour per feature (positive weights stacked up, negative down), one panel per
 * grid point (lowest-loss seed). The panel title counts monosemantic / polysemantic neurons and the
 * features stored (NeuronStats: |W_kf| &ge; 0.1 max_f |W_kf|), the same rule as the neurons table.
 */
final class PrivilegedBasisFigure {
    static final int MAX_PANELS = 12;
    static final int COLUMNS = 4;

    private PrivilegedBasisFigure() {
    }

    static Optional<PanelGrid> create(SweepData sweep) {
        Map<ModelKey, List<FeatureRow>> features = sweep.featuresByModel();
        List<ModelRow> shown = new ArrayList<>();
        List<double[][]> ws = new ArrayList<>();
        for (ModelRow m : BestSeeds.perPoint(sweep)) {
            if (!"relu_hidden".equals(m.model())) {
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
        List<JFreeChart> panels = new ArrayList<>();
        for (int k : BestSeeds.thin(java.util.stream.IntStream.range(0, shown.size()).boxed().toList(), MAX_PANELS)) {
            panels.add(panel(shown.get(k), ws.get(k)));
        }
        int width = Math.max(300, Math.min(460, 60 * shown.get(0).nHidden() + 160));
        return Optional.of(new PanelGrid("Privileged basis: weights per neuron \u2014 " + DimensionalityFigure.title(sweep),
                "one panel per grid point (lowest-loss seed); bar = neuron k, segments = W\u2096\u1da0 coloured by "
                + "feature f (positive up, negative down); mono/poly: features with |W\u2096\u1da0| \u2265 0.1\u00b7max",
                panels, Math.min(COLUMNS, panels.size()), width, 330));
    }

    static JFreeChart panel(ModelRow m, double[][] w) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        int n = w.length;
        int hidden = w[0].length;
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < hidden; k++) {
                data.addValue(w[f][k], "feature " + f, Integer.toString(k));
            }
        }
        List<NeuronSummary> neurons = NeuronStats.summaries(w);
        long mono = neurons.stream().filter(NeuronSummary::monosemantic).count();
        long poly = NeuronStats.polysemanticCount(neurons);
        int stored = NeuronStats.storedFeatureCount(w, NeuronStats.STORED_FRACTION);
        StackedBarRenderer r = new StackedBarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(true);
        r.setDefaultOutlinePaint(java.awt.Color.WHITE);
        for (int f = 0; f < n; f++) {
            r.setSeriesPaint(f, ChartStyle.series(f));
        }
        CategoryAxis x = new CategoryAxis("neuron");
        x.setTickLabelFont(ChartStyle.SMALL);
        x.setLabelFont(ChartStyle.SMALL);
        NumberAxis y = new NumberAxis("W\u2096\u1da0");
        y.setTickLabelFont(ChartStyle.SMALL);
        y.setLabelFont(ChartStyle.SMALL);
        CategoryPlot p = new CategoryPlot(data, x, y, r);
        p.setOrientation(PlotOrientation.VERTICAL);
        p.setBackgroundPaint(java.awt.Color.WHITE);
        p.setRangeGridlinePaint(ChartStyle.GRID);
        p.setRangeZeroBaselineVisible(true);
        JFreeChart chart = new JFreeChart("1\u2212S = " + Fmt.num(1 - m.sparsity()) + ": " + mono + " mono, " + poly
                + " poly, " + stored + " features", ChartStyle.SUBTITLE, p, m.nFeatures() <= 12);
        ChartStyle.chart(chart);
        chart.getTitle().setFont(ChartStyle.SUBTITLE);
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(ChartStyle.SMALL);
        }
        return chart;
    }
}
