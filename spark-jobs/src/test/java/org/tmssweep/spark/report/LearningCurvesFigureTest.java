package org.tmssweep.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learning-dynamics figure: present only with curves rows, at most MAX_MODELS panels, written as PNG + SVG. */
class LearningCurvesFigureTest {
    @TempDir
    Path tmp;

    static SweepData sweep(int models, boolean withCurves) {
        List<ModelRow> rows = new ArrayList<>();
        List<CurveRow> curves = new ArrayList<>();
        for (int s = 0; s < models; s++) {
            rows.add(new ModelRow("s-curves", "p0", s, "relu_output", 2, 1, 0.7, null, 100, 64, 1e-3,
                    0.01 + s * 1e-3, 0.5, 2, 2, 1, "ok"));
            for (int step = 0; step <= 100; step += 10) {
                double jump = step < 50 ? 1.0 : 0.5; // feature 0 alone, then antipodal with feature 1
                double loss = step < 50 ? 0.05 : 0.02;
                curves.add(new CurveRow("s-curves", "p0", s, step, 0, loss, jump));
                curves.add(new CurveRow("s-curves", "p0", s, step, 1, loss, step < 50 ? 0.0 : 0.5));
            }
        }
        return new SweepData(Fixtures.sweep("s-curves", "curves"), rows, List.of(),
                DerivedRows.EMPTY.withCurves(withCurves ? curves : List.of()));
    }

    @Test
    void absentWithoutCurvesRows() {
        assertTrue(LearningCurvesFigure.create(sweep(2, false)).isEmpty());
        assertFalse(Report.analysisFigures(sweep(2, false)).get(FigureEntry.CURVES).isPresent());
    }

    @Test
    void onePanelPerModelUpToTheCap() throws Exception {
        PanelGrid two = (PanelGrid) LearningCurvesFigure.create(sweep(2, true)).orElseThrow();
        assertEquals(2, two.panels().size());
        PanelGrid many = (PanelGrid) LearningCurvesFigure.create(sweep(LearningCurvesFigure.MAX_MODELS + 3, true))
                .orElseThrow();
        assertEquals(LearningCurvesFigure.MAX_MODELS, many.panels().size());
        assertEquals(List.of(0, 1, 2, 3), LearningCurvesFigure.models(sweep(7, true)).stream().map(ModelRow::seed)
                .toList());
        List<Path> files = FigureWriter.write(two, tmp, FigureEntry.CURVES.baseName());
        BufferedImage img = ImageIO.read(files.stream().filter(p -> p.toString().endsWith(".png")).findFirst()
                .orElseThrow().toFile());
        assertEquals(two.width(), img.getWidth());
        assertEquals(two.height(), img.getHeight());
        assertTrue(Files.readString(files.stream().filter(p -> p.toString().endsWith(".svg")).findFirst()
                .orElseThrow()).contains("<svg"));
    }
}
