package org.tmssweep.spark.claims;

import static org.tmssweep.spark.claims.Claim.claim;
import static org.tmssweep.spark.claims.Judges.fmt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows 16-17 (privileged basis, section "Superposition in a privileged basis") and 18-20 (computation in
 * superposition, section "Computation in superposition"), from the neurons table.
 */
final class NeuronClaims {
    private NeuronClaims() {
    }

    static final String PRIV = "paper-privileged-basis";
    static final String ABS3 = "paper-computation-abs-small";
    static final String ABS100 = "paper-computation-sweep";
    static final String ASYM = "paper-computation-asymmetric";
    static final double ALIGNED = 0.95;

    /** The paper's feature counts per density (1 - S) for n = 10, m = 5, importance 0.75^i. */
    static final Map<Double, Integer> PRIV_FEATURES = new LinkedHashMap<>();

    static {
        PRIV_FEATURES.put(1.0, 5);
        PRIV_FEATURES.put(0.5, 5);
        PRIV_FEATURES.put(0.3, 6);
        PRIV_FEATURES.put(0.2, 6);
        PRIV_FEATURES.put(0.15, 7);
        PRIV_FEATURES.put(0.12, 7);
        PRIV_FEATURES.put(0.08, 8);
        PRIV_FEATURES.put(0.05, 8);
        PRIV_FEATURES.put(0.04, 10);
        PRIV_FEATURES.put(0.02, 10);
    }

    static String semanticsSql(String preset) {
        return "SELECT b.sparsity, count_if(n.semantics = 'monosemantic') AS mono, count_if(n.semantics = 'polysemantic')"
                + " AS poly, count_if(n.semantics = 'dead') AS dead FROM " + Q.best(preset) + " b JOIN neurons n"
                + " USING (sweep_id, point_id, seed) GROUP BY b.sparsity ORDER BY b.sparsity";
    }

    static double alignment(Rec r) {
        double[] e = r.arr("embedding");
        double max = 0;
        for (double v : e) {
            max = Math.max(max, Math.abs(v));
        }
        return max / r.d("norm");
    }

