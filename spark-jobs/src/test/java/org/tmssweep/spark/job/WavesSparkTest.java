package org.tmssweep.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmssweep.spark.grid.GridPoint;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.spec.SpecParser;

/** Waves on local[2]: resume after an interrupted commit, diverged rows, failures and --retry-failed. */
class WavesSparkTest {
    static final String SPEC = """
            name: waves
            model: relu_output
            n_features: 5
            n_hidden: 2
            sparsity: [0.0, 0.5, 0.9]
            train: {steps: 100, batch_size: 64, eval_samples: 512, lr: [0.001, 10000.0]}
            seeds: 2
            pack: 2
            wave: 4
            """;
    static final List<String> VARYING = List.of("train_ms", "code_version");

    static SparkSession spark;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkTestSupport.start("local[2]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void aDivergingLearningRateGivesDivergedRowsAndASuccessfulSweep() throws Exception {
        SweepPlan plan = SweepPlan.of(SpecParser.parse(SPEC));
        assertEquals(3, plan.waves().size(), "12 models, packs of 2, waves of >= 4 models");
        Path out = tmp.resolve("diverge");
        SweepJob.Outcome o = SweepJob.run(spark, plan, out.toString(), ProgressSink.NONE);
        assertEquals(12, o.modelsTrained());
        assertEquals(0, o.failed());
        assertTrue(o.diverged() > 0, "lr = 1e4 diverges");
        assertEquals(o.diverged(), spark.read().parquet(out.resolve("models").toString())
                .filter("status = 'diverged' AND lr = 10000.0").count());
        assertEquals(0, spark.read().parquet(out.resolve("models").toString())
                .filter("status = 'diverged' AND lr = 0.001").count());
        Row sweep = spark.read().parquet(out.resolve("sweeps").toString()).first();
        assertEquals("complete", sweep.getAs("status"));
        assertEquals(3, (int) sweep.getAs("n_waves"));
    }

    @Test
    void anInterruptedSweepResumesWithOnlyTheMissingWavesAndEqualRows() throws Exception {
        SweepPlan plan = SweepPlan.of(SpecParser.parse(SPEC));
        Path whole = tmp.resolve("whole");
        SweepJob.run(spark, plan, whole.toString(), ProgressSink.NONE);

        Path cut = tmp.resolve("cut");
        SweepJob.run(spark, plan, cut.toString(), ProgressSink.NONE);
        // Simulate a driver killed during wave 2's commit and before the sweeps row: wave 2's models
        // directory is in place but its marker is not; a stale staging dir lies around too.
        String id = plan.spec().sweepId();
        deleteTree(cut.resolve("sweeps"));
        Files.delete(cut.resolve("_progress/sweep_id=" + id + "/wave-2.json"));
        deleteTree(cut.resolve("_progress/sweep_id=" + id + "/wave-1.json"));
        deleteTree(cut.resolve("features/sweep_id=" + id + "/wave=1"));
        deleteTree(cut.resolve("models/sweep_id=" + id + "/wave=1"));
        Files.createDirectories(cut.resolve("_staging/sweep_id=" + id + "/wave=1/models"));

        SweepJob.Outcome resumed = SweepJob.run(spark, plan, cut.toString(), ProgressSink.NONE);
        assertEquals(4, resumed.resumedFrom(), "wave 0 (4 models) was committed");
        assertEquals(2, resumed.wavesRun());
        assertEquals(8, resumed.modelsTrained());
        assertFalse(Files.exists(cut.resolve("_staging")), "a finished sweep leaves no staging directory");
        for (String t : List.of("models", "features")) {
            assertEquals(SparkTestSupport.rows(spark, whole.resolve(t).toString(), VARYING),
                    SparkTestSupport.rows(spark, cut.resolve(t).toString(), VARYING), t);
        }
        assertEquals(0, spark.read().parquet(cut.resolve("models").toString())
                .groupBy("point_id", "seed").count().filter("count > 1").count());
        SweepJob.Outcome again = SweepJob.run(spark, plan, cut.toString(), ProgressSink.NONE);
        assertTrue(again.alreadyComplete());
        assertEquals(0, again.modelsTrained());
    }

    @Test
    void aThrowingPointIsRecordedAndRetryFailedRetrainsOnlyIt() throws Exception {
        SweepPlan plan = SweepPlan.of(SpecParser.parse(SPEC.replace("lr: [0.001, 10000.0]", "lr: 0.001")));
        GridPoint victim = plan.points().get(3);
        Path out = tmp.resolve("fail");
        SweepJob.Outcome o;
        System.setProperty(TrainPack.INJECT_PROPERTY, victim.pointId());
        try {
            o = SweepJob.run(spark, plan, out.toString(), ProgressSink.NONE);
        } finally {
            System.clearProperty(TrainPack.INJECT_PROPERTY);
        }
        // the point has 2 seeds: both throw; the other 4 models are trained
        assertEquals(2, o.failed());
        Row sweep = spark.read().parquet(out.resolve("sweeps").toString()).first();
        assertEquals("complete_with_failures", sweep.getAs("status"));
        assertEquals(2L, (long) sweep.getAs("n_failed"));
        List<Row> failures = spark.read().parquet(out.resolve("failures").toString()).collectAsList();
        assertEquals(2, failures.size());
        for (Row f : failures) {
            assertEquals(victim.pointId(), f.getAs("point_id"));
            assertEquals(1, (int) f.getAs("attempt"));
            assertEquals(TrainPack.InjectedFailure.class.getName(), f.getAs("error_class"));
        }
        assertEquals(4, spark.read().parquet(out.resolve("models").toString()).count());

        SweepJob.Outcome plain = SweepJob.run(spark, plan, out.toString(), ProgressSink.NONE);
        assertTrue(plain.alreadyComplete(), "without --retry-failed a finished sweep trains nothing");

        SweepJob.Outcome retry = SweepJob.run(spark, plan, out.toString(), ProgressSink.NONE, true);
        assertEquals(2, retry.modelsTrained(), "only the failed models");
        assertEquals(0, retry.failed());
        assertEquals(6, spark.read().parquet(out.resolve("models").toString()).count());
        assertEquals(2, spark.read().parquet(out.resolve("models").toString())
                .filter("point_id = '" + victim.pointId() + "' AND wave = " + plan.waves().size()).count(),
                "in the retry wave, numbered after the plan's waves");
        Row after = spark.read().parquet(out.resolve("sweeps").toString()).first();
        assertEquals("complete", after.getAs("status"));
        assertEquals(1, spark.read().parquet(out.resolve("sweeps").toString()).count());
        assertTrue(SweepJob.run(spark, plan, out.toString(), ProgressSink.NONE, true).alreadyComplete());
    }

    static void deleteTree(Path p) throws java.io.IOException {
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
