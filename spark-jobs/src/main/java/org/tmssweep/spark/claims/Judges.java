package org.tmssweep.spark.claims;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/** Small pure helpers the claims' criteria share: formatting, grouping, rank and linear correlation. */
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

    /** Pearson correlation; NaN when either side has no spread or fewer than 3 points. */
    public static double pearson(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("pearson: lengths differ, " + x.length + " vs " + y.length);
        }
        int n = x.length;
        if (n < 3) {
            return Double.NaN;
        }
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int k = 0; k < n; k++) {
            sxy += (x[k] - mx) * (y[k] - my);
            sxx += (x[k] - mx) * (x[k] - mx);
            syy += (y[k] - my) * (y[k] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** Spearman rank correlation (average ranks for ties). */
    public static double spearman(double[] x, double[] y) {
        return pearson(ranks(x), ranks(y));
    }

    static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = k;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        int k = 0;
        while (k < idx.length) {
            int j = k;
            while (j + 1 < idx.length && v[idx[j + 1]] == v[idx[k]]) {
                j++;
            }
            double avg = (k + j) / 2.0 + 1;
            for (int t = k; t <= j; t++) {
                r[idx[t]] = avg;
            }
            k = j + 1;
        }
        return r;
    }

    /** |a - b| &le; tol * |b|. */
    public static boolean withinRelative(double a, double b, double tol) {
        return Math.abs(a - b) <= tol * Math.abs(b);
    }

    /** Cosine of two vectors (NaN when either is zero). */
    public static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int k = 0; k < a.length; k++) {
            ab += a[k] * b[k];
            aa += a[k] * a[k];
            bb += b[k] * b[k];
        }
        return aa == 0 || bb == 0 ? Double.NaN : ab / Math.sqrt(aa * bb);
    }

    /** Items joined as "a, b, c". */
    public static String list(List<?> items) {
        return String.join(", ", items.stream().map(Object::toString).toList());
    }
}
