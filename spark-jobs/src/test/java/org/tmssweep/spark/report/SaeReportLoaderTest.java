package org.tmssweep.spark.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.tmssweep.spark.tables.SchemaRows;
import org.tmssweep.spark.tables.Tables;

/**
 * {@link ReportLoader} on the SAE tables, written with the job's schemas ({@link Tables}) and partitioned by
 * sweep_id, in a directory without models and features tables (SAE sweeps of synthetic data): the SAE-only sweeps
 * are kept, a diverged SAE's nulls are read, and latent and feature rows come only for the SAEs the figures draw.
 * {@link ReportLoaderTest} covers directories without SAE tables.
 */
class SaeReportLoaderTest {
    private static SparkSession spark;
    @TempDir
    static Path out;

    private static final Timestamp START = Timestamp.from(Instant.parse("2026-01-02T03:04:05Z"));
    private static final Timestamp END = Timestamp.from(Instant.parse("2026-01-02T03:14:05Z"));
    private static final StructType SWEEPS = new StructType(new StructField[] {
        DataTypes.createStructField("sweep_id", DataTypes.StringType, false),
        DataTypes.createStructField("name", DataTypes.StringType, false),
        DataTypes.createStructField("spec_json", DataTypes.StringType, false),
        DataTypes.createStructField("spec_hash", DataTypes.StringType, false),
        DataTypes.createStructField("started_at", DataTypes.TimestampType, false),
        DataTypes.createStructField("finished_at", DataTypes.TimestampType, false),
    });
    /** G = 4 synthetic features in d = 8 (sweep s-syn) and 3 in d = 2 (sweep s-2d). */
    static final int G = 4;

