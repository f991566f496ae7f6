package org.tmssweep.core.analysis;

import java.util.ArrayList;
import java.util.List;
import org.tmssweep.core.config.FeatureSets;
import org.tmssweep.core.metrics.ModelStats;

/**
 * How a trained W lays out correlated and anticorrelated feature sets (paper §"Correlated and
 * anticorrelated features", docs/paper.md §5 rows 10-12). For each pair (a, b) of members of one set, the
 * cosine of W_a and W_b classifies the pair as
 * <ul>
 *   <li>{@code orthogonal}: |cos| &le; {@link #ORTHOGONAL_MAX} (row 10a: correlated features in
 *       orthogonal dimensions; row 11: a local orthogonal basis);</li>
 *   <li>{@code antipodal}: cos &le; -{@link #ALIGNED_MIN} (row 10b: anticorrelated features);</li>
 *   <li>{@code collapsed}: cos &ge; {@link #ALIGNED_MIN}: both features on one direction, the principal
 *       component (a + b)/sqrt 2 (row 12);</li>
 *   <li>{@code unrepresented}: a member has ||W|| &le; {@link ModelStats#REPRESENTED_NORM} (no direction);</li>
 *   <li>{@code other}: anything between (e.g. the 60 degrees of adjacent hexagon vertices, row 10c).</li>
 * </ul>
 * The paper gives no thresholds; these are this project's (cos 0.9 = 26 degrees, 0.2 = 78 degrees). Pure.
 */
public final class FeatureSetGeometry {
    /** |cos| at or below which a pair counts as orthogonal. */
    public static final double ORTHOGONAL_MAX = 0.2;
    /** |cos| at or above which a pair counts as one direction (collapsed, or antipodal when negative). */
    public static final double ALIGNED_MIN = 0.9;

    public static final String ORTHOGONAL = "orthogonal";
    public static final String ANTIPODAL = "antipodal";
    public static final String COLLAPSED = "collapsed";
    public static final String UNREPRESENTED = "unrepresented";
    public static final String OTHER = "other";
    public static final String MIXED = "mixed";

    private FeatureSetGeometry() {
    }

    /** One entry per set of {@code sets}, in order; W is n x m with row f = W_f. */
    public static List<SetGeometry> of(double[][] w, FeatureSets sets) {
        List<SetGeometry> out = new ArrayList<>();
        for (int i = 0; i < sets.sets().size(); i++) {
            out.add(of(w, i, sets.sets().get(i)));
        }
        return out;
    }

    /** Relation of two W rows, by the thresholds above. */
    public static String relation(double[] a, double[] b) {
        if (norm(a) <= ModelStats.REPRESENTED_NORM || norm(b) <= ModelStats.REPRESENTED_NORM) {
            return UNREPRESENTED;
        }
        return relation(cosine(a, b));
    }

    /** Relation of two represented rows with cosine {@code cos}. */
    public static String relation(double cos) {
        if (cos >= ALIGNED_MIN) {
            return COLLAPSED;
        }
        if (cos <= -ALIGNED_MIN) {
            return ANTIPODAL;
        }
        return Math.abs(cos) <= ORTHOGONAL_MAX ? ORTHOGONAL : OTHER;
    }

    /** Cosine of two rows; NaN if either is zero. */
    public static double cosine(double[] a, double[] b) {
        double na = norm(a);
        double nb = norm(b);
        if (na == 0 || nb == 0) {
            return Double.NaN;
        }
        double dot = 0;
        for (int k = 0; k < a.length; k++) {
            dot += a[k] * b[k];
        }
        return Math.max(-1, Math.min(1, dot / (na * nb)));
    }

    private static SetGeometry of(double[][] w, int index, FeatureSets.FeatureSet set) {
        List<Integer> mem = set.members();
        int k = mem.size();
        double[] cos = new double[k * (k - 1) / 2];
        int[] counts = new int[5];
        String[] names = {ORTHOGONAL, ANTIPODAL, COLLAPSED, UNREPRESENTED, OTHER};
        double sumAbs = 0;
        double maxAbs = Double.NaN;
        int represented = 0;
        String common = null;
        int c = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++, c++) {
                double[] a = w[mem.get(i)];
                double[] b = w[mem.get(j)];
                cos[c] = cosine(a, b);
                String rel = relation(a, b);
                for (int r = 0; r < names.length; r++) {
                    counts[r] += names[r].equals(rel) ? 1 : 0;
                }
                if (!UNREPRESENTED.equals(rel)) {
                    represented++;
                    sumAbs += Math.abs(cos[c]);
                    maxAbs = Double.isNaN(maxAbs) ? Math.abs(cos[c]) : Math.max(maxAbs, Math.abs(cos[c]));
                }
                common = common == null || common.equals(rel) ? rel : MIXED;
            }
        }
        String members = String.join(",", mem.stream().map(String::valueOf).toList());
        return new SetGeometry(index, set.kind().specName(), members, cos.length, counts[0], counts[1], counts[2],
                counts[3], represented == 0 ? Double.NaN : sumAbs / represented, maxAbs, common, cos);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
