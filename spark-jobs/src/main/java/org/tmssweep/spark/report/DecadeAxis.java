package org.tmssweep.spark.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A base-10 log value axis for values over several decades: major ticks at 1, 2, 5 x 10^k when it spans at most
 * three decades, else at 10^k only (minor ticks at the other digits), labelled in {@link Fmt#num} form (1e-6,
 * 0.001, 1000), where {@link LogTicksAxis}' fixed format would print small values as 0.
 */
final class DecadeAxis extends LogAxis {
    private static final long serialVersionUID = 1L;

    private DecadeAxis(String label, double lower, double upper) {
        super(label);
        setBase(10);
        setMinorTickMarksVisible(true);
        setAutoRange(false);
        setRange(lower, upper);
        ChartStyle.axis(this);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        boolean horizontal = RectangleEdge.isTopOrBottom(edge);
        TextAnchor anchor = horizontal ? TextAnchor.TOP_CENTER : TextAnchor.CENTER_RIGHT;
        boolean decades = getUpperBound() / getLowerBound() > 1000;
        List ticks = new ArrayList();
        List<Double> all = new ArrayList<>(SparsityAxis.tickValues(getLowerBound(), getUpperBound(), true));
        all.addAll(SparsityAxis.tickValues(getLowerBound(), getUpperBound(), false));
        for (double v : all) {
            double digit = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
            boolean major = decades ? Math.abs(digit - 1) < 1e-6
                    : Math.abs(digit - 1) < 1e-6 || Math.abs(digit - 2) < 1e-6 || Math.abs(digit - 5) < 1e-6;
            ticks.add(new NumberTick(major ? TickType.MAJOR : TickType.MINOR, v, major ? Fmt.num(v) : "",
                    anchor, TextAnchor.CENTER, 0.0));
        }
        return ticks;
    }

    /** An axis over [lower, upper], widened when it holds no major tick (see {@link SparsityAxis#withMajorTick}). */
    static DecadeAxis create(String label, double lower, double upper) {
        double[] r = SparsityAxis.withMajorTick(lower, upper);
        return new DecadeAxis(label, r[0], r[1]);
    }
}
