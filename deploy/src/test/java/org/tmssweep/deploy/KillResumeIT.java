package org.tmssweep.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance for resume: a driver process killed (SIGKILL) mid-sweep, after its first wave was
 * committed, then {@code tms run} again on the same --out; the final tables equal, row for row,
 * those of an uninterrupted run, with no duplicate (point_id, seed).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KillResumeIT {
    static final String SPEC = """
            name: killme
            model: relu_output
            n_features: 6
            n_hidden: 2
            sparsity: [0.0, 0.5, 0.8, 0.9, 0.95, 0.99]
            importance_decay: 0.9
            seeds: 2
            pack: 2
            wave: 2
            train: {steps: 1500, batch_size: 256, eval_samples: 1024}
            """;
    static final String MODELS_COLS = "point_id, seed, wave, sparsity, final_loss, dims_per_feature, "
            + "frobenius_sq, represented_features, status";
    static final String FEATURES_COLS = "point_id, seed, feature, norm, interference, dimensionality, bias, embedding";

    /** SQL over the resumed run's views that reads the uninterrupted run's files directly. */
    static String compareSql(Path whole) {
        String wm = "parquet.`" + whole.resolve("models").toUri() + "`";
        String wf = "parquet.`" + whole.resolve("features").toUri() + "`";
        return "SELECT "
                + diff(MODELS_COLS, wm, "models") + " AS models_diff, "
                + diff(FEATURES_COLS, wf, "features") + " AS features_diff, "
                + "(SELECT count(*) FROM models) AS models, "
                + "(SELECT count(DISTINCT point_id, seed) FROM models) AS keys, "
                + "(SELECT count(*) FROM features) AS features";
    }

    private static String diff(String cols, String a, String b) {
        return "(SELECT count(*) FROM (SELECT " + cols + " FROM " + a + " EXCEPT ALL SELECT " + cols + " FROM " + b
                + ")) + (SELECT count(*) FROM (SELECT " + cols + " FROM " + b + " EXCEPT ALL SELECT " + cols + " FROM "
                + a + "))";
    }

    @TempDir
    Path tmp;

    static Path root() {
        return Paths.get(System.getProperty("tms.root", "..")).toAbsolutePath().normalize();
    }

    static ProcessBuilder tms(Path log, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(root().resolve("deploy/bin/tms").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TMS_NO_BUILD", "1");
        pb.environment().put("TMS_DRIVER_MEMORY", "2g");
        pb.redirectOutput(log.toFile()).redirectError(Paths.get(log + ".err").toFile());
        return pb;
    }

    /** Runs tms; returns its stdout, or with {@code err} its stderr. */
    static String run(Path log, String... args) throws Exception {
        return run(false, log, args);
    }

    static String run(boolean err, Path log, String... args) throws Exception {
        Process p = tms(log, args).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("tms did not finish");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        String errText = Files.readString(Paths.get(log + ".err"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), errText);
        return err ? errText : out;
    }

    static long markers(Path out) throws Exception {
        return ClusterProcesses.committedWaves(out);
    }

    @Test
    void aKilledDriverResumesToTheSameTablesWithoutDuplicates() throws Exception {
        Path spec = tmp.resolve("kill.yaml");
        Files.writeString(spec, SPEC);
        Path whole = tmp.resolve("whole");
        Path cut = tmp.resolve("cut");
        run(tmp.resolve("whole.log"), "run", spec.toString(), "--out", whole.toString(), "--master", "local[2]",
                "--no-report");

        Process p = tms(tmp.resolve("cut1.log"), "run", spec.toString(), "--out", cut.toString(), "--master",
                "local[2]", "--no-report").start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (markers(cut) < 1 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), "the sweep should still be running after its first wave: "
                + Files.readString(tmp.resolve("cut1.log")));
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long committed = markers(cut);
        assertTrue(committed >= 1 && committed < 6, "killed mid-way, " + committed + " of 6 waves committed");
        assertTrue(!Files.exists(cut.resolve("sweeps")), "no sweeps row: the sweep is not complete");

        String resumed = run(true, tmp.resolve("cut2.log"), "run", spec.toString(), "--out", cut.toString(), "--master",
                "local[2]", "--no-report");
        assertTrue(resumed.contains("tms: resumed: "), resumed);

        // One JVM compares the resumed tables with the uninterrupted run's, row for row (EXCEPT ALL
        // both ways over every deterministic column, embeddings included), and counts duplicate keys.
        String check = run(tmp.resolve("q.log"), "query", "--out", cut.toString(), "--format", "csv",
                compareSql(whole));
        assertEquals(List.of("models_diff,features_diff,models,keys,features", "0,0,12,12,72"), check.lines().toList(), check);
        String again = run(true, tmp.resolve("again.log"), "run", spec.toString(), "--out", cut.toString(), "--no-report");
        assertTrue(again.contains("0 models trained"), again);
    }
}