    @BeforeAll
    static void start() throws URISyntaxException {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        if (ctx.getConfiguration() instanceof DefaultConfiguration) {
            Configurator.reconfigure(SaeReportLoaderTest.class.getResource("/report/log4j2-quiet.properties").toURI());
        }
        spark = SparkSession.builder().master("local[1]").appName("sae-report-loader-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1").getOrCreate();
        write(out.resolve("sae"), "sweeps", SWEEPS, List.of(RowFactory.create("s-syn", "syn", "{}", "h", START, END),
                RowFactory.create("s-2d", "two-d", "{}", "h", START, END)));
        List<Row> models = new ArrayList<>();
        List<Row> latents = new ArrayList<>();
        List<Row> features = new ArrayList<>();
        // s-syn: k in {2, 4, 8} at one l1, 2 seeds; the k = 8 seed-1 SAE diverged
        for (int k : new int[] {2, 4, 8}) {
            for (int seed = 0; seed < 2; seed++) {
                boolean diverged = k == 8 && seed == 1;
                String point = "syn-k" + k;
                models.add(row(Tables.SAE_MODELS_SCHEMA, Map.of("sweep_id", "s-syn", "point_id", point, "seed", seed,
                        "features", G, "dim", 8, "latents", k, "ratio", k / (double) G, "status",
                        diverged ? "diverged" : "ok"), diverged ? List.of("reconstruction_loss", "l1_loss", "l0",
                        "loss", "dead_latents", "mmcs", "recovered_fraction", "cross_mmcs", "cross_latents")
                        : k == 8 ? List.of("cross_mmcs", "cross_latents") : List.of(), 0.5 + 0.1 * k - 0.01 * seed));
                for (int j = 0; j < k; j++) {
                    latents.add(RowFactory.create("s-syn", point, seed, j, 0.1, false, j % G, 0.9, vec(8, j)));
                }
                for (int f = 0; f < G; f++) {
                    features.add(RowFactory.create("s-syn", point, seed, f, null, 0.9, f, vec(8, f)));
                }
            }
        }
        // s-2d: one toy SAE on d = 2
        models.add(row(Tables.SAE_MODELS_SCHEMA, Map.of("sweep_id", "s-2d", "point_id", "toy", "seed", 0, "features",
                3, "dim", 2, "latents", 3, "ratio", 1.0, "status", "ok", "source", "toy", "toy_point_id", "tp"),
                List.of("cross_mmcs", "cross_latents"), 0.97));
        for (int j = 0; j < 3; j++) {
            latents.add(RowFactory.create("s-2d", "toy", 0, j, 0.2, j == 2, j, 0.99, vec(2, j % 2)));
            features.add(RowFactory.create("s-2d", "toy", 0, j, 0.025, 0.99, j, vec(2, j % 2)));
        }
        write(out.resolve("sae"), Tables.SAE_MODELS, Tables.SAE_MODELS_SCHEMA, models);
        write(out.resolve("sae"), Tables.SAE_LATENTS, Tables.SAE_LATENTS_SCHEMA, latents);
        write(out.resolve("sae"), Tables.SAE_FEATURES, Tables.SAE_FEATURES_SCHEMA, features);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void loadsSaeOnlySweepsWithTheirNullsAndOnlyTheDrawnLatents() {
        ReportData data = ReportLoader.load(spark, out.resolve("sae").toString());
        List<SweepData> sweeps = data.bySweep();
        assertEquals(List.of("s-2d", "s-syn"), sweeps.stream().map(s -> s.sweep().sweepId()).toList(),
                "kept without models rows");
        SaeRows syn = sweeps.get(1).derived().sae();
        assertEquals(6, syn.models().size());
        assertEquals(5, syn.usable().size(), "the diverged SAE is read but not usable");
        SaeModelRow diverged = syn.models().stream().filter(m -> !m.usable()).findFirst().orElseThrow();
        assertEquals(0, diverged.deadLatents());
        assertTrue(Double.isNaN(diverged.mmcs()));
        SaeModelRow k2 = syn.models().get(0);
        assertEquals("syn-k2", k2.pointId());
        assertEquals(0.7, k2.mmcs(), 1e-12);
        assertEquals(0.5, k2.ratio(), 1e-12);
        assertEquals(Map.of("beta1", "0", "beta2", "0", "eps", "0", "eval_samples", "0", "resample_every", "0",
                "resample_scale", "0", "resample_window", "0"), k2.recipe());
        // the latent rows of the SAEs sae-latent-cosines draws only: the best (k = 8, seed 0) and its cell's worst
        assertEquals(java.util.Set.of(new ModelKey("s-syn", "syn-k8", 0)), syn.latentsBySae().keySet(),
                "the other seed of the best cell diverged");
        assertTrue(syn.latents().stream().allMatch(l -> l.decoder().length == 0), "decoders only for d = 2");
        assertTrue(syn.features().isEmpty(), "feature rows only for d = 2");

        SaeRows two = sweeps.get(0).derived().sae();
        assertEquals(3, two.latents().size());
        assertArrayEquals(new double[] {0, 1}, two.latents().get(1).decoder());
        assertTrue(two.latents().get(2).dead());
        assertEquals(3, two.features().size());
        assertEquals(0.025, two.features().get(0).probability(), 1e-12);
        assertEquals("tp", two.models().get(0).toyPointId());
        assertTrue(SaeFigures.latents2d(sweeps.get(0)).isPresent());
    }

    @Test
    void oneSaeSweepRendersItsSaeFiguresAlone(@TempDir Path report) throws Exception {
        ReportData one = ReportLoader.load(spark, out.resolve("sae").toString(), "s-2d");
        assertEquals(1, one.bySweep().size());
        List<Path> files = Report.render(one, report);
        assertTrue(Files.exists(report.resolve("s-2d/sae-latents-2d.png")));
        assertFalse(Files.exists(report.resolve("s-2d/dimensionality.png")));
        assertEquals(6, files.size(), "sae-latent-cosines and sae-latents-2d (PNG + SVG), the page, the index");
    }

    /** A row of {@code schema}: {@code values} by name, {@code nulls} null, the rest a default of its type. */
    private static Row row(StructType schema, Map<String, Object> values, List<String> nulls, double mmcs) {
        Map<String, Object> v = new HashMap<>(values);
        if (!nulls.contains("mmcs")) {
            v.putIfAbsent("mmcs", mmcs);
        }
        v.keySet().removeAll(nulls);
        return SchemaRows.row(schema, v, f -> nulls.contains(f.name()) ? null : SchemaRows.defaultOf(f.dataType()));
    }

    /** The unit vector e_i of length d. */
    private static List<Double> vec(int d, int i) {
        List<Double> v = new ArrayList<>();
        for (int k = 0; k < d; k++) {
            v.add(k == i ? 1.0 : 0.0);
        }
        return v;
    }

    private static void write(Path dir, String table, StructType schema, List<Row> rows) {
        spark.createDataFrame(rows, schema).write().mode(SaveMode.Overwrite).partitionBy("sweep_id")
                .parquet(dir.resolve(table).toString());
    }
}
