package org.tmssweep.spark.job;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmssweep.spark.grid.SaePlan;
import org.tmssweep.spark.grid.SaeUnit;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.spec.SaeSourceKind;
import org.tmssweep.spark.tables.Tables;

/**
 * Runs an SAE sweep ({@link SweepPlan#sae()}): the waves of its plan that are not committed yet, one Spark job
 * each with one task per {@link SaeUnit} (largest estimated work first), every task writing its rows itself
 * ({@link TrainSaeUnit}); each wave is committed by {@link WaveStore} exactly as a wave of toy models (markers,
 * staging, resume from the first uncommitted wave), and the {@code sweeps} row is committed with the last wave.
 * Differences from a sweep of toy models ({@link SweepJob}): every wave is written by its tasks (units hold many
 * models, so waves have few tasks), and failed models are not retried ({@code --retry-failed}).
 */
final class SaeJob {
    private static final Logger LOG = LoggerFactory.getLogger(SaeJob.class);

    private SaeJob() {
    }

    static SweepJob.Outcome run(SparkSession spark, SweepPlan plan, String out, ProgressSink progress)
            throws IOException {
        String sweepId = plan.spec().sweepId();
        SaePlan sae = plan.sae();
        if (SweepJob.isComplete(spark, out, sweepId)) {
            LOG.info("sweep {} is already complete in {}: nothing to train", sweepId, out);
            return new SweepJob.Outcome(sweepId, 0, true, 0, 0, plan.modelCount(), 0);
        }
        WaveStore store = WaveStore.of(spark.sparkContext().hadoopConfiguration(), out, sweepId);
        TreeMap<Integer, WaveStore.WaveRecord> committed = store.committed();
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        int removed = store.cleanUncommitted(committed.keySet());
        if (removed > 0) {
            LOG.info("sweep {}: removed {} uncommitted wave directories left by an interrupted run", sweepId, removed);
        }
        store.writePlanIfAbsent(new WaveStore.PlanRecord(sweepId, plan.modelCount(), plan.pointCount(),
                plan.waveCount(), plan.taskCount(), started.toString()));
        SweepJob.writeSpec(spark, out, sweepId, plan.spec().canonicalJson());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long doneBefore = 0;
        long failedBefore = 0;
        for (WaveStore.WaveRecord r : committed.values()) {
            doneBefore += r.models() + r.failed();
            failedBefore += r.failed() - r.retried();
        }
        List<SaePlan.SaeWave> toTrain = sae.waves().stream().filter(w -> !committed.containsKey(w.index())).toList();
        boolean toy = plan.spec().saeSource() == SaeSourceKind.TOY;
        DirectParquet[] w = DirectParquet.prepare(spark, toy ? Tables.MODELS_SCHEMA : null,
                toy ? Tables.FEATURES_SCHEMA : null, Tables.FAILURES_SCHEMA, Tables.SAE_MODELS_SCHEMA,
                Tables.SAE_LATENTS_SCHEMA, Tables.SAE_FEATURES_SCHEMA, Tables.SWEEPS_SCHEMA);
        TrainSaeUnit.Writers writers = new TrainSaeUnit.Writers(w[0], w[1], w[2], w[3], w[4], w[5]);
        DirectParquet sweepsWriter = w[6];
        long trained = 0;
        long diverged = 0;
        long failed = failedBefore;
        int wavesCommitted = committed.size();
        int wavesRun = 0;
        try {
            for (SaePlan.SaeWave wave : toTrain) {
                long t0 = System.nanoTime();
                boolean last = wave == toTrain.get(toTrain.size() - 1);
                List<SaeUnit> units = new ArrayList<>(wave.units());
                units.sort(Comparator.comparingDouble((SaeUnit u) -> -u.estimatedMacs())
                        .thenComparingInt(SaeUnit::index));
                String group = "tms-" + sweepId + "-wave-" + wave.index();
                store.resetStaging(wave.index(), last);
                TrainSaeUnit task = new TrainSaeUnit(sweepId, plan.spec().specHash(), Provenance.codeVersion(), 1,
                        writers, store.attempts(wave.index()).toString());
                TrainingProgress listener = new TrainingProgress(group,
                        units.stream().mapToInt(SaeUnit::modelCount).toArray(), progress, wave.index() + 1,
                        plan.waveCount(), doneBefore + trained, trained, plan.modelCount(), failed, startNanos);
                List<TrainAndWrite.TaskFiles> files;
                spark.sparkContext().addSparkListener(listener);
                try {
                    jsc.setJobGroup(group, String.format("%s wave %d/%d: train %d models (SAEs and toy models) in %d"
                            + " tasks", sweepId, wave.index() + 1, plan.waveCount(), wave.modelCount(), units.size()),
                            false);
                    files = jsc.parallelize(units, units.size()).map(task).collect();
                    listener.awaitAllCounted(10_000);
                } finally {
                    spark.sparkContext().removeSparkListener(listener);
                    jsc.clearJobGroup();
                }
                WaveJob.Counts counts = files.stream().map(TrainAndWrite.TaskFiles::counts)
                        .reduce(WaveJob.Counts.NONE, WaveJob.Counts::plus);
                long rows = wave.modelCount() - counts.failed();
                Row sweep = last ? SweepJob.sweepRow(spark, plan, started, Instant.now(), failed + counts.failed(),
                        wavesCommitted + 1) : null;
                store.adopt(wave.index(), files);
                if (sweep != null) {
                    sweepsWriter.write(List.of(sweep), store.stagedSweepRow(), "part-00000", 0, 0);
                }
                WaveStore.WaveRecord record = new WaveStore.WaveRecord(wave.index(), rows, counts.failed(), 0,
                        counts.diverged(), (System.nanoTime() - t0) / 1e9, Instant.now().toString());
                store.commit(record, sweep != null);
                trained += wave.modelCount();
                diverged += counts.diverged();
                failed += counts.failed();
                wavesCommitted++;
                wavesRun++;
                LOG.info("sweep {}: committed wave {} ({} models, {} failed, {} diverged)", sweepId, wave.index(),
                        rows, counts.failed(), counts.diverged());
                progress.update(new ProgressSink.Progress(wave.index() + 1, plan.waveCount(), doneBefore + trained,
                        plan.modelCount(), trained, units.size(), units.size(), failed,
                        (System.nanoTime() - startNanos) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while training " + sweepId, e);
        } finally {
            DirectParquet.release(w);
        }
        store.removeStaging();
        if (toTrain.isEmpty()) { // every wave was committed by a run that stopped before the sweeps row
            Row sweep = SweepJob.sweepRow(spark, plan, started, Instant.now(), failed, wavesCommitted);
            spark.createDataFrame(List.of(sweep), Tables.SWEEPS_SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite)
                    .partitionBy(Tables.PARTITION).parquet(new Path(out, Tables.SWEEPS).toString());
        }
        return new SweepJob.Outcome(sweepId, (int) trained, false, diverged, failed, doneBefore, wavesRun);
    }
}
