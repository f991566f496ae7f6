package org.tmssweep.spark.job;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmssweep.spark.grid.GridPoint;
import org.tmssweep.spark.grid.Pack;
import org.tmssweep.spark.grid.Wave;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.grid.TaskOrder;
import org.tmssweep.spark.tables.Tables;

/**
 * The Spark application: the plan's waves, one after the other, each a Spark job mapping
 * {@link TrainPack} over its packs (one task per pack) whose models, features and failures rows
 * are committed at once by {@link WaveStore}; then the {@code sweeps} row that marks the sweep
 * complete. A complete sweep is not trained again; an interrupted one resumes with the waves that
 * were not committed (the plan, waves included, is a pure function of the spec); with
 * {@code retryFailed} the models recorded in {@code failures} without a models row are trained
 * again in one more wave.
 */
public final class SweepJob {
    private static final Logger LOG = LoggerFactory.getLogger(SweepJob.class);
    /** Most rows per Parquet file of the features table. */
    static final long FEATURE_ROWS_PER_FILE = 2_000_000L;
    static final long MODEL_ROWS_PER_FILE = 1_000_000L;
    /** Most rows per Parquet file of the curves table. */
    static final long CURVE_ROWS_PER_FILE = 2_000_000L;

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
     * Runs, resumes or (with {@code retryFailed}) retries the failed models of a sweep.
     */
    public static Outcome run(SparkSession spark, SweepPlan plan, String out, ProgressSink progress,
            boolean retryFailed) throws IOException {
        String sweepId = plan.spec().sweepId();
        int directWriteMaxTasks = directWriteMaxTasks(spark); // a bad setting fails here, before anything is written
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

        long doneBefore = 0;
        long failedSoFar = 0;
        for (WaveStore.WaveRecord r : committed.values()) {
            doneBefore += r.models() + r.failed() - r.retried();
            failedSoFar += r.failed() - r.retried();
        }
        long resumedFrom = doneBefore;
        Run run = new Run(spark, jsc, plan, store, progress, System.nanoTime());
        run.done = doneBefore;
        run.failed = failedSoFar;
        run.started = started;
        run.wavesBefore = committed.size();
        run.directWriteMaxTasks = directWriteMaxTasks;
        if (!retryFailed && !store.hasSweepRow()) {
            // The sweeps row is staged with the last wave this run trains and renamed into place after
            // that wave's commit: one Spark job fewer than writing it afterwards.
            for (Wave wave : plan.waves()) {
                if (!committed.containsKey(wave.index())) {
                    run.sweepRowWith = wave.index();
                }
            }
        }
        Set<String> inject = TrainPack.injectedFromSystemProperty();
        try {
            for (Wave wave : plan.waves()) {
                if (!committed.containsKey(wave.index())) {
                    run.wave(wave, 1, 0, inject);
                }
            }
            if (retryFailed) {
                Map<String, Integer> failed = failedKeys(spark, out, sweepId);
                if (!failed.isEmpty()) {
                    int next = Math.max(plan.waves().size(), store.committed().lastKey() + 1);
                    List<Pack> packs = new ArrayList<>();
                    for (Pack p : plan.packs()) {
                        List<GridPoint> pts = p.points().stream()
                                .filter(g -> failed.containsKey(g.pointId() + "/" + g.seedIndex())).toList();
                        if (!pts.isEmpty()) {
                            packs.add(new Pack(p.index(), pts));
                        }
                    }
                    int attempt = failed.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
                    run.done -= failed.size();
                    run.failed -= failed.size();
                    run.wave(new Wave(next, packs), attempt, failed.size(), inject);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while training " + sweepId, e);
        } finally {
            jsc.clearJobGroup();
            run.releaseWriters();
        }
        if (run.sweepRowStaged) {
            store.commitSweepRow();
            store.removeStaging();
            return new Outcome(sweepId, (int) run.trained, false, run.diverged, run.failed, resumedFrom, run.waves);
        }
        store.removeStaging();
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
            return new Outcome(sweepId, (int) run.trained, false, run.diverged, failedNow, resumedFrom, run.waves);
        } finally {
            jsc.clearJobGroup();
        }
    }

    /** One run's state across its waves (driver only). */
    private static final class Run {
        final SparkSession spark;
        final JavaSparkContext jsc;
        final SweepPlan plan;
        final WaveStore store;
        final ProgressSink progress;
        final long startNanos;
        final int totalWaves;
        long done;
        long failed;
        long trained;
        long diverged;
        int waves;
        Instant started;
        /** Waves committed before this run started. */
        int wavesBefore;
        /** The wave whose staging writes also stage the sweeps row; -1 when the row is written afterwards. */
        int sweepRowWith = -1;
        boolean sweepRowStaged;
        private DirectWriters writers;
        /** Waves of at most this many tasks are written by their training tasks. */
        int directWriteMaxTasks;

        Run(SparkSession spark, JavaSparkContext jsc, SweepPlan plan, WaveStore store, ProgressSink progress,
                long startNanos) {
            this.spark = spark;
            this.jsc = jsc;
            this.plan = plan;
            this.store = store;
            this.progress = progress;
            this.startNanos = startNanos;
            this.totalWaves = plan.waves().size();
        }

        void wave(Wave wave, int attempt, long retried, Set<String> inject) throws IOException, InterruptedException {
            String sweepId = plan.spec().sweepId();
            long t0 = System.nanoTime();
            List<Pack> packs = TaskOrder.longestFirst(wave.packs());
            int[] sizes = packs.stream().mapToInt(Pack::size).toArray();
            String group = "tms-" + sweepId + "-wave-" + wave.index();
            int shownWaves = Math.max(totalWaves, wave.index() + 1);
            TrainingProgress listener = new TrainingProgress(group, sizes, progress, wave.index() + 1, shownWaves,
                    done, trained, plan.modelCount(), failed, startNanos);
            spark.sparkContext().addSparkListener(listener);
            TrainPack trainer = new TrainPack(sweepId, plan.spec().specHash(), Provenance.codeVersion(), attempt, inject,
                    plan.spec().curveEvery());
            boolean direct = packs.size() <= directWriteMaxTasks;
            JavaRDD<PointResult> results = null;
            List<TrainAndWrite.TaskFiles> taskFiles = List.of();
            Map<String, Long> counts = new TreeMap<>();
            try {
                jsc.setJobGroup(group, String.format("%s wave %d/%d%s: train %d models in %d tasks", sweepId,
                        wave.index() + 1, shownWaves, retried > 0 ? " (retry of failed models)" : "",
                        wave.modelCount(), packs.size()), false);
                if (direct) {
                    // The tasks write their rows themselves: one Spark job for the wave.
                    store.fileSystemReset(wave.index());
                    taskFiles = jsc.parallelize(packs, packs.size())
                            .map(new TrainAndWrite(trainer, writers().tables(), store.attempts(wave.index()).toString()))
                            .collect();
                    for (TrainAndWrite.TaskFiles t : taskFiles) {
                        for (String status : t.statuses()) {
                            counts.merge(status, 1L, Long::sum);
                        }
                    }
                } else {
                    results = jsc.parallelize(packs, packs.size()).flatMap(trainer)
                            .persist(StorageLevel.MEMORY_AND_DISK());
                    // Collected, not countByValue: one stage with no shuffle (a status per model is small).
                    for (String status : results.map(PointResult::status).collect()) {
                        counts.merge(status, 1L, Long::sum);
                    }
                }
                listener.awaitAllCounted(10_000);
            } finally {
                spark.sparkContext().removeSparkListener(listener);
            }
            try {
                long failedHere = counts.getOrDefault(PointResult.FAILED, 0L);
                long rows = wave.modelCount() - failedHere;
                Row sweep = null; // staged with this wave when it is the last one this run trains
                if (wave.index() == sweepRowWith) {
                    sweep = sweepRow(spark, plan, started, Instant.now(), failed + failedHere, wavesBefore + waves + 1);
                    store.clearStagedSweepRow();
                }
                if (direct) {
                    store.adopt(wave.index(), taskFiles);
                    if (sweep != null) {
                        writers().sweeps().write(List.of(sweep), store.stagedSweepRow(), "part-00000", 0, 0);
                    }
                } else {
                    stageWithSpark(wave, packs, results, failedHere, rows, sweep, group, shownWaves);
                }
                long divergedHere = counts.getOrDefault("diverged", 0L);
                store.commit(new WaveStore.WaveRecord(wave.index(), rows, failedHere, retried, divergedHere,
                        (System.nanoTime() - t0) / 1e9, Instant.now().toString()));
                sweepRowStaged = wave.index() == sweepRowWith;
                trained += wave.modelCount();
                done += wave.modelCount();
                failed += failedHere;
                diverged += divergedHere;
                waves++;
                LOG.info("sweep {}: committed wave {} ({} models, {} failed, {} diverged)", sweepId, wave.index(),
                        rows, failedHere, divergedHere);
                progress.update(new ProgressSink.Progress(wave.index() + 1, shownWaves, done, plan.modelCount(),
                        trained, packs.size(), packs.size(), failed, (System.nanoTime() - startNanos) / 1_000_000));
            } finally {
                if (results != null) {
                    results.unpersist(false);
                }
            }
        }

        /**
         * The Spark SQL staging writes of a wave trained into {@code results} (waves with many tasks), and of
         * the sweeps row when {@code sweep} is not null.
         */
        private void stageWithSpark(Wave wave, List<Pack> packs, JavaRDD<PointResult> results, long failedHere,
                long rows, Row sweep, String group, int shownWaves) throws IOException, InterruptedException {
            String sweepId = plan.spec().sweepId();
            long featureRows = 0;
            for (Pack p : packs) {
                featureRows += p.points().stream().mapToLong(GridPoint::nFeatures).sum();
            }
            store.fileSystemReset(wave.index());
            List<StagedWrite> writes = new ArrayList<>();
            int modelFiles = files(rows, MODEL_ROWS_PER_FILE);
            writes.add(() -> stage(spark.createDataFrame(results.filter(r -> !r.failed()).map(PointResult::model),
                    Tables.MODELS_SCHEMA), modelFiles, store.staged(wave.index(), Tables.MODELS)));
            int featureFiles = files(featureRows, FEATURE_ROWS_PER_FILE);
            writes.add(() -> stage(spark.createDataFrame(results.filter(r -> !r.failed())
                    .flatMap(r -> r.features().iterator()), Tables.FEATURES_SCHEMA), featureFiles,
                    store.staged(wave.index(), Tables.FEATURES)));
            if (plan.spec().recordsCurves()) {
                long curveRows = 0;
                for (Pack p : packs) {
                    for (GridPoint g : p.points()) {
                        curveRows += (long) g.nFeatures() * curvePoints(g.train().steps(), plan.spec().curveEvery());
                    }
                }
                int curveFiles = files(curveRows, CURVE_ROWS_PER_FILE);
                writes.add(() -> stage(spark.createDataFrame(results.filter(r -> !r.failed())
                        .flatMap(r -> r.curves().iterator()), Tables.CURVES_SCHEMA), curveFiles,
                        store.staged(wave.index(), Tables.CURVES)));
            }
            if (failedHere > 0) {
                writes.add(() -> stage(spark.createDataFrame(results.filter(PointResult::failed)
                        .map(PointResult::failure), Tables.FAILURES_SCHEMA), 1,
                        store.staged(wave.index(), Tables.FAILURES)));
            }
            if (sweep != null) {
                writes.add(() -> stage(spark.createDataFrame(List.of(sweep), Tables.SWEEPS_SCHEMA), 1,
                        store.stagedSweepRow()));
            }
            runTogether(jsc, group + "-write", String.format("%s wave %d/%d: write models, features, curves, failures",
                    sweepId, wave.index() + 1, shownWaves), writes);
        }

        /** Drops the writers' broadcast configurations (after the last wave). */
        void releaseWriters() {
            if (writers != null) {
                TrainAndWrite.Writers t = writers.tables();
                DirectParquet.release(t.models(), t.features(), t.curves(), t.failures(), writers.sweeps());
                writers = null;
            }
        }

        /** The in-task writers of this run's tables, set up once (driver only). */
        private DirectWriters writers() throws IOException {
            if (writers == null) {
                DirectParquet[] w = DirectParquet.prepare(spark, Tables.MODELS_SCHEMA, Tables.FEATURES_SCHEMA,
                        plan.spec().recordsCurves() ? Tables.CURVES_SCHEMA : null, Tables.FAILURES_SCHEMA,
                        Tables.SWEEPS_SCHEMA);
                writers = new DirectWriters(new TrainAndWrite.Writers(w[0], w[1], w[2], w[3]), w[4]);
            }
            return writers;
        }
    }

    /** The writers of a run: the wave tables' (shipped to the tasks) and the sweeps row's (driver). */
    private record DirectWriters(TrainAndWrite.Writers tables, DirectParquet sweeps) {
    }

    /**
     * Waves of at most this many tasks are written by their training tasks ({@link TrainAndWrite}: one
     * Spark job per wave, one Parquet file per task and table); bigger waves are written by Spark SQL
     * jobs into a few large files ({@link #FEATURE_ROWS_PER_FILE} ...). Spark property
     * {@value #DIRECT_WRITE_PROPERTY}; 0 writes every wave with Spark SQL.
     */
    static final int DIRECT_WRITE_MAX_TASKS = 32;
    static final String DIRECT_WRITE_PROPERTY = "spark.tms.directWrite.maxTasks";

    static int directWriteMaxTasks(SparkSession spark) {
        String v = spark.conf().get(DIRECT_WRITE_PROPERTY, String.valueOf(DIRECT_WRITE_MAX_TASKS)).trim();
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(DIRECT_WRITE_PROPERTY + ": expected a number of tasks >= 0, got '" + v + "'");
    }

    /** One staging write of a wave (a Spark job). */
    @FunctionalInterface
    private interface StagedWrite {
        void run() throws IOException;
    }

    /**
     * Runs a wave's staging writes as concurrent Spark jobs (one driver thread each, all in job group
     * {@code group}), so their per-job planning and commit latencies overlap; they read the same
     * persisted results and write disjoint directories. Waits for every one, then rethrows the first
     * failure: no write is left running when this returns or throws.
     */
    private static void runTogether(JavaSparkContext jsc, String group, String description, List<StagedWrite> writes)
            throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(writes.size(), r -> {
            Thread t = new Thread(r, "tms-stage-write");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (StagedWrite w : writes) {
                futures.add(pool.submit(() -> {
                    jsc.setJobGroup(group, description, false);
                    try {
                        w.run();
                    } finally {
                        jsc.clearJobGroup();
                    }
                    return null;
                }));
            }
            Throwable first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause();
                    } else {
                        first.addSuppressed(e.getCause());
                    }
                }
            }
            if (first instanceof IOException io) {
                throw io;
            }
            if (first instanceof RuntimeException re) {
                throw re;
            }
            if (first instanceof Error err) {
                throw err;
            }
            if (first != null) {
                throw new IOException(first);
            }
        } catch (InterruptedException e) {
            jsc.cancelJobGroup(group);
            throw e;
        } finally {
            pool.shutdownNow();
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

    private static void stage(Dataset<Row> df, int files, Path dir) {
        df.drop(Tables.PARTITION).coalesce(files).write().mode(SaveMode.ErrorIfExists).parquet(dir.toString());
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

    private static int files(long rows, long perFile) {
        return (int) Math.max(1, (rows + perFile - 1) / perFile);
    }

    /** The resolved spec beside the tables: {@code OUT/specs/<sweep_id>.json}. */
    private static void writeSpec(SparkSession spark, String out, String sweepId, String json) throws IOException {
        Path file = new Path(new Path(out, "specs"), sweepId + ".json");
        FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (FSDataOutputStream os = fs.create(file, true)) {
            os.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Row sweepRow(SparkSession spark, SweepPlan plan, Instant started, Instant finished, long failed,
            int waves) {
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
                plan.pointCount(), (long) plan.modelCount(), plan.packs().size(),
                Timestamp.from(started), Timestamp.from(finished), Provenance.codeVersion(), Provenance.gitCommit(),
                System.getProperty("java.version"), spark.version(), Provenance.nd4jVersion(), Provenance.blas(),
                master, omp, String.join(",", hosts), versions, failed == 0 ? "complete" : "complete_with_failures",
                failed, waves);
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
