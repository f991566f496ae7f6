package org.tmssweep.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmssweep.spark.fs.NioLocalFileSystem;
import org.tmssweep.spark.grid.GridPoint;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.spec.SpecParser;

/**
 * Waves written by their training tasks ({@link TrainAndWrite}, the default for waves of at most
 * {@link WaveJob#DIRECT_WRITE_MAX_TASKS} tasks) hold the same rows, with the same schema, as waves
 * written by Spark SQL jobs ({@code spark.tms.directWrite.maxTasks=0}): models, features, curves and
 * failures. A task attempt that dies half-way through writing leaves nothing in the tables.
 */
class DirectWriteSparkTest {
    static final String SPEC = """
            name: direct
            model: [linear, relu_output]
            n_features: 4
            n_hidden: 2
            sparsity: [0.0, 0.9]
            seeds: 2
            pack: 2
            train: {steps: 60, batch_size: 32, eval_samples: 256, curve_every: 20}
            """;
    static final List<String> MODELS_VARYING = List.of("train_ms", "code_version");
    static final List<String> FAILURES_VARYING = List.of("executor", "failed_at");

    static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkTestSupport.start("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void tasksWriteTheSameTablesAsSparkSql() throws Exception {
        SweepPlan plan = SweepPlan.of(SpecParser.parse(SPEC));
        GridPoint victim = plan.points().get(1);
        Path direct = tmp.resolve("direct");
        Path sql = tmp.resolve("sql");
        System.setProperty(TrainPack.INJECT_PROPERTY, victim.pointId());
        try {
            SweepJob.run(spark, plan, direct.toString(), ProgressSink.NONE);
            spark.conf().set(WaveJob.DIRECT_WRITE_PROPERTY, "0");
            try {
                SweepJob.run(spark, plan, sql.toString(), ProgressSink.NONE);
            } finally {
                spark.conf().unset(WaveJob.DIRECT_WRITE_PROPERTY);
            }
        } finally {
            System.clearProperty(TrainPack.INJECT_PROPERTY);
        }
        // 4 points x 2 seeds; the victim's 2 models fail; curves at steps 0, 20, 40, 60
        assertEquals(8, plan.modelCount());
        assertTableEquals("models", direct, sql, MODELS_VARYING, 6);
        assertTableEquals("features", direct, sql, List.of(), 6 * 4);
        assertTableEquals("curves", direct, sql, List.of(), 6 * 4 * 4);
        assertTableEquals("failures", direct, sql, FAILURES_VARYING, 2);
        assertEquals(spark.read().parquet(sql.resolve("sweeps").toString()).schema(),
                spark.read().parquet(direct.resolve("sweeps").toString()).schema(), "sweeps schema");
        assertEquals(plan.packs().size(), parquetFiles(direct.resolve("models")), "one models file per task");
        assertFalse(Files.exists(direct.resolve("_staging")), "no staging area left");
    }

    @Test
    void anAttemptThatDiesWhileWritingLeavesNoRows() throws Exception {
        SweepPlan plan = SweepPlan.of(SpecParser.parse(SPEC));
        Path clean = tmp.resolve("clean");
        SweepJob.run(spark, plan, clean.toString(), ProgressSink.NONE);
        Path retried = tmp.resolve("retried");
        // Two attempts per task; every first attempt writes its models file, then fails creating its features file.
        spark.stop(); // one SparkContext per JVM: this test needs one with task retries and the failing file system
        SparkSession retrying = SparkSession.builder().master("local[2,2]").appName("tms-test-retry")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config(NioLocalFileSystem.CONF, FailFeaturesFirstAttempt.class.getName())
                .config("spark.hadoop.fs.file.impl.disable.cache", "true")
                .getOrCreate();
        try {
            SweepJob.run(retrying, plan, retried.toString(), ProgressSink.NONE);
            assertTrue(FailFeaturesFirstAttempt.failures() > 0, "first attempts failed");
            for (String table : List.of("models", "features", "curves")) {
                assertEquals(SparkTestSupport.rows(retrying, clean.resolve(table).toString(), MODELS_VARYING),
                        SparkTestSupport.rows(retrying, retried.resolve(table).toString(), MODELS_VARYING), table);
            }
            assertEquals(plan.packs().size(), parquetFiles(retried.resolve("models")), "one models file per task");
        } finally {
            retrying.stop();
            spark = SparkTestSupport.start("local[2]");
        }
    }

    @Test
    void aBadSettingFailsBeforeAnythingIsWritten() throws Exception {
        SweepPlan plan = SweepPlan.of(SpecParser.parse(SPEC));
        Path out = tmp.resolve("bad");
        spark.conf().set(WaveJob.DIRECT_WRITE_PROPERTY, "many");
        try {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> SweepJob.run(spark, plan, out.toString(), ProgressSink.NONE));
            assertEquals("spark.tms.directWrite.maxTasks: expected a number of tasks >= 0, got 'many'", e.getMessage());
        } finally {
            spark.conf().unset(WaveJob.DIRECT_WRITE_PROPERTY);
        }
        assertFalse(Files.exists(out), "nothing written");
    }

    private static void assertTableEquals(String table, Path a, Path b, List<String> varying, int rows) {
        List<String> ra = SparkTestSupport.rows(spark, a.resolve(table).toString(), varying);
        List<String> rb = SparkTestSupport.rows(spark, b.resolve(table).toString(), varying);
        assertEquals(rows, ra.size(), table + " rows");
        assertEquals(rb, ra, table);
        assertEquals(spark.read().parquet(b.resolve(table).toString()).schema(),
                spark.read().parquet(a.resolve(table).toString()).schema(), table + " schema");
    }

    static long parquetFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
        }
    }

    /** Fails the creation of a features file by the first attempt of a task. */
    public static class FailFeaturesFirstAttempt extends NioLocalFileSystem {
        private static final java.util.concurrent.atomic.AtomicInteger FAILURES = new java.util.concurrent.atomic.AtomicInteger();

        static int failures() {
            return FAILURES.get();
        }

        @Override
        public FSDataOutputStream create(org.apache.hadoop.fs.Path f, FsPermission permission, boolean overwrite,
                int bufferSize, short replication, long blockSize, Progressable progress) throws IOException {
            TaskContext task = TaskContext.get();
            String p = f.toString();
            if (task != null && task.attemptNumber() == 0 && p.contains("/_attempts/") && p.contains("/features/")) {
                FAILURES.incrementAndGet();
                throw new IOException("test: the first attempt dies while writing " + f);
            }
            return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
        }
    }
}
