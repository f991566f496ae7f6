package org.tmssweep.spark.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.tmssweep.spark.fs.NioLocalFileSystem;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.job.ProgressSink;
import org.tmssweep.spark.job.SweepJob;

/**
 * End to end through Spark: runs a sweep plan with {@link SweepJob#run} in a fresh local session and
 * compares the wall time of the run with the training time the tasks report ({@code train_ms}).
 */
public final class SweepBench {
    /** What one run took. */
    public record Outcome(String master, int cores, int models, int tasks, double wallMs, double trainMsSum,
            double jitMs) {
        /** Share of the available core time (cores x wall) not spent training models. */
        public double overheadShare() {
            return 1 - trainMsSum / (cores * wallMs);
        }
    }

    private SweepBench() {
    }

    /**
     * Waits (at most 5 s) until the JIT has compiled nothing for 300 ms: compilations queued by
     * earlier work in this JVM (the previous run's read-back query, this session's start-up) would
     * otherwise run on the cores the timed sweep uses.
     */
    static void awaitQuietJit() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        long last = jit.getTotalCompilationTime();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - quietSince < 300_000_000L) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = jit.getTotalCompilationTime();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
    }

    /** Milliseconds the JIT's compiler threads have spent compiling in this JVM so far (0 where not reported). */
    static long jitMs() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** Runs {@code plan} into {@code out} under master local[cores]; the session is stopped afterwards. */
    public static Outcome run(SweepPlan plan, String out, int cores) throws IOException {
        String master = "local[" + cores + "]";
        SparkSession spark = SparkSession.builder().appName("tms bench").master(master)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.executorEnv.OMP_NUM_THREADS", "1")
                .config(NioLocalFileSystem.CONF, NioLocalFileSystem.class.getName()) // as tms run in local mode
                .getOrCreate();
        try {
            awaitQuietJit();
            long jit0 = jitMs();
            long t0 = System.nanoTime();
            SweepJob.run(spark, plan, out, ProgressSink.NONE);
            double wallMs = (System.nanoTime() - t0) / 1e6;
            long jitMs = jitMs() - jit0;
            Row r = spark.read().parquet(out + "/models")
                    .where(col("sweep_id").equalTo(plan.spec().sweepId()))
                    .agg(sum(col("train_ms"))).first();
            return new Outcome(master, cores, plan.modelCount(), plan.packs().size(), wallMs, r.getDouble(0), jitMs);
        } finally {
            spark.stop();
        }
    }
}
