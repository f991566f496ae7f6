package org.tmssweep.spark.claims;

import static org.tmssweep.spark.claims.Claim.claim;
import static org.tmssweep.spark.claims.Judges.fmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rows 1-4: the intro figure and the basic results (section "Demonstrating superposition"). */
final class BasicClaims {
    private BasicClaims() {
    }

    /** Closed-form dense optimum of the notebook loss: Var(1) = 1/12 times the importance left out, over n. */
    static double denseOptimum(int n, int m, double decay) {
        double left = 0;
        for (int i = m; i < n; i++) {
            left += Math.pow(decay, i);
        }
        return left / 12 / n;
    }

    static final String INTRO = "paper-intro";
    static final String BASIC = "paper-basic-results";
    static final String LARGE = "paper-basic-results-large";
    static final String NB100 = "paper-features-vs-sparsity";

    static List<Claim> all() {
        List<Claim> c = new ArrayList<>();
        double introOpt = denseOptimum(5, 2, 0.9);
        c.add(claim("r01.dense-orthogonal-pair", 1)
                .says("Dense (S = 0): the two most important features get orthogonal dimensions; the other three are not embedded.")
                .paper("features 0, 1 with norm 1 and D = 1; features 2-4 norm 0")
                .source("Introduction, figure \"As sparsity increases, models use superposition\" (left panel)")
                .sql("SELECT f.feature, f.norm, f.dimensionality FROM features f JOIN " + Q.best(INTRO)
                        + " b USING (sweep_id, point_id, seed) WHERE b.sparsity = 0 ORDER BY f.feature")
                .judge("lowest-loss seed at S = 0: norm of features 0 and 1 in [0.9, 1.1] with D >= 0.98; features 2-4 norm < 0.5",
                        rows -> {
                            if (rows.size() != 5) {
                                return Judgement.nothing("expected 5 features at S = 0, got " + rows.size());
                            }
                            boolean ok = true;
                            List<String> parts = new ArrayList<>();
                            for (Rec r : rows) {
                                int f = r.i("feature");
                                double norm = r.d("norm");
                                parts.add("|W" + f + "| " + fmt(norm) + (f < 2 ? " D " + fmt(r.d("dimensionality")) : ""));
                                ok &= f < 2 ? norm >= 0.9 && norm <= 1.1 && r.d("dimensionality") >= 0.98 : norm < 0.5;
                            }
                            return new Judgement(ok, String.join("; ", parts));
                        })
                .tolerance("0.5 is the represented / not-represented cut of the tables (paper: norms near 1 vs near 0);"
                        + " D >= 0.98 allows the 2 % interference weight decay and finite training leave")
                .figure(INTRO + "/embeddings").build());
        c.add(claim("r01.dense-optimum", 1)
                .says("The dense model is the linear optimum: keep the top m features (PCA).")
                .paper("loss " + fmt(introOpt) + " (closed form: Var(1) sum_{i>=2} 0.9^i / n)")
                .source("section \"Demonstrating Superposition\" (linear models learn the top m features); closed form: docs/paper.md")
                .sql("SELECT final_loss FROM " + Q.best(INTRO) + " b WHERE sparsity = 0")
                .judge("lowest-loss seed's final_loss within 2 % of the closed form",
                        rows -> rows.size() != 1 ? Judgement.nothing("no S = 0 model")
                                : Judgement.of(Judges.withinRelative(rows.get(0).d("final_loss"), introOpt, 0.02),
                                        "%s (%+.2f %%)", fmt(rows.get(0).d("final_loss")),
                                        100 * (rows.get(0).d("final_loss") / introOpt - 1)))
                .tolerance("final_loss is measured on 16,384 fresh samples: about 1 % sampling error; 2 % is two of those")
                .figure(INTRO + "/embeddings").build());
        c.add(claim("r01.antipodal-pairs", 1)
                .says("At 80 % sparsity the four most important features form two antipodal pairs; the least important is not embedded.")
                .paper("two digons over features 0-3, feature 4 dropped (S = 0.8)")
                .source("Introduction, figure \"As sparsity increases, models use superposition\" (middle panel)")
                .sql("SELECT p.label, p.members FROM polytopes p JOIN " + Q.best(INTRO)
                        + " b USING (sweep_id, point_id, seed) WHERE abs(b.sparsity - 0.810676) < 1e-6 ORDER BY p.component")
                .judge("lowest-loss seed at S = 0.81 (the grid point nearest 0.8): exactly two components, both digons,"
                        + " together features {0, 1, 2, 3}", rows -> {
                            if (rows.isEmpty()) {
                                return Judgement.nothing("no polytopes at S = 0.81");
                            }
                            List<String> parts = new ArrayList<>();
                            java.util.TreeSet<Integer> members = new java.util.TreeSet<>();
                            boolean digons = true;
                            for (Rec r : rows) {
                                parts.add(r.s("label") + "[" + r.s("members") + "]");
                                digons &= "digon".equals(r.s("label"));
                                for (String m : r.s("members").split(",")) {
                                    members.add(Integer.parseInt(m.trim()));
                                }
                            }
                            boolean ok = rows.size() == 2 && digons && members.equals(new java.util.TreeSet<>(List.of(0, 1, 2, 3)));
                            return new Judgement(ok, String.join(" + ", parts));
                        })
                .tolerance("a census label, no tolerance beyond the census's own (|cos| >= 0.1 links features)")
                .figure(INTRO + "/embeddings").build());
        c.add(claim("r01.pentagon", 1)
                .says("At 90 % sparsity all five features are embedded as a pentagon.")
                .paper("one pentagon of all 5 features, D_i = 2/5, at S = 0.9 and sparser")
                .source("Introduction, figure \"As sparsity increases, models use superposition\" (right panel)")
                .sql("SELECT b.sparsity, p.label, p.members, p.mean_dimensionality FROM polytopes p JOIN " + Q.best(INTRO)
                        + " b USING (sweep_id, point_id, seed) WHERE b.sparsity >= 0.9 ORDER BY b.sparsity, p.component")
                .judge("lowest-loss seed at every S >= 0.9 (0.903, 0.930, 0.95): one pentagon of features 0-4 with mean D within 0.03 of 2/5",
                        rows -> {
                            Map<Double, List<Rec>> by = new TreeMap<>(Judges.groupBy(rows, r -> r.d("sparsity")));
                            if (by.size() < 3) {
                                return Judgement.nothing("expected 3 sparsities >= 0.9, got " + by.size());
                            }
                            boolean ok = true;
                            List<String> parts = new ArrayList<>();
                            for (Map.Entry<Double, List<Rec>> e : by.entrySet()) {
                                List<Rec> comps = e.getValue();
                                Rec r = comps.get(0);
                                boolean pent = comps.size() == 1 && "pentagon".equals(r.s("label"))
                                        && Math.abs(r.d("mean_dimensionality") - 0.4) <= 0.03;
                                ok &= pent;
                                parts.add("S " + fmt(e.getKey()) + ": " + (comps.size() == 1
                                        ? r.s("label") + " D " + fmt(r.d("mean_dimensionality")) : comps.size() + " components"));
                            }
                            return new Judgement(ok, String.join("; ", parts));
                        })
                .tolerance("the paper's pentagon is regular (D = 2/5 exactly); 0.03 allows the unequal importances (0.9^i),"
                        + " which make it slightly irregular")
                .figure(INTRO + "/embeddings").build());

        double basicOpt = denseOptimum(20, 5, 0.7);
        c.add(claim("r02.linear-top-m", 2)
                .says("The linear model always learns the top m = 5 features, whatever the sparsity.")
                .paper("5 represented features, the 5 most important, at every S")
                .source("section \"Demonstrating Superposition\", figure of linear vs ReLU output models")
                .sql("SELECT m.sparsity, count_if(f.norm > 0.5) AS rep, count_if(f.norm > 0.5 AND f.feature < 5) AS top"
                        + " FROM " + Q.models(BASIC) + " m JOIN features f USING (sweep_id, point_id, seed)"
                        + " WHERE m.model = 'linear' GROUP BY m.sparsity ORDER BY m.sparsity")
                .judge("at every sparsity exactly 5 features with ||W_i|| > 0.5, and they are features 0-4", BasicClaims::topM5)
                .tolerance("a count: exact")
                .figure(BASIC + "/features").build());
        c.add(claim("r02.dense-relu-is-linear", 2)
                .says("Dense, the ReLU output model learns what the linear one does: the top 5 features, at the PCA loss.")
                .paper("5 features (0-4); loss " + fmt(basicOpt) + " (closed form)")
                .source("section \"Demonstrating Superposition\"; closed form: docs/paper.md")
                .sql("SELECT m.final_loss, count_if(f.norm > 0.5) AS rep, count_if(f.norm > 0.5 AND f.feature < 5) AS top"
                        + " FROM " + Q.models(BASIC) + " m JOIN features f USING (sweep_id, point_id, seed)"
                        + " WHERE m.model = 'relu_output' AND m.sparsity = 0 GROUP BY m.point_id, m.seed, m.final_loss")
                .judge("ReLU model at S = 0: features 0-4 represented, no other, final_loss within 2 % of the closed form", rows -> {
                    if (rows.size() != 1) {
                        return Judgement.nothing("expected one dense ReLU model, got " + rows.size());
                    }
                    Rec r = rows.get(0);
                    boolean ok = r.l("rep") == 5 && r.l("top") == 5 && Judges.withinRelative(r.d("final_loss"), basicOpt, 0.02);
                    return Judgement.of(ok, "%d represented (%d of the top 5); loss %s (%+.2f %%)", r.l("rep"), r.l("top"),
                            fmt(r.d("final_loss")), 100 * (r.d("final_loss") / basicOpt - 1));
                })
                .tolerance("final_loss is measured on 16,384 fresh samples: about 1 % sampling error; 2 % is two of those")
                .figure(BASIC + "/features").build());
        c.add(superpositionGrows("r02.superposition-grows", 2, BASIC, 5,
                "section \"Demonstrating Superposition\", figure of ReLU output models across sparsity"));
        c.add(claim("r02.least-important-first", 2)
                .says("Superposition starts with the least important features: the most important keep dedicated dimensions.")
                .paper("at the first sparsity with superposition, the dedicated features are the most important ones")
                .source("section \"Demonstrating Superposition\"")
                .sql("SELECT m.sparsity, f.feature, f.norm, f.dimensionality FROM " + Q.models(BASIC) + " m JOIN features f"
                        + " USING (sweep_id, point_id, seed) WHERE m.model = 'relu_output' AND f.norm > 0.5 ORDER BY m.sparsity, f.feature")
                .judge("at the lowest sparsity with more than 5 represented features: every dedicated feature (D >= 0.9)"
                        + " is more important (lower index) than every feature in superposition (D < 0.9), and both kinds exist",
                        rows -> {
                            for (Map.Entry<Double, List<Rec>> e : new TreeMap<>(Judges.groupBy(rows, r -> r.d("sparsity"))).entrySet()) {
                                if (e.getValue().size() <= 5) {
                                    continue;
                                }
                                List<Integer> dedicated = new ArrayList<>();
                                List<Integer> shared = new ArrayList<>();
                                for (Rec r : e.getValue()) {
                                    (r.d("dimensionality") >= 0.9 ? dedicated : shared).add(r.i("feature"));
                                }
                                boolean ok = !dedicated.isEmpty() && !shared.isEmpty()
                                        && dedicated.stream().mapToInt(Integer::intValue).max().getAsInt()
                                        < shared.stream().mapToInt(Integer::intValue).min().getAsInt();
                                return Judgement.of(ok, "S %s: dedicated %s; in superposition %s", fmt(e.getKey()),
                                        dedicated, shared);
                            }
                            return Judgement.nothing("no sparsity with more than 5 represented features");
                        })
                .tolerance("D >= 0.9 separates a dedicated dimension (D = 1) from the largest shared fraction (3/4 and below)")
                .figure(BASIC + "/features").build());
        c.add(claim("r02.antipodal-first", 2)
                .says("Features enter superposition first as antipodal pairs, later as other polytopes.")
                .paper("at the first sparsity with superposition every shared component is a digon")
                .source("section \"Demonstrating Superposition\"")
                .sql("SELECT m.sparsity, p.label, p.members FROM " + Q.models(BASIC) + " m JOIN polytopes p"
                        + " USING (sweep_id, point_id, seed) WHERE m.model = 'relu_output' ORDER BY m.sparsity, p.component")
                .judge("at the lowest sparsity with a component of 2 or more features, all such components are digons", rows -> {
                    for (Map.Entry<Double, List<Rec>> e : new TreeMap<>(Judges.groupBy(rows, r -> r.d("sparsity"))).entrySet()) {
                        List<String> shared = e.getValue().stream().filter(r -> !"dedicated".equals(r.s("label")))
                                .map(r -> r.s("label") + "[" + r.s("members") + "]").toList();
                        if (!shared.isEmpty()) {
                            boolean ok = shared.stream().allMatch(s -> s.startsWith("digon["));
                            return Judgement.of(ok, "S %s: %s", fmt(e.getKey()), Judges.list(shared));
                        }
                    }
                    return Judgement.nothing("no shared component at any sparsity");
                })
                .tolerance("a census label, no tolerance beyond the census's own")
                .figure(BASIC + "/features").build());
        c.add(claim("r02.negative-biases", 2)
                .says("At high sparsity all represented features are in superposition, with negative biases.")
                .paper("b_i < 0 for the represented features at 1 - S = 0.001")
                .source("section \"Demonstrating Superposition\"")
                .sql("SELECT f.feature, f.bias FROM " + Q.models(BASIC) + " m JOIN features f USING (sweep_id, point_id, seed)"
                        + " WHERE m.model = 'relu_output' AND m.sparsity = 0.999 AND f.norm > 0.5 ORDER BY f.feature")
                .judge("ReLU model at S = 0.999: every represented feature has b_i < 0", rows -> {
                    if (rows.isEmpty()) {
                        return Judgement.nothing("no represented feature at S = 0.999");
                    }
                    long neg = Judges.count(rows, r -> r.d("bias") < 0);
                    double max = rows.stream().mapToDouble(r -> r.d("bias")).max().getAsDouble();
                    return Judgement.of(neg == rows.size(), "%d of %d represented features have b < 0 (largest b %s)",
                            neg, rows.size(), fmt(max));
                })
                .tolerance("a sign: exact")
                .figure(BASIC + "/features").build());

        c.add(claim("r03.linear-top-m", 3)
                .says("Larger model (n = 80, m = 20): the linear model keeps exactly the top 20 features.")
                .paper("D* = 1 and the top 20 features represented at every S")
                .source("section \"Demonstrating Superposition\" (\"essentially a rescaled version\")")
                .sql("SELECT m.sparsity, m.dims_per_feature, count_if(f.norm > 0.5 AND f.feature < 20) AS top FROM "
                        + Q.models(LARGE) + " m JOIN features f USING (sweep_id, point_id, seed) WHERE m.model = 'linear'"
                        + " GROUP BY m.sparsity, m.dims_per_feature ORDER BY m.sparsity")
                .judge("at every sparsity D* within 0.02 of 1 and all of features 0-19 with ||W_i|| > 0.5", rows -> {
                    if (rows.isEmpty()) {
                        return Judgement.nothing("no linear models");
                    }
                    boolean ok = rows.stream().allMatch(r -> Math.abs(r.d("dims_per_feature") - 1) <= 0.02 && r.l("top") == 20);
                    return new Judgement(ok, String.join("; ", rows.stream().map(r -> "S " + fmt(r.d("sparsity"))
                            + ": D* " + fmt(r.d("dims_per_feature")) + ", top " + r.l("top")).toList()));
                })
                .tolerance("D* of an exact rank-20 projection is 1; 0.02 allows the weight decay's shrinkage")
                .figure(LARGE + "/features").build());
        c.add(claim("r03.rescaled", 3)
                .says("The n = 80, m = 20 ReLU model is \"essentially a rescaled version\" of the n = 20, m = 5 one.")
                .paper("4x the represented features of the n = 20, m = 5 model at each sparsity (m and n both 4x)")
                .source("section \"Demonstrating Superposition\"")
                .sql("SELECT a.sparsity, a.represented_features AS small, b.represented_features AS large FROM " + Q.models(BASIC)
                        + " a JOIN " + Q.models(LARGE) + " b ON a.sparsity = b.sparsity AND a.model = b.model"
                        + " WHERE a.model = 'relu_output' ORDER BY a.sparsity")
                .judge("at every shared sparsity, represented features of n = 80 within 25 % of 4x those of n = 20", rows -> {
                    if (rows.size() < 3) {
                        return Judgement.nothing("fewer than 3 shared sparsities");
                    }
                    boolean ok = rows.stream().allMatch(r -> Judges.withinRelative(r.d("large"), 4 * r.d("small"), 0.25));
                    return new Judgement(ok, "n = 80 / (4 x n = 20): " + String.join(", ", rows.stream().map(r ->
                            r.l("large") + "/" + 4 * r.l("small")).toList()));
                })
                .tolerance("the importance profiles differ (0.7^i over 20 features, 0.9^i over 80), so the counts can only"
                        + " scale, not match; 25 % is one feature in four")
                .figure(LARGE + "/represented").build());
        c.add(superpositionGrows("r03.superposition-grows", 3, LARGE, 20, "section \"Demonstrating Superposition\""));

        c.add(claim("r04.dense-exactly-m", 4)
                .says("Notebook figure (n = 100, m = 20, importance 100^-i/99): the dense model represents exactly 20 features.")
                .paper("20 features, the 20 most important, at 1 - S = 1")
                .source("paper notebook, \"Visualizing features across varying sparsity\"")
                .sql("SELECT count_if(f.norm > 0.5) AS rep, count_if(f.norm > 0.5 AND f.feature < 20) AS top FROM "
                        + Q.models(NB100) + " m JOIN features f USING (sweep_id, point_id, seed) WHERE m.sparsity = 0"
                        + " GROUP BY m.point_id, m.seed")
                .judge("at S = 0 exactly 20 features with ||W_i|| > 0.5, and they are features 0-19", rows -> rows.size() != 1
                        ? Judgement.nothing("expected one dense model")
                        : Judgement.of(rows.get(0).l("rep") == 20 && rows.get(0).l("top") == 20, "%d represented, %d of the top 20",
                                rows.get(0).l("rep"), rows.get(0).l("top")))
                .tolerance("a count: exact")
                .figure(NB100 + "/features").build());
        c.add(superpositionGrows("r04.superposition-grows", 4, NB100, 20, "paper notebook, \"Visualizing features across varying sparsity\""));
        return c;
    }

