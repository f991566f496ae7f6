package org.tmssweep.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.scheduler.SparkListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmssweep.spark.fs.FullDiskFileSystem;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.job.SweepLock;
import org.tmssweep.spark.spec.SpecParser;

/**
 * {@code tms run} when it cannot write: a sweep another run holds is refused before Spark starts, as one
 * line (exit 2); a full disk in a training task is one line naming the file (exit 1), and the lock is released.
 */
class RunFailuresSparkTest {
    static final String SPEC = """
            name: runfail
            n_features: 4
            n_hidden: 2
            sparsity: [0.0, 0.9]
            seeds: 2
            train: {steps: 10}
            """;

    @TempDir
    Path tmp;

    /** Counts the SparkContexts started with it in {@code spark.extraListeners}. */
    public static final class Starts extends SparkListener {
        static final AtomicInteger COUNT = new AtomicInteger();

        public Starts() {
            COUNT.incrementAndGet();
        }
    }

    static final String COUNT_STARTS = "spark.extraListeners=" + Starts.class.getName();

    @Test
    void aSweepAnotherRunIsWritingIsRefusedAsOneLineBeforeSparkStarts() throws Exception {
        Path spec = Files.writeString(tmp.resolve("s.yaml"), SPEC);
        Path out = tmp.resolve("out");
        String id = SweepPlan.of(SpecParser.parse(SPEC)).spec().sweepId();
        int starts = Starts.COUNT.get();
        try (SweepLock other = SweepLock.acquire(new Configuration(), out.toString(), id)) {
            TmsCliTest.Result r = TmsCliTest.run("run", spec.toString(), "--out", out.toString(), "--master",
                    "local[1]", "--conf", COUNT_STARTS);
            assertEquals(Tms.EXIT_USAGE, r.code(), r.err());
            SweepLock.Holder h = other.holder();
            assertEquals(List.of("tms: error: sweep " + id + " is being written by pid " + h.pid() + " on host "
                    + h.host() + " since " + Instant.parse(h.started()).truncatedTo(ChronoUnit.SECONDS) + " (lock: "
                    + other.file() + "); wait for it, or if that run is dead remove the lock"), r.err().lines().toList());
            assertEquals(starts, Starts.COUNT.get(), "no Spark started");
            try (var files = Files.walk(out)) {
                assertEquals(List.of("_progress/sweep_id=" + id + "/." + SweepLock.FILE + ".crc",
                        "_progress/sweep_id=" + id + "/" + SweepLock.FILE), files.filter(Files::isRegularFile)
                        .map(p -> out.relativize(p).toString()).sorted().toList(), "nothing written but the lock");
            }
        }
    }

    @Test
    void aFullDiskInATrainingTaskIsOneLineNamingTheFile() throws Exception {
        Path spec = Files.writeString(tmp.resolve("s.yaml"), SPEC);
        Path out = tmp.resolve("out");
        String id = SweepPlan.of(SpecParser.parse(SPEC)).spec().sweepId();
        int starts = Starts.COUNT.get();
        TmsCliTest.Result r = TmsCliTest.run("run", spec.toString(), "--out", out.toString(), "--master", "local[1]",
                "--no-report", "--no-analyze", "--conf", COUNT_STARTS,
                "--conf", "spark.hadoop.fs.file.impl=" + FullDiskFileSystem.class.getName(),
                "--conf", "spark.hadoop.fs.file.impl.disable.cache=true",
                "--conf", "spark.hadoop." + FullDiskFileSystem.PATH_KEY + "=/models/");
        assertEquals(Tms.EXIT_FAILED, r.code(), r.err());
        assertEquals(starts + 1, Starts.COUNT.get(), "Spark started once");
        List<String> lines = r.err().lines().filter(l -> !l.startsWith("tms: sweep ")).toList();
        assertEquals(1, lines.size(), r.err());
        String prefix = "tms: failed: writing " + out + "/_staging/sweep_id=" + id + "/wave=0/_attempts/task-";
        assertTrue(lines.get(0).startsWith(prefix), r.err());
        assertTrue(lines.get(0).matches(".*/models/\\.?part-0000\\d\\.snappy\\.parquet(\\.crc)?: "
                + FullDiskFileSystem.REASON), r.err());
        assertFalse(Files.exists(out.resolve("_progress/sweep_id=" + id + "/" + SweepLock.FILE)),
                "the failed run released its lock");
    }
}
