package org.tmssweep.spark.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * The paper's x axis: 1/(1-S) = 1/feature probability, on a log scale, with ticks at 1, 2, 5, 10, ...
 * (LogAxis' own ticks land on fractional powers of ten).
 */
final class SparsityAxis extends LogAxis {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "1/(1\u2212S)   (S = sparsity; 1 = dense, log scale)";

    private SparsityAxis() {
        super(LABEL);
    }

    static SparsityAxis create(Collection<Double> inverseDensities) {
        double min = inverseDensities.stream().mapToDouble(Double::doubleValue).min().orElse(1);
        double max = inverseDensities.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        SparsityAxis axis = new SparsityAxis();
        axis.setBase(10);
        axis.setNumberFormatOverride(new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        axis.setMinorTickMarksVisible(true);
        axis.setAutoRange(false);
        double[] range = withMajorTick(min / 1.25, max * 1.25);
        axis.setRange(range[0], range[1]);
        ChartStyle.axis(axis);
        return axis;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        if (!RectangleEdge.isTopOrBottom(edge)) {
            return super.refreshTicks(g2, state, dataArea, edge);
        }
        List ticks = new ArrayList();
        for (double v : tickValues(getLowerBound(), getUpperBound(), true)) {
            ticks.add(new NumberTick(TickType.MAJOR, v, getNumberFormatOverride().format(v),
                    TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0.0));
        }
        for (double v : tickValues(getLowerBound(), getUpperBound(), false)) {
            ticks.add(new NumberTick(TickType.MINOR, v, "", TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0.0));
        }
        return ticks;
    }

    /**
     * [lower, upper], widened in log space when it holds no major (1, 2, 5 x 10^k) tick, e.g. for a sweep of one
     * sparsity, so that the axis always has a labelled tick. Consecutive majors are at most 2.5x apart.
     */
    static double[] withMajorTick(double lower, double upper) {
        double lo = lower;
        double hi = upper;
        while (tickValues(lo, hi, true).isEmpty()) {
            lo /= 1.25;
            hi *= 1.25;
        }
        return new double[] {lo, hi};
    }

    /** Values d * 10^k in [lower, upper]: d in {1, 2, 5} when {@code major}, else the other digits 3..9. */
    static List<Double> tickValues(double lower, double upper, boolean major) {
        List<Double> out = new ArrayList<>();
        for (int k = (int) Math.floor(Math.log10(lower)); k <= (int) Math.ceil(Math.log10(upper)); k++) {
            for (int d = 1; d <= 9; d++) {
                boolean isMajor = d == 1 || d == 2 || d == 5;
                double v = d * Math.pow(10, k);
                if (isMajor == major && v >= lower && v <= upper) {
                    out.add(v);
                }
            }
        }
        return out;
    }
}
