package org.tmssweep.spark.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tmssweep.spark.tables.SchemaRows;
import org.tmssweep.spark.tables.Tables;

/**
 * The dictionary claims' SQL on Spark over views with the job's SAE schemas ({@link Tables}): every claim runs
 * without error, and on rows built to pass each criterion (the shapes of {@link DictionaryClaimsTest}'s passing
 * fixtures, here one row per SAE) every verdict is PASS; the absorption dot product is the one Java computes.
 */
class DictionaryClaimsSparkTest {
    private static SparkSession spark;
    static final int G = 16;
    static final double[] L1 = {0.01, 0.1, 1, 10, 100};
    static final double[] RATIOS = {0.25, 0.5, 1, 2, 4};

    @BeforeAll
    static void start() throws URISyntaxException {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        if (ctx.getConfiguration() instanceof DefaultConfiguration) {
            Configurator.reconfigure(DictionaryClaimsSparkTest.class.getResource("/report/log4j2-quiet.properties")
                    .toURI());
        }
        spark = SparkSession.builder().master("local[1]").appName("dictionary-claims-spark-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1").getOrCreate();
        List<Row> models = new ArrayList<>();
        List<Row> latents = new ArrayList<>();
        List<Row> features = new ArrayList<>();
        // sae-toy-5-2: ARENA's resampling recovers every seed, none leaves a latent dead in two of four
        for (String resample : List.of("none", "arena")) {
            for (int seed = 0; seed < 4; seed++) {
                boolean bad = "none".equals(resample) && seed % 2 == 1;
                models.add(sae("s-toy", "toy-" + resample, seed, 5, 5, 0.2, Map.of("resample", resample, "source", "toy",
                        "mmcs", bad ? 0.8 : 0.999, "recovered_fraction", bad ? 0.8 : 1.0, "dead_latents", bad ? 1 : 0)));
            }
        }
        // sae-sharkey: the passing grid of DictionaryClaimsTest, two seeds per cell
        for (double l1 : L1) {
            for (int j = 0; j < RATIOS.length; j++) {
                double r = RATIOS[j];
                int k = (int) Math.round(r * G);
                double mmcs = r >= 1 ? (l1 == 1 && r == 1 ? 0.995 : l1 == 0.1 || l1 == 1 ? 0.99 : 0.8) : 0.3 + r * 0.5;
                int dead = r <= 1 ? 0 : k / 4;
                Map<String, Object> v = new HashMap<>(Map.of("mmcs", mmcs, "recovered_fraction", mmcs >= 0.95 ? 1.0
                        : 0.5, "dead_latents", dead));
                if (j < RATIOS.length - 1) {
                    v.put("cross_mmcs", r == 1 ? 0.95 : 0.7);
                    v.put("cross_latents", 2 * k);
                }
                for (int seed = 0; seed < 2; seed++) {
                    models.add(sae("s-sh", "sh-" + l1 + "-" + r, seed, G, k, l1, v));
                }
            }
        }
        // sae-absorption: untied seeds absorb (f1's latent along (e0 + e1)/sqrt 2, f0's latent off when f1 fires)
        double h = Math.sqrt(0.5);
        for (boolean tied : new boolean[] {false, true}) {
            for (int seed = 0; seed < 4; seed++) {
                String point = "abs-" + tied;
                models.add(sae("s-abs", point, seed, 4, 4, 0.1, Map.of("source", "absorption", "tied", tied,
                        "hierarchy", true, "mmcs", 0.9)));
                double[][] decoders = tied ? new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}
                        : new double[][] {{1, 0, 0, 0}, {h, h, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
                double[] firing = tied ? new double[] {0.25, 0.05, 0.05, 0.05} : new double[] {0.2, 0.05, 0.05, 0.05};
                for (int j = 0; j < 4; j++) {
                    latents.add(RowFactory.create("s-abs", point, seed, j, firing[j], false, j, tied || j != 1 ? 1.0 : h,
                            list(decoders[j])));
                    double[] e = new double[4];
                    e[j] = 1;
                    features.add(RowFactory.create("s-abs", point, seed, j, j == 0 ? 0.25 : 0.05,
                            tied || j != 1 ? 1.0 : h, j, list(e)));
                }
            }
        }
        view(Tables.SAE_MODELS, Tables.SAE_MODELS_SCHEMA, models);
        view(Tables.SAE_LATENTS, Tables.SAE_LATENTS_SCHEMA, latents);
        view(Tables.SAE_FEATURES, Tables.SAE_FEATURES_SCHEMA, features);
        StructType sweeps = new StructType(new StructField[] {
            DataTypes.createStructField("sweep_id", DataTypes.StringType, false),
            DataTypes.createStructField("name", DataTypes.StringType, false),
            DataTypes.createStructField("status", DataTypes.StringType, false),
            DataTypes.createStructField("finished_at", DataTypes.TimestampType, false),
        });
        Timestamp end = Timestamp.from(Instant.parse("2026-01-02T03:14:05Z"));
        view("sweeps", sweeps, List.of(RowFactory.create("s-toy", DictionaryClaims.TOY, "complete", end),
                RowFactory.create("s-sh", DictionaryClaims.SHARKEY, "complete", end),
                RowFactory.create("s-abs", DictionaryClaims.ABSORPTION, "complete", end)));
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void everyClaimRunsOnTheJobsSchemasAndPassesRowsBuiltToPass() {
        ClaimsEngine.Evaluation e = ClaimsEngine.evaluate(spark, DictionaryClaims.all());
        Map<String, ClaimResult> byId = new LinkedHashMap<>();
        e.results().forEach(r -> byId.put(r.claim().id(), r));
        assertEquals(DictionaryClaims.all().size(), byId.size());
        for (ClaimResult r : byId.values()) {
            assertFalse(r.measured().startsWith("error"), r.claim().id() + ": " + r.measured());
            assertEquals(Verdict.PASS, r.verdict(), r.claim().id() + ": " + r.measured());
        }
        assertTrue(byId.get("d7.untied-absorbs").measured().contains("component 0.7071"),
                byId.get("d7.untied-absorbs").measured());
        assertTrue(byId.get("d5.dead-once-k-gt-g").measured().contains("l1* = 1,"),
                byId.get("d5.dead-once-k-gt-g").measured());
    }

    @Test
    void absorptionSqlReturnsOneRowPerSaeWithItsDotProduct() {
        List<Row> rows = spark.sql(DictionaryClaims.absorptionSql().replace("{" + DictionaryClaims.ABSORPTION + "}",
                "'s-abs'")).collectAsList();
        assertEquals(8, rows.size());
        Row untied = rows.get(0);
        assertEquals(false, untied.getAs("tied"));
        assertEquals(Math.sqrt(0.5), untied.<Double>getAs("f1_latent_on_f0"), 1e-12);
        assertEquals(0.2, untied.<Double>getAs("f0_latent_firing"), 1e-12);
        assertEquals(0.0, rows.get(7).<Double>getAs("f1_latent_on_f0"), 1e-12);
    }

    /** One sae_models row: the given columns, the rest a default of its type (status ok, ratio k / G). */
    private static Row sae(String sweep, String point, int seed, int g, int k, double l1, Map<String, Object> values) {
        Map<String, Object> v = new HashMap<>(values);
        v.put("sweep_id", sweep);
        v.put("point_id", point);
        v.put("seed", seed);
        v.put("features", g);
        v.put("latents", k);
        v.put("ratio", k / (double) g);
        v.put("l1", l1);
        v.putIfAbsent("status", "ok");
        v.putIfAbsent("recovery_threshold", 0.9);
        return SchemaRows.row(Tables.SAE_MODELS_SCHEMA, v,
                f -> f.nullable() ? null : SchemaRows.defaultOf(f.dataType()));
    }

    private static List<Double> list(double[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }

    private static void view(String name, StructType schema, List<Row> rows) {
        spark.createDataFrame(rows, schema).createOrReplaceTempView(name);
    }
}
