package org.tmssweep.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.tmssweep.spark.fs.FullDiskFileSystem;

/** The one line of a failure: an I/O fault is named by what was done and the reason, however deeply wrapped. */
class FailureLineTest {
    static final String ENOSPC = "No space left on device";
    static final String FILE = "/data/out/_staging/sweep_id=s-1/wave=0/_attempts/task-3/models/part-00001.snappy.parquet";

    /** A task's full disk as the driver gets it: Spark's job failure around the named write around Hadoop's FSError. */
    static Throwable taskFullDisk() {
        IOException named = new IOException("writing " + FILE + ": " + ENOSPC,
                FullDiskFileSystem.fsError(new IOException(ENOSPC)));
        return new SparkException("Job aborted due to stage failure: Task 1 in stage 0.0 failed 1 times, most recent"
                + " failure: Lost task 1.0 in stage 0.0 (TID 1) (localhost executor driver): " + named
                + "\n\tat org.tmssweep.spark.fs.NioLocalFileSystem$Named.write(NioLocalFileSystem.java:1)\n", named);
    }

    @Test
    void aFullDiskInATaskIsNamedByTheFile() {
        assertEquals("writing " + FILE + ": " + ENOSPC, FailureLine.ioFault(taskFullDisk()));
    }

    @Test
    void aWrapperWithItsOwnMessageGivesTheContext() {
        assertEquals("cannot write the report to /data/out/report: " + ENOSPC, FailureLine.ioFault(
                new UncheckedIOException("cannot write the report to /data/out/report", new IOException(ENOSPC))));
        assertEquals("cannot write the report to /data/out/report: " + ENOSPC, FailureLine.ioFault(new RuntimeException(
                "cannot write the report to /data/out/report", new UncheckedIOException(new IOException(ENOSPC)))),
                "UncheckedIOException(cause) only restates its cause");
        assertEquals("cannot write the report to /data/out/report: I/O error writing PNG file!: " + ENOSPC,
                FailureLine.ioFault(new UncheckedIOException("cannot write the report to /data/out/report",
                        new javax.imageio.IIOException("I/O error writing PNG file!", new IOException(ENOSPC)))),
                "what tms was doing, what failed, why");
    }

    @Test
    void sparksOwnWrappersAreContextOnlyWhenNothingElseIs() {
        String staging = "file:/data/out/_analysis_staging/fractions/.spark-staging-1";
        SparkException taskWrite = new SparkException("[TASK_WRITE_FAILED] Task failed while writing rows to "
                + staging + ". SQLSTATE: 58030", new IOException("writing /data/out/f.parquet: " + ENOSPC,
                FullDiskFileSystem.fsError(new IOException(ENOSPC))));
        assertEquals("writing /data/out/f.parquet: " + ENOSPC, FailureLine.ioFault(new SparkException(
                "Job aborted due to stage failure: Lost task 0.0: " + taskWrite, taskWrite)));
        SparkException pathless = new SparkException("[TASK_WRITE_FAILED] Task failed while writing rows to "
                + staging + ".", FullDiskFileSystem.fsError(new IOException(ENOSPC)));
        assertEquals("[TASK_WRITE_FAILED] Task failed while writing rows to " + staging + ".: " + ENOSPC,
                FailureLine.ioFault(pathless));
    }

    @Test
    void anUnwrappedFaultIsItsReason() {
        assertEquals(ENOSPC, FailureLine.ioFault(FullDiskFileSystem.fsError(new IOException(ENOSPC))));
        assertEquals("/data/out/specs/a.json: " + ENOSPC, FailureLine.ioFault(
                new java.nio.file.FileSystemException("/data/out/specs/a.json", null, ENOSPC)));
        assertEquals("FileNotFoundException", FailureLine.ioFault(new java.io.FileNotFoundException()));
    }

    @Test
    void aFailureWithoutAnIoCauseIsItsClassAndFirstLine() {
        IllegalStateException e = new IllegalStateException("broken\nsecond line", new ArithmeticException("x"));
        assertNull(FailureLine.ioFault(e));
        assertEquals("IllegalStateException: broken", FailureLine.plain(e));
        assertEquals("NullPointerException", FailureLine.plain(new NullPointerException()));
    }

    @Test
    void aCyclicChainEnds() {
        IOException a = new IOException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertEquals("b: a", FailureLine.ioFault(b));
    }

    @Test
    void tmsPrintsAnIoFaultAsOneLineAndExitsOne() {
        StringWriter err = new StringWriter();
        assertEquals(Tms.EXIT_FAILED, Tms.failure(taskFullDisk(), new PrintWriter(err, true)));
        if (System.getenv("TMS_DEBUG") == null) {
            assertEquals("tms: failed: writing " + FILE + ": " + ENOSPC + System.lineSeparator(), err.toString());
        }
        StringWriter other = new StringWriter();
        assertEquals(Tms.EXIT_FAILED, Tms.failure(new IllegalStateException("broken"), new PrintWriter(other, true)));
        assertEquals("tms: failed: IllegalStateException: broken", other.toString().lines().findFirst().orElse(""));
        StringWriter user = new StringWriter();
        assertEquals(Tms.EXIT_USAGE, Tms.failure(new UserError("--out: bad"), new PrintWriter(user, true)));
        assertEquals("tms: error: --out: bad" + System.lineSeparator(), user.toString());
    }
}
