package org.tmssweep.spark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYBoxAnnotation;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYPolygonAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.tmssweep.core.analysis.PhaseTheory;
import org.tmssweep.core.analysis.Selection;

/**
 * The phase diagram of the n=2, m=1 (or n=3, m=2) models, from the derived {@code phases} table:
 * x = r (importance of the extra feature relative to feature 0), y = density 1 - S, both log. Three
 * panels on the same axes: the empirical phase of the lowest-loss seed per point, the majority phase
 * after dropping the highest-loss seed (the paper's "drop the worst of 10"), and the closed-form
 * theory (PhaseTheory) as filled regions. The theoretical boundary (antipodal below it; and r = 1
 * above it) is drawn on every panel.
 */
final class PhaseDiagramFigure {
    static final int PANEL_WIDTH = 420;
    static final int HEIGHT = 600;
    static final Map<String, Color> COLORS = new LinkedHashMap<>();

    static {
        COLORS.put("not_learned", new Color(205, 205, 205));
        COLORS.put("superposition", new Color(238, 125, 35));
        COLORS.put("dedicated", new Color(55, 110, 200));
        COLORS.put("confused", new Color(150, 80, 180));
        COLORS.put("ignore_extra", new Color(205, 205, 205));
        COLORS.put("ignore_other", new Color(55, 110, 200));
        COLORS.put("others_antipodal", new Color(45, 160, 85));
        COLORS.put("extra_antipodal", new Color(238, 125, 35));
        COLORS.put("joint", new Color(150, 80, 180));
        COLORS.put("degenerate", new Color(40, 40, 40));
    }

    /** One grid point: its empirical phases and the theory's. */
    record Cell(double r, double density, String best, String vote, String theory, int seeds) {
    }

    private PhaseDiagramFigure() {
    }

    static Color color(String label) {
        return COLORS.getOrDefault(label, Color.MAGENTA);
    }

    /** The figure for the n=2 rows of the sweep (or the n=3 ones when there are none); empty without rows. */
    static Optional<Figure> create(SweepData sweep) {
        List<PhaseRow> rows = sweep.derived().phases();
        int n = rows.stream().anyMatch(p -> p.nFeatures() == 2) ? 2 : 3;
        List<Cell> cells = cells(rows.stream().filter(p -> p.nFeatures() == n).toList(), n);
        if (cells.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ChartFigure(chart(sweep, cells, n), 3 * PANEL_WIDTH + 80, HEIGHT));
    }

    static String theory(int n, double density, double r) {
        return n == 2 ? PhaseTheory.phase2(density, r).label() : PhaseTheory.phase3(density, r).label();
    }

    static double boundary(int n, double r) {
        return n == 2 ? PhaseTheory.boundaryDensity2(r) : PhaseTheory.boundaryDensity3(r);
    }

    /** Groups the rows by point: best-of-k and drop-worst majority over its seeds. */
    static List<Cell> cells(List<PhaseRow> rows, int n) {
        Map<String, List<PhaseRow>> byPoint = new LinkedHashMap<>();
        for (PhaseRow p : rows) {
            byPoint.computeIfAbsent(p.pointId(), k -> new ArrayList<>()).add(p);
        }
        List<Cell> out = new ArrayList<>();
        for (List<PhaseRow> ps : byPoint.values()) {
            ps.sort((a, b) -> Integer.compare(a.seed(), b.seed()));
            double[] losses = ps.stream().mapToDouble(PhaseRow::finalLoss).toArray();
            String[] labels = ps.stream().map(PhaseRow::phase).toArray(String[]::new);
            int best = Selection.bestIndex(losses);
            if (best < 0) {
                continue;
            }
            String vote = Selection.dropWorstVote(losses, labels, ps.size() > 1 ? 1 : 0);
            PhaseRow p0 = ps.get(0);
            out.add(new Cell(p0.r(), p0.density(), labels[best], vote, theory(n, p0.density(), p0.r()), ps.size()));
        }
        out.sort((a, b) -> a.r() != b.r() ? Double.compare(a.r(), b.r()) : Double.compare(a.density(), b.density()));
        return out;
    }

