package org.tmssweep.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end through {@code deploy/bin/tms}, as a user runs it: separate JVMs, real Spark in local
 * mode, real Parquet. Every process is bounded in time and killed if it overruns.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LauncherIT {
    static final String SPEC = """
            name: e2e
            model: relu_output
            n_features: 8
            n_hidden: 3
            sparsity: [0.0, 0.95]
            importance_decay: 0.8
            seeds: 2
            train: {steps: 400, batch_size: 128, eval_samples: 2048}
            """;

    @TempDir
    static Path tmp;
    static Path spec;

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void writeSpec() throws IOException {
        spec = tmp.resolve("e2e.yaml");
        Files.writeString(spec, SPEC);
    }

    static Result tms(String... args) throws IOException, InterruptedException {
        Path root = Paths.get(System.getProperty("tms.root", "..")).toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>();
        cmd.add(root.resolve("deploy/bin/tms").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TMS_NO_BUILD", "1");
        pb.environment().put("TMS_DRIVER_MEMORY", "2g");
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("tms " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void helpTeaches() throws Exception {
        Result r = tms("--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("tms run deploy/sweeps/demo.yaml --out results/demo"), r.out());
    }

    @Test
    void badSpecFailsFastWithOneLineAndNoOutput() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, SPEC.replace("n_hidden: 3", "n_hidden: -3"));
        Path out = tmp.resolve("bad-out");
        Result r = tms("run", bad.toString(), "--out", out.toString());
        assertEquals(2, r.code());
        assertEquals("tms: error: " + bad + ": n_hidden: must be >= 1, got -3", r.err().strip());
        assertFalse(Files.exists(out));
    }

    @Test
    void sameSpecOnOneAndTwoCoresGivesIdenticalTablesAndFigures() throws Exception {
        Path one = tmp.resolve("one");
        Path two = tmp.resolve("two");
        Result r1 = tms("run", spec.toString(), "--out", one.toString(), "--master", "local[1]");
        assertEquals(0, r1.code(), r1.err());
        assertTrue(r1.err().contains("4/4 models"), "progress is shown: " + r1.err());
        Result r2 = tms("run", spec.toString(), "--out", two.toString(), "--master", "local[2]");
        assertEquals(0, r2.code(), r2.err());

        // One query JVM: the local[2] tables against the local[1] files, row for row (EXCEPT ALL both
        // ways over every deterministic column, embeddings included), as CSV.
        Result q = tms("query", "--out", two.toString(), "--format", "csv", KillResumeIT.compareSql(one));
        assertEquals(0, q.code(), q.err());
        assertEquals(List.of("models_diff,features_diff,models,keys,features", "0,0,4,4,32"), q.out().lines().toList(), q.out());
        Result st = tms("status", "--out", one.toString());
        assertEquals(0, st.code(), st.err());
        assertTrue(st.out().matches("(?s).*e2e-\\w+ +complete +4 +0 +0 +4 +1/1 .*"), st.out());
        assertTrue(Files.isRegularFile(one.resolve("report").resolve("index.html")), "figures are written");

        // No paper preset here: the scorecard judges only the computed claims (no presets), every other is
        // NOT RUN naming its preset, --strict exits 0 (nothing FAILs) and the claims table is written.
        Result c = tms("claims", "--out", one.toString(), "--format", "json", "--strict");
        assertEquals(0, c.code(), c.err());
        List<String> claims = c.out().lines().toList();
        assertTrue(claims.size() >= 40, c.out());
        for (String line : claims) {
            boolean computed = line.contains("\"presets\":[]");
            assertTrue(line.contains(computed ? "\"status\":\"PASS\"" : "\"status\":\"NOT RUN\""), line);
        }
        assertTrue(Files.isDirectory(one.resolve("claims")), "the claims table is written");

        Result again = tms("run", spec.toString(), "--out", one.toString(), "--no-report");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("already complete") && again.err().contains("0 models trained"), again.err());
    }
}
