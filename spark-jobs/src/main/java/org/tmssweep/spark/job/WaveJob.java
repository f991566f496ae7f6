package org.tmssweep.spark.job;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmssweep.core.train.TrainStatus;
import org.tmssweep.spark.grid.GridPoint;
import org.tmssweep.spark.grid.Pack;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.grid.TaskOrder;
import org.tmssweep.spark.grid.Wave;
import org.tmssweep.spark.tables.Tables;

/**
 * One wave's life, on the driver, from start to commit: trains its packs in one Spark job (one task
 * per pack, longest first), stages its {@code models}, {@code features}, {@code curves},
 * {@code datapoints} and {@code failures} rows (and the {@code sweeps} row when it is the last wave a run trains), then
 * commits them with {@link WaveStore#commit}. A wave is staged in one of two ways, with the same rows
 * and schemas either way ({@code DirectWriteSparkTest}):
 * <ul>
 *   <li>a wave of at most {@value #DIRECT_WRITE_MAX_TASKS} tasks ({@value #DIRECT_WRITE_PROPERTY}) is
 *       written by its training tasks ({@link TrainAndWrite}, {@link DirectParquet}): one Parquet file per
 *       task and table in a directory of the task attempt, whose files the driver adopts
 *       ({@link WaveStore#adopt}) only for the attempts whose results it received, so failed, retried and
 *       speculative attempts leave nothing. One Spark job for the wave.</li>
 *   <li>a bigger wave keeps its results in Spark's cache and writes each table with a Spark SQL job (run
 *       concurrently), into a few large files ({@link #FEATURE_ROWS_PER_FILE} ...); Spark's own commit
 *       protocol drops what failed attempts wrote.</li>
 * </ul>
 * Why both: the in-task writes save the Spark SQL write jobs' fixed cost, about 0.1 s a wave, half of
 * what Spark adds to a small sweep ({@code tms bench --cases spark} with and without
 * {@code -Dspark.tms.directWrite.maxTasks=0}: docs/performance.md, "Both write paths earn their keep");
 * every wave of the paper presets has at most 21 tasks, so they all take the in-task way. The Spark SQL
 * writes stay for big waves: a few large files per table instead of one per task, and only Spark's
 * public API. {@code 0} writes every wave with Spark SQL.
 */
