package org.tmssweep.spark.report;

/**
 * A base-10 log value axis for values over several decades: major ticks at 1, 2, 5 x 10^k when it spans at most
 * three decades, else at 10^k only (minor ticks at the other digits), labelled in {@link Fmt#num} form (1e-6,
 * 0.001, 1000), where {@link LogTicksAxis}' fixed format would print small values as 0.
 */
final class DecadeAxis extends FixedLogAxis {
    private static final long serialVersionUID = 1L;

    private DecadeAxis(String label, double lower, double upper) {
        super(label, lower, upper, null);
    }

    @Override
    String majorLabel(double v, boolean oneTwoFive) {
        boolean decades = getUpperBound() / getLowerBound() > 1000;
        double digit = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
        boolean major = decades ? Math.abs(digit - 1) < 1e-6
                : Math.abs(digit - 1) < 1e-6 || Math.abs(digit - 2) < 1e-6 || Math.abs(digit - 5) < 1e-6;
        return major ? Fmt.num(v) : null;
    }

    /** An axis over [lower, upper], widened when it holds no major tick (see {@link SparsityAxis#withMajorTick}). */
    static DecadeAxis create(String label, double lower, double upper) {
        double[] r = SparsityAxis.withMajorTick(lower, upper);
        return new DecadeAxis(label, r[0], r[1]);
    }
}
