package org.tmssweep.spark.analysis;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmssweep.core.train.TrainStatus;
import org.tmssweep.spark.tables.Tables;

/**
 * The derived tables of {@link AnalysisTables} as a Spark job over models: feature rows are grouped by
 * (sweep_id, point_id, seed) and joined to their models row, W and b are rebuilt from
 * features.embedding and features.bias, {@link ModelAnalysis} runs in the tasks, and the plain rows are
 * written as Parquet partitioned by sweep_id.
 *
 * <p>Idempotent per sweep: every table is first written under {@code OUT/_analysis_staging/}, then for
 * each analysed sweep the old partition {@code OUT/<table>/sweep_id=<id>} is deleted and the staged one
 * renamed into its place (a sweep with no rows for a table ends with no partition there). Models with
 * status other than ok, or with missing or non-finite feature rows, get no derived rows.
 */
public final class AnalysisJob {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisJob.class);
    /** Samples of the adversarial attack per model (the same sample for the model and its baseline). */
    public static final int ATTACK_SAMPLES = 1024;
    /** Seed of the attack sample: one fixed sample per density, shared by every model. */
    public static final long ATTACK_SEED = 20221;
    static final String STAGING = "_analysis_staging";
    private static final String PARTITION_INFERENCE = "spark.sql.sources.partitionColumnTypeInference.enabled";

    /**
     * @param sweeps   the sweeps analysed
     * @param models   models analysed (status ok, complete feature rows)
     * @param rows     rows written per table
     */
    public record Outcome(List<String> sweeps, long models, Map<String, Long> rows) {
    }

    private AnalysisJob() {
    }

    /** Analyses every sweep under {@code out} ({@code sweepId} null) or one sweep. */
    public static Outcome run(SparkSession spark, String out, String sweepId) throws IOException {
        Path modelsPath = new Path(out, Tables.MODELS);
        Path featuresPath = new Path(out, Tables.FEATURES);
        FileSystem fs = modelsPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(modelsPath) || !fs.exists(featuresPath)) {
            return new Outcome(List.of(), 0, Map.of());
        }
        String before = spark.conf().get(PARTITION_INFERENCE, "true");
        spark.conf().set(PARTITION_INFERENCE, "false");
        JavaRDD<TaggedRow> tagged = null;
        try {
            // mergeSchema: tables written before models.feature_sets existed lack the column
            Dataset<Row> models = spark.read().option("mergeSchema", "true").parquet(modelsPath.toString());
            Column featureSets = java.util.Arrays.asList(models.columns()).contains("feature_sets")
                    ? col("feature_sets") : lit(null).cast("string");
            Dataset<Row> features = spark.read().parquet(featuresPath.toString());
            if (sweepId != null) {
                models = models.where(col(Tables.PARTITION).equalTo(lit(sweepId)));
                features = features.where(col(Tables.PARTITION).equalTo(lit(sweepId)));
            }
            List<String> sweeps = models.select(Tables.PARTITION).distinct().orderBy(Tables.PARTITION).collectAsList()
                    .stream().map(r -> r.getString(0)).toList();
            if (sweeps.isEmpty()) {
                return new Outcome(List.of(), 0, Map.of());
            }
            Column trainedOk = col("status").equalTo(lit(TrainStatus.OK.specName()));
            Dataset<Row> m = models.where(trainedOk).select(col("sweep_id"), col("point_id"),
                    col("seed").cast("int").as("seed"), col("model"), col("n_features").cast("int").as("n_features"),
                    col("n_hidden").cast("int").as("n_hidden"), col("sparsity").cast("double").as("sparsity"),
                    col("final_loss").cast("double").as("final_loss"),
                    col("frobenius_sq").cast("double").as("frobenius_sq"), featureSets.as("feature_sets"));
            Dataset<Row> f = features.select(col("sweep_id"), col("point_id"), col("seed").cast("int").as("seed"),
                    struct(col("feature").cast("int").as("feature"), col("importance").cast("double").as("importance"),
                            col("probability").cast("double").as("probability"),
                            col("dimensionality").cast("double").as("dimensionality"),
                            col("bias").cast("double").as("bias"), col("embedding"),
                            (java.util.Arrays.asList(features.columns()).contains("readout") ? col("readout")
                                    : lit(null).cast("array<double>")).as("readout")).as("f"))
                    .groupBy("sweep_id", "point_id", "seed").agg(collect_list(col("f")).as("fs"));
            Dataset<Row> joined = m.join(f, scala.jdk.javaapi.CollectionConverters.asScala(
                    List.of("sweep_id", "point_id", "seed")).toSeq(), "inner");
            int parallelism = Math.max(1, spark.sparkContext().defaultParallelism() * 4);
            JavaRDD<ModelInput> inputs = joined.toJavaRDD().map(AnalysisJob::input).repartition(parallelism);
            int samples = ATTACK_SAMPLES;
            long seed = ATTACK_SEED;
            tagged = inputs.flatMap(in -> ModelAnalysis.rows(in, samples, seed).iterator())
                    .persist(StorageLevel.MEMORY_AND_DISK());
            long analysed = inputs.filter(ModelInput::complete).count();
            Path staging = new Path(out, STAGING);
            fs.delete(staging, true);
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : AnalysisTables.ALL) {
                JavaRDD<Row> rows = tagged.filter(t -> t.table().equals(table)).map(TaggedRow::row);
                Dataset<Row> df = spark.createDataFrame(rows, AnalysisTables.schema(table));
                long count = rows.count();
                counts.put(table, count);
                if (count > 0) {
                    df.repartition(col(Tables.PARTITION)).write().mode(SaveMode.Overwrite).partitionBy(Tables.PARTITION)
                            .parquet(new Path(staging, table).toString());
                }
            }
            for (String table : AnalysisTables.ALL) {
                for (String id : sweeps) {
                    Path target = new Path(new Path(out, table), Tables.PARTITION + "=" + id);
                    Path staged = new Path(new Path(staging, table), Tables.PARTITION + "=" + id);
                    if (fs.exists(target)) {
                        fs.delete(target, true);
                    }
                    if (fs.exists(staged)) {
                        fs.mkdirs(target.getParent());
                        if (!fs.rename(staged, target)) {
                            throw new IOException("cannot move " + staged + " to " + target);
                        }
                    }
                }
            }
            fs.delete(staging, true);
            LOG.info("analysis of {} sweeps, {} models: {}", sweeps.size(), analysed, counts);
            return new Outcome(sweeps, analysed, counts);
        } finally {
            if (tagged != null) {
                tagged.unpersist(false);
            }
            spark.conf().set(PARTITION_INFERENCE, before);
        }
    }

    /** Rebuilds one model from its joined models row and collected feature structs. */
    static ModelInput input(Row r) {
        int n = r.getInt(r.fieldIndex("n_features"));
        int m = r.getInt(r.fieldIndex("n_hidden"));
        double[][] w = new double[n][];
        double[][] w2 = new double[n][];
        boolean anyReadout = false;
        double[] b = new double[n];
        double[] imp = new double[n];
        double[] prob = new double[n];
        double[] dim = new double[n];
        List<Row> fs = r.getList(r.fieldIndex("fs"));
        boolean ok = true;
        for (Row f : fs) {
            int i = f.getInt(0);
            if (i < 0 || i >= n || w[i] != null || f.isNullAt(5)) {
                ok = false;
                continue;
            }
            imp[i] = dbl(f, 1);
            prob[i] = dbl(f, 2);
            dim[i] = dbl(f, 3);
            b[i] = dbl(f, 4);
            w[i] = doubles(f.getList(5));
            if (f.size() > 6 && !f.isNullAt(6)) {
                w2[i] = doubles(f.getList(6));
                anyReadout = true;
            }
        }
        if (!ok) {
            w = new double[0][];
        }
        if (!anyReadout) {
            w2 = null;
        }
        return new ModelInput(r.getString(r.fieldIndex("sweep_id")), r.getString(r.fieldIndex("point_id")),
                r.getInt(r.fieldIndex("seed")), r.getString(r.fieldIndex("model")), n, m,
                dbl(r, r.fieldIndex("sparsity")), dbl(r, r.fieldIndex("final_loss")),
                dbl(r, r.fieldIndex("frobenius_sq")), w, b, imp, prob, dim,
                r.isNullAt(r.fieldIndex("feature_sets")) ? null : r.getString(r.fieldIndex("feature_sets")), w2);
    }

    private static double[] doubles(List<Object> e) {
        double[] row = new double[e.size()];
        for (int k = 0; k < row.length; k++) {
            Object v = e.get(k);
            row[k] = v == null ? Double.NaN : ((Number) v).doubleValue();
        }
        return row;
    }

    private static double dbl(Row r, int i) {
        return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }

    /** Names of the derived tables present under {@code out}. */
    public static List<String> present(SparkSession spark, String out) throws IOException {
        List<String> names = new ArrayList<>();
        for (String table : AnalysisTables.ALL) {
            Path p = new Path(out, table);
            if (p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
                names.add(table);
            }
        }
        return names;
    }
}
