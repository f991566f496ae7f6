package org.tmssweep.spark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.spark.Tolerances.F64;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmssweep.core.RequiresNd4jNatives;
import org.tmssweep.spark.export.ExportFiles;
import org.tmssweep.spark.export.ModelExport;
import org.tmssweep.spark.export.Python;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.job.SparkTestSupport;
import org.tmssweep.spark.job.TrainPack;
import org.tmssweep.spark.spec.SpecParser;

/**
 * {@code tms run}'s exit status with failed models, {@code tms export} and {@code tms query --to}, on one
 * small sweep of tied (relu_output) and untied (abs) models trained through the command line: first with
 * one grid point's training failing (exit 3), then again (already complete, still exit 3), then with
 * {@code --retry-failed} (exit 0). The exports are read back in Java against the tables and, where python3
 * has NumPy, loaded by NumPy.
 */
@RequiresNd4jNatives
class ExportSparkTest {
    static final String SPEC = """
            name: export
            model: [relu_output, abs]
            n_features: 3
            n_hidden: 2
            sparsity: [0.0, 0.9]
            seeds: 2
            train: {steps: 20, batch_size: 16, eval_samples: 64}
            """;

    @TempDir
    static Path tmp;
    static Path out;
    static Path spec;
    static TmsCliTest.Result failed;
    static TmsCliTest.Result again;
    static TmsCliTest.Result retried;
    static TmsCliTest.Result exported;
    static Path cliExport;
    static SparkSession spark;