final class WaveJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WaveJob.class);
    /** Most rows per Parquet file of the features table (Spark SQL writes). */
    static final long FEATURE_ROWS_PER_FILE = 2_000_000L;
    /** Most rows per Parquet file of the models table (Spark SQL writes). */
    static final long MODEL_ROWS_PER_FILE = 1_000_000L;
    /** Most rows per Parquet file of the curves table (Spark SQL writes). */
    static final long CURVE_ROWS_PER_FILE = 2_000_000L;
    /** Most rows per Parquet file of the datapoints table (Spark SQL writes). */
    static final long DATAPOINT_ROWS_PER_FILE = 2_000_000L;
    /** Waves of at most this many tasks are written by their training tasks (see the class comment). */
    static final int DIRECT_WRITE_MAX_TASKS = 32;
    /** Spark property overriding {@link #DIRECT_WRITE_MAX_TASKS}; 0 writes every wave with Spark SQL. */
    static final String DIRECT_WRITE_PROPERTY = "spark.tms.directWrite.maxTasks";

    /**
     * The outcomes of a wave's (or a task's) models.
     *
     * @param diverged trained models whose status is {@link TrainStatus#DIVERGED}
     * @param failed   models whose training threw (a failures row, no models row)
     */
    record Counts(long diverged, long failed) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        static final Counts NONE = new Counts(0, 0);

        static Counts of(PointResult r) {
            return r.failed() ? new Counts(0, 1) : new Counts(r.status() == TrainStatus.DIVERGED ? 1 : 0, 0);
        }

        Counts plus(Counts o) {
            return new Counts(diverged + o.diverged, failed + o.failed);
        }
    }

    /** Builds the sweeps row of a sweep with {@code failed} failed models and {@code waves} committed waves. */
    @FunctionalInterface
    interface SweepRow {
        Row of(long failed, int waves);
    }

    private final SparkSession spark;
    private final JavaSparkContext jsc;
    private final SweepPlan plan;
    private final WaveStore store;
    private final ProgressSink progress;
    private final Set<String> inject;
    private final int directMaxTasks;
    private final long startNanos;
    /** The in-task writers, set up by the first wave that writes in its tasks. */
    private DirectWriters writers;

    /**
     * @param inject         point ids whose training throws ({@link TrainPack#INJECT_PROPERTY}; tests only)
     * @param directMaxTasks waves of at most this many tasks are written by their tasks
     * @param startNanos     when the run started training (for the progress rate)
     */
    WaveJob(SparkSession spark, SweepPlan plan, WaveStore store, ProgressSink progress, Set<String> inject,
            int directMaxTasks, long startNanos) {
        this.spark = spark;
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.plan = plan;
        this.store = store;
        this.progress = progress;
        this.inject = Set.copyOf(inject);
        this.directMaxTasks = directMaxTasks;
        this.startNanos = startNanos;
    }

    /** The in-task write threshold from {@link #DIRECT_WRITE_PROPERTY}; a bad setting throws. */
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

    /**
     * Trains, stages and commits {@code wave}; returns the run's totals after it.
     *
     * @param attempt  recorded in failures rows (1, or one more than the last attempt of the models a retry
     *                 wave retrains)
     * @param retried  failed models this wave retrains (0 for a plan wave)
     * @param before   the run's totals before this wave
     * @param sweepRow the sweeps row to stage and commit with this wave, or null
     */
    RunTally run(Wave wave, int attempt, long retried, RunTally before, SweepRow sweepRow)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        String sweepId = plan.spec().sweepId();
        List<Pack> packs = TaskOrder.longestFirst(wave.packs());
        String group = "tms-" + sweepId + "-wave-" + wave.index();
        int shownWaves = Math.max(plan.waves().size(), wave.index() + 1);
        TrainPack trainer = new TrainPack(sweepId, plan.spec().specHash(), Provenance.codeVersion(), attempt, inject,
                plan.spec().curveEvery());
        boolean direct = packs.size() <= directMaxTasks;
        store.resetStaging(wave.index(), sweepRow != null);
        TrainingProgress listener = new TrainingProgress(group, packs.stream().mapToInt(Pack::size).toArray(),
                progress, wave.index() + 1, shownWaves, before.done(), before.trained(), plan.modelCount(),
                before.failed(), startNanos);
        JavaRDD<PointResult> results = null;
        try {
            List<TrainAndWrite.TaskFiles> taskFiles = List.of();
            Counts counts;
            spark.sparkContext().addSparkListener(listener);
            try {
                jsc.setJobGroup(group, String.format("%s wave %d/%d%s: train %d models in %d tasks", sweepId,
                        wave.index() + 1, shownWaves, retried > 0 ? " (retry of failed models)" : "",
                        wave.modelCount(), packs.size()), false);
                if (direct) {
                    taskFiles = jsc.parallelize(packs, packs.size())
                            .map(new TrainAndWrite(trainer, writers().tables(), store.attempts(wave.index()).toString()))
                            .collect();
                    counts = taskFiles.stream().map(TrainAndWrite.TaskFiles::counts).reduce(Counts.NONE, Counts::plus);
                } else {
                    results = jsc.parallelize(packs, packs.size()).flatMap(trainer)
                            .persist(StorageLevel.MEMORY_AND_DISK());
                    // fold, not countByValue: one stage with no shuffle
                    counts = results.map(Counts::of).fold(Counts.NONE, Counts::plus);
                }
                listener.awaitAllCounted(10_000);
            } finally {
                spark.sparkContext().removeSparkListener(listener);
            }
            long rows = wave.modelCount() - counts.failed();
            Row sweep = sweepRow == null ? null : sweepRow.of(before.failed() + counts.failed(),
                    before.wavesCommitted() + 1);
            if (direct) {
                store.adopt(wave.index(), taskFiles);
                if (sweep != null) {
                    writers().sweeps().write(List.of(sweep), store.stagedSweepRow(), "part-00000", 0, 0);
                }
            } else {
                stageWithSpark(wave, packs, results, rows, counts.failed(), sweep, group, shownWaves);
            }
            WaveStore.WaveRecord record = new WaveStore.WaveRecord(wave.index(), rows, counts.failed(), retried,
                    counts.diverged(), (System.nanoTime() - t0) / 1e9, Instant.now().toString());
            store.commit(record, sweep != null);
            RunTally after = before.plus(record);
            LOG.info("sweep {}: committed wave {} ({} models, {} failed, {} diverged)", sweepId, wave.index(), rows,
                    counts.failed(), counts.diverged());
            progress.update(new ProgressSink.Progress(wave.index() + 1, shownWaves, after.done(), plan.modelCount(),
                    after.trained(), packs.size(), packs.size(), after.failed(),
                    (System.nanoTime() - startNanos) / 1_000_000));
            return after;
        } finally {
            if (results != null) {
                results.unpersist(false);
            }
        }
    }

    /** Drops the in-task writers' broadcast configurations (after the last wave). */
    @Override
    public void close() {
        if (writers != null) {
            TrainAndWrite.Writers t = writers.tables();
            DirectParquet.release(t.models(), t.features(), t.curves(), t.failures(), t.datapoints(),
                    writers.sweeps());
            writers = null;
        }
    }

    /** The in-task writers of this run's tables, set up once. */
    private DirectWriters writers() throws IOException {
        if (writers == null) {
            DirectParquet[] w = DirectParquet.prepare(spark, Tables.MODELS_SCHEMA, Tables.FEATURES_SCHEMA,
                    plan.spec().recordsCurves() ? Tables.CURVES_SCHEMA : null, Tables.FAILURES_SCHEMA,
                    plan.trainsOnDatasets() ? Tables.DATAPOINTS_SCHEMA : null, Tables.SWEEPS_SCHEMA);
            writers = new DirectWriters(new TrainAndWrite.Writers(w[0], w[1], w[2], w[3], w[4]), w[5]);
        }
        return writers;
    }

    /** The writers of a run: the wave tables' (shipped to the tasks) and the sweeps row's (driver). */
    private record DirectWriters(TrainAndWrite.Writers tables, DirectParquet sweeps) {
    }

    /**
     * The Spark SQL staging writes of a wave trained into {@code results} (waves with many tasks), and of
     * the sweeps row when {@code sweep} is not null.
     */
    private void stageWithSpark(Wave wave, List<Pack> packs, JavaRDD<PointResult> results, long rows, long failed,
            Row sweep, String group, int shownWaves) throws IOException, InterruptedException {
        long featureRows = 0;
        for (Pack p : packs) {
            featureRows += p.points().stream().mapToLong(GridPoint::nFeatures).sum();
        }
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
                    curveRows += (long) g.nFeatures()
                            * SweepJob.curvePoints(g.train().steps(), plan.spec().curveEvery());
                }
            }
            int curveFiles = files(curveRows, CURVE_ROWS_PER_FILE);
            writes.add(() -> stage(spark.createDataFrame(results.filter(r -> !r.failed())
                    .flatMap(r -> r.curves().iterator()), Tables.CURVES_SCHEMA), curveFiles,
                    store.staged(wave.index(), Tables.CURVES)));
        }
        if (plan.trainsOnDatasets()) {
            long pointRows = 0;
            for (Pack p : packs) {
                for (GridPoint g : p.points()) {
                    pointRows += g.train().dataset().size();
                }
            }
            int pointFiles = files(pointRows, DATAPOINT_ROWS_PER_FILE);
            writes.add(() -> stage(spark.createDataFrame(results.filter(r -> !r.failed())
                    .flatMap(r -> r.datapoints().iterator()), Tables.DATAPOINTS_SCHEMA), pointFiles,
                    store.staged(wave.index(), Tables.DATAPOINTS)));
        }
        if (failed > 0) {
            writes.add(() -> stage(spark.createDataFrame(results.filter(PointResult::failed)
                    .map(PointResult::failure), Tables.FAILURES_SCHEMA), 1,
                    store.staged(wave.index(), Tables.FAILURES)));
        }
        if (sweep != null) {
            writes.add(() -> stage(spark.createDataFrame(List.of(sweep), Tables.SWEEPS_SCHEMA), 1,
                    store.stagedSweepRow()));
        }
        runTogether(group + "-write", String.format("%s wave %d/%d: write models, features, curves, datapoints, failures",
                plan.spec().sweepId(), wave.index() + 1, shownWaves), writes);
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
    private void runTogether(String group, String description, List<StagedWrite> writes)
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

    private static void stage(Dataset<Row> df, int files, Path dir) {
        df.drop(Tables.PARTITION).coalesce(files).write().mode(SaveMode.ErrorIfExists).parquet(dir.toString());
    }

    private static int files(long rows, long perFile) {
        return (int) Math.max(1, (rows + perFile - 1) / perFile);
    }
}