    /** Represented features rise with sparsity from m (dense), and D* ends below 1/2. */
    static Claim superpositionGrows(String id, int row, String preset, int m, String source) {
        return claim(id, row)
                .says("As sparsity rises, the ReLU output model represents more features than dimensions (superposition).")
                .paper("m represented features when dense, more and more as S grows; D* below 1/2 when very sparse")
                .source(source)
                .sql("SELECT sparsity, represented_features AS rep, dims_per_feature FROM " + Q.models(preset)
                        + " WHERE model = 'relu_output' ORDER BY sparsity")
                .judge("represented features = " + m + " at S = 0; Spearman correlation of sparsity and represented features"
                        + " >= 0.8; D* < 1/2 at the sparsest point", rows -> {
                            if (rows.size() < 3 || rows.get(0).d("sparsity") != 0) {
                                return Judgement.nothing("need S = 0 and at least 3 sparsities");
                            }
                            double rho = Judges.spearman(Judges.column(rows, "sparsity"), Judges.column(rows, "rep"));
                            Rec last = rows.get(rows.size() - 1);
                            boolean ok = rows.get(0).l("rep") == m && rho >= 0.8 && last.d("dims_per_feature") < 0.5;
                            return Judgement.of(ok, "represented %s; Spearman %s; D* at S = %s: %s",
                                    rows.stream().map(r -> String.valueOf(r.l("rep"))).toList(), fmt(rho),
                                    fmt(last.d("sparsity")), fmt(last.d("dims_per_feature")));
                        })
                .tolerance("a rank correlation of 0.8 allows one or two points out of order (restart noise), not a flat"
                        + " or falling trend")
                .figure(preset + "/represented").build();
    }

    private static Judgement topM5(List<Rec> rows) {
        if (rows.isEmpty()) {
            return Judgement.nothing("no linear models");
        }
        boolean ok = rows.stream().allMatch(r -> r.l("rep") == 5 && r.l("top") == 5);
        return new Judgement(ok, String.join("; ", rows.stream().map(r -> "S " + fmt(r.d("sparsity")) + ": "
                + r.l("rep") + " (" + r.l("top") + " of top 5)").toList()));
    }
}