    static List<Claim> all() {
        List<Claim> c = new ArrayList<>();
        c.add(claim("r16.relu-hidden-aligned", 16)
                .says("A ReLU hidden layer makes the basis privileged: features align with neurons.")
                .paper("W basis-aligned: each represented feature read by one neuron (dense)")
                .source("section \"Superposition in a Privileged Basis\"")
                .sql("SELECT f.feature, f.norm, f.embedding FROM features f JOIN " + Q.best(PRIV)
                        + " b USING (sweep_id, point_id, seed) WHERE b.sparsity = 0 AND f.norm > 0.5 ORDER BY f.feature")
                .judge("n = 10, m = 5 ReLU hidden layer at S = 0, lowest-loss restart: every represented feature has"
                        + " max_k |W_kf| / ||W_f|| >= " + fmt(ALIGNED), rows -> {
                            if (rows.isEmpty()) {
                                return Judgement.nothing("no represented feature at S = 0");
                            }
                            long al = Judges.count(rows, r -> alignment(r) >= ALIGNED);
                            return Judgement.of(al == rows.size(), "%d of %d represented features aligned (%s)", al, rows.size(),
                                    rows.stream().map(r -> fmt(alignment(r))).toList());
                        })
                .tolerance("0.95 = within 18 degrees of a neuron's axis; a random direction in 5 dimensions meets it"
                        + " with probability about 1 %")
                .figure(PRIV + "/privileged").build());
        c.add(claim("r16.linear-hidden-not-aligned", 16)
                .says("Without the ReLU (a linear hidden layer) nothing privileges the basis: features are not neuron-aligned.")
                .paper("W an arbitrary rotation: represented features not aligned with the hidden units")
                .source("section \"Superposition in a Privileged Basis\"")
                .sql("SELECT m.sparsity, f.feature, f.norm, f.embedding FROM " + Q.models(BasicClaims.BASIC) + " m JOIN features f"
                        + " USING (sweep_id, point_id, seed) WHERE m.model = 'relu_output' AND f.norm > 0.5")
                .judge("the n = 20, m = 5 ReLU-output models (linear hidden layer), all sparsities: at most 25 % of the"
                        + " represented features with max_k |W_kf| / ||W_f|| >= " + fmt(ALIGNED), rows -> {
                            if (rows.isEmpty()) {
                                return Judgement.nothing("no represented features");
                            }
                            long al = Judges.count(rows, r -> alignment(r) >= ALIGNED);
                            return Judgement.of(al <= 0.25 * rows.size(), "%d of %d represented features aligned", al, rows.size());
                        })
                .tolerance("chance alignment is about 1 % per feature; 25 % leaves room for the few models whose"
                        + " rotation happens to fall near the axes, far below the ReLU layer's 100 %")
                .figure(BasicClaims.BASIC + "/features")
                .differs("the paper compares both layers at n = 10, m = 5; the linear-hidden-layer side here reads the"
                        + " n = 20, m = 5 basic-results models (the same layer, rotation-symmetric)")
                .build());
        c.add(claim("r17.feature-counts", 17)
                .says("n = 10, m = 5 with a ReLU hidden layer: the number of features stored rises in regimes as density falls.")
                .paper("5 at 1 - S >= 0.5; 6 at 0.2-0.5; 7 at 0.12-0.15; 8 at 0.05-0.08; all 10 at <= 0.04")
                .source("section \"Superposition in a Privileged Basis\", figure of the best of 1,000 models per sparsity")
                .sql("SELECT sparsity, represented_features AS rep FROM " + Q.best(PRIV) + " b ORDER BY sparsity")
                .judge("lowest-loss restart per density: represented features (||W_i|| > 0.5) equal the paper's count at every"
                        + " density", rows -> {
                            if (rows.size() != PRIV_FEATURES.size()) {
                                return Judgement.nothing("expected " + PRIV_FEATURES.size() + " densities, got " + rows.size());
                            }
                            boolean ok = true;
                            List<String> parts = new ArrayList<>();
                            for (Rec r : rows) {
                                double p = Math.round((1 - r.d("sparsity")) * 1e6) / 1e6;
                                Integer want = PRIV_FEATURES.get(p);
                                boolean hit = want != null && want == r.l("rep");
                                ok &= hit;
                                parts.add(fmt(p) + ": " + r.l("rep") + (hit ? "" : " (paper " + want + ")"));
                            }
                            return new Judgement(ok, String.join("; ", parts));
                        })
                .tolerance("a count: exact")
                .figure(PRIV + "/privileged")
                .differs("best of 200 restarts per density, not 1,000: 1,000 would take the suite from about 23 to about 45"
                        + " minutes on 2 cores; the two densities that disagree were rerun with 1,000 (below)")
                .build());
        c.add(claim("r17.dense-monosemantic", 17)
                .says("Dense (1 - S >= 0.5), every neuron is monosemantic: one feature each.")
                .paper("5 monosemantic neurons")
                .source("section \"Superposition in a Privileged Basis\"")
                .sql(semanticsSql(PRIV))
                .judge("lowest-loss restart at density >= 0.5: 5 of 5 neurons monosemantic", rows ->
                        semantics(rows, p -> p >= 0.5 - 1e-9, r -> r.l("mono") == 5))
                .tolerance("a count: exact (a neuron stores a feature when |W_kf| >= 0.1 max_f |W_kf|)")
                .figure(PRIV + "/privileged").build());
        c.add(claim("r17.sparse-polysemantic", 17)
                .says("Sparse (1 - S <= 0.08), every neuron is polysemantic.")
                .paper("5 polysemantic neurons")
                .source("section \"Superposition in a Privileged Basis\"")
                .sql(semanticsSql(PRIV))
                .judge("lowest-loss restart at density <= 0.08: 5 of 5 neurons polysemantic", rows ->
                        semantics(rows, p -> p <= 0.08 + 1e-9, r -> r.l("poly") == 5))
                .tolerance("a count: exact")
                .figure(PRIV + "/privileged").build());

        c.add(claim("r18.relu-pairs", 18)
                .says("abs with n = 3, m = 6: each |x_i| computed as ReLU(x_i) + ReLU(-x_i), two neurons per feature.")
                .paper("6 monosemantic neurons, two per feature with read weights of opposite sign")
                .source("section \"Computation in Superposition\", the absolute value toy")
                .sql("SELECT b.sparsity, n.neuron, n.semantics, n.primary_feature, n.primary_weight FROM " + Q.best(ABS3)
                        + " b JOIN neurons n USING (sweep_id, point_id, seed) ORDER BY b.sparsity, n.neuron")
                .judge("lowest-loss restart at each sparsity: every neuron monosemantic, and each feature primary for one"
                        + " neuron with a positive and one with a negative read weight", rows -> {
                            Map<Double, List<Rec>> by = new TreeMap<>(Judges.groupBy(rows, r -> r.d("sparsity")));
                            if (by.isEmpty()) {
                                return Judgement.nothing("no neurons");
                            }
                            boolean ok = true;
                            List<String> parts = new ArrayList<>();
                            for (Map.Entry<Double, List<Rec>> e : by.entrySet()) {
                                boolean mono = e.getValue().stream().allMatch(r -> "monosemantic".equals(r.s("semantics")));
                                boolean pairs = true;
                                for (int f = 0; f < 3; f++) {
                                    int ff = f;
                                    long pos = Judges.count(e.getValue(), r -> r.l("primary_feature") == ff && r.d("primary_weight") > 0);
                                    long neg = Judges.count(e.getValue(), r -> r.l("primary_feature") == ff && r.d("primary_weight") < 0);
                                    pairs &= pos == 1 && neg == 1;
                                }
                                ok &= mono && pairs;
                                parts.add("S " + fmt(e.getKey()) + ": " + e.getValue().stream().map(r -> (r.d("primary_weight") > 0
                                        ? "+" : "-") + r.l("primary_feature")).toList() + (mono ? "" : " (not all monosemantic)"));
                            }
                            return new Judgement(ok, String.join("; ", parts));
                        })
                .tolerance("counts and signs: exact")
                .figure(ABS3 + "/computation").build());
        c.add(claim("r18.exact", 18)
                .says("With two neurons per feature the model computes |x| exactly.")
                .paper("loss about 0")
                .source("section \"Computation in Superposition\"")
                .sql("SELECT sparsity, final_loss FROM " + Q.best(ABS3) + " b ORDER BY sparsity")
                .judge("lowest-loss restart at each sparsity: final_loss <= 1 % of the zero-output loss (1 - S) / 3", rows -> {
                    if (rows.isEmpty()) {
                        return Judgement.nothing("no models");
                    }
                    boolean ok = rows.stream().allMatch(r -> r.d("final_loss") <= 0.01 * (1 - r.d("sparsity")) / 3);
                    return new Judgement(ok, String.join("; ", rows.stream().map(r -> "S " + fmt(r.d("sparsity")) + ": "
                            + fmt(r.d("final_loss")) + " (" + fmt(100 * r.d("final_loss") / ((1 - r.d("sparsity")) / 3))
                            + " % of zero output)").toList()));
                })
                .tolerance("exact computation is possible; 1 % of the loss of outputting 0 leaves the optimiser's residual")
                .figure(ABS3 + "/computation").build());
        c.add(claim("r19.dense-monosemantic", 19)
                .says("abs with n = 100, m = 40: at 1 - S = 1 and 0.3 all neurons are monosemantic.")
                .paper("every neuron monosemantic at 1 - S in {1, 0.3}")
                .source("section \"Computation in Superposition\", figure of neurons across sparsity")
                .sql(semanticsSql(ABS100))
                .judge("lowest-loss restart at density >= 0.3: no polysemantic neuron", rows ->
                        semantics(rows, p -> p >= 0.3 - 1e-9, r -> r.l("poly") == 0))
                .tolerance("a count: exact")
                .figure(ABS100 + "/computation").build());
        c.add(claim("r19.sparse-polysemantic", 19)
                .says("At 1 - S = 0.001 all neurons are (highly) polysemantic.")
                .paper("every neuron polysemantic at 1 - S = 0.001")
                .source("section \"Computation in Superposition\"")
                .sql(semanticsSql(ABS100))
                .judge("lowest-loss restart at density 0.001: at least 90 % of the live neurons polysemantic", rows ->
                        semantics(rows, p -> Math.abs(p - 0.001) < 1e-9,
                                r -> r.l("poly") + r.l("mono") > 0 && r.l("poly") >= 0.9 * (r.l("poly") + r.l("mono"))))
                .tolerance("one neuron in ten may stay monosemantic on the most important feature")
                .figure(ABS100 + "/computation").build());
        c.add(claim("r19.polysemanticity-grows", 19)
                .says("Polysemantic neurons become more numerous as sparsity grows.")
                .paper("polysemantic share rises from 0 (dense) to all (1 - S = 0.001)")
                .source("section \"Computation in Superposition\"")
                .sql(semanticsSql(ABS100))
                .judge("lowest-loss restarts: Spearman correlation of sparsity and the polysemantic share of live neurons >= 0.9",
                        rows -> {
                            if (rows.size() < 4) {
                                return Judgement.nothing("fewer than 4 sparsities");
                            }
                            double[] share = rows.stream().mapToDouble(r -> r.d("poly") / Math.max(1, r.d("poly") + r.d("mono"))).toArray();
                            double rho = Judges.spearman(Judges.column(rows, "sparsity"), share);
                            List<String> s = new ArrayList<>();
                            for (double v : share) {
                                s.add(fmt(v));
                            }
                            return Judgement.of(rho >= 0.9, "polysemantic share %s; Spearman %s", s, fmt(rho));
                        })
                .tolerance("0.9: a near-monotone rise, one swap of neighbours allowed")
                .figure(ABS100 + "/computation").build());
        c.add(claim("r20.asymmetric-motif", 20)
                .says("Asymmetric superposition: one neuron reads two features as [1, -a] and writes the weak one back"
                        + " with the larger weight (the paper's [2, -1/2] / [1/2, 2]).")
                .paper("a neuron with read weights [1, -a], 0 < a < 0.7, and write weights [c, d], d > max(1, 2c)")
                .source("section \"Computation in Superposition\", the asymmetric superposition motif")
                .sql("SELECT b.sparsity, b.seed, n.neuron, n.weights, n.readout_weights FROM " + Q.models(ASYM)
                        + " b JOIN neurons n USING (sweep_id, point_id, seed) ORDER BY b.sparsity, b.seed, n.neuron")
                .judge("in some trained model (any restart, any sparsity; the paper shows one model): a neuron storing"
                        + " exactly two features (|w| >= 0.1) with read [1, -a], 0 < a < 0.7, whose write weight on the weak"
                        + " feature is > 1 and > 2x the strong one's", NeuronClaims::motif)
                .tolerance("the paper's numbers are an example ([2, -1/2]); the criterion keeps their shape: opposite"
                        + " signs, a weak read, a write at least twice as large on the weak feature")
                .figure(ASYM + "/computation")
                .differs("the paper does not give the model it took the motif from; the preset is n = 8, m = 6,"
                        + " importance 0.8^i, 1 - S in {0.1, 0.03, 0.01}, 10 restarts")
                .build());
        return c;
    }

