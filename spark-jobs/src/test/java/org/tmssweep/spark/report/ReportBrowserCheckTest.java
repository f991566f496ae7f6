package org.tmssweep.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real browser: {@code deploy/bin/tms-check-report} loads every page in headless Chromium and
 * checks that every image loaded. Skipped where no Chromium/Chrome is installed (CI machines); the script never
 * installs one from a test ({@code TMS_NO_INSTALL=1}).
 */
class ReportBrowserCheckTest {
    private static final Path SCRIPT = Paths.get("..", "deploy", "bin", "tms-check-report");
    private static final long TIMEOUT_S = 180;

    private static boolean browserInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String b : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
                if (Files.isExecutable(Paths.get(dir, b))) {
                    return true;
                }
            }
        }
        return false;
    }

    private record Result(int exit, String output) {
    }

    private static Result check(Path report, Path shots) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString(), report.toString(), shots.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TMS_NO_INSTALL", "1");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(TIMEOUT_S, TimeUnit.SECONDS), "tms-check-report did not finish in " + TIMEOUT_S + " s");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void everyFigureOfEveryPageLoadsInHeadlessChromium(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(browserInstalled(), "no Chromium/Chrome on PATH");
        Path report = dir.resolve("report");
        List<SweepInfo> sweeps = new ArrayList<>(ReportRenderTest.data().sweeps());
        List<ModelRow> models = new ArrayList<>(ReportRenderTest.data().models());
        List<FeatureRow> features = new ArrayList<>(ReportRenderTest.data().features());
        SweepData curves = LearningCurvesFigureTest.sweep(2, true);
        sweeps.add(curves.sweep());
        models.addAll(curves.models());
        Report.render(new ReportData(sweeps, models, features, curves.derived()), report);

        Result ok = check(report, dir.resolve("shots"));
        assertEquals(0, ok.exit(), ok.output());
        assertTrue(ok.output().contains("s-curves: 4 images, all loaded"), ok.output());
        for (String page : List.of("index", "s-toy", "s_single", "s-curves")) {
            Path png = dir.resolve("shots").resolve(page + ".png");
            assertTrue(ImageIO.read(png.toFile()).getHeight() >= 600, png + " is a full-page screenshot");
        }

        Files.delete(report.resolve("s-curves").resolve("curves.png"));
        Result broken = check(report, dir.resolve("shots2"));
        assertEquals(1, broken.exit(), broken.output());
        assertTrue(broken.output().contains("s-curves: 1 of 4 images did not load: curves.png"), broken.output());
    }
}
