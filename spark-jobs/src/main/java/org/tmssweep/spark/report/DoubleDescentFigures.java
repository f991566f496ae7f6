package org.tmssweep.spark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYPointerAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.tmssweep.core.analysis.DataRegime;

/**
 * Figures of the sweeps whose models train on a finite dataset of T points (Henighan et al. 2023,
 * "Superposition, Memorization, and Double Descent"), each present only when the sweep has usable models
 * with {@code dataset_size} set:
 * <ul>
 *   <li>{@code dd-loss}: test and train loss against T (log-log), every model a faint point, the mean per T a
 *       line, the bump (the interior T of highest mean test loss) annotated;</li>
 *   <li>{@code dd-dims}: the mean data dimensionality D_X and the mean D_i of the largest features against T
 *       (log-log), with m/T, the D_X of a T-gon, and the crossover where D_i overtakes D_X marked;</li>
 *   <li>{@code dd-hidden}: for m = 2, the hidden vectors h_i = W x_i of the training points (recomputed from
 *       the datapoints table and W) above the feature directions W_i, for the smallest and largest T;</li>
 *   <li>{@code dd-norms}: ||W||_F and ||b|| against T (log-log);</li>
 *   <li>{@code dd-heatmap}: with more than one m, the mean test loss over (T, m).</li>
 * </ul>
 * Models are grouped into curves by everything but T, the dataset seed index K and the init seed.
 */
final class DoubleDescentFigures {
    static final int WIDTH = DimensionalityFigure.WIDTH;
    static final int HEIGHT = DimensionalityFigure.HEIGHT;
    /** Groups (curves) drawn by dd-hidden and dd-heatmap at most; one row of panels each. */
    static final int MAX_GROUPS = 3;
    /** A log axis spans at most this many decades below its largest value; smaller values sit on its floor. */
    static final double MAX_DECADES = 6;
    /** The largest features of the models table's mean_top_feature_dim, coloured in dd-hidden. */
    static final int TOP_FEATURES = DataRegime.DEFAULT_TOP_FEATURES;
    /** Alpha of the per-model points. */
    static final int FAINT = 70;
    static final String T_AXIS = "T = training points (dataset_size, log)";

    private DoubleDescentFigures() {
    }

    /** A usable model trained on a finite dataset: its models row and its dataset columns. */
    record Model(ModelRow row, DatasetRow data) {
        int t() {
            return data.datasetSize();
        }
    }

    /**
     * Everything that defines a model except T, the dataset seed index and the init seed; {@code series} with
     * n_hidden = 0 when m is an axis of the figure (dd-heatmap).
     */
    record GroupKey(SeriesKey series, double sparsity) implements Comparable<GroupKey> {
        @Override
        public int compareTo(GroupKey o) {
            int c = series.compareTo(o.series);
            return c != 0 ? c : Double.compare(sparsity, o.sparsity);
        }

        GroupKey withoutM() {
            return new GroupKey(new SeriesKey(series.model(), series.nFeatures(), 0, series.importanceDecay(),
                    series.steps(), series.batchSize(), series.lr()), sparsity);
        }
    }

    /** The models of one curve; {@code label} names what differs from the other groups (empty when alone). */
    record Group(GroupKey key, String label, List<Model> models) {
        TreeMap<Integer, List<Model>> byT() {
            TreeMap<Integer, List<Model>> out = new TreeMap<>();
            for (Model m : models) {
                out.computeIfAbsent(m.t(), t -> new ArrayList<>()).add(m);
            }
            return out;
        }

        /** The mean of {@code f} per T over the models where it is finite; T without any are left out. */
        TreeMap<Integer, Double> mean(ToDoubleFunction<Model> f) {
            TreeMap<Integer, Double> out = new TreeMap<>();
            byT().forEach((t, ms) -> {
                OptionalDouble mean = ms.stream().mapToDouble(f).filter(Double::isFinite).average();
                if (mean.isPresent()) {
                    out.put(t, mean.getAsDouble());
                }
            });
            return out;
        }

