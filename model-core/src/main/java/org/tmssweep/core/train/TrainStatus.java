package org.tmssweep.core.train;

import java.util.Locale;

/** Outcome of training one model. */
public enum TrainStatus {
    /** Finished with finite parameters and a finite final loss. */
    OK,
    /** The training loss or the parameters became non-finite; the model was frozen at that point. */
    DIVERGED;

    /** Lower-case spelling used in tables: {@code "ok"}, {@code "diverged"}. */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
