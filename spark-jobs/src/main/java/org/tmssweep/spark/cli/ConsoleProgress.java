package org.tmssweep.spark.cli;

import java.io.PrintWriter;
import org.tmssweep.spark.job.ProgressSink;

/**
 * Progress on stderr: one line rewritten in place on a terminal, else a line at most every
 * {@code intervalMs} (and always the last one).
 */
final class ConsoleProgress implements ProgressSink {
    private final PrintWriter err;
    private final boolean terminal;
    private final long intervalMs;
    private final String label;
    private long lastPrinted = -1;

    ConsoleProgress(PrintWriter err, boolean terminal, long intervalMs, String label) {
        this.err = err;
        this.terminal = terminal;
        this.intervalMs = intervalMs;
        this.label = label;
    }

    @Override
    public synchronized void update(int modelsDone, int modelsTotal, int packsDone, int packsTotal, long elapsedMs) {
        boolean last = modelsDone >= modelsTotal;
        if (!terminal && !last && lastPrinted >= 0 && elapsedMs - lastPrinted < intervalMs) {
            return;
        }
        lastPrinted = elapsedMs;
        String line = line(label, modelsDone, modelsTotal, packsDone, packsTotal, elapsedMs);
        if (terminal) {
            err.print("\r" + line + (last ? "\n" : ""));
        } else {
            err.println(line);
        }
        err.flush();
    }

    static String line(String label, int done, int total, int packsDone, int packs, long elapsedMs) {
        String eta = done == 0 || done >= total ? "" : " · ETA " + clock(elapsedMs * (total - done) / done);
        double rate = elapsedMs > 0 ? done * 1000.0 / elapsedMs : 0;
        return String.format("tms: %s: %d/%d models (%d/%d tasks) · %s elapsed · %.2f models/s%s",
                label, done, total, packsDone, packs, clock(elapsedMs), rate, eta);
    }

    static String clock(long ms) {
        long s = ms / 1000;
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
