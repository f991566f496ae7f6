package org.tmssweep.spark.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReportLoader} against tiny Parquet tables written with the job's schema, partitioned by sweep_id. */
class ReportLoaderTest {
    private static SparkSession spark;
    @TempDir
    static Path out;

    private static final StructType SWEEPS = new StructType(new StructField[] {
        field("sweep_id", DataTypes.StringType, false), field("name", DataTypes.StringType, false),
        field("spec_json", DataTypes.StringType, false), field("spec_hash", DataTypes.StringType, false),
        field("started_at", DataTypes.TimestampType, false), field("finished_at", DataTypes.TimestampType, false),
        field("code_version", DataTypes.StringType, false),
    });
    private static final StructType MODELS = new StructType(new StructField[] {
        field("sweep_id", DataTypes.StringType, false), field("point_id", DataTypes.StringType, false),
        field("seed", DataTypes.IntegerType, false), field("model", DataTypes.StringType, false),
        field("n_features", DataTypes.IntegerType, false), field("n_hidden", DataTypes.IntegerType, false),
        field("sparsity", DataTypes.DoubleType, false), field("importance_decay", DataTypes.DoubleType, true),
        field("steps", DataTypes.IntegerType, false), field("batch_size", DataTypes.IntegerType, false),
        field("lr", DataTypes.DoubleType, false), field("final_loss", DataTypes.DoubleType, true),
        field("dims_per_feature", DataTypes.DoubleType, true), field("represented_features", DataTypes.IntegerType, false),
        field("frobenius_sq", DataTypes.DoubleType, true), field("train_ms", DataTypes.DoubleType, false),
        field("status", DataTypes.StringType, false), field("code_version", DataTypes.StringType, false),
    });
    private static final StructType FEATURES = new StructType(new StructField[] {
        field("sweep_id", DataTypes.StringType, false), field("point_id", DataTypes.StringType, false),
        field("seed", DataTypes.IntegerType, false), field("feature", DataTypes.IntegerType, false),
        field("importance", DataTypes.DoubleType, false), field("probability", DataTypes.DoubleType, false),
        field("norm", DataTypes.DoubleType, true), field("interference", DataTypes.DoubleType, true),
        field("dimensionality", DataTypes.DoubleType, true), field("bias", DataTypes.DoubleType, true),
        field("embedding", DataTypes.createArrayType(DataTypes.DoubleType, true), false),
    });

    /** The models table with the finite-dataset columns the report reads (the job writes more). */
    private static final StructType DATASET_MODELS = new StructType(concat(MODELS.fields(), new StructField[] {
        field("weight_fro", DataTypes.DoubleType, true), field("bias_norm", DataTypes.DoubleType, true),
        field("train_loss", DataTypes.DoubleType, true), field("test_loss", DataTypes.DoubleType, true),
        field("dataset_size", DataTypes.IntegerType, true), field("dataset_seed_index", DataTypes.IntegerType, true),
        field("mean_data_dim", DataTypes.DoubleType, true), field("mean_top_feature_dim", DataTypes.DoubleType, true),
    }));
    private static final StructType DATAPOINTS = new StructType(new StructField[] {
        field("sweep_id", DataTypes.StringType, false), field("point_id", DataTypes.StringType, false),
        field("seed", DataTypes.IntegerType, false), field("point_index", DataTypes.IntegerType, false),
        field("hidden_norm", DataTypes.DoubleType, true),
        field("features", DataTypes.createArrayType(DataTypes.IntegerType, false), false),
        field("values", DataTypes.createArrayType(DataTypes.FloatType, false), false),
    });

    private static final Timestamp START = Timestamp.from(Instant.parse("2026-01-02T03:04:05Z"));
    private static final Timestamp END = Timestamp.from(Instant.parse("2026-01-02T03:14:05Z"));

