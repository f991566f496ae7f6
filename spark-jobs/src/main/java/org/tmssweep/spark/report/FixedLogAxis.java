package org.tmssweep.spark.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A base-10 log axis over a fixed range with ticks at every digit x 10^k ({@link SparsityAxis#tickValues}): first
 * those at 1, 2, 5 x 10^k, then the others; a subclass says which are major and how they read.
 */
abstract class FixedLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;

    /** @param format the tick number format, or null for the axis' own */
    FixedLogAxis(String label, double lower, double upper, NumberFormat format) {
        super(label);
        setBase(10);
        if (format != null) {
            setNumberFormatOverride(format);
        }
        setMinorTickMarksVisible(true);
        setAutoRange(false);
        setRange(lower, upper);
        ChartStyle.axis(this);
    }

    /**
     * The label of the tick at {@code v}, or null where it is a minor tick (unlabelled).
     *
     * @param oneTwoFive whether {@code v} is 1, 2 or 5 x 10^k
     */
    abstract String majorLabel(double v, boolean oneTwoFive);

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        boolean horizontal = RectangleEdge.isTopOrBottom(edge);
        TextAnchor anchor = horizontal ? TextAnchor.TOP_CENTER : TextAnchor.CENTER_RIGHT;
        List ticks = new ArrayList();
        for (boolean oneTwoFive : new boolean[] {true, false}) {
            for (double v : SparsityAxis.tickValues(getLowerBound(), getUpperBound(), oneTwoFive)) {
                String label = majorLabel(v, oneTwoFive);
                ticks.add(new NumberTick(label == null ? TickType.MINOR : TickType.MAJOR, v,
                        label == null ? "" : label, anchor, TextAnchor.CENTER, 0.0));
            }
        }
        return ticks;
    }
}
