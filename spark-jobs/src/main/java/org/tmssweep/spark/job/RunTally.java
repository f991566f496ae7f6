package org.tmssweep.spark.job;

/**
 * A run's running totals across its waves (driver only), for progress and the outcome.
 *
 * @param done           models done: trained by this run or committed by an earlier one, failures included
 * @param failed         models whose last attempt failed so far
 * @param trained        models this run trained (failures included)
 * @param diverged       models this run trained whose status is diverged
 * @param wavesRun       waves this run committed
 * @param wavesCommitted waves committed in all (earlier runs' included)
 */
record RunTally(long done, long failed, long trained, long diverged, int wavesRun, int wavesCommitted) {

    /** The totals before a run's first wave. */
    static RunTally resuming(ResumeState state) {
        return new RunTally(state.modelsDone(), state.failed(), 0, 0, 0, state.committed().size());
    }

    /** After committing the wave of {@code record}. */
    RunTally plus(WaveStore.WaveRecord record) {
        long models = record.models() + record.failed();
        return new RunTally(done + models, failed + record.failed(), trained + models, diverged + record.diverged(),
                wavesRun + 1, wavesCommitted + 1);
    }

    /** Before retrying {@code n} failed models: they are neither done nor failed until their retry wave commits. */
    RunTally retrying(long n) {
        return new RunTally(done - n, failed - n, trained, diverged, wavesRun, wavesCommitted);
    }
}
