package org.tmssweep.spark.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The one line {@code tms} prints for a failure while running (exit 1). An I/O fault anywhere in the cause
 * chain (a full disk, a permission, a lost mount), however deeply Spark wrapped it, is named by what was
 * being done and the operating system's reason, e.g. {@code writing /out/models/.../part-00000.snappy.parquet:
 * No space left on device} ({@link #ioFault}); any other failure by its class and the first line of its
 * message ({@link #plain}).
 */
final class FailureLine {
    /** Longest cause chain walked (chains are short; this only bounds a pathological one). */
    private static final int MAX_CHAIN = 64;

    private FailureLine() {
    }

    /**
     * The line for an I/O fault, or null when the chain holds no {@link IOException}. The reason is the
     * message of the deepest IOException. Above it, a message that merely restates its cause (Hadoop's
     * {@code FSError: java.io.IOException: ...}, Spark's {@code Job aborted due to stage failure: ...
     * java.io.IOException: ...}) is skipped; of the others, the outermost one not from Spark (what tms was
     * doing) and the nearest one (what failed) give the context: {@code outer: nearest: reason}, each part
     * once, the reason left out when the context already ends with it.
     */
    static String ioFault(Throwable t) {
        List<Throwable> chain = chain(t);
        int io = -1;
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i) instanceof IOException) {
                io = i;
            }
        }
        if (io < 0) {
            return null;
        }
        String reason = firstLine(chain.get(io).getMessage());
        if (reason == null) {
            reason = chain.get(io).getClass().getSimpleName();
        }
        String outer = null;
        String nearest = null;
        for (int j = 0; j < io; j++) {
            String m = firstLine(chain.get(j).getMessage());
            if (m == null || m.contains(chain.get(j + 1).getClass().getName())) {
                continue;
            }
            nearest = m;
            if (outer == null && !chain.get(j).getClass().getName().startsWith(SPARK)) {
                outer = m;
            }
        }
        String context = nearest == null ? null : outer == null || outer.equals(nearest) ? nearest
                : outer + ": " + nearest;
        if (context == null) {
            return reason;
        }
        return context.endsWith(reason) ? context : context + ": " + reason;
    }

    private static final String SPARK = "org.apache.spark.";

    /** The exception's simple class name and the first line of its message. */
    static String plain(Throwable t) {
        String m = firstLine(t.getMessage());
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static List<Throwable> chain(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c) && chain.size() < MAX_CHAIN; c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return null;
        }
        String line = message.lines().findFirst().orElse("").strip();
        return line.isEmpty() ? null : line;
    }
}
