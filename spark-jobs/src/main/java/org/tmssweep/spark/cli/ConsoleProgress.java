package org.tmssweep.spark.cli;

import java.io.PrintWriter;
import org.tmssweep.spark.job.ProgressSink;

/**
 * Progress on stderr: one line rewritten in place on a terminal, else a line at most every
 * {@code intervalMs} (and always the last one, unless it repeats the line before it: the same counts
 * and elapsed clock, whatever the rate's last digits).
 */
final class ConsoleProgress implements ProgressSink {
    private final PrintWriter err;
    private final boolean terminal;
    private final long intervalMs;
    private final String label;
    private long lastPrinted = -1;
    private String lastKey = "";

    ConsoleProgress(PrintWriter err, boolean terminal, long intervalMs, String label) {
        this.err = err;
        this.terminal = terminal;
        this.intervalMs = intervalMs;
        this.label = label;
    }

    @Override
    public synchronized void update(Progress p) {
        boolean last = p.last();
        if (!terminal && !last && lastPrinted >= 0 && p.elapsedMs() - lastPrinted < intervalMs) {
            return;
        }
        String line = line(label, p);
        String key = p.wave() + "/" + p.modelsDone() + "/" + p.packsDone() + "/" + p.failed() + "/"
                + clock(p.elapsedMs());
        if (!terminal && key.equals(lastKey)) {
            return; // the wave's commit repeats the last task's numbers: say it once
        }
        lastPrinted = p.elapsedMs();
        lastKey = key;
        if (terminal) {
            err.print("\r" + line + (last ? "\n" : ""));
        } else {
            err.println(line);
        }
        err.flush();
    }

    static String line(String label, Progress p) {
        String eta = p.etaMs() < 0 ? "" : " · ETA " + clock(p.etaMs());
        String failed = p.failed() > 0 ? " · " + p.failed() + " failed" : "";
        return String.format("tms: %s: wave %d/%d · %d/%d models (%d/%d tasks) · %s elapsed · %.2f models/s%s%s",
                label, p.wave(), p.waves(), p.modelsDone(), p.modelsTotal(), p.packsDone(), p.packsTotal(),
                clock(p.elapsedMs()), p.rate(), failed, eta);
    }

    static String clock(long ms) {
        long s = ms / 1000;
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
