package org.tmssweep.spark.tables;

import java.util.Locale;

/**
 * The {@code status} column of the {@code sweeps} table: how a sweep that ran to its end ended. (A
 * model's {@code status} in the {@code models} table is model-core's
 * {@link org.tmssweep.core.train.TrainStatus}: {@code ok} or {@code diverged}; a model whose training
 * threw has a {@code failures} row instead.)
 */
public enum SweepCompletion {
    /** Every model has a models row. */
    COMPLETE,
    /** Some models have only failures rows ({@code tms run --retry-failed} trains them again). */
    COMPLETE_WITH_FAILURES;

    /** The spelling in the table: {@code complete}, {@code complete_with_failures}. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The completion of a sweep with {@code failed} models without a models row. */
    public static SweepCompletion of(long failed) {
        return failed == 0 ? COMPLETE : COMPLETE_WITH_FAILURES;
    }
}
