package org.tmssweep.spark.report;

import java.math.BigDecimal;
import java.util.Locale;

/** Number formatting shared by labels, titles and HTML: locale-independent and short. */
final class Fmt {
    private Fmt() {
    }

    /** At most four significant digits, trailing zeros dropped; NaN and infinities spelled out. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a < 1e-4 || a >= 1e6) {
            return String.format(Locale.ROOT, "%.3e", v).replaceAll("\\.?0+e", "e");
        }
        return new BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
    }
}
