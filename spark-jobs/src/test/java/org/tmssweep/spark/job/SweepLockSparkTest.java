package org.tmssweep.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.spec.SpecParser;

/**
 * Two runs of one sweep into one {@code --out} at once, on one SparkSession: the second stops at once with
 * the lock's message while the first has a wave in flight, and the first's tables equal those of a run
 * nobody disturbed.
 */
class SweepLockSparkTest {
    static final String SPEC = WavesSparkTest.SPEC.replace("lr: [0.001, 10000.0]", "lr: 0.001");
    /** "At once": the second run touches no Spark; this bounds its refusal generously on a loaded machine. */
    static final long REFUSED_WITHIN_MS = 10_000;
    static final long WAIT_S = 300;
    /** Columns that differ between two runs of one sweep: timings and the times a run started and finished. */
    static final List<String> VARYING = List.of("train_ms", "code_version", "started_at", "finished_at");

    static SparkSession spark;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkTestSupport.start("local[2]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void aSecondRunOfTheSweepFailsAtOnceAndTheFirstIsUndisturbed() throws Exception {
        SweepPlan plan = SweepPlan.of(SpecParser.parse(SPEC));
        String id = plan.spec().sweepId();
        assertTrue(plan.waves().size() > 1, "the second run comes while the first has waves left");
        Path quiet = tmp.resolve("quiet");
        SweepJob.run(spark, plan, quiet.toString(), ProgressSink.NONE);

        Path shared = tmp.resolve("shared");
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        // the first run's first progress report (a task of wave 0 finished, the wave not committed) waits
        // until the second run has tried
        ProgressSink holdFirstWave = p -> {
            if (inFlight.getCount() > 0) {
                inFlight.countDown();
                try {
                    secondDone.await(WAIT_S, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<SweepJob.Outcome> first = pool.submit(() -> SweepJob.run(spark, plan, shared.toString(),
                    holdFirstWave));
            assertTrue(inFlight.await(WAIT_S, TimeUnit.SECONDS), "the first run reports progress");
            assertTrue(Files.isDirectory(shared.resolve("_staging/sweep_id=" + id + "/wave=0")),
                    "wave 0 is in flight");
            long t0 = System.nanoTime();
            SweepLock.HeldException refused;
            try {
                refused = assertThrows(SweepLock.HeldException.class,
                        () -> SweepJob.run(spark, plan, shared.toString(), ProgressSink.NONE));
            } finally {
                secondDone.countDown();
            }
            long refusedMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(refusedMs < REFUSED_WITHIN_MS, "refused after " + refusedMs + " ms");
            assertTrue(refused.getMessage().startsWith("sweep " + id + " is being written by pid "
                    + ProcessHandle.current().pid() + " on host "), refused.getMessage());
            assertTrue(refused.getMessage().endsWith(" (lock: " + SweepLock.path(shared.toString(), id)
                    + "); wait for it, or if that run is dead remove the lock"), refused.getMessage());
            assertFalse(first.isDone(), "the first run is still writing");

            SweepJob.Outcome o = first.get(WAIT_S, TimeUnit.SECONDS);
            assertEquals(plan.modelCount(), o.modelsTrained());
            assertEquals(plan.waves().size(), o.wavesRun());
        } finally {
            pool.shutdownNow();
        }
        for (String t : List.of("models", "features", "sweeps")) {
            assertEquals(SparkTestSupport.rows(spark, quiet.resolve(t).toString(), VARYING),
                    SparkTestSupport.rows(spark, shared.resolve(t).toString(), VARYING), t);
        }
        assertFalse(Files.exists(shared.resolve("_progress/sweep_id=" + id + "/" + SweepLock.FILE)),
                "the first run released its lock");
        assertTrue(SweepJob.run(spark, plan, shared.toString(), ProgressSink.NONE).alreadyComplete(),
                "a later run takes the lock and finds the sweep complete");
    }
}
