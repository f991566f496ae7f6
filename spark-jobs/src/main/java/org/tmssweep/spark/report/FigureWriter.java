package org.tmssweep.spark.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.svg.SVGGraphics2D;

/** Writes a {@link Figure} as {@code <base>.png} and {@code <base>.svg}. */
final class FigureWriter {
    private FigureWriter() {
    }

    /** Writes both files into {@code dir}; returns [png, svg]. */
    static List<Path> write(Figure figure, Path dir, String baseName) throws IOException {
        Path png = dir.resolve(baseName + ".png");
        Path svg = dir.resolve(baseName + ".svg");
        writePng(figure, png);
        writeSvg(figure, svg);
        return List.of(png, svg);
    }

    static void writePng(Figure figure, Path file) throws IOException {
        Headless.ensure();
        BufferedImage image = new BufferedImage(figure.width(), figure.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g2.setColor(Color.WHITE);
            g2.fillRect(0, 0, figure.width(), figure.height());
            figure.draw(g2);
        } finally {
            g2.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    static void writeSvg(Figure figure, Path file) throws IOException {
        Headless.ensure();
        SVGGraphics2D g2 = new SVGGraphics2D(figure.width(), figure.height());
        // A fixed prefix instead of the default time-based one keeps the SVG byte-for-byte reproducible.
        g2.setDefsKeyPrefix("tms");
        // JFreeChart's axes save and restore this hint; SVGGraphics2D starts without it and rejects null.
        g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g2.setColor(Color.WHITE);
        g2.fillRect(0, 0, figure.width(), figure.height());
        figure.draw(g2);
        Files.writeString(file, g2.getSVGDocument(), StandardCharsets.UTF_8);
    }
}
