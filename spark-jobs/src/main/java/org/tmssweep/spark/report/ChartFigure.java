package org.tmssweep.spark.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.JFreeChart;

/** A single JFreeChart as a {@link Figure}. */
record ChartFigure(JFreeChart chart, int width, int height) implements Figure {
    @Override
    public void draw(Graphics2D g2) {
        chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
    }
}
