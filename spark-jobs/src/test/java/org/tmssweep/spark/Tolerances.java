package org.tmssweep.spark;

/** Named tolerances of the spark-jobs tests, one per kind of comparison (model-core's tests have their own). */
public final class Tolerances {
    private Tolerances() {
    }

    /** One or two double roundings of a value of order one (an ulp of 1.0 is 2.2e-16). */
    public static final double F64_ULPS = 1e-15;
    /** Exact double-precision maths: closed forms, aggregates and figure data of exact inputs. */
    public static final double F64 = 1e-12;
    /** A value computed by hand from a constant written to 9 decimals (t_{0.975,4} = 2.776445105). */
    public static final double HAND_9_DECIMALS = 1e-9;
}
