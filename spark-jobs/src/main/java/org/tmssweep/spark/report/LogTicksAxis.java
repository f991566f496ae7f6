package org.tmssweep.spark.report;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** A base-10 log axis with ticks at 1, 2, 5 x 10^k (minor 3..9) on any edge. */
final class LogTicksAxis extends FixedLogAxis {
    private static final long serialVersionUID = 1L;

    LogTicksAxis(String label, double lower, double upper) {
        super(label, lower, upper, new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    }

    @Override
    String majorLabel(double v, boolean oneTwoFive) {
        return oneTwoFive ? getNumberFormatOverride().format(v) : null;
    }
}
