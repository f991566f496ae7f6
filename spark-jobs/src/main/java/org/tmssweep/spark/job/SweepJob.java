package org.tmssweep.spark.job;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.grid.Wave;
import org.tmssweep.spark.tables.Tables;

/**
 * The Spark application: trains the waves of a sweep's plan that are not committed yet, one after the
 * other ({@link WaveJob}: one Spark job each, committed at once by {@link WaveStore}), then writes the
 * {@code sweeps} row that marks the sweep complete. Where a run starts is a {@link ResumeState} read
 * from the wave markers (the plan, waves included, is a pure function of the spec), so an interrupted
 * sweep resumes with the waves that were not committed and a complete one is not trained again; with
 * {@code retryFailed} the models recorded in {@code failures} without a models row are trained again
 * in one more wave. A run holds the sweep's {@link SweepLock} throughout: one writer per sweep and
 * {@code --out}, so a second run cannot delete the first's wave in flight.
 */
public final class SweepJob {
    private static final Logger LOG = LoggerFactory.getLogger(SweepJob.class);

    /** Curve points of a run of {@code steps} steps recorded every {@code every}: 0, k, 2k, ... and the last. */
    public static long curvePoints(int steps, int every) {
        return steps / every + 1 + (steps % every == 0 ? 0 : 1);
    }

    /**
     * What a run did.
     *
     * @param modelsTrained models trained by this run (rows written, failures included)
     * @param resumedFrom   models already committed by earlier runs when this one started
     * @param failed        models without a models row because training threw (after this run)
     * @param wavesRun      waves this run trained and committed
     */
    public record Outcome(String sweepId, int modelsTrained, boolean alreadyComplete, long diverged, long failed,
                          long resumedFrom, int wavesRun) {
    }

    private SweepJob() {
    }

    /** Runs the sweep into {@code out} (a directory path or Hadoop URI); resumes an interrupted run. */
    public static Outcome run(SparkSession spark, SweepPlan plan, String out, ProgressSink progress) throws IOException {
        return run(spark, plan, out, progress, false);
    }

    /**
     * Runs, resumes or (with {@code retryFailed}) retries the failed models of a sweep, holding the sweep's
     * {@link SweepLock} from before anything is deleted until it returns or throws. A sweep already complete
     * (and not {@code retryFailed}) is neither locked nor written, and a bad setting fails before the lock.
     *
     * @throws SweepLock.HeldException when another run is writing this sweep into {@code out}
     */
    public static Outcome run(SparkSession spark, SweepPlan plan, String out, ProgressSink progress,
            boolean retryFailed) throws IOException {
        if (!retryFailed && isComplete(spark, out, plan.spec().sweepId())) {
            LOG.info("sweep {} is already complete in {}: nothing to train", plan.spec().sweepId(), out);
            return new Outcome(plan.spec().sweepId(), 0, true, 0, 0, plan.modelCount(), 0);
        }
        if (plan.sae() == null) {
            WaveJob.directWriteMaxTasks(spark);
        }
        try (SweepLock lock = SweepLock.acquire(spark.sparkContext().hadoopConfiguration(), out,
                plan.spec().sweepId())) {
            return run(spark, plan, out, progress, retryFailed, lock);
        }
    }

    /**
     * As {@link #run(SparkSession, SweepPlan, String, ProgressSink, boolean)} with the sweep's lock already
     * taken by the caller ({@code tms run} takes it before starting Spark), who also releases it.
     */
    public static Outcome run(SparkSession spark, SweepPlan plan, String out, ProgressSink progress,
            boolean retryFailed, SweepLock lock) throws IOException {
        if (!lock.file().equals(SweepLock.path(out, plan.spec().sweepId()))) {
            throw new IllegalArgumentException("lock: " + lock.file() + " is not the lock of sweep "
                    + plan.spec().sweepId() + " in " + out);
        }
        lock.verify();
        if (plan.sae() != null) {
            if (retryFailed) {
                throw new IllegalArgumentException("retryFailed: not supported for SAE sweeps (sae.source) yet");
            }
            return SaeJob.run(spark, plan, out, progress);
        }
        String sweepId = plan.spec().sweepId();
        int directWriteMaxTasks = WaveJob.directWriteMaxTasks(spark); // a bad setting fails before anything is written
        boolean complete = isComplete(spark, out, sweepId);
        if (complete && !retryFailed) {
            LOG.info("sweep {} is already complete in {}: nothing to train", sweepId, out);
            return new Outcome(sweepId, 0, true, 0, 0, plan.modelCount(), 0);
        }
        WaveStore store = WaveStore.of(spark.sparkContext().hadoopConfiguration(), out, sweepId);
        TreeMap<Integer, WaveStore.WaveRecord> committed = store.committed();
        if (complete && failedKeys(spark, out, sweepId).isEmpty()) {
            return new Outcome(sweepId, 0, true, 0, 0, plan.modelCount(), 0);
        }
        // The sweeps row is staged with the last wave this run trains and renamed into place after that
        // wave's marker: one Spark job fewer than writing it afterwards.
        ResumeState state = ResumeState.of(plan, committed, !retryFailed && !store.hasSweepRow());
        Instant started = Instant.now();
        int removed = store.cleanUncommitted(committed.keySet());
        if (removed > 0) {
            LOG.info("sweep {}: removed {} uncommitted wave directories left by an interrupted run", sweepId, removed);
        }
        store.writePlanIfAbsent(new WaveStore.PlanRecord(sweepId, plan.modelCount(), plan.pointCount(),
                plan.waves().size(), plan.packs().size(), started.toString()));
        writeSpec(spark, out, sweepId, plan.spec().canonicalJson());
        spark.conf().set("spark.sql.sources.partitionOverwriteMode", "dynamic");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());