        String suffix() {
            return label.isEmpty() ? "" : " (" + label + ")";
        }
    }

    /** The usable models of the sweep that have dataset columns, in the sweep's model order. */
    static List<Model> models(SweepData sweep) {
        Map<ModelKey, DatasetRow> data = new HashMap<>();
        for (DatasetRow d : sweep.derived().datasets()) {
            data.put(d.key(), d);
        }
        List<Model> out = new ArrayList<>();
        for (ModelRow m : sweep.usableModels()) {
            DatasetRow d = data.get(m.key());
            if (d != null) {
                out.add(new Model(m, d));
            }
        }
        return out;
    }

    /** The curves of the sweep: its dataset models grouped by {@link GroupKey}, in key order. */
    static List<Group> groups(SweepData sweep) {
        return groups(models(sweep), false);
    }

    /** {@code models} grouped by {@link GroupKey}, or by {@link GroupKey#withoutM} when {@code withoutM}. */
    static List<Group> groups(List<Model> models, boolean withoutM) {
        TreeMap<GroupKey, List<Model>> byKey = new TreeMap<>();
        for (Model m : models) {
            GroupKey k = new GroupKey(m.row().seriesKey(), m.row().sparsity());
            byKey.computeIfAbsent(withoutM ? k.withoutM() : k, x -> new ArrayList<>()).add(m);
        }
        List<GroupKey> keys = new ArrayList<>(byKey.keySet());
        List<Group> out = new ArrayList<>();
        for (GroupKey k : keys) {
            out.add(new Group(k, label(k, keys), byKey.get(k)));
        }
        return out;
    }

    /** What tells {@code k} apart from the other keys: the settings that differ among them; empty when alone. */
    static String label(GroupKey k, List<GroupKey> all) {
        if (all.size() < 2) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        SeriesKey s = k.series();
        if (all.stream().map(g -> g.series().model()).distinct().count() > 1) {
            parts.add(s.model());
        }
        if (all.stream().map(g -> g.series().nFeatures()).distinct().count() > 1) {
            parts.add("n=" + s.nFeatures());
        }
        if (all.stream().map(g -> g.series().nHidden()).distinct().count() > 1) {
            parts.add("m=" + s.nHidden());
        }
        if (all.stream().map(GroupKey::sparsity).distinct().count() > 1) {
            parts.add("S=" + Fmt.num(k.sparsity()));
        }
        if (all.stream().map(g -> String.valueOf(g.series().importanceDecay())).distinct().count() > 1) {
            parts.add(s.importanceDecay() == null ? "I=1" : "I=" + Fmt.num(s.importanceDecay()) + "^i");
        }
        if (all.stream().map(g -> g.series().steps() + "/" + g.series().batchSize()).distinct().count() > 1) {
            parts.add(s.steps() + " steps");
        }
        if (all.stream().map(g -> g.series().lr()).distinct().count() > 1) {
            parts.add("lr " + Fmt.num(s.lr()));
        }
        return parts.isEmpty() ? s.describe() : String.join(" ", parts);
    }

