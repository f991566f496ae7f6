package org.tmssweep.spark.job;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmssweep.spark.grid.Pack;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.tables.Tables;

/**
 * The Spark application: map {@link TrainPack} over the plan's packs (one task per pack), then
 * write the {@code models}, {@code features} and finally the {@code sweeps} row. A sweep whose
 * {@code sweeps} row exists is complete and is not trained again; an incomplete one is rewritten
 * whole (dynamic partition overwrite touches only this sweep's partition).
 */
public final class SweepJob {
    private static final Logger LOG = LoggerFactory.getLogger(SweepJob.class);
    /** Most rows per Parquet file of the features table. */
    static final long FEATURE_ROWS_PER_FILE = 2_000_000L;
    static final long MODEL_ROWS_PER_FILE = 1_000_000L;

    /** What a run did. */
    public record Outcome(String sweepId, int modelsTrained, boolean alreadyComplete, long diverged) {
    }

    private SweepJob() {
    }

    /**
     * Runs the sweep into {@code out} (a directory path or Hadoop URI).
     */
    public static Outcome run(SparkSession spark, SweepPlan plan, String out, ProgressSink progress) throws IOException {
        String sweepId = plan.spec().sweepId();
        String specHash = plan.spec().specHash();
        if (isComplete(spark, out, sweepId)) {
            LOG.info("sweep {} is already complete in {}: nothing to train", sweepId, out);
            return new Outcome(sweepId, 0, true, 0);
        }
        Instant started = Instant.now();
        spark.conf().set("spark.sql.sources.partitionOverwriteMode", "dynamic");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());

        List<Pack> packs = plan.packs();
        int[] sizes = packs.stream().mapToInt(Pack::size).toArray();
        String group = "tms-train-" + sweepId;
        TrainingProgress listener = new TrainingProgress(group, sizes, progress);
        spark.sparkContext().addSparkListener(listener);
        JavaRDD<PointResult> results;
        long diverged;
        try {
            jsc.setJobGroup(group, "train " + plan.modelCount() + " models of " + sweepId + " in " + packs.size()
                    + " tasks", false);
            results = jsc.parallelize(packs, packs.size())
                    .flatMap(new TrainPack(sweepId, specHash, Provenance.codeVersion()))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            diverged = results.filter(r -> !"ok".equals(r.status())).count();
            listener.awaitAllCounted(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while training " + sweepId, e);
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        try {
            jsc.setJobGroup("tms-write-" + sweepId, "write tables of " + sweepId, false);
            long models = plan.modelCount();
            long featureRows = plan.points().stream().mapToLong(p -> p.nFeatures()).sum();
            write(spark.createDataFrame(results.map(PointResult::model), Tables.MODELS_SCHEMA),
                    files(models, MODEL_ROWS_PER_FILE), out, Tables.MODELS);
            write(spark.createDataFrame(results.flatMap(r -> r.features().iterator()), Tables.FEATURES_SCHEMA),
                    files(featureRows, FEATURE_ROWS_PER_FILE), out, Tables.FEATURES);
            writeSpec(spark, out, sweepId, plan.spec().canonicalJson());
            Row sweep = sweepRow(spark, plan, started, Instant.now());
            write(spark.createDataFrame(List.of(sweep), Tables.SWEEPS_SCHEMA), 1, out, Tables.SWEEPS);
        } finally {
            results.unpersist(false);
            jsc.clearJobGroup();
        }
        return new Outcome(sweepId, plan.modelCount(), false, diverged);
    }

    /** True when {@code out/sweeps} holds a row for this sweep. */
    public static boolean isComplete(SparkSession spark, String out, String sweepId) throws IOException {
        Path partition = new Path(new Path(out, Tables.SWEEPS), Tables.PARTITION + "=" + sweepId);
        FileSystem fs = partition.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(partition)) {
            return false;
        }
        return spark.read().parquet(new Path(out, Tables.SWEEPS).toString())
                .filter(org.apache.spark.sql.functions.col(Tables.PARTITION).equalTo(sweepId))
                .limit(1).count() > 0;
    }

    private static int files(long rows, long perFile) {
        return (int) Math.max(1, (rows + perFile - 1) / perFile);
    }

    private static void write(Dataset<Row> df, int files, String out, String table) {
        df.coalesce(files).write().mode(SaveMode.Overwrite).partitionBy(Tables.PARTITION)
                .parquet(new Path(out, table).toString());
    }

    /** The resolved spec beside the tables: {@code OUT/specs/<sweep_id>.json}. */
    private static void writeSpec(SparkSession spark, String out, String sweepId, String json) throws IOException {
        Path file = new Path(new Path(out, "specs"), sweepId + ".json");
        FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (FSDataOutputStream os = fs.create(file, true)) {
            os.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Row sweepRow(SparkSession spark, SweepPlan plan, Instant started, Instant finished) {
        String master = spark.sparkContext().master();
        TreeSet<String> hosts = new TreeSet<>();
        for (String exec : executorHosts(spark)) {
            hosts.add(exec);
        }
        String omp = System.getenv().getOrDefault("OMP_NUM_THREADS", "unset");
        String versions = "{\"java\":\"" + System.getProperty("java.version") + "\",\"spark\":\"" + spark.version()
                + "\",\"nd4j\":\"" + Provenance.nd4jVersion() + "\",\"blas\":\"" + Provenance.blas()
                + "\",\"tms\":\"" + Provenance.codeVersion() + "\"}";
        return RowFactory.create(plan.spec().sweepId(), plan.spec().name(), plan.spec().description(),
                plan.spec().canonicalJson(), plan.spec().specHash(),
                org.tmssweep.spark.spec.SweepSpec.SEMANTICS_VERSION,
                plan.spec().pointCount(), (long) plan.modelCount(), plan.packs().size(),
                Timestamp.from(started), Timestamp.from(finished), Provenance.codeVersion(), Provenance.gitCommit(),
                System.getProperty("java.version"), spark.version(), Provenance.nd4jVersion(), Provenance.blas(),
                master, omp, String.join(",", hosts), versions, "complete");
    }

    private static List<String> executorHosts(SparkSession spark) {
        List<String> hosts = new ArrayList<>();
        for (var info : spark.sparkContext().statusTracker().getExecutorInfos()) {
            hosts.add(info.host());
        }
        if (hosts.isEmpty()) {
            try {
                hosts.add(InetAddress.getLocalHost().getHostName());
            } catch (IOException e) {
                hosts.add("unknown");
            }
        }
        return hosts;
    }
}
