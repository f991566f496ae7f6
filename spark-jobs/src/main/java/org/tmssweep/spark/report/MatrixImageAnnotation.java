package org.tmssweep.spark.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;

/**
 * Paints a matrix as a heatmap inside an XYPlot: cell (i, j) covers x in [j - 0.5, j + 0.5] and y in
 * [i - 0.5, i + 0.5], coloured by a {@link PaintScale}. The cells are drawn as one image (each cell a
 * block of pixels), which keeps SVG files small for large matrices where one vector rectangle per cell
 * (XYBlockRenderer) would run to megabytes.
 */
final class MatrixImageAnnotation extends AbstractXYAnnotation {
    private static final long serialVersionUID = 1L;
    /** Pixels per cell side are chosen so the image is at least this wide (crisp when scaled). */
    private static final int TARGET_PIXELS = 600;

    private final transient BufferedImage image;
    private final int rows;
    private final int cols;

    MatrixImageAnnotation(double[][] values, PaintScale scale) {
        this.rows = values.length;
        this.cols = rows == 0 ? 0 : values[0].length;
        int cell = Math.max(1, (int) Math.ceil(TARGET_PIXELS / (double) Math.max(1, Math.max(rows, cols))));
        this.image = new BufferedImage(Math.max(1, cols * cell), Math.max(1, rows * cell), BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int rgb = ((Color) scale.getPaint(values[i][j])).getRGB();
                for (int dy = 0; dy < cell; dy++) {
                    for (int dx = 0; dx < cell; dx++) {
                        image.setRGB(j * cell + dx, i * cell + dy, rgb);
                    }
                }
            }
        }
    }

    @Override
    public void draw(Graphics2D g2, XYPlot plot, Rectangle2D dataArea, ValueAxis domainAxis, ValueAxis rangeAxis,
            int rendererIndex, PlotRenderingInfo info) {
        if (rows == 0 || cols == 0) {
            return;
        }
        double xa = domainAxis.valueToJava2D(-0.5, dataArea, plot.getDomainAxisEdge());
        double xb = domainAxis.valueToJava2D(cols - 0.5, dataArea, plot.getDomainAxisEdge());
        double ya = rangeAxis.valueToJava2D(-0.5, dataArea, plot.getRangeAxisEdge());
        double yb = rangeAxis.valueToJava2D(rows - 0.5, dataArea, plot.getRangeAxisEdge());
        boolean flipX = xb < xa;
        boolean flipY = yb < ya;
        int x = (int) Math.round(Math.min(xa, xb));
        int y = (int) Math.round(Math.min(ya, yb));
        int w = (int) Math.round(Math.abs(xb - xa));
        int h = (int) Math.round(Math.abs(yb - ya));
        Object old = g2.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        // Row 0 of the image is matrix row 0: it goes where y = 0 is, top when the axis is inverted.
        int sx1 = flipX ? image.getWidth() : 0;
        int sx2 = flipX ? 0 : image.getWidth();
        int sy1 = flipY ? image.getHeight() : 0;
        int sy2 = flipY ? 0 : image.getHeight();
        g2.drawImage(image, x, y, x + w, y + h, sx1, sy1, sx2, sy2, null);
        if (old != null) {
            g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, old);
        }
    }
}
