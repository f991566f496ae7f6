package org.tmssweep.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tmssweep.deploy.Launch.Result;

/**
 * End-to-end through {@code deploy/bin/tms}, as a user runs it: separate JVMs, real Spark in local
 * mode, real Parquet. One sweep of 12 models in 6 waves is run uninterrupted on one core (with
 * analysis, figures, status and claims), again on two cores, and a third time on two cores killed
 * with SIGKILL after its first committed wave and resumed: all three must give the same tables, row
 * for row. A plain-Java sweep also runs with ND4J's native jars taken off the class path, and a sweep that needs
 * them is then refused in one line. Every process is bounded in time and killed if it overruns.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LauncherIT {
    static final String SPEC = """
            name: e2e
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
    static final int MODELS = 12;
    static final int WAVES = 6;
    static final String MODELS_COLS = "point_id, seed, wave, sparsity, final_loss, dims_per_feature, "
            + "frobenius_sq, represented_features, status";
    static final String FEATURES_COLS = "point_id, seed, feature, norm, interference, dimensionality, bias, embedding";

    @TempDir
    static Path tmp;
    static Path spec;

    @BeforeAll
    static void writeSpec() throws IOException {
        spec = tmp.resolve("e2e.yaml");
        Files.writeString(spec, SPEC);
    }

    static Result tms(String... args) throws IOException, InterruptedException {
        return Launch.run(tmp, 5, "tms", args);
    }

    /**
     * SQL over the views of one run that reads another run's files directly: the rows of either
     * that the other lacks (EXCEPT ALL both ways over the deterministic columns, embeddings
     * included), and the counts of models, distinct keys and features.
     */
    static String compareSql(Path other) {
        String wm = "parquet.`" + other.resolve("models").toUri() + "`";
        String wf = "parquet.`" + other.resolve("features").toUri() + "`";
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

    @Test
    void helpTeaches() throws Exception {
        Result r = tms("--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("tms run deploy/sweeps/demo.yaml --out results/demo"), r.out());
    }

    @Test
    void badSpecFailsFastWithOneLineAndNoOutput() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, SPEC.replace("n_hidden: 2", "n_hidden: -3"));
        Path out = tmp.resolve("bad-out");
        Result r = tms("run", bad.toString(), "--out", out.toString());
        assertEquals(2, r.code());
        assertEquals("tms: error: " + bad + ": n_hidden: must be >= 1, got -3", r.err().strip());
        assertFalse(Files.exists(out));
    }

    @Test
    void oneCoreTwoCoresAndAKilledThenResumedRunGiveIdenticalTables() throws Exception {
        Path one = tmp.resolve("one");
        Result r1 = tms("run", spec.toString(), "--out", one.toString(), "--master", "local[1]");
        assertEquals(0, r1.code(), r1.err());
        assertTrue(r1.err().contains(MODELS + "/" + MODELS + " models"), "progress is shown: " + r1.err());
        assertTrue(Files.isRegularFile(one.resolve("report").resolve("index.html")), "figures are written");
        Result st = tms("status", "--out", one.toString());
        assertEquals(0, st.code(), st.err());
        assertTrue(st.out().matches("(?s).*e2e-\\w+ +complete +" + MODELS + " +0 +0 +" + MODELS + " +" + WAVES + "/"
                + WAVES + " .*"), st.out());

        // Two cores: one query JVM compares its tables with the one-core files, row for row.
        Path two = tmp.resolve("two");
        Result r2 = tms("run", spec.toString(), "--out", two.toString(), "--master", "local[2]", "--no-analyze",
                "--no-report");
        assertEquals(0, r2.code(), r2.err());
        Result q = tms("query", "--out", two.toString(), "--format", "csv", compareSql(one));
        assertEquals(0, q.code(), q.err());
        assertEquals(List.of("models_diff,features_diff,models,keys,features", "0,0," + MODELS + "," + MODELS + ","
                + MODELS * 6), q.out().lines().toList(), q.out());

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

        // Killed (SIGKILL, the launcher and its JVM) after its first committed wave, then resumed.
        Path cut = tmp.resolve("cut");
        Path cutLog = tmp.resolve("cut1.log");
        Process p = Launch.start(Launch.builder(tmp, "tms", "run", spec.toString(), "--out", cut.toString(),
                "--master", "local[2]", "--no-analyze", "--no-report"), cutLog, tmp.resolve("cut1.err"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (ClusterProcesses.committedWaves(cut) < 1 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), "the sweep should still be running after its first wave: " + Launch.read(cutLog));
        Launch.kill(p);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the killed run ended");
        long committed = ClusterProcesses.committedWaves(cut);
        assertTrue(committed >= 1 && committed < WAVES, "killed mid-way, " + committed + " of " + WAVES + " waves committed");
        assertTrue(!Files.exists(cut.resolve("sweeps")), "no sweeps row: the sweep is not complete");

        Result resumed = tms("run", spec.toString(), "--out", cut.toString(), "--master", "local[2]", "--no-analyze",
                "--no-report");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("tms: resumed: "), resumed.err());
        assertEquals(TableDump.rows(one), TableDump.rows(cut));
        assertEquals(MODELS, TableDump.distinctModels(cut), "no duplicated (point_id, seed)");

        Result again = tms("run", spec.toString(), "--out", one.toString(), "--no-report");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("already complete") && again.err().contains("0 models trained"), again.err());
    }

    /** A native jar of ND4J, OpenBLAS or JavaCPP: classifier os-arch, e.g. {@code openblas-0.3.19-1.5.7-linux-x86_64.jar}. */
    static final Pattern NATIVE_JAR = Pattern.compile(
            ".*/org/(nd4j|bytedeco)/[^/]+/[^/]+/[^/]+-(linux|macosx|windows|android|ios)-[a-z0-9_]+\\.jar");

    /**
     * With every native jar of ND4J, OpenBLAS and JavaCPP off the launcher's class path (TMS_CLASSPATH_FILE), a
     * plain-Java sweep (n m &lt;= 500, both input modes) trains, is analysed and writes its tables with no model
     * failed (an ND4J kernel could not have run); a sweep with a model on an ND4J kernel is refused with one line
     * naming the missing jars and the fix, before anything is written.
     */
    @Test
    void withoutNd4jNativesAPlainJavaSweepRunsAndAnNd4jSweepIsRefusedInOneLine() throws Exception {
        List<String> kept = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String entry : Files.readString(Launch.ROOT.resolve("deploy/target/classpath.txt")).strip().split(":")) {
            (NATIVE_JAR.matcher(entry).matches() ? removed : kept).add(entry);
        }
        for (String jar : List.of("/nd4j-native-", "/openblas-", "/javacpp-")) {
            assertTrue(removed.stream().anyMatch(e -> e.contains(jar)), jar + " native jar taken off: " + removed);
        }
        Path classpath = tmp.resolve("classpath-without-natives.txt");
        Files.writeString(classpath, String.join(":", kept));
        Map<String, String> env = Map.of("TMS_CLASSPATH_FILE", classpath.toString(), "TMS_CDS", "0");

        Path plain = tmp.resolve("plain.yaml");
        Files.writeString(plain, """
                name: no-natives
                model: relu_output
                n_features: 20
                n_hidden: 5
                sparsity: [0.0, 0.95]
                seeds: 2
                train: {steps: 500, batch_size: 128, eval_samples: 512}
                """);
        Path out = tmp.resolve("no-natives");
        Result r = Launch.run(tmp, 5, env, "tms", "run", plain.toString(), "--out", out.toString(), "--master",
                "local[1]", "--no-report");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("tms: done: 4 models trained in 1 waves") && r.err().contains("(0 diverged, 0 failed)"),
                r.err());
        assertFalse(r.err().toLowerCase(Locale.ROOT).contains("nd4j"), r.err());
        for (String table : List.of("sweeps", "models", "features", "polytopes")) {
            assertTrue(Files.isDirectory(out.resolve(table)), table + " written");
        }
        assertFalse(Files.exists(out.resolve("failures")), "no failures table");
        assertEquals(4, TableDump.distinctModels(out));

        Path nd4j = tmp.resolve("nd4j.yaml");
        Files.writeString(nd4j, SPEC.replace("n_features: 6", "n_features: 40").replace("n_hidden: 2", "n_hidden: 20"));
        Path nd4jOut = tmp.resolve("nd4j-out");
        Result refused = Launch.run(tmp, 5, env, "tms", "run", nd4j.toString(), "--out", nd4jOut.toString());
        assertEquals(2, refused.code(), refused.err());
        List<String> lines = refused.err().strip().lines().toList();
        assertEquals(1, lines.size(), refused.err());
        assertTrue(lines.get(0).startsWith("tms: error: " + nd4j + ": " + MODELS + " of " + MODELS
                + " toy models train on an ND4J kernel, but ND4J's native libraries for "), lines.get(0));
        assertTrue(lines.get(0).contains("org.nd4j:nd4j-native:") && lines.get(0).contains("-Djavacpp.platform="),
                lines.get(0));
        assertFalse(Files.exists(nd4jOut), "nothing written");
    }
}
