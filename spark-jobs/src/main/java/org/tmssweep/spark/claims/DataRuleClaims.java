package org.tmssweep.spark.claims;

import static org.tmssweep.spark.claims.Claim.claim;
import static org.tmssweep.spark.claims.Judges.fmt;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows 9-12: one feature's density perturbed, correlated and anticorrelated feature sets, local orthogonal
 * bases, and the collapse of correlated pairs to their principal component (section "The geometry of
 * superposition": "non-uniform superposition").
 */
final class DataRuleClaims {
    private DataRuleClaims() {
    }

    static final String PERTURB = "paper-perturb-one-feature";
    static final String CORR22 = "paper-correlated-2x2";
    static final String ANTI22 = "paper-anticorrelated-2x2";
    static final String CORR32 = "paper-correlated-3x2";
    static final String LOCAL = "paper-local-orthogonal-bases";
    static final String COLLAPSE = "paper-collapse-pca";
    /** Density of the four unperturbed features in the perturbation preset. */
    static final double BASE_DENSITY = 0.05;

    static String perturbSql() {
        String key = "p.sweep_id = b.sweep_id AND p.point_id = b.point_id AND p.seed = b.seed";
        return "SELECT b.sparsity_first, first(f.norm) AS norm0, concat_ws(' + ', sort_array(collect_list(concat(p.label,"
                + " '[', p.members, ']')))) AS shapes FROM " + Q.best(PERTURB) + " b JOIN features f ON f.sweep_id ="
                + " b.sweep_id AND f.point_id = b.point_id AND f.seed = b.seed AND f.feature = 0 LEFT JOIN polytopes p ON "
                + key + " GROUP BY b.sparsity_first ORDER BY b.sparsity_first DESC";
    }

    static String setsSql(String preset) {
        return "SELECT b.sparsity, g.set, g.kind, g.label, g.mean_abs_cos, g.collapsed, g.cosines FROM " + Q.best(preset)
                + " b JOIN set_geometry g USING (sweep_id, point_id, seed) ORDER BY b.sparsity, g.set";
    }

    static List<Claim> all() {
        List<Claim> c = new ArrayList<>();
        c.add(claim("r09.sparser-feature-dropped", 9)
                .says("n = 5, m = 2: when one feature is much sparser than the other four, it is dropped and the pentagon"
                        + " becomes two digons; at equal density it is a pentagon.")
                .paper("pentagon at equal density; two digons (the varied feature at 0) when it is >= 4x sparser")
                .source("section \"The Geometry of Superposition\", figure \"The Pentagon-Digon Phase Change Corresponds to a Loss Curve Crossover\"")
                .sql(perturbSql())
                .judge("lowest-loss restart: at density 0.05 one pentagon; at every density <= 0.05 / 4 feature 0 has"
                        + " ||W_0|| < 0.5 and the others form two digons", rows -> {
                            List<String> parts = new ArrayList<>();
                            boolean ok = true;
                            boolean sawEqual = false;
                            boolean sawSparse = false;
                            for (Rec r : rows) {
                                double p0 = 1 - r.d("sparsity_first");
                                String shapes = r.s("shapes") == null ? "" : r.s("shapes");
                                if (Math.abs(p0 - BASE_DENSITY) < 1e-9) {
                                    sawEqual = true;
                                    ok &= shapes.matches("pentagon\\[0,1,2,3,4]");
                                    parts.add("p0 0.05: " + shapes);
                                } else if (p0 <= BASE_DENSITY / 4 + 1e-9) {
                                    sawSparse = true;
                                    ok &= r.d("norm0") < 0.5 && shapes.matches("digon\\[[1-4],[1-4]] \\+ digon\\[[1-4],[1-4]]");
                                    parts.add("p0 " + fmt(p0) + ": |W0| " + fmt(r.d("norm0")) + ", " + shapes);
                                }
                            }
                            if (!sawEqual || !sawSparse) {
                                return Judgement.nothing("need density 0.05 and densities <= 0.0125 for feature 0");
                            }
                            return new Judgement(ok, String.join("; ", parts));
                        })
                .tolerance("census labels and the tables' 0.5 represented cut; no further tolerance")
                .figure(PERTURB + "/perturbed").build());
        c.add(claim("r09.snap-ratio", 9)
                .says("The pentagon snaps to two digons when the varied feature is about 2.5x sparser than the others.")
                .paper("switch at a density ratio of about 2.5")
                .source("section \"The Geometry of Superposition\", perturbing a single feature")
                .sql(perturbSql())
                .judge("lowest-loss restarts: the density ratio 0.05 / p0 where feature 0 switches from dropped to"
                        + " represented (geometric mean of the two grid points around it) within a factor 1.6 of 2.5", rows -> {
                            double lastDropped = Double.NaN;
                            double firstKept = Double.NaN;
                            List<Rec> ascending = new ArrayList<>(rows);
                            ascending.sort(java.util.Comparator.comparingDouble(r -> -r.d("sparsity_first")));
                            for (Rec r : ascending) {
                                double p0 = 1 - r.d("sparsity_first");
                                if (r.d("norm0") < 0.5) {
                                    if (!Double.isNaN(firstKept)) {
                                        return Judgement.of(false, "feature 0 dropped again at p0 %s after being kept at %s",
                                                fmt(p0), fmt(firstKept));
                                    }
                                    lastDropped = p0;
                                } else if (Double.isNaN(firstKept)) {
                                    firstKept = p0;
                                }
                            }
                            if (Double.isNaN(lastDropped) || Double.isNaN(firstKept)) {
                                return Judgement.nothing("no switch on the grid (dropped at " + fmt(lastDropped)
                                        + ", kept from " + fmt(firstKept) + ")");
                            }
                            double ratio = BASE_DENSITY / Math.sqrt(lastDropped * firstKept);
                            return Judgement.of(ratio >= 2.5 / 1.6 && ratio <= 2.5 * 1.6,
                                    "switch between p0 = %s and %s: ratio %s", fmt(lastDropped), fmt(firstKept), fmt(ratio));
                        })
                .tolerance("the grid steps p0 by a factor sqrt(2); 1.6 is a little over one step either side")
                .figure(PERTURB + "/perturbed").build());
        c.add(claim("r10.correlated-orthogonal", 10)
                .says("Correlated features prefer orthogonal dimensions: 2 sets of 2 in m = 2 put each pair at 90 degrees.")
                .paper("every correlated pair orthogonal")
                .source("section \"The Geometry of Superposition\", correlated and anticorrelated features")
                .sql(setsSql(CORR22))
                .judge("lowest-loss restart per density: at least 80 % of the sets labelled orthogonal (|cos| <= 0.2)",
                        rows -> share(rows, "orthogonal", 0.8))
                .tolerance("one set in five may differ: the paper notes optimisation failures at m = 2")
                .figure(CORR22 + "/feature-sets").build());
        c.add(claim("r10.anticorrelated-antipodal", 10)
                .says("Anticorrelated features prefer to be antipodal.")
                .paper("every anticorrelated pair antipodal")
                .source("section \"The Geometry of Superposition\", correlated and anticorrelated features")
                .sql(setsSql(ANTI22))
                .judge("lowest-loss restart per point (density x sampling rule): at least 80 % of the sets antipodal (cos <= -0.9)",
                        rows -> share(rows, "antipodal", 0.8))
                .tolerance("one set in five may differ: the paper notes optimisation failures at m = 2")
                .figure(ANTI22 + "/feature-sets").build());
        c.add(claim("r10.correlated-side-by-side", 10)
                .says("Three correlated pairs in m = 2 sit side by side: a hexagon with each pair adjacent.")
                .paper("each pair adjacent in a hexagon: cos 60 degrees = 0.5")
                .source("section \"The Geometry of Superposition\", correlated and anticorrelated features")
                .sql(setsSql(CORR32))
                .judge("lowest-loss restart per density: at least 80 % of the pairs with cos in [0.25, 0.75]", rows -> {
                    if (rows.isEmpty()) {
                        return Judgement.nothing("no set_geometry rows");
                    }
                    long adj = Judges.count(rows, r -> {
                        double[] cs = r.arr("cosines");
                        return cs.length == 1 && cs[0] >= 0.25 && cs[0] <= 0.75;
                    });
                    return Judgement.of(adj >= 0.8 * rows.size(), "%d of %d pairs adjacent; cosines %s", adj, rows.size(),
                            rows.stream().map(r -> fmt(r.arr("cosines").length == 0 ? Double.NaN : r.arr("cosines")[0])).toList());
                })
                .tolerance("adjacent in a regular hexagon is cos 0.5; +-0.25 (+-15 degrees) allows unequal norms but"
                        + " excludes orthogonal (0) and collapsed (1)")
                .figure(CORR32 + "/feature-sets").build());
        c.add(claim("r11.local-orthogonal-basis", 11)
                .says("2 sets of 10 correlated features in m = 10: within each set the features are (nearly) orthogonal,"
                        + " a local orthogonal basis.")
                .paper("near-zero W_i . W_j within a set")
                .source("section \"The Geometry of Superposition\", local almost-orthogonal bases")
                .sql(setsSql(LOCAL))
                .judge("lowest-loss restart per density: every set's mean |cos| over its pairs <= 0.1", rows -> {
                    if (rows.isEmpty()) {
                        return Judgement.nothing("no set_geometry rows");
                    }
                    boolean ok = rows.stream().allMatch(r -> r.d("mean_abs_cos") <= 0.1);
                    return new Judgement(ok, "mean |cos| per set: " + rows.stream().map(r -> "S " + fmt(r.d("sparsity"))
                            + " set " + r.l("set") + " " + fmt(r.d("mean_abs_cos"))).toList());
                })
                .tolerance("10 random directions in 10 dimensions have mean |cos| about sqrt(2/(pi 10)) = 0.25;"
                        + " 0.1 is well below chance, near the orthogonal 0")
                .figure(LOCAL + "/features").build());
        String collapseSql = "SELECT b.sparsity, sum(g.collapsed) AS collapsed FROM " + Q.best(COLLAPSE)
                + " b JOIN set_geometry g USING (sweep_id, point_id, seed) GROUP BY b.sparsity ORDER BY b.sparsity DESC";
        c.add(claim("r12.sparse-none-collapsed", 12)
                .says("Three correlated pairs in m = 2: very sparse (1 - S <= 0.05) no pair collapses.")
                .paper("0 collapsed pairs at 1 - S <= 0.05")
                .source("section \"The Geometry of Superposition\", collapse of correlated features into principal components")
                .sql(collapseSql)
                .judge("lowest-loss restart at every density <= 0.05: 0 collapsed pairs (cos >= 0.9)", rows ->
                        collapsed(rows, d -> d <= 0.05 + 1e-9, 0))
                .tolerance("a count: exact")
                .figure(COLLAPSE + "/collapse").build());
        c.add(claim("r12.dense-all-collapsed", 12)
                .says("Denser (1 - S from 0.25 up) all three pairs collapse to their principal components, the most PCA-like solution.")
                .paper("3 collapsed pairs at 1 - S >= 0.25")
                .source("section \"The Geometry of Superposition\", collapse of correlated features into principal components")
                .sql(collapseSql)
                .judge("lowest-loss restart at every density >= 0.25: 3 collapsed pairs", rows ->
                        collapsed(rows, d -> d >= 0.25 - 1e-9, 3))
                .tolerance("a count: exact")
                .figure(COLLAPSE + "/collapse").build());
        c.add(claim("r12.progressive", 12)
                .says("Pairs collapse one after another as density grows (0, 1, 2, then 3 collapsed).")
                .paper("collapsed pairs non-decreasing in density")
                .source("section \"The Geometry of Superposition\", collapse of correlated features into principal components")
                .sql(collapseSql)
                .judge("lowest-loss restarts, density ascending: the number of collapsed pairs never decreases", rows -> {
                    if (rows.size() < 3) {
                        return Judgement.nothing("fewer than 3 densities");
                    }
                    List<Rec> asc = new ArrayList<>(rows);
                    asc.sort(java.util.Comparator.comparingDouble(r -> -r.d("sparsity")));
                    boolean ok = true;
                    for (int k = 1; k < asc.size(); k++) {
                        ok &= asc.get(k).l("collapsed") >= asc.get(k - 1).l("collapsed");
                    }
                    return new Judgement(ok, "collapsed pairs by density " + asc.stream().map(r -> fmt(1 - r.d("sparsity"))
                            + ": " + r.l("collapsed")).toList());
                })
                .tolerance("an order: exact")
                .figure(COLLAPSE + "/collapse").build());
        return c;
    }

    private static Judgement share(List<Rec> rows, String label, double min) {
        if (rows.isEmpty()) {
            return Judgement.nothing("no set_geometry rows");
        }
        long n = Judges.count(rows, r -> label.equals(r.s("label")));
        java.util.Map<String, Integer> labels = new java.util.TreeMap<>();
        rows.forEach(r -> labels.merge(r.s("label"), 1, Integer::sum));
        return Judgement.of(n >= min * rows.size(), "%d of %d sets %s (%s)", n, rows.size(), label, labels);
    }

    private static Judgement collapsed(List<Rec> rows, java.util.function.DoublePredicate density, long want) {
        List<Rec> sel = rows.stream().filter(r -> density.test(1 - r.d("sparsity"))).toList();
        if (sel.isEmpty()) {
            return Judgement.nothing("no density in range");
        }
        boolean ok = sel.stream().allMatch(r -> r.l("collapsed") == want);
        return new Judgement(ok, "collapsed pairs " + sel.stream().map(r -> "1-S " + fmt(1 - r.d("sparsity")) + ": "
                + r.l("collapsed")).toList());
    }
}
