package org.tmssweep.spark.claims;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/** Small pure helpers the claims' criteria share: formatting, grouping, correlations. */
public final class Judges {
    private Judges() {
    }

    /** A number as the scorecard prints it: 4 significant digits, no exponent for usual magnitudes. */
    public static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return String.valueOf((long) v);
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** Rows grouped by a key, in first-seen order. */
    public static <K> Map<K, List<Rec>> groupBy(List<Rec> rows, Function<Rec, K> key) {
        Map<K, List<Rec>> out = new LinkedHashMap<>();
        for (Rec r : rows) {
            out.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    public static long count(List<Rec> rows, Predicate<Rec> p) {
        return rows.stream().filter(p).count();
    }

    public static double[] column(List<Rec> rows, String col) {
        return rows.stream().mapToDouble(r -> r.d(col)).toArray();
    }

    /** Pearson correlation (commons-math3); NaN when either side has no spread or there are fewer than 3 points. */
    public static double pearson(double[] x, double[] y) {
        return enough(x, y) ? new PearsonsCorrelation().correlation(x, y) : Double.NaN;
    }

    /** Spearman rank correlation (commons-math3, average ranks for ties); NaN as for {@link #pearson}. */
    public static double spearman(double[] x, double[] y) {
        return enough(x, y) ? new SpearmansCorrelation().correlation(x, y) : Double.NaN;
    }

    private static boolean enough(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("correlation: lengths differ, " + x.length + " vs " + y.length);
        }
        return x.length >= 3;
    }

    /** |a - b| &le; tol * |b|. */
    public static boolean withinRelative(double a, double b, double tol) {
        return Math.abs(a - b) <= tol * Math.abs(b);
    }

    /** Items joined as "a, b, c". */
    public static String list(List<?> items) {
        return String.join(", ", items.stream().map(Object::toString).toList());
    }
}
