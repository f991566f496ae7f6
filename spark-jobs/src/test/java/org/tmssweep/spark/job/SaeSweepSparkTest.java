package org.tmssweep.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.spec.SpecParser;
import org.tmssweep.spark.tables.Tables;
import org.tmssweep.spark.tables.Views;

/**
 * SAE sweeps on a local[2] Spark: a toy source (each toy model trained in its task, its models and features rows
 * written once, the SAEs over its hidden vectors) and a synthetic source (Sharkey et al.'s data, no toy model);
 * one row per SAE, latent and true feature; MMCS and cross MMCS where they belong; the sae_summary view over the
 * SAE seeds; the same rows whatever the waves (and so the tasks and Spark jobs) they were trained in, and after an
 * interrupted run resumed from its first uncommitted wave.
 */
class SaeSweepSparkTest {
    static final String TOY = """
            name: sae-tiny-toy
            n_features: 5
            n_hidden: 2
            sparsity: 0.9
            seeds: 2
            train: {steps: 1000, batch_size: 256, eval_samples: 1024}
            sae:
              source: toy
              latents: [5, 8]
              l1: 0.1
              steps: 300
              batch_size: 128
              eval_samples: 1024
              seeds: 2
            """;
    static final String SYNTHETIC = """
            name: sae-tiny-synthetic
            sae:
              source: synthetic
              synthetic: {features: 8, dim: 4, mean_active: 1, truth_seed: 3}
              ratio: [1, 2]
              l1: [0.05, 0.2]
              steps: 300
              batch_size: 128
              eval_samples: 512
            """;
    /** Columns that differ between two runs of the same SAEs in sweeps of different specs. */
    static final List<String> RUN_COLUMNS = List.of("sweep_id", "spec_hash", "code_version", "train_seconds",
            "train_ms", "wave");
    /** Bounds on a cosine computed in double precision from unit vectors. */
    static final double COSINE_SLACK = 1e-12;

    static SparkSession spark;
    @TempDir
    static Path tmp;
    static SweepPlan toy;
    static SweepPlan synthetic;

