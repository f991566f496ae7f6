package org.tmssweep.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.spark.Tolerances.F64;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The feature panels: which models are shown, and that the heatmap cells carry the right colours. */
class FeaturePanelsFigureTest {

    private static SweepData toy() {
        return Fixtures.toySweep("s-toy").bySweep().get(0);
    }

    @Test
    void showsOneUsableModelPerSeriesAndSparsityLowestSeedFirst() {
        List<PanelModel> panels = PanelModel.select(toy(), 12);
        List<String> shown = panels.stream()
                .map(p -> p.row().model() + "@" + p.row().sparsity() + "#" + p.row().seed()).toList();
        // linear sorts before relu_output; the diverged S=0.95 model and seed 1 of S=0.8 are not shown.
        assertEquals(List.of("linear@0.0#0", "relu_output@0.0#0", "relu_output@0.8#0", "relu_output@0.9#0"), shown);
    }

    @Test
    void thinsEvenlyKeepingFirstAndLast() {
        List<PanelModel> panels = PanelModel.select(toy(), 2);
        assertEquals(List.of("p4", "p2"), panels.stream().map(p -> p.row().pointId()).toList());
    }

    @Test
    void heatmapCellsHaveTheDivergingColours() {
        SweepData sweep = toy();
        FeaturePanelsFigure fig = FeaturePanelsFigure.create(sweep);
        BufferedImage img = draw(fig);
        int antipodal = indexOf(fig, 0.8);
        int pentagon = indexOf(fig, 0.9);
        // Antipodal pairs: W_0 . W_0 = 1 (red), W_0 . W_2 = -1 (blue), W_0 . W_1 = 0 (white).
        assertRed(pixel(img, fig.cellCenter(antipodal, 0, 0)));
        assertBlue(pixel(img, fig.cellCenter(antipodal, 0, 2)));
        assertWhite(pixel(img, fig.cellCenter(antipodal, 0, 1)));
        // Unlearned feature 4: its row is 0 -> white, including the diagonal.
        assertWhite(pixel(img, fig.cellCenter(antipodal, 4, 4)));
        // Pentagon of radius 1.1: diagonal 1.21 clipped to red; neighbours cos 72 deg * 1.21 > 0 (reddish).
        assertRed(pixel(img, fig.cellCenter(pentagon, 3, 3)));
        Color neighbour = pixel(img, fig.cellCenter(pentagon, 0, 1));
        assertTrue(neighbour.getRed() > neighbour.getBlue() + 40, "positive interference not red: " + neighbour);
        Color opposite = pixel(img, fig.cellCenter(pentagon, 0, 2));
        assertTrue(opposite.getBlue() > opposite.getRed() + 40, "negative interference not blue: " + opposite);
    }

    @Test
    void gramIsWtW() {
        double[][] g = PanelModel.gram(Fixtures.pentagon(1.0));
        for (int i = 0; i < 5; i++) {
            assertEquals(1.0, g[i][i], F64);
            assertEquals(Math.cos(2 * Math.PI / 5), g[i][(i + 1) % 5], F64);
            assertEquals(Math.cos(4 * Math.PI / 5), g[i][(i + 2) % 5], F64);
        }
    }

    private static int indexOf(FeaturePanelsFigure fig, double sparsity) {
        List<PanelModel> panels = fig.panels();
        for (int k = 0; k < panels.size(); k++) {
            if (panels.get(k).row().sparsity() == sparsity && panels.get(k).row().model().equals("relu_output")) {
                return k;
            }
        }
        throw new AssertionError("no panel at S=" + sparsity);
    }

    private static BufferedImage draw(Figure fig) {
        Headless.ensure();
        BufferedImage img = new BufferedImage(fig.width(), fig.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = img.createGraphics();
        g2.setColor(Color.WHITE);
        g2.fillRect(0, 0, fig.width(), fig.height());
        fig.draw(g2);
        g2.dispose();
        return img;
    }

    private static Color pixel(BufferedImage img, Point2D p) {
        return new Color(img.getRGB((int) p.getX(), (int) p.getY()));
    }

    private static void assertRed(Color c) {
        assertTrue(c.getRed() > 150 && c.getGreen() < 60 && c.getBlue() < 80, "expected red (positive), got " + c);
    }

    private static void assertBlue(Color c) {
        assertTrue(c.getBlue() > 150 && c.getRed() < 100, "expected blue (negative), got " + c);
    }

    private static void assertWhite(Color c) {
        assertTrue(c.getRed() > 240 && c.getGreen() > 240 && c.getBlue() > 240, "expected white (zero), got " + c);
    }
}
