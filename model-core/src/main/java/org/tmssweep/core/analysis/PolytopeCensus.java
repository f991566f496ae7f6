package org.tmssweep.core.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.tmssweep.core.metrics.FeatureStats;
import org.tmssweep.core.metrics.ModelStats;

/**
 * Census of the polytopes a trained W forms (paper section "Feature dimensionality", docs/paper.md §5
 * row 8): represented features (||W_i|| &gt; a norm threshold) are linked when
 * |Ŵ_i . W_j| or |Ŵ_j . W_i| reaches a link threshold (the paper's feature-geometry graphs use
 * |W_i . W_j| as edge weight); each connected component is one tegum factor, described by its size k,
 * the rank d of its embeddings, and a name.
 *
 * <p>Thresholds are our choice (INF; the paper gives none): norm 0.5 (as ModelStats), link 0.1
 * (well below the smallest |cos| inside the paper's polytopes: 0.309 for the pentagon, 0.138 for the
 * square antiprism, 1/3 for the tetrahedron; not yet calibrated against the residual overlaps of trained models),
 * rank: singular values &ge; 0.1 of the largest. The (8, 3) name follows the paper (3/8 = square
 * antiprism); a cube is also an 8-in-3 tight frame with D = 3/8 and gets the same name.
 */
public final class PolytopeCensus {
    public static final double DEFAULT_NORM_THRESHOLD = ModelStats.REPRESENTED_NORM;
    public static final double DEFAULT_LINK_THRESHOLD = 0.1;
    public static final double DEFAULT_RANK_TOLERANCE = 0.1;

    private PolytopeCensus() {
    }

    /** Census with the default thresholds. */
    public static List<PolytopeComponent> of(double[][] w) {
        return of(w, DEFAULT_NORM_THRESHOLD, DEFAULT_LINK_THRESHOLD, DEFAULT_RANK_TOLERANCE);
    }

    /**
     * @param w              n x m, row f = feature f's embedding
     * @param normThreshold  a feature is represented iff ||W_f|| &gt; this
     * @param linkThreshold  represented i, j are linked iff max(|Ŵ_i . W_j|, |Ŵ_j . W_i|) &ge; this
     * @param rankTolerance  singular values below this fraction of the largest do not count to d
     * @return components ordered by their smallest member
     */
    public static List<PolytopeComponent> of(double[][] w, double normThreshold, double linkThreshold,
                                             double rankTolerance) {
        int n = w.length;
        double[] norms = new double[n];
        for (int f = 0; f < n; f++) {
            norms[f] = Linalg.norm(w[f]);
        }
        int[] parent = new int[n];
        for (int f = 0; f < n; f++) {
            parent[f] = f;
        }
        for (int i = 0; i < n; i++) {
            if (!(norms[i] > normThreshold)) {
                continue;
            }
            for (int j = i + 1; j < n; j++) {
                if (!(norms[j] > normThreshold)) {
                    continue;
                }
                double dot = Math.abs(Linalg.dot(w[i], w[j]));
                if (dot / norms[i] >= linkThreshold || dot / norms[j] >= linkThreshold) {
                    union(parent, i, j);
                }
            }
        }
        List<FeatureStats> stats = ModelStats.of(w, new double[n]).features();
        List<PolytopeComponent> out = new ArrayList<>();
        boolean[] done = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (!(norms[i] > normThreshold) || done[i]) {
                continue;
            }
            int root = find(parent, i);
            List<Integer> members = new ArrayList<>();
            for (int j = i; j < n; j++) {
                if (norms[j] > normThreshold && find(parent, j) == root) {
                    members.add(j);
                    done[j] = true;
                }
            }
            int k = members.size();
            double[][] rows = new double[k][];
            StringJoiner names = new StringJoiner(",");
            double dSum = 0;
            for (int a = 0; a < k; a++) {
                rows[a] = w[members.get(a)];
                names.add(Integer.toString(members.get(a)));
                dSum += stats.get(members.get(a)).dimensionality();
            }
            int d = Linalg.rank(rows, rankTolerance);
            out.add(new PolytopeComponent(out.size(), k, d, label(k, d), names.toString(), dSum / k, (double) d / k));
        }
        return out;
    }

    /**
     * Name of a k-in-d component: 1-in-1 "dedicated", 2-in-1 "digon" (antipodal pair), 3-in-2
     * "triangle", 4-in-3 "tetrahedron", 5-in-2 "pentagon", 8-in-3 "square_antiprism", else "k-in-d".
     */
    public static String label(int k, int d) {
        if (k == 1 && d == 1) {
            return "dedicated";
        } else if (k == 2 && d == 1) {
            return "digon";
        } else if (k == 3 && d == 2) {
            return "triangle";
        } else if (k == 4 && d == 3) {
            return "tetrahedron";
        } else if (k == 5 && d == 2) {
            return "pentagon";
        } else if (k == 8 && d == 3) {
            return "square_antiprism";
        }
        return k + "-in-" + d;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