    /**
     * True when the point is clearly inside a theoretical region: its density differs from the boundary
     * by more than a factor 1.5, and, above the boundary, r differs from 1 by more than a factor 1.5.
     */
    static boolean farFromBoundary(int n, double r, double density) {
        double b = boundary(n, r);
        double f = Math.log(1.5);
        if (Math.abs(Math.log(density / b)) <= f) {
            return false;
        }
        return density < b || Math.abs(Math.log(r)) > f;
    }

    private static JFreeChart chart(SweepData sweep, List<Cell> cells, int n) {
        double[] xEdges = edges(cells.stream().map(Cell::r).toList());
        double[] yEdges = edges(cells.stream().map(Cell::density).toList());
        double xlo = xEdges[0];
        double xhi = xEdges[xEdges.length - 1];
        double ylo = yEdges[0];
        double yhi = Math.min(1.0, yEdges[yEdges.length - 1]);
        LogAxis y = logAxis("density 1\u2212S  (log)", ylo, Math.max(yhi, yEdges[yEdges.length - 1]));
        CombinedRangeXYPlot plot = new CombinedRangeXYPlot(y);
        plot.setGap(14);
        Set<String> present = new LinkedHashSet<>();
        String extra = n == 2 ? "I\u2081/I\u2080" : "I\u2082/I\u2080";
        for (int panel = 0; panel < 3; panel++) {
            XYPlot p = new XYPlot(null, logAxis("r = " + extra + "  (log)", xlo, xhi), null,
                    new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer());
            ChartStyle.plot(p);
            p.setDomainGridlinesVisible(false);
            p.setRangeGridlinesVisible(false);
            if (panel < 2) {
                for (Cell c : cells) {
                    String label = panel == 0 ? c.best() : c.vote();
                    present.add(label);
                    int i = indexOf(xEdges, c.r());
                    int j = indexOf(yEdges, c.density());
                    p.addAnnotation(new XYBoxAnnotation(xEdges[i], yEdges[j], xEdges[i + 1], yEdges[j + 1],
                            new BasicStroke(1f), Color.WHITE, color(label)));
                }
            } else {
                theoryRegions(p, n, xlo, xhi, ylo, yEdges[yEdges.length - 1], present);
            }
            boundaryCurve(p, n, xlo, xhi, ylo, yEdges[yEdges.length - 1]);
            plot.add(p, 1);
        }
        LegendItemCollection legend = new LegendItemCollection();
        for (String label : COLORS.keySet()) {
            if (present.contains(label)) {
                legend.add(new LegendItem(label, color(label)));
            }
        }
        legend.add(new LegendItem("theory boundary", "", "", "", new java.awt.geom.Line2D.Double(-8, 0, 8, 0),
                new BasicStroke(2.5f), Color.BLACK));
        plot.setFixedLegendItems(legend);
        JFreeChart chart = new JFreeChart("Phase diagram n=" + n + ", m=" + (n - 1) + " \u2014 "
                + DimensionalityFigure.title(sweep), ChartStyle.TITLE, plot, true);
        ChartStyle.chart(chart);
        long agreeBest = cells.stream().filter(c -> c.best().equals(c.theory())).count();
        long agreeVote = cells.stream().filter(c -> c.theory().equals(c.vote())).count();
        List<Cell> far = cells.stream().filter(c -> farFromBoundary(n, c.r(), c.density())).toList();
        long farBest = far.stream().filter(c -> c.best().equals(c.theory())).count();
        int seeds = cells.stream().mapToInt(Cell::seeds).max().orElse(0);
        chart.addSubtitle(new TextTitle(String.format(Locale.ROOT,
                "left: lowest-loss of %d seeds   middle: majority after dropping the highest-loss seed   right: "
                + "closed-form theory (Wattenberg)", seeds), ChartStyle.SMALL));
        chart.addSubtitle(new TextTitle(String.format(Locale.ROOT,
                "agreement with theory: lowest-loss %d/%d points, majority %d/%d; away from the boundary "
                + "(factor > 1.5) lowest-loss %d/%d", agreeBest, cells.size(), agreeVote, cells.size(), farBest,
                far.size()), ChartStyle.SMALL));
        return chart;
    }

