package org.tmssweep.spark.job;

/** Receives training progress on the driver. Implementations must be thread-safe. */
public interface ProgressSink {
    /**
     * @param modelsDone  models trained so far
     * @param modelsTotal models to train
     * @param packsDone   tasks finished
     * @param packsTotal  tasks in all
     * @param elapsedMs   since training started
     */
    void update(int modelsDone, int modelsTotal, int packsDone, int packsTotal, long elapsedMs);

    /** Ignores everything. */
    ProgressSink NONE = (a, b, c, d, e) -> { };
}
