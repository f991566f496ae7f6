package org.tmssweep.spark.job;

/** Receives training progress on the driver. Implementations must be thread-safe. */
public interface ProgressSink {
    /**
     * Where a sweep stands.
     *
     * @param wave         the wave in flight, 1-based (waves already committed by an earlier run count)
     * @param waves        waves in all
     * @param modelsDone   models done (trained by this run, or committed by an earlier one)
     * @param modelsTotal  models in the sweep
     * @param trainedNow   models trained by this run (for the rate)
     * @param packsDone    tasks of the wave in flight finished
     * @param packsTotal   tasks of the wave in flight
     * @param failed       models whose training threw so far (recorded in failures)
     * @param elapsedMs    since this run started training
     */
    record Progress(int wave, int waves, long modelsDone, long modelsTotal, long trainedNow, int packsDone,
                    int packsTotal, long failed, long elapsedMs) {
        /** Models per second trained by this run. */
        public double rate() {
            return elapsedMs > 0 ? trainedNow * 1000.0 / elapsedMs : 0;
        }

        /** Estimated milliseconds left at this run's rate, or -1 when unknown. */
        public long etaMs() {
            return trainedNow == 0 || modelsDone >= modelsTotal ? -1
                    : (long) ((modelsTotal - modelsDone) * (double) elapsedMs / trainedNow);
        }

        public boolean last() {
            return modelsDone >= modelsTotal;
        }
    }

    void update(Progress progress);

    /** Ignores everything. */
    ProgressSink NONE = p -> { };
}
