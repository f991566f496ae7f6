package org.tmssweep.spark.report;

import java.awt.Graphics2D;

/** Something drawable onto a canvas of a fixed size; written out as PNG and SVG by {@link FigureWriter}. */
interface Figure {
    int width();

    int height();

    /** Draws the whole figure into (0, 0, width, height); the background is already white. */
    void draw(Graphics2D g2);
}