    /**
     * The bump of a test-loss curve: the interior T (neither the smallest nor the largest) with the highest
     * mean; ties go to the smaller T. Empty with fewer than three T.
     */
    static OptionalInt bump(TreeMap<Integer, Double> meanTestLoss) {
        if (meanTestLoss.size() < 3) {
            return OptionalInt.empty();
        }
        int best = -1;
        double high = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Integer, Double> e : meanTestLoss.entrySet()) {
            if (e.getKey().equals(meanTestLoss.firstKey()) || e.getKey().equals(meanTestLoss.lastKey())) {
                continue;
            }
            if (e.getValue() > high) {
                high = e.getValue();
                best = e.getKey();
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    /**
     * Where the mean D_i of the largest features first overtakes the mean D_X, going up in T: between the
     * consecutive T_a &lt; T_b with D_X &gt; D_i at T_a and D_X &le; D_i at T_b, at the T where log(D_X / D_i)
     * crosses 0 on a straight line in log T. Empty when D_i never overtakes D_X.
     */
    static OptionalDouble crossover(TreeMap<Integer, Double> dataDim, TreeMap<Integer, Double> featureDim) {
        Integer prev = null;
        double prevGap = Double.NaN;
        for (Map.Entry<Integer, Double> e : dataDim.entrySet()) {
            Double df = featureDim.get(e.getKey());
            if (df == null || !(e.getValue() > 0) || !(df > 0)) {
                continue;
            }
            double gap = Math.log(e.getValue() / df);
            if (prev != null && prevGap > 0 && gap <= 0) {
                double f = prevGap / (prevGap - gap);
                return OptionalDouble.of(Math.exp(Math.log(prev) + f * (Math.log(e.getKey()) - Math.log(prev))));
            }
            prev = e.getKey();
            prevGap = gap;
        }
        return OptionalDouble.empty();
    }

    // ---------------------------------------------------------------- dd-loss

    /** dd-loss: test and train loss against T; empty without dataset models. */
    static Optional<ChartFigure> loss(SweepData sweep) {
        List<Group> groups = groups(sweep);
        if (groups.isEmpty()) {
            return Optional.empty();
        }
        Curves c = Curves.of(groups, "test loss", m -> m.data().testLoss(), 0, "train loss",
                m -> m.data().trainLoss(), 1);
        boolean anyBump = groups.stream().anyMatch(g -> bump(g.mean(m -> m.data().testLoss())).isPresent());
        // room above the curves for the bump's label
        c.headroom = anyBump ? 12 : 2;
        JFreeChart chart = c.chart("Test and train loss vs T \u2014 " + DimensionalityFigure.title(sweep),
                "loss (log)");
        XYPlot plot = chart.getXYPlot();
        for (Group group : groups) {
            TreeMap<Integer, Double> test = group.mean(m -> m.data().testLoss());
            OptionalInt bump = bump(test);
            if (bump.isPresent()) {
                int t = bump.getAsInt();
                double y = Math.max(test.get(t), c.floor);
                plot.addAnnotation(pointer(bumpLabel(t, test.get(t)) + group.suffix(), t, y, plot));
            }
        }
        chart.addSubtitle(new TextTitle("faint: each of " + describeModels(groups) + "; line: the mean per T; "
                + "arrow: the bump, the interior T of highest mean test loss" + c.floorNote(), ChartStyle.SMALL));
        return Optional.of(new ChartFigure(chart, WIDTH, HEIGHT));
    }

    /** The text of the bump's arrow in dd-loss. */
    static String bumpLabel(int t, double meanTestLoss) {
        return "bump: T = " + t + ", mean test loss " + Fmt.num(meanTestLoss);
    }

    /** An arrow to (t, y) labelled {@code text}, the label above it and towards the middle of the T axis. */
    private static XYPointerAnnotation pointer(String text, double t, double y, XYPlot plot) {
        LogAxis x = (LogAxis) plot.getDomainAxis();
        boolean right = t > Math.sqrt(x.getLowerBound() * x.getUpperBound());
        XYPointerAnnotation a = new XYPointerAnnotation(text, t, y, right ? -0.75 * Math.PI : -0.25 * Math.PI);
        a.setFont(new Font(ChartStyle.FAMILY, Font.BOLD, 13));
        a.setArrowLength(24);
        a.setBaseRadius(44);
        a.setTipRadius(7);
        a.setArrowWidth(4);
        a.setArrowStroke(new BasicStroke(1.5f));
        a.setTextAnchor(right ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
        a.setBackgroundPaint(new Color(255, 255, 255, 210));
        return a;
    }

    private static String describeModels(List<Group> groups) {
        int models = groups.stream().mapToInt(g -> g.models().size()).sum();
        long datasets = groups.stream().flatMap(g -> g.models().stream())
                .map(m -> m.data().datasetSeedIndex()).distinct().count();
        long seeds = groups.stream().flatMap(g -> g.models().stream()).map(m -> m.row().seed()).distinct().count();
        return models + " models (up to " + datasets + " dataset seed" + (datasets == 1 ? "" : "s") + " K \u00d7 "
                + seeds + " init seed" + (seeds == 1 ? "" : "s") + " per T)";
    }

    // ---------------------------------------------------------------- dd-dims

    /** dd-dims: mean D_X and mean D_i of the largest features against T; empty without dataset models. */
    static Optional<ChartFigure> dims(SweepData sweep) {
        List<Group> groups = groups(sweep);
        if (groups.isEmpty()) {
            return Optional.empty();
        }
        Curves c = Curves.of(groups, "mean data dimensionality D_X", m -> m.data().meanDataDim(), 0,
                "mean D\u1d62 of the " + TOP_FEATURES + " largest features", m -> m.data().meanTopFeatureDim(), 2);
        int tMin = groups.stream().flatMap(g -> g.models().stream()).mapToInt(Model::t).min().orElse(1);
        int tMax = groups.stream().flatMap(g -> g.models().stream()).mapToInt(Model::t).max().orElse(1);
        for (int m : new TreeSet<>(groups.stream().map(g -> g.key().series().nHidden()).toList())) {
            c.reference("m/T (m = " + m + "): mean D_X of a T-gon, the largest possible", tMin, tMax,
                    t -> Math.min(1.0, m / t));
        }
        JFreeChart chart = c.chart("Data vs feature dimensionality vs T \u2014 " + DimensionalityFigure.title(sweep),
                "dimensionality (log)");
        List<String> crossings = new ArrayList<>();
        for (Group group : groups) {
            OptionalDouble x = crossover(group.mean(m -> m.data().meanDataDim()),
                    group.mean(m -> m.data().meanTopFeatureDim()));
            if (x.isPresent()) {
                String text = "crossover T \u2248 " + Fmt.num(Math.round(x.getAsDouble())) + group.suffix();
                crossings.add(text);
                chart.getXYPlot().addDomainMarker(marker(x.getAsDouble(), text));
            }
        }
        chart.addSubtitle(new TextTitle("models table: mean_data_dim (D_X(i) = "
                + "\u2016h\u1d62\u2016\u00b2/\u03a3\u2c7c(\u0125\u1d62\u00b7h\u2c7c)\u00b2 "
                + "over the training points) and mean_top_feature_dim; faint: each model; line: mean per T"
                + c.floorNote() + (crossings.isEmpty() ? "" : "; " + String.join(", ", crossings)), ChartStyle.SMALL));
        return Optional.of(new ChartFigure(chart, WIDTH, HEIGHT));
    }

    static ValueMarker marker(double t, String label) {
        ValueMarker m = new ValueMarker(t, ChartStyle.REFERENCE, ChartStyle.DOTTED);
        m.setLabel(label);
        m.setLabelFont(new Font(ChartStyle.FAMILY, Font.BOLD, 12));
        m.setLabelPaint(ChartStyle.REFERENCE);
        m.setLabelBackgroundColor(new Color(255, 255, 255, 200));
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        m.setLabelOffset(new RectangleInsets(6, 4, 2, 4));
        return m;
    }

    // ---------------------------------------------------------------- dd-norms

    /** dd-norms: ||W||_F and ||b|| against T; empty without dataset models. */
    static Optional<ChartFigure> norms(SweepData sweep) {
        List<Group> groups = groups(sweep);
        if (groups.isEmpty()) {
            return Optional.empty();
        }
        Curves c = Curves.of(groups, "\u2016W\u2016_F", m -> m.data().weightFro(), 0, "\u2016b\u2016",
                m -> m.data().biasNorm(), 3);
        JFreeChart chart = c.chart("Weight and bias norms vs T \u2014 " + DimensionalityFigure.title(sweep),
                "norm (log)");
        for (Group group : groups) {
            OptionalInt bump = bump(group.mean(m -> m.data().testLoss()));
            if (bump.isPresent()) {
                chart.getXYPlot().addDomainMarker(marker(bump.getAsInt(), "test-loss bump T = " + bump.getAsInt()
                        + group.suffix()));
            }
        }
        chart.addSubtitle(new TextTitle("models table: weight_fro, bias_norm; faint: each model; line: mean per T; "
                + "dotted: the bump of dd-loss" + c.floorNote(), ChartStyle.SMALL));
        return Optional.of(new ChartFigure(chart, WIDTH, HEIGHT));
    }

    /**
     * The log-log charts against T: per quantity and group a faint dot per model and a line through the means
     * per T. One group: each quantity in its own colour; several: each group in its own colour, the second
     * quantity dashed. Values below the floor (at most {@link #MAX_DECADES} under the largest) sit on it.
     */
    private static final class Curves {
        private final boolean oneGroup;
        private final XYSeriesCollection lines = new XYSeriesCollection();
        private final XYSeriesCollection dots = new XYSeriesCollection();
        private final XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, true);
        private final XYLineAndShapeRenderer dotRenderer = new XYLineAndShapeRenderer(false, true);
        private final List<double[]> rawLines = new ArrayList<>();
        private final List<double[]> rawDots = new ArrayList<>();
        private final List<Double> ts = new ArrayList<>();
        private final List<Double> values = new ArrayList<>();
        private final List<XYSeries> references = new ArrayList<>();
        double floor = Double.NaN;
        /** The value axis ends this factor above the largest value. */
        double headroom = 2;
        private int clamped;

        Curves(boolean oneGroup) {
            this.oneGroup = oneGroup;
        }

        /**
         * The curves of two quantities of every group: {@code first} then {@code second} (the one drawn second),
         * in colours {@code firstColour} and {@code secondColour} of the palette where there is one group.
         */
        static Curves of(List<Group> groups, String first, ToDoubleFunction<Model> f1, int firstColour,
                String second, ToDoubleFunction<Model> f2, int secondColour) {
            Curves c = new Curves(groups.size() == 1);
            for (int g = 0; g < groups.size(); g++) {
                Group group = groups.get(g);
                c.add(group, first, f1, g, firstColour, false);
                c.add(group, second, f2, g, secondColour, true);
            }
            return c;
        }

        void add(Group group, String quantity, ToDoubleFunction<Model> f, int groupIndex, int colourIndex,
                boolean second) {
            Color colour = ChartStyle.series(oneGroup ? colourIndex : groupIndex);
            XYSeries line = new XYSeries(quantity + ", mean per T" + group.suffix(), true, false);
            XYSeries dot = new XYSeries(quantity + ", each model" + group.suffix(), false, true);
            for (Model m : group.models()) {
                double v = f.applyAsDouble(m);
                if (Double.isFinite(v)) {
                    dot.add(m.t(), v);
                    values.add(v);
                    ts.add((double) m.t());
                }
            }
            group.mean(f).forEach((t, v) -> line.add(t.doubleValue(), v));
            int k = lines.getSeriesCount();
            lines.addSeries(line);
            dots.addSeries(dot);
            Shape shape = second ? triangle(4.5) : new Ellipse2D.Double(-4, -4, 8, 8);
            lineRenderer.setSeriesPaint(k, colour);
            lineRenderer.setSeriesShape(k, shape);
            lineRenderer.setSeriesStroke(k, second && !oneGroup ? dashed(2.2f) : new BasicStroke(2.2f));
            dotRenderer.setSeriesPaint(k, ChartStyle.withAlpha(colour, FAINT));
            dotRenderer.setSeriesShape(k, second ? triangle(3.5) : new Ellipse2D.Double(-3, -3, 6, 6));
            dotRenderer.setSeriesVisibleInLegend(k, oneGroup);
        }

        /** A dashed grey reference curve y(t) over [tMin, tMax]. */
        void reference(String name, double tMin, double tMax, java.util.function.DoubleUnaryOperator y) {
            XYSeries s = new XYSeries(name, true, false);
            int steps = 60;
            for (int k = 0; k <= steps; k++) {
                double t = tMin * Math.pow(tMax / tMin, k / (double) steps);
                s.add(t, y.applyAsDouble(t));
            }
            references.add(s);
        }

        JFreeChart chart(String title, String yLabel) {
            double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
            double minPositive = values.stream().mapToDouble(Double::doubleValue).filter(v -> v > 0).min()
                    .orElse(max);
            if (!(max > 0)) {
                max = 1;
                minPositive = 1;
            }
            // a power of ten (the 1e-9 keeps log10 of an exact power from rounding down a decade)
            floor = Math.pow(10, Math.floor(Math.log10(Math.max(minPositive, max * Math.pow(10, -MAX_DECADES))) + 1e-9));
            clampAll(lines);
            clampAll(dots);
            int refIndex = lines.getSeriesCount();
            for (XYSeries r : references) {
                lines.addSeries(r);
                lineRenderer.setSeriesPaint(refIndex, ChartStyle.REFERENCE);
                lineRenderer.setSeriesStroke(refIndex, ChartStyle.DASHED);
                lineRenderer.setSeriesShapesVisible(refIndex, false);
                refIndex++;
            }
            double tMin = ts.stream().mapToDouble(Double::doubleValue).min().orElse(1);
            double tMax = ts.stream().mapToDouble(Double::doubleValue).max().orElse(1);
            double[] xr = SparsityAxis.withMajorTick(tMin / 1.3, tMax * 1.3);
            LogAxis x = new LogTicksAxis(T_AXIS, xr[0], xr[1]);
            // the axis starts at the floor only when some value sits on it, else just below the smallest value
            double lowest = values.stream().anyMatch(v -> v < floor) ? floor : minPositive;
            LogAxis y = DecadeAxis.create(yLabel, lowest / 1.5, max * headroom);
            XYPlot plot = new XYPlot(lines, x, y, lineRenderer);
            plot.setDataset(1, dots);
            plot.setRenderer(1, dotRenderer);
            plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
            ChartStyle.plot(plot);
            JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
            ChartStyle.chart(chart);
            return chart;
        }

        private void clampAll(XYSeriesCollection c) {
            for (int s = 0; s < c.getSeriesCount(); s++) {
                XYSeries series = c.getSeries(s);
                for (int i = 0; i < series.getItemCount(); i++) {
                    if (series.getY(i).doubleValue() < floor) {
                        series.updateByIndex(i, floor);
                        if (c == dots) {
                            clamped++;
                        }
                    }
                }
            }
        }

        String floorNote() {
            return clamped == 0 ? "" : "; " + clamped + " model value" + (clamped == 1 ? "" : "s") + " below "
                    + Fmt.num(floor) + " drawn at " + Fmt.num(floor);
        }
    }

    private static Shape triangle(double r) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(0, -r);
        p.lineTo(r, r);
        p.lineTo(-r, r);
        p.closePath();
        return p;
    }

    private static Stroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f);
    }

    /** Every figure of this class under its entry, in page order. */
    static Map<FigureEntry, Optional<? extends Figure>> all(SweepData sweep) {
        Map<FigureEntry, Optional<? extends Figure>> out = new LinkedHashMap<>();
        out.put(FigureEntry.DD_LOSS, loss(sweep));
        out.put(FigureEntry.DD_DIMS, dims(sweep));
        out.put(FigureEntry.DD_HIDDEN, HiddenVectorsFigure.create(sweep));
        out.put(FigureEntry.DD_NORMS, norms(sweep));
        out.put(FigureEntry.DD_HEATMAP, LossHeatmapFigure.create(sweep));
        return out;
    }
}