    static Judgement motif(List<Rec> rows) {
        if (rows.isEmpty()) {
            return Judgement.nothing("no neurons");
        }
        List<String> found = new ArrayList<>();
        for (Rec r : rows) {
            double[] read = r.arr("weights");
            double[] write = r.arr("readout_weights");
            if (write.length != read.length) {
                continue;
            }
            int strong = -1;
            int stored = 0;
            for (int f = 0; f < read.length; f++) {
                if (Math.abs(read[f]) >= 0.1) {
                    stored++;
                    if (Math.abs(read[f]) > 0.99) {
                        strong = f;
                    }
                }
            }
            int weak = -1;
            for (int f = 0; strong >= 0 && f < read.length; f++) {
                if (Math.abs(read[f]) >= 0.1 && read[f] * read[strong] < 0) {
                    weak = f;
                }
            }
            if (stored == 2 && weak >= 0 && Math.abs(read[weak]) < 0.7 && write[weak] > 1 && write[weak] > 2 * write[strong]) {
                found.add("S " + fmt(r.d("sparsity")) + " seed " + r.l("seed") + " neuron " + r.l("neuron") + ": read [" + fmt(read[strong]) + ", "
                        + fmt(read[weak]) + "], write [" + fmt(write[strong]) + ", " + fmt(write[weak]) + "]");
            }
        }
        return new Judgement(!found.isEmpty(), found.isEmpty() ? "no neuron with the motif among " + rows.size()
                : found.size() + " neurons: " + String.join("; ", found));
    }

    private static Judgement semantics(List<Rec> rows, java.util.function.DoublePredicate density,
            java.util.function.Predicate<Rec> ok) {
        List<Rec> sel = rows.stream().filter(r -> density.test(1 - r.d("sparsity"))).toList();
        if (sel.isEmpty()) {
            return Judgement.nothing("no density in range");
        }
        boolean pass = sel.stream().allMatch(ok);
        return new Judgement(pass, "mono/poly/dead " + sel.stream().map(r -> "1-S " + fmt(1 - r.d("sparsity")) + ": "
                + r.l("mono") + "/" + r.l("poly") + "/" + r.l("dead")).toList());
    }
}
