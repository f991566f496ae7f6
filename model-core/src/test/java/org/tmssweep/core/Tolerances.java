package org.tmssweep.core;

/** Named test tolerances, one per kind of comparison (EJML style). */
public final class Tolerances {
    private Tolerances() {
    }

    /** Exact double-precision maths (closed forms, metrics of exact configurations). */
    public static final double F64 = 1e-12;
    /** Central-difference gradient check in double: relative error bound ... */
    public static final double FD_REL = 1e-6;
    /** ... with this absolute floor on the denominator (gradients near zero). */
    public static final double FD_FLOOR = 1e-6;
    /** Central-difference step. */
    public static final double FD_STEP = 1e-6;
    /** float32 forward values and loss against a double definition, relative. */
    public static final double F32 = 1e-5;
    /** float32 gradients against a double definition, relative to the largest gradient entry. */
    public static final double F32_GRAD = 1e-5;

    /** |a - b| / max(|a|, |b|, floor). */
    public static double relErr(double a, double b, double floor) {
        return Math.abs(a - b) / Math.max(Math.max(Math.abs(a), Math.abs(b)), floor);
    }
}