        RunTally tally = RunTally.resuming(state);
        long resumedFrom = tally.done();
        WaveJob.SweepRow sweepRow = (failed, waves) -> sweepRow(spark, plan, started, Instant.now(), failed, waves);
        try (WaveJob waves = new WaveJob(spark, plan, store, progress, TrainPack.injectedFromSystemProperty(),
                directWriteMaxTasks, System.nanoTime())) {
            for (Wave wave : state.toTrain()) {
                lock.verify();
                tally = waves.run(wave, 1, 0, tally, wave.index() == state.sweepRowWith() ? sweepRow : null);
            }
            if (retryFailed) {
                Map<String, Integer> failed = failedKeys(spark, out, sweepId);
                if (!failed.isEmpty()) {
                    int next = Math.max(plan.waves().size(), store.committed().lastKey() + 1);
                    int attempt = failed.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
                    tally = waves.run(ResumeState.retryWave(plan, failed, next), attempt, failed.size(),
                            tally.retrying(failed.size()), null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while training " + sweepId, e);
        } finally {
            jsc.clearJobGroup();
        }
        store.removeStaging();
        if (state.sweepRowWith() >= 0) { // committed with that wave
            return new Outcome(sweepId, (int) tally.trained(), false, tally.diverged(), tally.failed(), resumedFrom,
                    tally.wavesRun());
        }
        jsc.setJobGroup("tms-" + sweepId + "-complete", "sweep " + sweepId + ": write the sweeps row", false);
        try {
            TreeMap<Integer, WaveStore.WaveRecord> all = store.committed();
            long failedNow = 0;
            for (WaveStore.WaveRecord r : all.values()) {
                failedNow += r.failed() - r.retried();
            }
            Row sweep = sweepRow(spark, plan, started, Instant.now(), failedNow, all.size());
            spark.createDataFrame(List.of(sweep), Tables.SWEEPS_SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite)
                    .partitionBy(Tables.PARTITION).parquet(new Path(out, Tables.SWEEPS).toString());
            return new Outcome(sweepId, (int) tally.trained(), false, tally.diverged(), failedNow, resumedFrom,
                    tally.wavesRun());
        } finally {
            jsc.clearJobGroup();
        }
    }

    /** Models with a failures row and no models row: "pointId/seed" to their last attempt number. */
    static Map<String, Integer> failedKeys(SparkSession spark, String out, String sweepId) throws IOException {
        Map<String, Integer> failed = new TreeMap<>();
        Path failures = new Path(new Path(out, Tables.FAILURES), Tables.PARTITION + "=" + sweepId);
        FileSystem fs = failures.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(failures)) {
            return failed;
        }
        Dataset<Row> f = spark.read().parquet(new Path(out, Tables.FAILURES).toString())
                .filter(functions.col(Tables.PARTITION).equalTo(sweepId))
                .groupBy("point_id", "seed").agg(functions.max("attempt").as("attempt"));
        Path modelsPath = new Path(new Path(out, Tables.MODELS), Tables.PARTITION + "=" + sweepId);
        if (fs.exists(modelsPath)) {
            Dataset<Row> m = spark.read().parquet(new Path(out, Tables.MODELS).toString())
                    .filter(functions.col(Tables.PARTITION).equalTo(sweepId)).select("point_id", "seed");
            f = f.join(m, f.col("point_id").equalTo(m.col("point_id")).and(f.col("seed").equalTo(m.col("seed"))),
                    "left_anti");
        }
        for (Row r : f.collectAsList()) {
            failed.put(r.getString(0) + "/" + r.getInt(1), r.getInt(2));
        }
        return failed;
    }

    /** True when {@code out/sweeps} holds a row for this sweep. */
    public static boolean isComplete(SparkSession spark, String out, String sweepId) throws IOException {
        Path partition = new Path(new Path(out, Tables.SWEEPS), Tables.PARTITION + "=" + sweepId);
        FileSystem fs = partition.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(partition)) {
            return false;
        }
        return spark.read().parquet(new Path(out, Tables.SWEEPS).toString())
                .filter(functions.col(Tables.PARTITION).equalTo(sweepId))
                .limit(1).count() > 0;
    }

    /** The resolved spec beside the tables: {@code OUT/specs/<sweep_id>.json}. */
    static void writeSpec(SparkSession spark, String out, String sweepId, String json) throws IOException {
        Path file = new Path(new Path(out, "specs"), sweepId + ".json");
        FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (FSDataOutputStream os = fs.create(file, true)) {
            os.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The sweeps row of this run ({@link TableRows#sweep}) with this session's Spark version, master and hosts. */
    static Row sweepRow(SparkSession spark, SweepPlan plan, Instant started, Instant finished, long failed,
            int waves) {
        return TableRows.sweep(plan, started, finished, failed, waves, spark.version(), spark.sparkContext().master(),
                String.join(",", new TreeSet<>(executorHosts(spark))));
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
