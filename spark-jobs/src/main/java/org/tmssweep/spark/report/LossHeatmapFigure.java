package org.tmssweep.spark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYBoxAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.tmssweep.spark.report.DoubleDescentFigures.Group;
import org.tmssweep.spark.report.DoubleDescentFigures.Model;

/**
 * {@code dd-heatmap}: for finite-dataset sweeps over several n_hidden = m, the mean test loss of the models at each
 * (T, m) as a heat map (log T across, m up; Henighan et al. 2023, "Superposition, Memorization, and Double Descent":
 * double descent in both T and m), each m's bump boxed. One panel per group of models that differ only in T, m, the
 * dataset seed and the init seed.
 */
final class LossHeatmapFigure {
    private LossHeatmapFigure() {
    }

    /** One cell of dd-heatmap: the mean test loss of the models at (T, m). */
    record Cell(int t, int m, double meanTestLoss, int models) {
    }

    /** The cells of a group of several m, sorted by m then T; cells without a finite test loss left out. */
    static List<Cell> cells(List<Model> models) {
        TreeMap<Integer, TreeMap<Integer, List<Double>>> byMT = new TreeMap<>();
        for (Model m : models) {
            if (Double.isFinite(m.data().testLoss())) {
                byMT.computeIfAbsent(m.row().nHidden(), k -> new TreeMap<>())
                        .computeIfAbsent(m.t(), k -> new ArrayList<>()).add(m.data().testLoss());
            }
        }
        List<Cell> out = new ArrayList<>();
        byMT.forEach((m, byT) -> byT.forEach((t, ls) -> out.add(new Cell(t, m, ls.stream()
                .mapToDouble(Double::doubleValue).average().orElseThrow(), ls.size()))));
        return out;
    }

    /** The figure; empty unless some group of dataset models has two m or more. */
    static Optional<PanelGrid> create(SweepData sweep) {
        List<JFreeChart> panels = new ArrayList<>();
        int ms = 0;
        for (Group g : DoubleDescentFigures.groups(DoubleDescentFigures.models(sweep), true)) {
            List<Cell> cells = cells(g.models());
            long distinctM = cells.stream().mapToInt(Cell::m).distinct().count();
            if (distinctM < 2) {
                continue;
            }
            ms = Math.max(ms, (int) distinctM);
            panels.add(panel(g, cells));
            if (panels.size() == DoubleDescentFigures.MAX_GROUPS) {
                break;
            }
        }
        if (panels.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PanelGrid("Mean test loss over (T, m) \u2014 " + DimensionalityFigure.title(sweep),
                "colour: log\u2081\u2080 of the mean test loss over the models of a cell (value printed); "
                + "boxed: each m's bump, the interior T of highest mean test loss", panels, 1, DoubleDescentFigures.WIDTH,
                Math.max(420, 200 + 56 * ms)));
    }

    private static JFreeChart panel(Group g, List<Cell> cells) {
        List<Integer> mValues = new ArrayList<>(new TreeSet<>(cells.stream().map(Cell::m).toList()));
        double[] xEdges = PhaseDiagramFigure.edges(cells.stream().map(c -> (double) c.t()).toList());
        double lo = cells.stream().mapToDouble(c -> Math.log10(Math.max(c.meanTestLoss(), Double.MIN_NORMAL)))
                .min().orElse(0);
        double hi = cells.stream().mapToDouble(c -> Math.log10(Math.max(c.meanTestLoss(), Double.MIN_NORMAL)))
                .max().orElse(1);
        if (!(hi > lo)) {
            lo -= 0.5;
            hi += 0.5;
        }
        PaintScale scale = ColorScales.viridis(lo, hi);
        LogAxis x = new LogTicksAxis(DoubleDescentFigures.T_AXIS, xEdges[0], xEdges[xEdges.length - 1]);
        SymbolAxis y = new SymbolAxis("m = n_hidden", mValues.stream().map(String::valueOf).toArray(String[]::new));
        y.setRange(-0.5, mValues.size() - 0.5);
        y.setGridBandsVisible(false);
        ChartStyle.axis(y);
        XYPlot p = new XYPlot(null, x, y, new XYLineAndShapeRenderer());
        ChartStyle.plot(p);
        p.setDomainGridlinesVisible(false);
        p.setRangeGridlinesVisible(false);
        List<Double> tValues = new ArrayList<>(new TreeSet<>(cells.stream().map(c -> (double) c.t()).toList()));
        boolean text = tValues.size() <= 16;
        Map<Integer, TreeMap<Integer, Double>> rowMeans = new LinkedHashMap<>();
        for (Cell c : cells) {
            int i = tValues.indexOf((double) c.t());
            int j = mValues.indexOf(c.m());
            double v = Math.log10(Math.max(c.meanTestLoss(), Double.MIN_NORMAL));
            Color fill = (Color) scale.getPaint(v);
            p.addAnnotation(new XYBoxAnnotation(xEdges[i], j - 0.5, xEdges[i + 1], j + 0.5, new BasicStroke(1f),
                    Color.WHITE, fill));
            if (text) {
                XYTextAnnotation a = new XYTextAnnotation(Fmt.num(c.meanTestLoss()),
                        Math.sqrt(xEdges[i] * xEdges[i + 1]), j);
                a.setFont(ChartStyle.SMALL);
                a.setPaint(ChartStyle.textOn(fill));
                p.addAnnotation(a);
            }
            rowMeans.computeIfAbsent(c.m(), k -> new TreeMap<>()).put(c.t(), c.meanTestLoss());
        }
        rowMeans.forEach((m, means) -> DoubleDescentFigures.bump(means).ifPresent(t -> {
            int i = tValues.indexOf((double) t);
            int j = mValues.indexOf(m);
            p.addAnnotation(new XYBoxAnnotation(xEdges[i], j - 0.5, xEdges[i + 1], j + 0.5, new BasicStroke(3f),
                    Color.BLACK, null));
        }));
        JFreeChart chart = new JFreeChart(g.label().isEmpty() ? null : g.label(), ChartStyle.SUBTITLE, p, false);
        ChartStyle.chart(chart);
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(ChartStyle.SUBTITLE);
        }
        PaintScaleLegend legend = ChartStyle.colourBar(scale, "log\u2081\u2080 mean test loss", lo, hi);
        chart.addSubtitle(legend);
        return chart;
    }
}
