package org.tmssweep.spark.claims;

/** A claim's verdict on one results directory. */
public enum Verdict {
    /** Measured, and the criterion holds. */
    PASS,
    /** Measured, and the criterion does not hold (or the measurement found nothing to judge). */
    FAIL,
    /** A preset the claim reads has no complete sweep in the directory. */
    NOT_RUN;

    /** How scorecards print it: PASS, FAIL, NOT RUN. */
    public String label() {
        return this == NOT_RUN ? "NOT RUN" : name();
    }
}
