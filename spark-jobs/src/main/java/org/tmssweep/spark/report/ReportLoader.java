package org.tmssweep.spark.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code sweeps}, {@code models} and {@code features} Parquet tables under an output
 * directory into a {@link ReportData} on the driver. Columns are selected by name and cast to the
 * types the report expects, so extra (provenance) columns and int/long differences do not matter.
 * Sweeps without a sweeps row or without rows in the models or sae_models table are left out; a directory of SAE
 * sweeps alone may lack the models and features tables. For SAE sweeps it
 * reads every sae_models row and the latent and feature rows of the few SAEs drawn ({@link #sae}). For models
 * trained on a finite dataset it also reads their dataset columns of the models table, and the {@code datapoints} rows of
 * the few models that {@link HiddenVectorsFigure#hiddenKeys} draws (no other rows of that table).
 */
public final class ReportLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ReportLoader.class);
    /** Partition values like "0042" must stay strings; Spark would otherwise infer them as numbers. */
    private static final String PARTITION_INFERENCE = "spark.sql.sources.partitionColumnTypeInference.enabled";

    private ReportLoader() {
    }

    /** Loads every sweep under {@code outDir}. */
    public static ReportData load(SparkSession spark, String outDir) {
        return load(spark, outDir, null);
    }

    /** Loads one sweep ({@code sweepId}), or every sweep when it is null. */
    public static ReportData load(SparkSession spark, String outDir, String sweepId) {
        String before = spark.conf().get(PARTITION_INFERENCE, "true");
        spark.conf().set(PARTITION_INFERENCE, "false");
        try {
            List<Row> sweepRows = read(spark, outDir + "/sweeps", sweepId, SWEEP_COLUMNS).collectAsList();
            boolean saeOnly = !exists(spark, outDir + "/models") && exists(spark, outDir + "/sae_models");
            List<Row> modelRows = saeOnly ? List.of()
                    : read(spark, outDir + "/models", sweepId, MODEL_COLUMNS).collectAsList();
            List<Row> featureRows = saeOnly ? List.of()
                    : read(spark, outDir + "/features", sweepId, FEATURE_COLUMNS).collectAsList();
            Set<String> withModels = new HashSet<>();
            List<ModelRow> models = new ArrayList<>(modelRows.size());
            for (Row r : modelRows) {
                ModelRow m = model(r);
                models.add(m);
                withModels.add(m.sweepId());
            }
            List<SaeModelRow> saeModels = saeModels(spark, outDir, sweepId);
            saeModels.forEach(s -> withModels.add(s.sweepId()));
            List<SweepInfo> sweeps = new ArrayList<>();
            Set<String> kept = new HashSet<>();
            for (Row r : sweepRows) {
                SweepInfo s = sweep(r);
                if (withModels.contains(s.sweepId())) {
                    sweeps.add(s);
                    kept.add(s.sweepId());
                } else {
                    LOG.warn("sweep {} has no rows in the models or sae_models table; skipped", s.sweepId());
                }
            }
            List<FeatureRow> features = new ArrayList<>(featureRows.size());
            for (Row r : featureRows) {
                FeatureRow f = feature(r);
                if (kept.contains(f.sweepId())) {
                    features.add(f);
                }
            }
            models.removeIf(m -> !kept.contains(m.sweepId()));
            LOG.info("report data from {}: {} sweeps, {} models, {} feature rows", outDir, sweeps.size(),
                    models.size(), features.size());
            saeModels.removeIf(m -> !kept.contains(m.sweepId()));
            DerivedRows derived = derived(spark, outDir, sweepId, kept);
            if (!saeModels.isEmpty()) {
                derived = derived.withSae(sae(spark, outDir, sweepId, saeModels));
            }
            ReportData data = new ReportData(sweeps, models, features, derived);
            List<DatapointRow> points = datapoints(spark, outDir, sweepId, data);
            return points.isEmpty() ? data : new ReportData(data.sweeps(), data.models(), data.features(),
                    data.derived().withDatapoints(points));
        } finally {
            spark.conf().set(PARTITION_INFERENCE, before);
        }
    }

    /**
     * The optional tables the figures use (phases, polytopes, attacks, set_geometry from {@code tms analyze}; curves from a sweep with
     * {@code train.curve_every}), when they were written; a
     * table that is absent or unreadable leaves its figures out, with a warning for the latter.
     */
    private static DerivedRows derived(SparkSession spark, String outDir, String sweepId, Set<String> kept) {
        List<PhaseRow> phases = new ArrayList<>();
        List<PolytopeRow> polytopes = new ArrayList<>();
        for (Row r : optional(spark, outDir + "/phases", sweepId, PHASE_COLUMNS)) {
            if (kept.contains(r.<String>getAs("sweep_id"))) {
                phases.add(new PhaseRow(r.getAs("sweep_id"), r.getAs("point_id"), integer(r, "seed"),
                        integer(r, "n_features"), integer(r, "n_hidden"), dbl(r, "density"), dbl(r, "r"),
                        dbl(r, "final_loss"), r.getAs("phase"), r.getAs("theory_phase")));
            }
        }
        for (Row r : optional(spark, outDir + "/polytopes", sweepId, POLYTOPE_COLUMNS)) {
            if (kept.contains(r.<String>getAs("sweep_id"))) {
                polytopes.add(new PolytopeRow(r.getAs("sweep_id"), r.getAs("point_id"), integer(r, "seed"),
                        integer(r, "size"), integer(r, "dim"), r.getAs("label")));
            }
        }
        List<AttackRow> attacks = new ArrayList<>();
        for (Row r : optional(spark, outDir + "/attacks", sweepId, ATTACK_COLUMNS)) {
            if (kept.contains(r.<String>getAs("sweep_id"))) {
                attacks.add(new AttackRow(r.getAs("sweep_id"), r.getAs("point_id"), integer(r, "seed"),
                        dbl(r, "features_per_dim"), dbl(r, "vulnerability")));
            }
        }
        List<CurveRow> curves = new ArrayList<>();
        for (Row r : optional(spark, outDir + "/curves", sweepId, CURVE_COLUMNS)) {
            if (kept.contains(r.<String>getAs("sweep_id"))) {
                curves.add(new CurveRow(r.getAs("sweep_id"), r.getAs("point_id"), integer(r, "seed"),
                        integer(r, "step"), integer(r, "feature"), dbl(r, "loss"), dbl(r, "dimensionality")));
            }
        }
        List<SetGeometryRow> sets = new ArrayList<>();
        for (Row r : optional(spark, outDir + "/set_geometry", sweepId, SET_GEOMETRY_COLUMNS)) {
            if (kept.contains(r.<String>getAs("sweep_id"))) {
                sets.add(new SetGeometryRow(r.getAs("sweep_id"), r.getAs("point_id"), integer(r, "seed"),
                        integer(r, "set"), r.getAs("kind"), r.getAs("members"), dbl(r, "sparsity"),
                        integer(r, "collapsed"), r.getAs("label")));
            }
        }
        List<DatasetRow> datasets = new ArrayList<>();
        for (Row r : optional(spark, outDir + "/models", sweepId, DATASET_COLUMNS, col("dataset_size").isNotNull())) {
            if (kept.contains(r.<String>getAs("sweep_id"))) {
                datasets.add(new DatasetRow(r.getAs("sweep_id"), r.getAs("point_id"), integer(r, "seed"),
                        integer(r, "dataset_size"), integer(r, "dataset_seed_index"), dbl(r, "train_loss"),
                        dbl(r, "test_loss"), dbl(r, "mean_data_dim"), dbl(r, "mean_top_feature_dim"),
                        dbl(r, "weight_fro"), dbl(r, "bias_norm")));
            }
        }
        return new DerivedRows(phases, polytopes, attacks, curves, sets, datasets, List.of(), SaeRows.EMPTY);
    }

    /** The datapoints rows of the models that {@link HiddenVectorsFigure#hiddenKeys} draws, none for others. */
    private static List<DatapointRow> datapoints(SparkSession spark, String outDir, String sweepId, ReportData data) {
        Set<ModelKey> keys = new HashSet<>();
        for (SweepData s : data.bySweep()) {
            keys.addAll(HiddenVectorsFigure.hiddenKeys(s));
        }
        if (keys.isEmpty()) {
            return List.of();
        }
        Object[] pointIds = keys.stream().map(ModelKey::pointId).distinct().sorted().toArray();
        List<DatapointRow> out = new ArrayList<>();
        for (Row r : optional(spark, outDir + "/datapoints", sweepId, DATAPOINT_COLUMNS,
                col("point_id").isin(pointIds))) {
            DatapointRow d = new DatapointRow(r.getAs("sweep_id"), r.getAs("point_id"), integer(r, "seed"),
                    integer(r, "point_index"), ints(r, "features"), doubles(r, "values"));
            if (keys.contains(d.key())) {
                out.add(d);
            }
        }
        LOG.info("report data from {}: {} datapoints rows of {} models drawn in 2-D", outDir, out.size(), keys.size());
        return out;
    }

    private static boolean exists(SparkSession spark, String path) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot check " + path, e);
        }
    }

    /** The sae_models rows (none when the table is absent). */
    private static List<SaeModelRow> saeModels(SparkSession spark, String outDir, String sweepId) {
        List<SaeModelRow> out = new ArrayList<>();
        for (Row r : optional(spark, outDir + "/sae_models", sweepId, SAE_MODEL_COLUMNS)) {
            java.util.Map<String, String> recipe = new java.util.TreeMap<>();
            for (String c : SAE_RECIPE_COLUMNS) {
                Object v = r.getAs(c);
                recipe.put(c, v == null ? "" : v instanceof Double d ? Fmt.num(d) : v.toString());
            }
            int dead = r.isNullAt(r.fieldIndex("dead_latents")) ? 0 : integer(r, "dead_latents");
            out.add(new SaeModelRow(r.getAs("sweep_id"), r.getAs("point_id"), integer(r, "seed"),
                    r.getAs("toy_point_id"), r.getAs("toy_seed"), r.getAs("source"), integer(r, "features"),
                    integer(r, "dim"), integer(r, "latents"), dbl(r, "ratio"), dbl(r, "l1"), bool(r, "l1_per_latent"),
                    bool(r, "tied"), bool(r, "decoder_bias"), r.getAs("decoder_norm"), r.getAs("init"),
                    r.getAs("reconstruction"), r.getAs("optimizer"), dbl(r, "lr"), dbl(r, "weight_decay"),
                    integer(r, "batch_size"), integer(r, "steps"), r.getAs("resample"), r.getAs("mean_active"),
                    r.getAs("decay"), r.getAs("frequencies"), r.getAs("alpha_draw"), r.getAs("empty_samples"),
                    r.getAs("truth_seed"), r.getAs("hierarchy"), recipe, r.getAs("status"),
                    dbl(r, "reconstruction_loss"), dbl(r, "l0"), dead, dbl(r, "mmcs"), dbl(r, "recovered_fraction"),
                    dbl(r, "recovery_threshold"), dbl(r, "cross_mmcs"), r.getAs("cross_latents")));
        }
        return out;
    }

    /**
     * The SAE rows the figures draw: every sae_models row, and the sae_latents and sae_features rows of the few
     * SAEs that {@link SaeFigures#latentKeys} and {@link SaeFigures#featureKeys} name, decoder rows only of the
     * latter (d = 2), so a sweep of large dictionaries does not bring its decoder rows to the driver.
     */
    private static SaeRows sae(SparkSession spark, String outDir, String sweepId, List<SaeModelRow> models) {
        Set<ModelKey> latentKeys = SaeFigures.latentKeys(models);
        Set<ModelKey> featureKeys = SaeFigures.featureKeys(models);
        java.util.Map<LatentId, double[]> decoders = new java.util.HashMap<>();
        if (!featureKeys.isEmpty()) {
            Object[] points = featureKeys.stream().map(ModelKey::pointId).distinct().sorted().toArray();
            for (Row r : optional(spark, outDir + "/sae_latents", sweepId, SAE_DECODER_COLUMNS,
                    col("point_id").isin(points))) {
                ModelKey k = new ModelKey(r.getAs("sweep_id"), r.getAs("point_id"), integer(r, "seed"));
                if (featureKeys.contains(k)) {
                    decoders.put(new LatentId(k, integer(r, "latent")), doubles(r, "decoder"));
                }
            }
        }
        List<SaeLatentRow> latents = new ArrayList<>();
        if (!latentKeys.isEmpty()) {
            Object[] points = latentKeys.stream().map(ModelKey::pointId).distinct().sorted().toArray();
            for (Row r : optional(spark, outDir + "/sae_latents", sweepId, SAE_LATENT_COLUMNS,
                    col("point_id").isin(points))) {
                String point = r.getAs("point_id");
                int latent = integer(r, "latent");
                ModelKey k = new ModelKey(r.getAs("sweep_id"), point, integer(r, "seed"));
                if (latentKeys.contains(k)) {
                    double[] decoder = decoders.get(new LatentId(k, latent));
                    latents.add(new SaeLatentRow(k.sweepId(), point, k.seed(), latent, dbl(r, "firing"),
                            bool(r, "dead"), integer(r, "best_feature"), dbl(r, "best_cosine"), decoder));
                }
            }
        }
        List<SaeFeatureRow> features = new ArrayList<>();
        if (!featureKeys.isEmpty()) {
            Object[] points = featureKeys.stream().map(ModelKey::pointId).distinct().sorted().toArray();
            for (Row r : optional(spark, outDir + "/sae_features", sweepId, SAE_FEATURE_COLUMNS,
                    col("point_id").isin(points))) {
                SaeFeatureRow f = new SaeFeatureRow(r.getAs("sweep_id"), r.getAs("point_id"), integer(r, "seed"),
                        integer(r, "feature"), dbl(r, "probability"), dbl(r, "max_cosine"), integer(r, "best_latent"),
                        doubles(r, "direction"));
                if (featureKeys.contains(f.key())) {
                    features.add(f);
                }
            }
        }
        LOG.info("report data from {}: {} SAEs, latents of {}, features of {}", outDir, models.size(),
                latentKeys.size(), featureKeys.size());
        return new SaeRows(models, latents, features);
    }

    /** One latent of one SAE. */
    private record LatentId(ModelKey sae, int latent) {
    }

    private static final List<Col> SAE_MODEL_COLUMNS = List.of(Col.of("sweep_id", DataTypes.StringType),
            Col.of("point_id", DataTypes.StringType), Col.of("seed", DataTypes.IntegerType),
            new Col("toy_point_id", DataTypes.StringType, true), new Col("toy_seed", DataTypes.IntegerType, true),
            Col.of("source", DataTypes.StringType),
            Col.of("features", DataTypes.IntegerType), Col.of("dim", DataTypes.IntegerType),
            Col.of("latents", DataTypes.IntegerType), Col.of("ratio", DataTypes.DoubleType),
            Col.of("l1", DataTypes.DoubleType), Col.of("l1_per_latent", DataTypes.BooleanType),
            Col.of("tied", DataTypes.BooleanType), Col.of("decoder_bias", DataTypes.BooleanType),
            Col.of("decoder_norm", DataTypes.StringType), Col.of("init", DataTypes.StringType),
            new Col("reconstruction", DataTypes.StringType, true),
            Col.of("optimizer", DataTypes.StringType), Col.of("lr", DataTypes.DoubleType),
            Col.of("weight_decay", DataTypes.DoubleType), Col.of("batch_size", DataTypes.IntegerType),
            Col.of("steps", DataTypes.IntegerType), Col.of("resample", DataTypes.StringType),
            new Col("mean_active", DataTypes.DoubleType, true), new Col("decay", DataTypes.DoubleType, true),
            new Col("frequencies", DataTypes.StringType, true), new Col("alpha_draw", DataTypes.StringType, true),
            new Col("empty_samples", DataTypes.StringType, true),
            new Col("truth_seed", DataTypes.LongType, true), new Col("hierarchy", DataTypes.BooleanType, true),
            Col.of("status", DataTypes.StringType), new Col("reconstruction_loss", DataTypes.DoubleType, true),
            new Col("l0", DataTypes.DoubleType, true), Col.of("dead_latents", DataTypes.IntegerType),
            Col.of("mmcs", DataTypes.DoubleType), new Col("recovered_fraction", DataTypes.DoubleType, true),
            new Col("recovery_threshold", DataTypes.DoubleType, true),
            new Col("cross_mmcs", DataTypes.DoubleType, true), new Col("cross_latents", DataTypes.IntegerType, true),
            new Col("beta1", DataTypes.DoubleType, true), new Col("beta2", DataTypes.DoubleType, true),
            new Col("eps", DataTypes.DoubleType, true), new Col("resample_every", DataTypes.IntegerType, true),
            new Col("resample_window", DataTypes.IntegerType, true),
            new Col("resample_scale", DataTypes.DoubleType, true), new Col("eval_samples", DataTypes.IntegerType, true));

    /** The columns of sae_models that go into {@link SaeModelRow#recipe()}. */
    private static final List<String> SAE_RECIPE_COLUMNS = List.of("beta1", "beta2", "eps", "resample_every",
            "resample_window", "resample_scale", "eval_samples");

    private static final List<Col> SAE_LATENT_COLUMNS = List.of(Col.of("sweep_id", DataTypes.StringType),
            Col.of("point_id", DataTypes.StringType), Col.of("seed", DataTypes.IntegerType),
            Col.of("latent", DataTypes.IntegerType), Col.of("firing", DataTypes.DoubleType),
            Col.of("dead", DataTypes.BooleanType), Col.of("best_feature", DataTypes.IntegerType),
            Col.of("best_cosine", DataTypes.DoubleType));

    private static final List<Col> SAE_DECODER_COLUMNS = List.of(Col.of("sweep_id", DataTypes.StringType),
            Col.of("point_id", DataTypes.StringType), Col.of("seed", DataTypes.IntegerType),
            Col.of("latent", DataTypes.IntegerType),
            Col.of("decoder", DataTypes.createArrayType(DataTypes.DoubleType, true)));

    private static final List<Col> SAE_FEATURE_COLUMNS = List.of(Col.of("sweep_id", DataTypes.StringType),
            Col.of("point_id", DataTypes.StringType), Col.of("seed", DataTypes.IntegerType),
            Col.of("feature", DataTypes.IntegerType), new Col("probability", DataTypes.DoubleType, true),
            Col.of("max_cosine", DataTypes.DoubleType), Col.of("best_latent", DataTypes.IntegerType),
            Col.of("direction", DataTypes.createArrayType(DataTypes.DoubleType, true)));

    private static final List<Col> DATASET_COLUMNS = List.of(Col.of("sweep_id", DataTypes.StringType),
            Col.of("point_id", DataTypes.StringType), Col.of("seed", DataTypes.IntegerType),
            new Col("dataset_size", DataTypes.IntegerType, true),
            new Col("dataset_seed_index", DataTypes.IntegerType, true),
            new Col("train_loss", DataTypes.DoubleType, true), new Col("test_loss", DataTypes.DoubleType, true),
            new Col("mean_data_dim", DataTypes.DoubleType, true),
            new Col("mean_top_feature_dim", DataTypes.DoubleType, true),
            new Col("weight_fro", DataTypes.DoubleType, true), new Col("bias_norm", DataTypes.DoubleType, true));

    private static final List<Col> DATAPOINT_COLUMNS = List.of(Col.of("sweep_id", DataTypes.StringType),
            Col.of("point_id", DataTypes.StringType), Col.of("seed", DataTypes.IntegerType),
            Col.of("point_index", DataTypes.IntegerType),
            Col.of("features", DataTypes.createArrayType(DataTypes.IntegerType, true)),
            Col.of("values", DataTypes.createArrayType(DataTypes.DoubleType, true)));

    private static final List<Col> ATTACK_COLUMNS = List.of(Col.of("sweep_id", DataTypes.StringType),
            Col.of("point_id", DataTypes.StringType), Col.of("seed", DataTypes.IntegerType),
            Col.of("features_per_dim", DataTypes.DoubleType), Col.of("vulnerability", DataTypes.DoubleType));

    private static final List<Col> SET_GEOMETRY_COLUMNS = List.of(Col.of("sweep_id", DataTypes.StringType),
            Col.of("point_id", DataTypes.StringType), Col.of("seed", DataTypes.IntegerType),
            Col.of("set", DataTypes.IntegerType), Col.of("kind", DataTypes.StringType),
            Col.of("members", DataTypes.StringType), Col.of("sparsity", DataTypes.DoubleType),
            Col.of("collapsed", DataTypes.IntegerType), Col.of("label", DataTypes.StringType));

    private static List<Row> optional(SparkSession spark, String path, String sweepId, List<Col> cols) {
        return optional(spark, path, sweepId, cols, null);
    }

    /** As above, keeping the rows that {@code where} (over the selected columns; null: all) holds for. */
    private static List<Row> optional(SparkSession spark, String path, String sweepId, List<Col> cols,
            Column where) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
            if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
                return List.of();
            }
            Dataset<Row> df = read(spark, path, sweepId, cols);
            return (where == null ? df : df.where(where)).collectAsList();
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("derived table {} not read ({}); its figures are left out", path, e.getMessage());
            return List.of();
        }
    }

    private static final List<Col> PHASE_COLUMNS = List.of(Col.of("sweep_id", DataTypes.StringType),
            Col.of("point_id", DataTypes.StringType), Col.of("seed", DataTypes.IntegerType),
            Col.of("n_features", DataTypes.IntegerType), Col.of("n_hidden", DataTypes.IntegerType),
            Col.of("density", DataTypes.DoubleType), Col.of("r", DataTypes.DoubleType),
            Col.of("final_loss", DataTypes.DoubleType), Col.of("phase", DataTypes.StringType),
            Col.of("theory_phase", DataTypes.StringType));

    private static final List<Col> CURVE_COLUMNS = List.of(Col.of("sweep_id", DataTypes.StringType),
            Col.of("point_id", DataTypes.StringType), Col.of("seed", DataTypes.IntegerType),
            Col.of("step", DataTypes.IntegerType), Col.of("feature", DataTypes.IntegerType),
            Col.of("loss", DataTypes.DoubleType), Col.of("dimensionality", DataTypes.DoubleType));

    private static final List<Col> POLYTOPE_COLUMNS = List.of(Col.of("sweep_id", DataTypes.StringType),
            Col.of("point_id", DataTypes.StringType), Col.of("seed", DataTypes.IntegerType),
            Col.of("size", DataTypes.IntegerType), Col.of("dim", DataTypes.IntegerType),
            Col.of("label", DataTypes.StringType));

    /** A column the report reads: its name, the type it is cast to, and whether it may be absent. */
    private record Col(String name, DataType type, boolean optional) {
        static Col of(String name, DataType type) {
            return new Col(name, type, false);
        }
    }

    private static final List<Col> SWEEP_COLUMNS = List.of(Col.of("sweep_id", DataTypes.StringType),
            Col.of("name", DataTypes.StringType), new Col("description", DataTypes.StringType, true),
            Col.of("spec_json", DataTypes.StringType), Col.of("spec_hash", DataTypes.StringType),
            new Col("started_at", DataTypes.TimestampType, true), new Col("finished_at", DataTypes.TimestampType, true));

    private static final List<Col> MODEL_COLUMNS = List.of(Col.of("sweep_id", DataTypes.StringType),
            Col.of("point_id", DataTypes.StringType), Col.of("seed", DataTypes.IntegerType),
            Col.of("model", DataTypes.StringType), Col.of("n_features", DataTypes.IntegerType),
            Col.of("n_hidden", DataTypes.IntegerType), Col.of("sparsity", DataTypes.DoubleType),
            new Col("importance_decay", DataTypes.DoubleType, true), Col.of("steps", DataTypes.IntegerType),
            Col.of("batch_size", DataTypes.IntegerType), Col.of("lr", DataTypes.DoubleType),
            Col.of("final_loss", DataTypes.DoubleType), Col.of("dims_per_feature", DataTypes.DoubleType),
            Col.of("represented_features", DataTypes.IntegerType), Col.of("frobenius_sq", DataTypes.DoubleType),
            new Col("train_ms", DataTypes.DoubleType, true), Col.of("status", DataTypes.StringType));

    private static final List<Col> FEATURE_COLUMNS = List.of(Col.of("sweep_id", DataTypes.StringType),
            Col.of("point_id", DataTypes.StringType), Col.of("seed", DataTypes.IntegerType),
            Col.of("feature", DataTypes.IntegerType), Col.of("importance", DataTypes.DoubleType),
            Col.of("probability", DataTypes.DoubleType), Col.of("norm", DataTypes.DoubleType),
            Col.of("interference", DataTypes.DoubleType), Col.of("dimensionality", DataTypes.DoubleType),
            Col.of("bias", DataTypes.DoubleType),
            Col.of("embedding", DataTypes.createArrayType(DataTypes.DoubleType, true)));

    private static Dataset<Row> read(SparkSession spark, String path, String sweepId, List<Col> cols) {
        Dataset<Row> df = spark.read().parquet(path);
        if (sweepId != null) {
            df = df.where(col("sweep_id").equalTo(lit(sweepId)));
        }
        Set<String> present = new HashSet<>(Arrays.asList(df.columns()));
        List<Column> select = new ArrayList<>();
        for (Col c : cols) {
            if (present.contains(c.name())) {
                select.add(col(c.name()).cast(c.type()).as(c.name()));
            } else if (c.optional()) {
                select.add(lit(null).cast(c.type()).as(c.name()));
            } else {
                throw new IllegalArgumentException("table " + path + " has no column '" + c.name() + "'");
            }
        }
        return df.select(select.toArray(new Column[0]));
    }

    private static SweepInfo sweep(Row r) {
        return new SweepInfo(r.getAs("sweep_id"), r.getAs("name"), r.getAs("description"), r.getAs("spec_json"),
                r.getAs("spec_hash"), instant(r.getAs("started_at")), instant(r.getAs("finished_at")));
    }

    private static ModelRow model(Row r) {
        return new ModelRow(r.getAs("sweep_id"), r.getAs("point_id"), integer(r, "seed"), r.getAs("model"),
                integer(r, "n_features"), integer(r, "n_hidden"), dbl(r, "sparsity"),
                r.isNullAt(r.fieldIndex("importance_decay")) ? null : dbl(r, "importance_decay"),
                integer(r, "steps"), integer(r, "batch_size"), dbl(r, "lr"), dbl(r, "final_loss"),
                dbl(r, "dims_per_feature"), integer(r, "represented_features"), dbl(r, "frobenius_sq"),
                dbl(r, "train_ms"), r.getAs("status"));
    }

    private static FeatureRow feature(Row r) {
        int idx = r.fieldIndex("embedding");
        double[] embedding;
        if (r.isNullAt(idx)) {
            embedding = new double[0];
        } else {
            List<Object> values = r.getList(idx);
            embedding = new double[values.size()];
            for (int k = 0; k < embedding.length; k++) {
                Object v = values.get(k);
                embedding[k] = v == null ? Double.NaN : ((Number) v).doubleValue();
            }
        }
        return new FeatureRow(r.getAs("sweep_id"), r.getAs("point_id"), integer(r, "seed"), integer(r, "feature"),
                dbl(r, "importance"), dbl(r, "probability"), dbl(r, "norm"), dbl(r, "interference"),
                dbl(r, "dimensionality"), dbl(r, "bias"), embedding);
    }

    private static int[] ints(Row r, String name) {
        int idx = r.fieldIndex(name);
        if (r.isNullAt(idx)) {
            return new int[0];
        }
        List<Object> values = r.getList(idx);
        int[] out = new int[values.size()];
        for (int k = 0; k < out.length; k++) {
            Object v = values.get(k);
            if (v == null) {
                throw new IllegalArgumentException("column '" + name + "' has a null element in row " + r);
            }
            out[k] = ((Number) v).intValue();
        }
        return out;
    }

    private static double[] doubles(Row r, String name) {
        int idx = r.fieldIndex(name);
        if (r.isNullAt(idx)) {
            return new double[0];
        }
        List<Object> values = r.getList(idx);
        double[] out = new double[values.size()];
        for (int k = 0; k < out.length; k++) {
            Object v = values.get(k);
            out[k] = v == null ? Double.NaN : ((Number) v).doubleValue();
        }
        return out;
    }

    /** Null doubles become NaN: a missing metric is plotted as missing, not as zero. */
    private static double dbl(Row r, String name) {
        int i = r.fieldIndex(name);
        return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }

    /** A boolean column; null reads as false. */
    private static boolean bool(Row r, String name) {
        int i = r.fieldIndex(name);
        return !r.isNullAt(i) && r.getBoolean(i);
    }

    private static int integer(Row r, String name) {
        int i = r.fieldIndex(name);
        if (r.isNullAt(i)) {
            throw new IllegalArgumentException("column '" + name + "' is null in row " + r);
        }
        return r.getInt(i);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("not a timestamp: " + value.getClass());
    }
}
