package org.tmssweep.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.spec.SpecException;
import org.tmssweep.spark.spec.SpecParser;

/** The sweep job on a local[2] Spark: tables, idempotent rerun, coexistence, plain Parquet. */
class SweepJobSparkTest {
    static final String SPEC = """
            name: tiny
            model: relu_output
            n_features: 6
            n_hidden: 2
            sparsity: [0.0, 0.9]
            importance_decay: 0.8
            seeds: 2
            pack: 3
            train: {steps: 300, batch_size: 128, eval_samples: 1024}
            """;

    static SparkSession spark;
    @TempDir
    static Path tmp;
    static Path out;
    static SweepJob.Outcome first;
    static List<int[]> progress = new ArrayList<>();

    @BeforeAll
    static void runOnce() throws Exception {
        spark = SparkTestSupport.start("local[2]");
        out = tmp.resolve("out");
        first = SweepJob.run(spark, plan(SPEC), out.toString(),
                p -> progress.add(new int[] {(int) p.modelsDone(), (int) p.modelsTotal(), p.packsDone(), p.packsTotal()}));
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static SweepPlan plan(String text) throws SpecException {
        return SweepPlan.of(SpecParser.parse(text));
    }

    @Test
    void writesOneRowPerModelAndPerFeature() {
        assertEquals(4, first.modelsTrained());
        assertFalse(first.alreadyComplete());
        String id = plan0().spec().sweepId();
        assertEquals(4, spark.read().parquet(out.resolve("models").toString()).filter("sweep_id = '" + id + "'").count());
        assertEquals(24, spark.read().parquet(out.resolve("features").toString()).filter("sweep_id = '" + id + "'").count());
        Row sweep = spark.read().parquet(out.resolve("sweeps").toString()).filter("sweep_id = '" + id + "'").first();
        assertEquals("tiny", sweep.getAs("name"));
        assertEquals("complete", sweep.getAs("status"));
        assertEquals(plan0().spec().canonicalJson(), sweep.getAs("spec_json"));
        assertTrue(Files.isRegularFile(out.resolve("specs").resolve(id + ".json")));
        // No two rows for one (point_id, seed), and each model has n_features feature rows.
        assertEquals(0, spark.read().parquet(out.resolve("models").toString())
                .groupBy("point_id", "seed").count().filter("count > 1").count());
        assertEquals(0, spark.read().parquet(out.resolve("features").toString())
                .groupBy("point_id", "seed").count().filter("count != 6").count());
    }

    @Test
    void progressCountsEveryModelOnceEndingAtTheTotal() {
        // packs of 3 and 1, each reported once by the listener, then once more at the wave's commit
        assertEquals(3, progress.size());
        int[] last = progress.stream().max((a, b) -> Integer.compare(a[0], b[0])).orElseThrow();
        assertEquals(4, last[0]);
        assertEquals(4, last[1]);
        assertEquals(2, last[3]);
    }

    @Test
    void rerunningACompleteSweepTrainsNothingAndWritesNothing() throws Exception {
        long before = lastModified(out);
        SweepJob.Outcome again = SweepJob.run(spark, plan0(), out.toString(), ProgressSink.NONE);
        assertTrue(again.alreadyComplete());
        assertEquals(0, again.modelsTrained());
        assertEquals(before, lastModified(out));
    }

    @Test
    void anotherSweepInTheSameDirectoryLeavesThisOneAlone() throws Exception {
        List<String> before = SparkTestSupport.rows(spark, out.resolve("models").toString(), List.of("train_ms"));
        SweepJob.run(spark, plan(SPEC.replace("name: tiny", "name: other").replace("seeds: 2", "seeds: 1")),
                out.toString(), ProgressSink.NONE);
        List<String> after = SparkTestSupport.rows(spark, out.resolve("models").toString(), List.of("train_ms"));
        assertEquals(before.size() + 2, after.size());
        assertTrue(after.containsAll(before));
    }

    @Test
    void aPlainParquetReaderSeesTheSameRowsAsSpark() throws IOException {
        String id = plan0().spec().sweepId();
        TreeMap<String, Double> viaSpark = new TreeMap<>();
        for (Row r : spark.read().parquet(out.resolve("models").toString()).filter("sweep_id = '" + id + "'")
                .select("point_id", "seed", "final_loss").collectAsList()) {
            viaSpark.put(r.getString(0) + "/" + r.getInt(1), r.getDouble(2));
        }
        TreeMap<String, Double> viaParquet = new TreeMap<>();
        Path dir = out.resolve("models").resolve("sweep_id=" + id);
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) { // sweep_id=<id>/wave=<k>/part-*.parquet
            files = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                    new org.apache.hadoop.fs.Path(f.toUri())).withConf(new Configuration()).build()) {
                for (Group g = reader.read(); g != null; g = reader.read()) {
                    viaParquet.put(g.getString("point_id", 0) + "/" + g.getInteger("seed", 0),
                            g.getDouble("final_loss", 0));
                }
            }
        }
        assertEquals(4, viaParquet.size());
        assertEquals(viaSpark, viaParquet);
    }

    private static SweepPlan plan0() {
        try {
            return plan(SPEC);
        } catch (SpecException e) {
            throw new AssertionError(e);
        }
    }

    private static long lastModified(Path root) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.toList();
        }
        return all.stream().mapToLong(p -> p.toFile().lastModified()).max().orElse(0) * 1000 + all.size();
    }

    @Test
    void curvesAreRecordedWithoutChangingAnyModel() throws Exception {
        Path curvesOut = tmp.resolve("curves-out");
        SweepPlan plan = plan(SPEC.replace("eval_samples: 1024}", "eval_samples: 1024, curve_every: 100}"));
        SweepJob.run(spark, plan, curvesOut.toString(), ProgressSink.NONE);
        List<String> drop = List.of("sweep_id", "spec_hash", "train_ms", "code_version");
        // the same models and features as the run without curves (out holds tiny and, maybe, other)
        String tinyId = plan0().spec().sweepId();
        List<String> without = rowsOf(out.resolve("models"), tinyId, drop);
        List<String> with = rowsOf(curvesOut.resolve("models"), plan.spec().sweepId(), drop);
        assertEquals(without, with);
        assertEquals(rowsOf(out.resolve("features"), tinyId, drop),
                rowsOf(curvesOut.resolve("features"), plan.spec().sweepId(), drop));
        // 4 models x steps {0, 100, 200, 300} x 6 features
        var curves = spark.read().parquet(curvesOut.resolve("curves").toString());
        assertEquals(4 * 4 * 6, curves.count());
        assertEquals(List.of(0, 100, 200, 300), curves.select("step").distinct().orderBy("step").collectAsList()
                .stream().map(r -> r.getInt(0)).toList());
        // the last curve point of each feature is the trained embedding of the features table
        long mismatched = curves.filter("step = 300").alias("c").join(
                        spark.read().parquet(curvesOut.resolve("features").toString()).alias("f"),
                        scala.jdk.javaapi.CollectionConverters.asScala(List.of("point_id", "seed", "feature")).toSeq())
                .filter("c.embedding <> f.embedding OR c.norm <> f.norm").count();
        assertEquals(0, mismatched);
        assertFalse(Files.exists(out.resolve("curves")), "a sweep without curve_every writes no curves table");
    }

    static final String DATASET_SPEC = """
            name: tiny-data
            model: relu_output
            n_features: 20
            n_hidden: 2
            sparsity: 0.9
            seeds: 2
            train: {steps: 300, lr: 0.01}
            dataset: {size: [4, 50], normalize: unit, test_size: 512}
            """;

    /**
     * A sweep of models trained on finite datasets writes one datapoints row per training point, with D_X and
     * D* in [0, 1] and the D* of a model summing to at most m, and train and test losses in its models rows,
     * the same with the in-task and the Spark SQL writes; a sweep on fresh batches has null dataset columns.
     */
    @Test
    void datasetModelsWriteTheirTrainingPoints() throws Exception {
        SweepPlan plan = plan(DATASET_SPEC);
        Path direct = tmp.resolve("data-direct");
        Path viaSql = tmp.resolve("data-sql");
        SweepJob.run(spark, plan, direct.toString(), ProgressSink.NONE);
        spark.conf().set(WaveJob.DIRECT_WRITE_PROPERTY, "0");
        try {
            SweepJob.run(spark, plan, viaSql.toString(), ProgressSink.NONE);
        } finally {
            spark.conf().unset(WaveJob.DIRECT_WRITE_PROPERTY);
        }
        for (String table : List.of("models", "datapoints", "features")) {
            assertEquals(SparkTestSupport.rows(spark, direct.resolve(table).toString(), List.of("train_ms", "wave")),
                    SparkTestSupport.rows(spark, viaSql.resolve(table).toString(), List.of("train_ms", "wave")), table);
        }
        var models = spark.read().parquet(direct.resolve("models").toString());
        assertEquals(4, models.count());
        assertEquals(0, models.filter("status <> 'ok' OR train_loss IS NULL OR test_loss IS NULL OR isnan(test_loss)"
                + " OR test_loss <> final_loss OR dataset_seed IS NULL OR mean_data_dim IS NULL").count());
        assertEquals(2, models.select("dataset_seed").distinct().count(), "one dataset per T, shared by both seeds");
        var points = spark.read().parquet(direct.resolve("datapoints").toString());
        assertEquals(2 * (4 + 50), points.count());
        assertEquals(0, points.filter("data_dim IS NULL OR max_data_dim IS NULL OR data_dim < 0 OR data_dim > 1"
                + " OR max_data_dim < 0 OR max_data_dim > 1 + 1e-9 OR size(features) <> size(values)"
                + " OR size(features) = 0").count());
        List<Row> perModel = points.groupBy("point_id", "seed").agg(
                org.apache.spark.sql.functions.count("*").alias("t"),
                org.apache.spark.sql.functions.sum("max_data_dim").alias("d_star")).collectAsList();
        assertEquals(4, perModel.size());
        for (Row r : perModel) {
            assertTrue(r.getLong(0 + 2) == 4 || r.getLong(2) == 50, r.toString());
            assertTrue(r.getDouble(3) <= 2 + 1e-6, "sum of D* <= m: " + r);
        }
        // the models rows' summary is the datapoints rows' sum
        assertEquals(0, models.alias("m").join(points.groupBy("point_id", "seed")
                        .agg(org.apache.spark.sql.functions.sum("max_data_dim").alias("d_star")).alias("p"),
                scala.jdk.javaapi.CollectionConverters.asScala(List.of("point_id", "seed")).toSeq())
                .filter("abs(m.sum_max_data_dim - p.d_star) > 1e-9").count());
        // a sweep on fresh batches: no datapoints table, null dataset columns
        assertFalse(Files.exists(out.resolve("datapoints")), "a sweep without datasets writes no datapoints table");
        assertEquals(0, spark.read().parquet(out.resolve("models").toString()).filter("train_loss IS NOT NULL"
                + " OR test_loss IS NOT NULL OR dataset_size IS NOT NULL OR dataset_seed IS NOT NULL"
                + " OR dataset_normalize IS NOT NULL OR mean_data_dim IS NOT NULL").count());
    }

    private static List<String> rowsOf(Path table, String sweepId, List<String> drop) {
        var df = spark.read().parquet(table.toString()).filter("sweep_id = '" + sweepId + "'");
        String[] cols = java.util.Arrays.stream(df.columns()).filter(c -> !drop.contains(c)).toArray(String[]::new);
        List<String> rows = new ArrayList<>();
        for (Row r : df.selectExpr(cols).collectAsList()) {
            rows.add(r.toString());
        }
        rows.sort(null);
        return rows;
    }
}
