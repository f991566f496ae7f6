package org.tmssweep.core;

/** Named test tolerances, one per kind of comparison (EJML style). */
public final class Tolerances {
    private Tolerances() {
    }

    /** One or two double roundings of a value of order one (an ulp of 1.0 is 2.2e-16). */
    public static final double F64_ULPS = 1e-15;
    /** Exact double-precision maths (closed forms, metrics of exact configurations). */
    public static final double F64 = 1e-12;
    /** A double sum of tens of terms, each exact to {@link #F64} (e.g. the D_i of a frame summed). */
    public static final double F64_SUM = 1e-11;
    /** Double maths through a longer chain (log and exp, a rotation applied to thousands of samples). */
    public static final double F64_CHAIN = 1e-9;
    /** A hand-computed reference written to 7 decimals: one unit in the last place. */
    public static final double HAND_7_DECIMALS = 1e-7;
    /** A hand-computed reference written to 8 decimals: one unit in the last place. */
    public static final double HAND_8_DECIMALS = 1e-8;
    /** Sampled statistics are checked to this many standard errors: a false failure about once in 1.7 million. */
    public static final double SIGMAS = 5;
    /**
     * A trained model's eval loss against its closed-form optimum, relative: 16,384 eval samples give
     * about 0.5 % sampling error, plus the small excess loss of finite training and weight decay.
     */
    public static final double EVAL_LOSS_REL = 0.03;
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
