package org.tmssweep.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.spark.Tolerances.F64;
import static org.tmssweep.spark.Tolerances.HAND_9_DECIMALS;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.job.ProgressSink;
import org.tmssweep.spark.job.SparkTestSupport;
import org.tmssweep.spark.job.SweepJob;
import org.tmssweep.spark.job.SweepStatus;
import org.tmssweep.spark.job.TrainPack;
import org.tmssweep.spark.spec.SpecParser;
import org.tmssweep.spark.tables.Tables;
import org.tmssweep.spark.tables.Views;

/**
 * The tools around the tables, on one local[2,2] session (tasks may fail once): seed summaries
 * against a hand computation, a task failing on its first attempt, status, catalog and the SQL shell.
 * One small sweep (4 models, 2 waves) is trained twice: undisturbed, and with injected first-attempt
 * task failures; the other tests read those.
 */
class ToolsSparkTest {
    /** Views.t975 against commons-math's quantile: the expansion used beyond the exact table errs below 1e-7. */
    private static final double T975_TOL = 1e-7;

    static final String SPEC = """
            name: tools
            model: relu_output
            n_features: 4
            n_hidden: 2
            sparsity: [0.0, 0.9]
            seeds: 2
            pack: 2
            wave: 2
            train: {steps: 50, batch_size: 32, eval_samples: 256}
            """;

