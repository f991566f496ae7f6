package org.tmssweep.spark.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/** A base-10 log axis with ticks at 1, 2, 5 x 10^k (minor 3..9) on any edge. */
final class LogTicksAxis extends LogAxis {
    private static final long serialVersionUID = 1L;

    LogTicksAxis(String label, double lower, double upper) {
        super(label);
        setBase(10);
        setNumberFormatOverride(new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
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
        List ticks = new ArrayList();
        for (double v : SparsityAxis.tickValues(getLowerBound(), getUpperBound(), true)) {
            ticks.add(new NumberTick(TickType.MAJOR, v, getNumberFormatOverride().format(v), anchor,
                    TextAnchor.CENTER, 0.0));
        }
        for (double v : SparsityAxis.tickValues(getLowerBound(), getUpperBound(), false)) {
            ticks.add(new NumberTick(TickType.MINOR, v, "", anchor, TextAnchor.CENTER, 0.0));
        }
        return ticks;
    }
}