    @BeforeAll
    static void trainThroughTheCommandLine() throws Exception {
        spec = Files.writeString(tmp.resolve("export.yaml"), SPEC);
        out = tmp.resolve("out");
        SweepPlan plan = SweepPlan.of(SpecParser.parse(SPEC));
        String victim = plan.points().get(2).pointId(); // both seeds of one point
        String[] run = {"run", spec.toString(), "--out", out.toString(), "--master", "local[2]", "--no-report",
            "--no-analyze"};
        System.setProperty(TrainPack.INJECT_PROPERTY, victim);
        try {
            failed = TmsCliTest.run(run);
        } finally {
            System.clearProperty(TrainPack.INJECT_PROPERTY);
        }
        again = TmsCliTest.run(run);
        List<String> retry = new ArrayList<>(List.of(run));
        retry.add("--retry-failed");
        retried = TmsCliTest.run(retry.toArray(String[]::new));
        // the command line stops the session it used, so it runs before the tests' own session starts
        cliExport = tmp.resolve("cli.npz");
        exported = TmsCliTest.run("export", "--out", out.toString(), "--where", "seed = 1 AND model = 'abs'", "--to",
                cliExport.toString(), "--master", "local[1]");
        spark = SparkTestSupport.start("local[2]");
        QueryCommand.registerViews(spark, out.toString());
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void runExitsThreeWhileModelsHaveFailedAndZeroOnceTheyAreRetried() {
        assertEquals(Tms.EXIT_MODELS_FAILED, failed.code(), failed.err());
        assertTrue(failed.err().contains("(0 diverged, 2 failed)"), failed.err());
        assertTrue(failed.err().contains("tms: exit status 3: the sweep completed with failed models"), failed.err());
        assertEquals(Tms.EXIT_MODELS_FAILED, again.code(), again.err());
        assertTrue(again.err().contains("0 models trained; 2 models failed in an earlier run"), again.err());
        assertEquals(Tms.EXIT_OK, retried.code(), retried.err());
        assertEquals(8L, spark.sql("SELECT count(*) FROM models").first().getLong(0));
    }

    /** Every selected model's W, b and W2 from the tables, in the export's order, as the export writes them. */
    static List<double[][]> fromTables(String where) {
        List<double[][]> models = new ArrayList<>();
        for (Row m : spark.sql("SELECT * FROM models WHERE " + where + " ORDER BY sweep_id, grid_index, seed, point_id")
                .collectAsList()) {
            int n = m.getAs("n_features");
            int k = m.getAs("n_hidden");
            double[] w = new double[n * k];
            double[] b = new double[n];
            double[] w2 = new double[n * k];
            for (Row f : spark.sql("SELECT feature, embedding, bias, readout FROM features WHERE point_id = '"
                    + m.getAs("point_id") + "' AND seed = " + m.getAs("seed")).collectAsList()) {
                int j = f.getInt(0);
                List<Double> e = f.getList(1);
                for (int r = 0; r < k; r++) {
                    w[r * n + j] = e.get(r);
                    if (!f.isNullAt(3)) {
                        w2[j * k + r] = f.<Double>getList(3).get(r);
                    }
                }
                b[j] = f.getDouble(2);
            }
            models.add(new double[][] {w, b, "abs".equals(m.getAs("model")) ? w2 : null});
        }
        return models;
    }

    @Test
    void theNpzHoldsTheTablesWeightsAndKeysAndNumpyLoadsIt() throws Exception {
        String where = "sparsity = 0.9";
        Path file = tmp.resolve("sparse.npz");
        ExportCommand.Summary s = ExportCommand.export(spark, where, file, ModelExport.Format.NPZ);
        assertEquals(new ExportCommand.Summary(4, 2), s);
        Map<String, ExportFiles.Npy> npz = ExportFiles.readNpz(file);
        List<double[][]> expected = fromTables(where);
        assertEquals(4, expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i)[0], npz.get("W_" + i).doubles(), "W_" + i);
            assertArrayEquals(new long[] {2, 3}, npz.get("W_" + i).shape());
            assertArrayEquals(expected.get(i)[1], npz.get("b_" + i).doubles(), "b_" + i);
            if (expected.get(i)[2] != null) {
                assertArrayEquals(expected.get(i)[2], npz.get("W2_" + i).doubles(), "W2_" + i);
                assertArrayEquals(new long[] {3, 2}, npz.get("W2_" + i).shape());
            } else {
                assertFalse(npz.containsKey("W2_" + i));
            }
        }
        // the keys are the models rows, every column, in the same order
        List<Row> rows = spark.sql("SELECT * FROM models WHERE " + where + " ORDER BY sweep_id, grid_index, seed, "
                + "point_id").collectAsList();
        ExportFiles.Npy keys = npz.get("keys");
        for (String c : List.of("sweep_id", "point_id", "seed", "model", "sparsity", "final_loss", "rng_seed", "wave")) {
            List<Object> col = keys.column(c);
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(rows.get(i).getAs(c), col.get(i), c + "[" + i + "]");
            }
        }
        assertEquals(rows.get(0).schema().fieldNames().length, keys.fields().size(), "one field per models column");

        Python.assumeNumpy();
        String script = String.join("\n",
                "import sys, numpy as np",
                "f = np.load(sys.argv[1])",
                "k = f['keys']",
                "assert len(k) == 4 and set(k['sparsity']) == {0.9}",
                "for i in range(len(k)):",
                "    W, b = f[f'W_{i}'], f[f'b_{i}']",
                "    assert W.shape == (k['n_hidden'][i], k['n_features'][i]) and b.shape == (k['n_features'][i],)",
                "    assert (f'W2_{i}' in f.files) == (k['model'][i] == 'abs')",
                "    print(k['point_id'][i], k['seed'][i], repr(float(W.sum())), repr(float(b.sum())))");
        Python.Result r = Python.run(script, file.toString());
        assertEquals(0, r.code(), r.output());
        List<String> lines = r.output().strip().lines().toList();
        assertEquals(4, lines.size(), r.output());
        for (int i = 0; i < lines.size(); i++) {
            String[] p = lines.get(i).split(" ");
            assertEquals(rows.get(i).getAs("point_id"), p[0]);
            assertEquals(String.valueOf((int) rows.get(i).getAs("seed")), p[1]);
            assertEquals(java.util.Arrays.stream(expected.get(i)[0]).sum(), Double.parseDouble(p[2]), F64);
            assertEquals(java.util.Arrays.stream(expected.get(i)[1]).sum(), Double.parseDouble(p[3]), F64);
        }
    }

    @Test
    void theSafetensorsFileHoldsTheSameWeightsWithTheKeysInItsMetadata() throws Exception {
        Path file = tmp.resolve("all.safetensors");
        assertEquals(new ExportCommand.Summary(8, 4), ExportCommand.export(spark, null, file,
                ModelExport.Format.SAFETENSORS));
        ExportFiles.Safetensors st = ExportFiles.readSafetensors(file);
        List<double[][]> expected = fromTables("true");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i)[0], st.doubles("W_" + i), "W_" + i);
            assertArrayEquals(expected.get(i)[1], st.doubles("b_" + i), "b_" + i);
            if (expected.get(i)[2] != null) {
                assertArrayEquals(expected.get(i)[2], st.doubles("W2_" + i), "W2_" + i);
            }
        }
        List<String> ids = new ArrayList<>();
        new ObjectMapper().readTree(st.metadata().get("keys.point_id")).forEach(n -> ids.add(n.asText()));
        assertEquals(spark.sql("SELECT point_id FROM models ORDER BY sweep_id, grid_index, seed, point_id")
                .collectAsList().stream().map(r -> r.getString(0)).toList(), ids);
        assertEquals("8", st.metadata().get("n_models"));
    }

    @Test
    void theCommandLineExportsAndRefusesBadInputInOneLineLeavingNoFile() throws Exception {
        assertEquals(0, exported.code(), exported.err());
        assertTrue(exported.err().startsWith("tms: export: 2 models (2 with W2) -> " + cliExport + " ("), exported.err());
        assertEquals(2 * 3 + 2, ExportFiles.readNpz(cliExport).size(), "W, b, W2 of 2 models, keys, about");

        Path none = tmp.resolve("none.npz");
        for (String[] bad : new String[][] {{"sparsity > 2", "--where: no model matches \"sparsity > 2\" (the models"
                + " table has 8 models)"}, {"sparsity >", "--where: SQL: "}, {"no_such_column = 1", "--where: SQL: "}}) {
            UserError e = assertThrows(UserError.class,
                    () -> ExportCommand.export(spark, bad[0], none, ModelExport.Format.NPZ), bad[0]);
            assertTrue(e.getMessage().startsWith(bad[1]), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        assertFalse(Files.exists(none));
        assertNoTemporaryFiles();
    }

    static void assertNoTemporaryFiles() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            List<Path> hidden = s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
            assertEquals(List.of(), hidden, "no temporary file or directory left");
        }
    }

    @Test
    void queryToWritesTheWholeResultInTheExtensionsFormat() throws Exception {
        int n = QueryCommand.TABLE_MAX_ROWS + 2_345; // more than a printed table shows
        String sql = "SELECT id, id * 0.5 AS half FROM range(0, " + n + ", 1, 7) ORDER BY id DESC";
        Path csv = tmp.resolve("q.csv");
        Files.writeString(csv, "an older file, replaced");
        QueryCommand.writeTo(spark, sql, QueryCommand.FileFormat.CSV, csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(n + 1, lines.size());
        assertEquals("id,half", lines.get(0));
        assertEquals((n - 1) + "," + (n - 1) * 0.5, lines.get(1));
        assertEquals("0,0.0", lines.get(n));

        Path json = tmp.resolve("q.json");
        QueryCommand.writeTo(spark, sql, QueryCommand.FileFormat.JSON, json);
        List<String> objects = Files.readAllLines(json);
        assertEquals(n, objects.size());
        assertEquals("{\"id\":" + (n - 1) + ",\"half\":" + (n - 1) * 0.5 + "}", objects.get(0));

        Path parquet = tmp.resolve("q.parquet");
        QueryCommand.writeTo(spark, sql, QueryCommand.FileFormat.PARQUET, parquet);
        assertTrue(Files.isRegularFile(parquet), "one file, not a directory");
        List<Row> back = spark.read().parquet(parquet.toString()).collectAsList();
        assertEquals(n, back.size());
        for (int i = 0; i < n; i++) {
            assertEquals(n - 1 - i, back.get(i).getLong(0), "the statement's order is kept");
        }

        // bad SQL is one line before anything is written; a failure while writing leaves no file
        Path bad = tmp.resolve("bad.csv");
        UserError e = assertThrows(UserError.class,
                () -> QueryCommand.writeTo(spark, "SELECT nope FROM models", QueryCommand.FileFormat.CSV, bad));
        assertTrue(e.getMessage().startsWith("SQL: ") && e.getMessage().contains("nope"), e.getMessage());
        // Spark's file writer logs the failed task at ERROR: quiet for the deliberate failure
        List<String> writerLogs = List.of("org.apache.spark.sql.execution.datasources.FileFormatWriter",
                "org.apache.spark.util.Utils");
        writerLogs.forEach(l -> org.apache.logging.log4j.core.config.Configurator.setLevel(l,
                org.apache.logging.log4j.Level.OFF));
        try {
            for (QueryCommand.FileFormat f : QueryCommand.FileFormat.values()) {
                Path broken = tmp.resolve("broken" + f.extension);
                assertThrows(Exception.class, () -> QueryCommand.writeTo(spark,
                        "SELECT IF(id = 9000, raise_error('boom'), id) AS id FROM range(0, 10000, 1, 3)", f, broken),
                        f.name());
                assertFalse(Files.exists(broken), f.name());
            }
        } finally {
            writerLogs.forEach(l -> org.apache.logging.log4j.core.config.Configurator.setLevel(l,
                    org.apache.logging.log4j.Level.ERROR));
        }
        assertFalse(Files.exists(bad));
        assertNoTemporaryFiles();
    }
}