    /** Fills the theory's four regions: left/right of r = 1, below/above the boundary curve. */
    private static void theoryRegions(XYPlot p, int n, double xlo, double xhi, double ylo, double yhi,
            Set<String> present) {
        double[][] ranges = {{xlo, Math.min(1, xhi)}, {Math.max(1, xlo), xhi}};
        for (double[] range : ranges) {
            if (!(range[0] < range[1])) {
                continue;
            }
            double[] xs = logGrid(range[0], range[1], 120);
            double mid = Math.sqrt(range[0] * range[1]);
            DoubleUnaryOperator curve = r -> Math.max(ylo, Math.min(yhi, boundary(n, r)));
            for (boolean below : new boolean[] {true, false}) {
                double[] poly = new double[2 * xs.length + 4];
                for (int k = 0; k < xs.length; k++) {
                    poly[2 * k] = xs[k];
                    poly[2 * k + 1] = curve.applyAsDouble(xs[k]);
                }
                double edge = below ? ylo : yhi;
                poly[2 * xs.length] = xs[xs.length - 1];
                poly[2 * xs.length + 1] = edge;
                poly[2 * xs.length + 2] = xs[0];
                poly[2 * xs.length + 3] = edge;
                double b = boundary(n, mid);
                double probe = below ? b * 0.8 : Math.min(1.0, b * 1.25);
                if (below && b <= ylo || !below && b >= Math.min(1.0, yhi) || probe > 1) {
                    continue;
                }
                String label = theory(n, probe, mid);
                present.add(label);
                p.addAnnotation(new XYPolygonAnnotation(poly, null, null, color(label)));
            }
        }
    }

    private static void boundaryCurve(XYPlot p, int n, double xlo, double xhi, double ylo, double yhi) {
        Stroke s = new BasicStroke(2.5f);
        double[] xs = logGrid(xlo, xhi, 160);
        DoubleBinaryOperator clamp = (v, unused) -> Math.max(ylo, Math.min(yhi, v));
        for (int k = 1; k < xs.length; k++) {
            p.addAnnotation(new XYLineAnnotation(xs[k - 1], clamp.applyAsDouble(boundary(n, xs[k - 1]), 0), xs[k],
                    clamp.applyAsDouble(boundary(n, xs[k]), 0), s, Color.BLACK));
        }
        if (xlo < 1 && xhi > 1) {
            p.addAnnotation(new XYLineAnnotation(1, clamp.applyAsDouble(boundary(n, 1), 0), 1, yhi, s, Color.BLACK));
        }
    }

    private static LogAxis logAxis(String label, double lo, double hi) {
        return new LogTicksAxis(label, lo, hi);
    }

    /** Cell edges: geometric midpoints between the distinct sorted values, half a step beyond each end. */
    static double[] edges(List<Double> values) {
        double[] v = new TreeSet<>(values).stream().mapToDouble(Double::doubleValue).toArray();
        double[] e = new double[v.length + 1];
        if (v.length == 1) {
            e[0] = v[0] / 1.25;
            e[1] = v[0] * 1.25;
            return e;
        }
        for (int k = 1; k < v.length; k++) {
            e[k] = Math.sqrt(v[k - 1] * v[k]);
        }
        e[0] = v[0] * v[0] / e[1];
        e[v.length] = v[v.length - 1] * v[v.length - 1] / e[v.length - 1];
        return e;
    }

    /** Index k of the cell [e_k, e_k+1) holding {@code value}. */
    private static int indexOf(double[] edges, double value) {
        for (int k = 0; k < edges.length - 1; k++) {
            if (value >= edges[k] && value < edges[k + 1]) {
                return k;
            }
        }
        return edges.length - 2;
    }

    private static double[] logGrid(double lo, double hi, int count) {
        double[] xs = new double[count];
        for (int k = 0; k < count; k++) {
            xs[k] = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * k / (count - 1));
        }
        return xs;
    }
}
