package org.tmssweep.spark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/** Fonts, colours and strokes shared by all figures, so they look like one report. */
final class ChartStyle {
    static final String FAMILY = Font.SANS_SERIF;
    static final Font TITLE = new Font(FAMILY, Font.BOLD, 18);
    static final Font SUBTITLE = new Font(FAMILY, Font.BOLD, 13);
    static final Font AXIS_LABEL = new Font(FAMILY, Font.PLAIN, 14);
    static final Font TICK = new Font(FAMILY, Font.PLAIN, 12);
    static final Font SMALL = new Font(FAMILY, Font.PLAIN, 11);
    static final Font LEGEND = new Font(FAMILY, Font.PLAIN, 12);
    static final Color GRID = new Color(225, 225, 225);
    static final Color REFERENCE = new Color(90, 90, 90);
    static final Stroke DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);
    static final Stroke DOTTED = new BasicStroke(1.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {2f, 3f}, 0f);

    /** Tableau-10: distinguishable series colours. */
    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207),
    };

    private ChartStyle() {
    }

    static Color series(int index) {
        return PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    static void axis(Axis axis) {
        axis.setLabelFont(AXIS_LABEL);
        axis.setTickLabelFont(TICK);
    }

    /** A heat map's colour bar, right of the plot: {@code scale}'s strip over [lower, upper], titled {@code label}. */
    static PaintScaleLegend colourBar(PaintScale scale, String label, double lower, double upper) {
        NumberAxis bar = new NumberAxis(label);
        bar.setRange(lower, upper);
        axis(bar);
        PaintScaleLegend legend = new PaintScaleLegend(scale, bar);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(14);
        legend.setSubdivisionCount(100);
        legend.setStripOutlineVisible(true);
        legend.setMargin(new RectangleInsets(10, 10, 10, 10));
        return legend;
    }

    /** The colour of text on a cell filled {@code fill}: white on a dark fill (luma below 140), else black. */
    static Color textOn(Color fill) {
        double luminance = 0.299 * fill.getRed() + 0.587 * fill.getGreen() + 0.114 * fill.getBlue();
        return luminance < 140 ? Color.WHITE : Color.BLACK;
    }

    static void plot(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlinePaint(Color.GRAY);
    }

    static void chart(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE);
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(LEGEND);
            legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
    }
}