    @BeforeAll
    static void start() throws URISyntaxException {
        quietLogging();
        spark = SparkSession.builder().master("local[1]").appName("report-loader-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "1")
                .getOrCreate();
        write("sweeps", SWEEPS, List.of(
                RowFactory.create("s1", "first", "{\"n\":2}", "h1", START, END, "v"),
                RowFactory.create("0042", "numeric-looking id", "{}", "h2", START, END, "v"),
                RowFactory.create("s-empty", "no models", "{}", "h3", START, END, "v")));
        write("models", MODELS, List.of(
                RowFactory.create("s1", "p0", 0, "relu_output", 2, 1, 0.9, 0.7, 100, 64, 1e-3, 0.01, 0.5, 2, 2.0,
                        3.5, "ok", "v"),
                RowFactory.create("s1", "p1", 1, "relu_output", 2, 1, 0.99, null, 100, 64, 1e-3, null, null, 0, null,
                        4.5, "diverged", "v"),
                RowFactory.create("0042", "q0", 0, "linear", 2, 1, 0.0, null, 100, 64, 1e-3, 0.02, 1.0, 1, 1.0,
                        1.0, "ok", "v")));
        write("features", FEATURES, List.of(
                RowFactory.create("s1", "p0", 0, 0, 1.0, 0.1, 1.0, 1.0, 0.5, -0.1, List.of(1.0)),
                RowFactory.create("s1", "p0", 0, 1, 0.7, 0.1, 1.0, 1.0, 0.5, -0.2, List.of(-1.0)),
                RowFactory.create("s1", "p1", 1, 0, 1.0, 0.01, null, null, null, null, java.util.Arrays.asList(1.0, null)),
                RowFactory.create("0042", "q0", 0, 0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, List.of(1.0)),
                RowFactory.create("0042", "q0", 0, 1, 1.0, 1.0, 0.0, 0.0, 0.0, 0.5, List.of(0.0))));
        writeDatasetTables();
    }

    /**
     * Under OUT/dd: a sweep of T in {3, 10} x dataset seeds K in {0, 1} (n = 3, m = 2) and one model on fresh
     * batches (dataset columns null), with the datapoints of every dataset model.
     */
    private static void writeDatasetTables() {
        List<Row> models = new java.util.ArrayList<>();
        List<Row> points = new java.util.ArrayList<>();
        List<Row> features = new java.util.ArrayList<>();
        for (int t : new int[] {3, 10}) {
            for (int k = 0; k < 2; k++) {
                String point = "t" + t + "-k" + k;
                models.add(RowFactory.create("s-dd", point, 0, "relu_output", 3, 2, 0.9, null, 100, 64, 1e-3,
                        1.0 + k, 0.5, 2, 2.0, 1.0, "ok", "v", 1.5, 0.25, 0.01 * t, 1.0 + k, t, k, 2.0 / t, 0.1));
                for (int i = 0; i < t; i++) {
                    points.add(RowFactory.create("s-dd", point, 0, i, 1.0, List.of(i % 3), List.of(0.5f)));
                }
                for (int f = 0; f < 3; f++) {
                    features.add(RowFactory.create("s-dd", point, 0, f, 1.0, 0.1, 1.0, 0.0, 1.0, 0.0, List.of(1.0, 0.0)));
                }
            }
        }
        models.add(RowFactory.create("s-dd", "fresh", 0, "relu_output", 3, 2, 0.9, null, 100, 64, 1e-3, 1.0, 0.5, 2,
                2.0, 1.0, "ok", "v", 1.5, 0.25, null, null, null, null, null, null));
        Path dd = out.resolve("dd");
        spark.createDataFrame(List.of(RowFactory.create("s-dd", "dd", "{}", "h4", START, END, "v")), SWEEPS).write()
                .mode(SaveMode.Overwrite).partitionBy("sweep_id").parquet(dd.resolve("sweeps").toString());
        spark.createDataFrame(models, DATASET_MODELS).write().mode(SaveMode.Overwrite).partitionBy("sweep_id")
                .parquet(dd.resolve("models").toString());
        spark.createDataFrame(features, FEATURES).write().mode(SaveMode.Overwrite).partitionBy("sweep_id")
                .parquet(dd.resolve("features").toString());
        spark.createDataFrame(points, DATAPOINTS).write().mode(SaveMode.Overwrite).partitionBy("sweep_id")
                .parquet(dd.resolve("datapoints").toString());
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void loadsEverySweepWithRowsByColumnName() {
        ReportData data = ReportLoader.load(spark, out.toString());
        assertEquals(List.of("0042", "s1"), data.sweeps().stream().map(SweepInfo::sweepId).sorted().toList(),
                "partition values stay strings; the sweep without models is skipped");
        assertEquals(3, data.models().size());
        assertEquals(5, data.features().size());

        SweepInfo s1 = data.sweeps().stream().filter(s -> s.sweepId().equals("s1")).findFirst().orElseThrow();
        assertEquals("first", s1.name());
        assertEquals("{\"n\":2}", s1.specJson());
        assertEquals(START.toInstant(), s1.startedAt());
        assertEquals(END.toInstant(), s1.finishedAt());
        assertEquals("", s1.description(), "absent optional column");

        ModelRow p0 = model(data, "p0");
        assertEquals(new ModelKey("s1", "p0", 0), p0.key());
        assertEquals(0.9, p0.sparsity());
        assertEquals(0.7, p0.importanceDecay());
        assertEquals(2, p0.representedFeatures());
        assertTrue(p0.usable());
        ModelRow p1 = model(data, "p1");
        assertNull(p1.importanceDecay());
        assertTrue(Double.isNaN(p1.finalLoss()) && Double.isNaN(p1.dimsPerFeature()), "null metrics become NaN");
        assertEquals("diverged", p1.status());

        List<FeatureRow> p0Features = data.features().stream().filter(f -> f.pointId().equals("p0"))
                .sorted(Comparator.comparingInt(FeatureRow::feature)).toList();
        assertArrayEquals(new double[] {-1.0}, p0Features.get(1).embedding());
        assertEquals(-0.2, p0Features.get(1).bias());
        FeatureRow nanRow = data.features().stream().filter(f -> f.pointId().equals("p1")).findFirst().orElseThrow();
        assertTrue(Double.isNaN(nanRow.norm()) && Double.isNaN(nanRow.embedding()[1]));
        assertTrue(data.derived().datasets().isEmpty() && data.derived().datapoints().isEmpty(),
                "tables without the finite-dataset columns and without a datapoints table");
    }

    @Test
    void loadsTheDatasetColumnsAndTheDatapointsOfTheModelsDrawnIn2d() {
        ReportData data = ReportLoader.load(spark, out.resolve("dd").toString());
        assertEquals(5, data.models().size());
        List<DatasetRow> datasets = data.derived().datasets().stream()
                .sorted(Comparator.comparing(DatasetRow::pointId)).toList();
        assertEquals(List.of("t10-k0", "t10-k1", "t3-k0", "t3-k1"), datasets.stream().map(DatasetRow::pointId).toList(),
                "no row for the model on fresh batches");
        DatasetRow t10k1 = datasets.get(1);
        assertEquals(10, t10k1.datasetSize());
        assertEquals(1, t10k1.datasetSeedIndex());
        assertEquals(0.1, t10k1.trainLoss(), 1e-15);
        assertEquals(2.0, t10k1.testLoss());
        assertEquals(0.2, t10k1.meanDataDim());
        assertEquals(0.1, t10k1.meanTopFeatureDim());
        assertEquals(1.5, t10k1.weightFro());
        assertEquals(0.25, t10k1.biasNorm());
        // dd-hidden draws K = 0 at both T: only their 3 + 10 training points are read
        List<DatapointRow> points = data.derived().datapoints();
        assertEquals(13, points.size());
        assertTrue(points.stream().allMatch(d -> d.pointId().endsWith("-k0")));
        DatapointRow p4 = points.stream().filter(d -> d.pointId().equals("t10-k0") && d.pointIndex() == 4).findFirst()
                .orElseThrow();
        assertArrayEquals(new int[] {1}, p4.features());
        assertArrayEquals(new double[] {0.5}, p4.values());
        assertTrue(HiddenVectorsFigure.create(data.bySweep().get(0)).isPresent());
    }

    @Test
    void loadsOneSweep() {
        ReportData data = ReportLoader.load(spark, out.toString(), "0042");
        assertEquals(List.of("0042"), data.sweeps().stream().map(SweepInfo::sweepId).toList());
        assertEquals(List.of("q0"), data.models().stream().map(ModelRow::pointId).toList());
        assertEquals(2, data.features().size());
        assertTrue(data.features().stream().allMatch(f -> f.sweepId().equals("0042")));
    }

    @Test
    void loadedDataRenders(@TempDir Path report) throws Exception {
        List<Path> files = Report.render(ReportLoader.load(spark, out.toString()), report);
        assertEquals(15, files.size(), "2 sweeps x (3 PNG + 3 SVG + index) + top index");
        assertTrue(Files.exists(report.resolve("0042/features.png")));
    }

    private static ModelRow model(ReportData data, String pointId) {
        return data.models().stream().filter(m -> m.pointId().equals(pointId)).findFirst().orElseThrow();
    }

    private static void write(String table, StructType schema, List<Row> rows) {
        spark.createDataFrame(rows, schema).write().mode(SaveMode.Overwrite).partitionBy("sweep_id")
                .parquet(out.resolve(table).toString());
    }

    private static StructField[] concat(StructField[] a, StructField[] b) {
        StructField[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }

    /** Spark logs through log4j2; when nothing configured it, switch it off so the test prints nothing. */
    private static void quietLogging() throws URISyntaxException {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        if (ctx.getConfiguration() instanceof DefaultConfiguration) {
            Configurator.reconfigure(ReportLoaderTest.class.getResource("/report/log4j2-quiet.properties").toURI());
        }
    }
}