    @BeforeAll
    static void run() throws Exception {
        spark = SparkTestSupport.start("local[2]");
        toy = SweepPlan.of(SpecParser.parse(TOY));
        synthetic = SweepPlan.of(SpecParser.parse(SYNTHETIC));
        SweepJob.run(spark, toy, tmp.resolve("a").toString(), ProgressSink.NONE);
        SweepJob.run(spark, synthetic, tmp.resolve("a").toString(), ProgressSink.NONE);
        // the same SAEs again, one unit per wave: other tasks, Spark jobs and files
        SweepJob.run(spark, SweepPlan.of(SpecParser.parse(SYNTHETIC + "wave: 1\n")), tmp.resolve("b").toString(),
                ProgressSink.NONE);
        SweepJob.run(spark, SweepPlan.of(SpecParser.parse(TOY + "wave: 1\n")), tmp.resolve("b").toString(),
                ProgressSink.NONE);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static Dataset<Row> table(String dir, String table, SweepPlan plan) {
        return spark.read().parquet(tmp.resolve(dir).resolve(table).toString())
                .filter("sweep_id = '" + plan.spec().sweepId() + "'");
    }

    @Test
    void aToySweepWritesEachToyModelOnceAndOneRowPerSaeLatentAndFeature() {
        assertEquals(2, toy.points().size()); // one point, two toy seeds
        assertEquals(2 + 8, toy.modelCount());
        assertEquals(2, table("a", Tables.MODELS, toy).count());
        assertEquals(2 * 5, table("a", Tables.FEATURES, toy).count());
        Dataset<Row> saes = table("a", Tables.SAE_MODELS, toy);
        assertEquals(8, saes.count());
        assertEquals(4 * (5 + 8), table("a", Tables.SAE_LATENTS, toy).count());
        assertEquals(8 * 5, table("a", Tables.SAE_FEATURES, toy).count());
        String toyId = toy.points().get(0).pointId();
        for (Row r : saes.collectAsList()) {
            assertEquals(toyId, r.getAs("toy_point_id"));
            int toySeed = r.getAs("toy_seed");
            assertTrue(toySeed == 0 || toySeed == 1, "toy_seed " + toySeed);
            assertEquals("toy", r.getAs("source"));
            assertEquals(5, (int) r.getAs("features"));
            assertEquals(2, (int) r.getAs("dim"));
            assertEquals("ok", r.getAs("status"));
            double mmcs = r.getAs("mmcs");
            assertTrue(mmcs >= -COSINE_SLACK && mmcs <= 1 + COSINE_SLACK, "mmcs " + mmcs);
            assertNull(r.getAs("mean_active"));
            assertNull(r.getAs("hierarchy"));
            int k = r.getAs("latents");
            if (k == 5) {
                assertEquals(8, (int) r.getAs("cross_latents"));
                double cross = r.getAs("cross_mmcs");
                assertTrue(cross >= -COSINE_SLACK && cross <= 1 + COSINE_SLACK, "cross_mmcs " + cross);
            } else {
                assertNull(r.getAs("cross_latents"));
                assertNull(r.getAs("cross_mmcs"));
            }
        }
        // an SAE point per size and toy model, two SAE seeds each, every SAE its own rng seed
        assertEquals(4, saes.select("point_id").distinct().count());
        assertEquals(8, saes.select("rng_seed").distinct().count());
    }

    @Test
    void theToyModelIsTheOneTheSameSpecWithoutSaesTrains() throws Exception {
        SweepPlan plain = SweepPlan.of(SpecParser.parse(TOY.substring(0, TOY.indexOf("sae:"))));
        assertEquals(plain.points().get(0).pointId(), toy.points().get(0).pointId());
        assertEquals(plain.points().get(0).rngSeed(), toy.points().get(0).rngSeed());
        assertNotEquals(plain.spec().specHash(), toy.spec().specHash());
    }

    @Test
    void aSyntheticSweepHasNoToyModelAndComparesSizesWithinAPenalty() {
        assertTrue(synthetic.points().isEmpty());
        assertEquals(2, synthetic.sae().units().size()); // one per penalty: the sizes share a unit
        Dataset<Row> saes = table("a", Tables.SAE_MODELS, synthetic);
        assertEquals(4, saes.count());
        assertEquals(8 + 16 + 8 + 16, table("a", Tables.SAE_LATENTS, synthetic).count());
        assertEquals(4 * 8, table("a", Tables.SAE_FEATURES, synthetic).count());
        assertFalse(java.nio.file.Files.exists(tmp.resolve("a").resolve(Tables.MODELS)
                .resolve("sweep_id=" + synthetic.spec().sweepId())));
        for (Row r : saes.collectAsList()) {
            assertEquals("synthetic", r.getAs("source"));
            assertEquals(3L, (long) r.getAs("truth_seed"));
            assertEquals(1.0, (double) r.getAs("mean_active"));
            assertNull(r.getAs("toy_point_id"));
            double mmcs = r.getAs("mmcs");
            assertTrue(mmcs >= -COSINE_SLACK && mmcs <= 1 + COSINE_SLACK, "mmcs " + mmcs);
            double recovered = r.getAs("recovered_fraction");
            assertTrue(recovered >= 0 && recovered <= 1, "recovered_fraction " + recovered);
            assertEquals((int) r.getAs("latents") == 8 ? Integer.valueOf(16) : null, r.getAs("cross_latents"));
        }
        // independent features: every sae_features row carries its fixed probability
        assertEquals(0, table("a", Tables.SAE_FEATURES, synthetic).filter("probability IS NULL").count());
    }

    @Test
    void saeSummaryAggregatesEachPointsSaeSeeds() {
        spark.read().parquet(tmp.resolve("a").resolve(Tables.SAE_MODELS).toString())
                .createOrReplaceTempView(Tables.SAE_MODELS);
        List<Row> rows = spark.sql(Views.sql(Views.SAE_SUMMARY))
                .filter("sweep_id = '" + toy.spec().sweepId() + "'").orderBy("latents").collectAsList();
        assertEquals(4, rows.size());
        Dataset<Row> saes = table("a", Tables.SAE_MODELS, toy);
        for (Row r : rows) {
            assertEquals(2L, (long) r.getAs("n"));
            double mean = saes.filter("point_id = '" + r.getAs("point_id") + "'").agg(functions.avg("mmcs")).first()
                    .getDouble(0);
            assertEquals(mean, (double) r.getAs("mmcs_mean"), 1e-12);
            assertTrue((double) r.getAs("mmcs_ci_low") <= mean && mean <= (double) r.getAs("mmcs_ci_high"));
        }
    }

    @Test
    void anInterruptedSaeSweepResumesFromItsFirstUncommittedWave() throws Exception {
        SweepPlan plan = plan(SYNTHETIC + "wave: 1\n");
        String id = plan.spec().sweepId();
        assertEquals(2, plan.waveCount());
        Path out = tmp.resolve("resume");
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(tmp.resolve("b"))) {
            for (Path f : files.toList()) {
                java.nio.file.Files.copy(f, out.resolve(tmp.resolve("b").relativize(f).toString()));
            }
        }
        // as if the driver died after renaming the last wave's tables into place: no marker, no sweeps row
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(out.resolve(Tables.SWEEPS)
                .resolve("sweep_id=" + id))) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(f);
            }
        }
        java.nio.file.Files.delete(out.resolve("_progress").resolve("sweep_id=" + id).resolve("wave-1.json"));
        SweepJob.Outcome resumed = SweepJob.run(spark, plan, out.toString(), ProgressSink.NONE);
        assertEquals(2, resumed.resumedFrom()); // wave 0: the two sizes of one penalty
        assertEquals(2, resumed.modelsTrained());
        assertEquals(1, resumed.wavesRun());
        assertTrue(SweepJob.isComplete(spark, out.toString(), id));
        List<String> after = SparkTestSupport.rows(spark, out.resolve(Tables.SAE_MODELS).toString(),
                List.of("train_seconds"));
        assertEquals(SparkTestSupport.rows(spark, tmp.resolve("b").resolve(Tables.SAE_MODELS).toString(),
                List.of("train_seconds")), after);
    }

    @Test
    void rowsDoNotDependOnTheWavesTheyWereTrainedIn() {
        for (SweepPlan plan : List.of(toy, synthetic)) {
            SweepPlan oneUnitWaves = plan == toy ? plan(TOY + "wave: 1\n") : plan(SYNTHETIC + "wave: 1\n");
            assertTrue(oneUnitWaves.waveCount() > 1, oneUnitWaves.spec().name());
            for (String table : List.of(Tables.SAE_MODELS, Tables.SAE_LATENTS, Tables.SAE_FEATURES, Tables.MODELS,
                    Tables.FEATURES)) {
                Path a = tmp.resolve("a").resolve(table).resolve("sweep_id=" + plan.spec().sweepId());
                Path b = tmp.resolve("b").resolve(table).resolve("sweep_id=" + oneUnitWaves.spec().sweepId());
                if (!java.nio.file.Files.exists(a)) {
                    assertFalse(java.nio.file.Files.exists(b), table);
                    continue;
                }
                assertEquals(SparkTestSupport.rows(spark, a.toString(), RUN_COLUMNS),
                        SparkTestSupport.rows(spark, b.toString(), RUN_COLUMNS), table);
            }
        }
    }

    private static SweepPlan plan(String text) {
        try {
            return SweepPlan.of(SpecParser.parse(text));
        } catch (org.tmssweep.spark.spec.SpecException e) {
            throw new AssertionError(e);
        }
    }
}