    static SparkSession spark;
    @TempDir
    static Path tmp;
    static Path clean;
    static Path faulty;
    static SweepPlan plan;
    static final List<String> taskFailures = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void trainTwice() throws Exception {
        spark = SparkTestSupport.start("local[2,2]");
        plan = SweepPlan.of(SpecParser.parse(SPEC));
        clean = tmp.resolve("clean");
        faulty = tmp.resolve("faulty");
        SweepJob.run(spark, plan, clean.toString(), ProgressSink.NONE);
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.reason() instanceof ExceptionFailure f) {
                    taskFailures.add(f.className() + "@" + end.taskInfo().attemptNumber());
                }
            }
        });
        // one point of each wave: every wave's job loses a task once
        String victims = plan.waves().get(0).packs().get(0).points().get(0).pointId() + ","
                + plan.waves().get(1).packs().get(0).points().get(0).pointId();
        System.setProperty(TrainPack.FAIL_FIRST_ATTEMPT_PROPERTY, victims);
        try {
            SweepJob.run(spark, plan, faulty.toString(), ProgressSink.NONE);
        } finally {
            System.clearProperty(TrainPack.FAIL_FIRST_ATTEMPT_PROPERTY);
        }
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void aTaskFailingOnItsFirstAttemptIsRetriedAndChangesNothing() {
        assertEquals(List.of(TrainPack.InjectedTaskFailure.class.getName() + "@0",
                TrainPack.InjectedTaskFailure.class.getName() + "@0"), taskFailures, "one failed first attempt per wave");
        for (String t : List.of(Tables.MODELS, Tables.FEATURES)) {
            assertEquals(SparkTestSupport.rows(spark, clean.resolve(t).toString(), Tables.NONDETERMINISTIC_MODEL_COLUMNS),
                    SparkTestSupport.rows(spark, faulty.resolve(t).toString(), Tables.NONDETERMINISTIC_MODEL_COLUMNS), t);
        }
        assertFalse(Files.exists(faulty.resolve(Tables.FAILURES)), "no failures rows");
        assertEquals("complete", spark.read().parquet(faulty.resolve(Tables.SWEEPS).toString()).first().getAs("status"));
    }

    @Test
    void seedSummariesMatchAHandComputation() throws Exception {
        // Point A: 5 ok seeds and one diverged (left out); point B: one seed (no std, no interval).
        double[] loss = {0.1, 0.2, 0.3, 0.4, 0.5};
        double[] dpf = {0.5, 0.5, 0.6, 0.4, 0.5};
        int[] rep = {4, 4, 3, 5, 4};
        List<Row> models = new ArrayList<>();
        List<Row> features = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            boolean ok = s < 5;
            models.add(model("A", s, ok ? loss[s] : null, ok ? dpf[s] : null, ok ? rep[s] : 0, ok ? "ok" : "diverged"));
            for (int f = 0; f < 2; f++) {
                double norm = ok ? 1.0 + 0.1 * s * (f + 1) : Double.NaN;
                features.add(RowFactory.create("syn", "A", s, f, 1.0, 0.5, ok ? norm : null, 0.0, ok ? 0.5 : null,
                        -0.1 * f, new Double[] {0.0, 1.0}, null));
            }
        }
        models.add(model("B", 0, 0.7, 1.0, 2, "ok"));
        Path dir = tmp.resolve("synthetic");
        spark.createDataFrame(models, Tables.MODELS_SCHEMA).withColumn("wave", org.apache.spark.sql.functions.lit(0))
                .write().partitionBy("sweep_id", "wave").parquet(dir.resolve("models").toString());
        spark.createDataFrame(features, Tables.FEATURES_SCHEMA).withColumn("wave", org.apache.spark.sql.functions.lit(0))
                .write().partitionBy("sweep_id", "wave").parquet(dir.resolve("features").toString());
        SparkSession s = spark.newSession();
        assertEquals(List.of("models", "features", "model_summary", "feature_summary"),
                QueryCommand.registerViews(s, dir.toString()));

        Row a = s.sql("SELECT * FROM model_summary WHERE point_id = 'A'").first();
        assertEquals(5L, (long) a.getAs("n"));
        assertEquals(1L, (long) a.getAs("n_diverged"));
        // by hand: mean 0.3, sample variance (0.04+0.01+0+0.01+0.04)/4 = 0.025, t_{0.975,4} = 2.776445105
        assertEquals(0.3, a.<Double>getAs("final_loss_mean"), F64);
        assertEquals(Math.sqrt(0.025), a.<Double>getAs("final_loss_std"), F64);
        assertEquals(0.3 - 2.776445105 * Math.sqrt(0.025 / 5), a.<Double>getAs("final_loss_ci_low"), HAND_9_DECIMALS);
        assertEquals(0.3 + 2.776445105 * Math.sqrt(0.025 / 5), a.<Double>getAs("final_loss_ci_high"), HAND_9_DECIMALS);
        // dims_per_feature: mean 0.5, variance (0+0+0.01+0.01+0)/4 = 0.005
        assertEquals(0.5, a.<Double>getAs("dims_per_feature_mean"), F64);
        assertEquals(Math.sqrt(0.005), a.<Double>getAs("dims_per_feature_std"), F64);
        // represented_features: mean 4, variance (0+0+1+1+0)/4 = 0.5
        assertEquals(4.0, a.<Double>getAs("represented_features_mean"), F64);
        assertEquals(4.0 + 2.776445105 * Math.sqrt(0.5 / 5), a.<Double>getAs("represented_features_ci_high"),
                HAND_9_DECIMALS);
        assertEquals(5, (int) a.getAs("n_features"));
        Row b = s.sql("SELECT * FROM model_summary WHERE point_id = 'B'").first();
        assertEquals(1L, (long) b.getAs("n"));
        assertEquals(0.7, b.<Double>getAs("final_loss_mean"), F64);
        assertNull(b.getAs("final_loss_std"));
        assertNull(b.getAs("final_loss_ci_low"));

        // feature 1 of A: norm 1 + 0.2 s for s = 0..4: mean 1.4, variance 0.04 * 2.5 = 0.1
        Row f1 = s.sql("SELECT * FROM feature_summary WHERE point_id = 'A' AND feature = 1").first();
        assertEquals(5L, (long) f1.getAs("n"));
        assertEquals(1.4, f1.<Double>getAs("norm_mean"), F64);
        assertEquals(Math.sqrt(0.1), f1.<Double>getAs("norm_std"), F64);
        assertEquals(1.4 - 2.776445105 * Math.sqrt(0.1 / 5), f1.<Double>getAs("norm_ci_low"), HAND_9_DECIMALS);
        assertEquals(-0.1, f1.<Double>getAs("bias_mean"), F64);
        assertEquals(0.0, f1.<Double>getAs("bias_std"), F64);
        assertEquals(0.9, f1.<Double>getAs("sparsity"), 0);
        assertEquals(2L, s.sql("SELECT * FROM feature_summary").count());
    }

    private static Row model(String point, int seed, Double loss, Double dpf, int rep, String status) {
        List<Object> v = new ArrayList<>(List.of("syn", point, seed, 7L + seed, (long) seed, 0, "relu_output", 5, 2,
                0.9, 0.8, 100, 32, 0.001, 0.01, "constant", "xavier"));
        v.addAll(java.util.Arrays.asList(loss, dpf, 2.0, rep, 1.0, status, "h", "v", null, null, 0.0));
        // the columns after these: null, or a zero where the schema wants a value (the summaries ignore them)
        for (var f : java.util.Arrays.copyOfRange(Tables.MODELS_SCHEMA.fields(), v.size(), Tables.MODELS_SCHEMA.size())) {
            v.add(f.nullable() ? null : switch (f.dataType().typeName()) {
                case "double" -> 0.0;
                case "integer" -> 0;
                case "long" -> 0L;
                case "string" -> "";
                default -> throw new AssertionError("no zero for " + f);
            });
        }
        return RowFactory.create(v.toArray());
    }

    @Test
    void theIntervalsQuantileIsStudentsT() {
        List<Row> rows = spark.sql("SELECT id, " + Views.t975("id") + " AS t FROM range(1, 301)").collectAsList();
        for (Row r : rows) {
            long df = r.getLong(0);
            double exact = new TDistribution(df).inverseCumulativeProbability(0.975);
            assertEquals(exact, r.getDouble(1), T975_TOL, "df " + df);
        }
        assertEquals(new TDistribution(100_000).inverseCumulativeProbability(0.975),
                spark.sql("SELECT " + Views.t975("100000") + " AS t").first().getDouble(0), T975_TOL);
        // A compound degrees-of-freedom expression, as the views pass it (n - 1 for n seeds).
        for (int n : new int[] {5, 32, 201}) {
            assertEquals(new TDistribution(n - 1).inverseCumulativeProbability(0.975),
                    spark.sql("SELECT " + Views.t975("a.n - 1") + " AS t FROM (SELECT " + n + " AS n) a").first().getDouble(0),
                    T975_TOL, "n = " + n);
        }
    }

    @Test
    void statusReadsMarkersOfCompleteAndRunningSweeps() throws Exception {
        Configuration conf = new Configuration();
        List<SweepStatus> done = SweepStatus.all(conf, clean.toString(), Instant.now());
        assertEquals(1, done.size());
        SweepStatus st = done.get(0);
        assertEquals(plan.spec().sweepId(), st.sweepId());
        assertEquals("complete", st.state());
        assertEquals(4, st.modelsDone());
        assertEquals(0, st.remaining());
        assertEquals(2, st.wavesCommitted());
        assertEquals(2, st.waves());
        assertNull(st.eta());
        assertTrue(StatusCommand.render(done).contains("complete"));

        // As another process sees a sweep in flight: wave 0 committed, wave 1 staged, no sweeps row.
        Path mid = tmp.resolve("mid");
        copyTree(clean, mid);
        String id = plan.spec().sweepId();
        WaveDirs.delete(mid.resolve("sweeps"));
        WaveDirs.delete(mid.resolve("models/sweep_id=" + id + "/wave=1"));
        WaveDirs.delete(mid.resolve("features/sweep_id=" + id + "/wave=1"));
        Files.delete(mid.resolve("_progress/sweep_id=" + id + "/wave-1.json"));
        Files.createDirectories(mid.resolve("_staging/sweep_id=" + id + "/wave=1/models"));
        SweepStatus running = SweepStatus.all(conf, mid.toString(), Instant.now()).get(0);
        assertEquals("in progress", running.state());
        assertEquals(2, running.modelsDone());
        assertEquals(2, running.remaining());
        assertEquals(1, running.wavesCommitted());
        assertTrue(running.rate() > 0);
        assertNotNull(running.eta());
    }

    @Test
    void catalogStatementsGiveTheSameCountsAsTheFiles() throws Exception {
        SparkSession fresh = spark.newSession(); // own temp views; the default (in-memory) catalog
        for (String st : CatalogCommand.statements(new Configuration(), clean.toString(), "tms_cat")) {
            fresh.sql(st);
        }
        for (String t : List.of(Tables.SWEEPS, Tables.MODELS, Tables.FEATURES)) {
            long files = spark.read().parquet(clean.resolve(t).toString()).count();
            assertTrue(files > 0);
            assertEquals(files, fresh.sql("SELECT count(*) FROM tms_cat." + t).first().getLong(0), t);
        }
        assertEquals(2, fresh.sql("SELECT * FROM tms_cat.model_summary").count(), "2 grid points");
        SparkSession viaQuery = spark.newSession();
        QueryCommand.registerViews(viaQuery, clean.toString());
        assertEquals(viaQuery.sql("SELECT point_id, n, final_loss_mean FROM model_summary ORDER BY point_id")
                .collectAsList(), fresh.sql("SELECT point_id, n, final_loss_mean FROM tms_cat.model_summary "
                        + "ORDER BY point_id").collectAsList());
    }

    @Test
    void theSqlShellRunsMultiLineStatementsSurvivesErrorsAndQuits() throws Exception {
        SparkSession s = spark.newSession();
        QueryCommand.registerViews(s, clean.toString());
        String input = "SELECT count(*) AS n\n  FROM models;\nSELECT nope FROM models;\n"
                + "SELECT 'a;b' AS x; SELECT 2 AS y;\n\\q\nSELECT 3 AS z;\n";
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int failed = SqlCommand.shell(s, new BufferedReader(new StringReader(input)), new PrintWriter(out, true),
                new PrintWriter(err, true), 100, true);
        assertEquals(1, failed);
        String o = out.toString();
        assertTrue(o.startsWith("tms> "), o);
        assertTrue(o.contains(SqlCommand.MORE), "continuation prompt: " + o);
        assertTrue(o.contains("n\n-\n4\n"), o);
        assertTrue(o.contains("x\n---\na;b\n"), "';' inside quotes does not end a statement: " + o);
        assertTrue(o.contains("y\n-\n2\n"), o);
        assertFalse(o.contains("z\n"), "nothing after \\q runs: " + o);
        assertTrue(err.toString().startsWith("error: ") && err.toString().contains("nope"), err.toString());
    }

    /** Runs {@code sql} through tms query's printing; returns {stdout, stderr}. */
    private static String[] query(SparkSession s, String sql, QueryCommand.Format format, Integer maxRows) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        QueryCommand.query(s, sql, format, QueryCommand.maxRows(maxRows, format), new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new String[] {out.toString(), err.toString()};
    }

    @Test
    void queryExportsEveryRowByDefaultAndSaysWhenMaxRowsLeavesRowsOut() throws Exception {
        SparkSession s = spark.newSession();
        QueryCommand.registerViews(s, clean.toString());
        long features = s.sql("SELECT * FROM features").count();
        assertEquals(16, features, "4 models x 4 features");

        // csv and json: all rows unless --max-rows says otherwise, nothing on stderr
        String[] csv = query(s, "SELECT point_id, seed, feature FROM features", QueryCommand.Format.csv, null);
        assertEquals(1 + features, csv[0].lines().count(), csv[0]);
        assertTrue(csv[0].startsWith("point_id,seed,feature\r\n"), csv[0]);
        assertEquals("", csv[1]);
        String[] json = query(s, "SELECT * FROM features", QueryCommand.Format.json, null);
        assertEquals(features, json[0].lines().count());
        assertEquals("", json[1]);

        // exactly max-rows rows: complete, no note
        assertEquals("", query(s, "SELECT * FROM features", QueryCommand.Format.json, 16)[1]);

        // fewer than the result: the first N, and one line on stderr for every format
        String[] cut = query(s, "SELECT * FROM features", QueryCommand.Format.csv, 5);
        assertEquals(1 + 5, cut[0].lines().count(), cut[0]);
        assertEquals("tms: query: " + QueryCommand.truncationNote(5) + "\n", cut[1]);
        assertEquals(7, query(s, "SELECT * FROM features", QueryCommand.Format.json, 7)[0].lines().count());
        String[] table = query(s, "SELECT seed FROM features", QueryCommand.Format.table, 3);
        assertEquals(2 + 3, table[0].lines().count(), "header, rule, 3 rows: " + table[0]);
        assertTrue(table[1].contains("--max-rows 0"), table[1]);

        // a streamed export over several partitions keeps the statement's order
        String[] ordered = query(s, "SELECT id FROM range(0, 1000, 1, 7) ORDER BY id DESC", QueryCommand.Format.csv, 0);
        List<String> ids = ordered[0].lines().skip(1).toList();
        assertEquals(1000, ids.size());
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(String.valueOf(999 - i), ids.get(i));
        }
    }

    @Test
    void toWritesEveryRowOfAHundredThousandRowResultInEachFormat() throws Exception {
        int rows = 100_000;
        String sql = "SELECT id, id * 0.5 AS half FROM range(0, " + rows + ", 1, 8) ORDER BY id DESC";
        SparkSession s = spark.newSession();
        Path dir = Files.createDirectories(tmp.resolve("to-100k"));
        Path csv = dir.resolve("r.csv");
        QueryCommand.writeTo(s, sql, QueryCommand.FileFormat.CSV, csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(1 + rows, lines.size());
        assertEquals("id,half", lines.get(0));
        assertEquals((rows - 1) + "," + (rows - 1) * 0.5, lines.get(1), "ordered, first row");
        assertEquals("0,0.0", lines.get(rows), "last row");
        Path json = dir.resolve("r.json");
        QueryCommand.writeTo(s, sql, QueryCommand.FileFormat.JSON, json);
        List<String> objects = Files.readAllLines(json);
        assertEquals(rows, objects.size());
        assertTrue(objects.get(rows - 1).contains("\"id\":0"), objects.get(rows - 1));
        Path parquet = dir.resolve("r.parquet");
        QueryCommand.writeTo(s, sql, QueryCommand.FileFormat.PARQUET, parquet);
        List<Row> back = s.read().parquet(parquet.toString()).collectAsList();
        assertEquals(rows, back.size());
        for (int i = 0; i < rows; i++) {
            assertEquals(rows - 1 - i, back.get(i).getLong(0), "order kept at row " + i);
        }
        try (var listing = Files.list(dir)) {
            assertEquals(List.of("r.csv", "r.json", "r.parquet"),
                    listing.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left");
        }
    }

    @Test
    void anSqlStatementSparkCannotAnalyzeIsAOneLineUserError() throws Exception {
        SparkSession s = spark.newSession();
        QueryCommand.registerViews(s, clean.toString());
        for (String[] bad : new String[][] {{"SELECT * FROM no_such_table", "no_such_table"},
            {"SELECT nope FROM models", "nope"}, {"SELEC 1", "SELEC"}}) {
            for (QueryCommand.Format f : QueryCommand.Format.values()) {
                UserError e = org.junit.jupiter.api.Assertions.assertThrows(UserError.class,
                        () -> query(s, bad[0], f, null), bad[0]);
                assertTrue(e.getMessage().startsWith("SQL: ") && e.getMessage().contains(bad[1]), e.getMessage());
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            }
        }
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    /** Recursive delete. */
    static final class WaveDirs {
        static void delete(Path p) throws Exception {
            if (!Files.exists(p)) {
                return;
            }
            try (var s = Files.walk(p)) {
                for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            }
        }
    }


    /**
     * A results directory whose models files were written before and after the table gained a
     * column: the view shows the column (null in the older rows), whichever file Spark lists first.
     */
    @Test
    void viewsMergeTheSchemasOfOlderAndNewerFiles() throws Exception {
        Path dir = tmp.resolve("mixed-schemas");
        org.apache.spark.sql.Dataset<Row> rows = spark.createDataFrame(List.of(model("A", 0, 0.5, 1.0, 2, "ok")),
                Tables.MODELS_SCHEMA).withColumn("wave", org.apache.spark.sql.functions.lit(0));
        // An older file without weight_fro, then a newer one with it, in two sweeps of one directory
        // (the older sorts first: without merging, Spark would take its schema).
        rows.drop("weight_fro").withColumn("sweep_id", org.apache.spark.sql.functions.lit("a-older"))
                .write().partitionBy("sweep_id", "wave").parquet(dir.resolve("models").toString());
        rows.withColumn("sweep_id", org.apache.spark.sql.functions.lit("b-newer"))
                .withColumn("weight_fro", org.apache.spark.sql.functions.lit(2.0))
                .write().mode("append").partitionBy("sweep_id", "wave").parquet(dir.resolve("models").toString());
        SparkSession s = spark.newSession();
        QueryCommand.registerViews(s, dir.toString());
        Row r = s.sql("SELECT count(*) AS n, count(weight_fro) AS with_new, sum(weight_fro) AS total FROM models").first();
        assertEquals(2L, r.getLong(0));
        assertEquals(1L, r.getLong(1));
        assertEquals(2.0, r.getDouble(2), F64);
    }
}
