package org.tmssweep.spark.claims;

import static org.tmssweep.spark.claims.Claim.claim;
import static org.tmssweep.spark.claims.Judges.fmt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows 7-8 (uniform superposition: dimensions per feature and feature dimensionality, section "The geometry
 * of superposition") and row 15 (adversarial vulnerability, measured on the same uniform-superposition sweeps).
 */
final class GeometryClaims {
    private GeometryClaims() {
    }

    static final String G20 = "paper-geometry-notebook";
    static final String G30 = "paper-geometry";
    static final String BOTH = "sweep_id IN ({" + G20 + "}, {" + G30 + "})";

    /** The paper's sticky fractions of feature dimensionality below 1, with the polytope each belongs to. */
    static final Map<String, Double> STICKY = new LinkedHashMap<>();

    static {
        STICKY.put("3/4", 0.75);
        STICKY.put("2/3", 2.0 / 3);
        STICKY.put("1/2", 0.5);
        STICKY.put("2/5", 0.4);
        STICKY.put("3/8", 0.375);
    }

    /** Half-width of the band counted as "at" a fraction, and where the side bands start and end. */
    static final double BAND = 0.005;
    static final double SIDE_FROM = 0.01;
    static final double SIDE_TO = 0.015;

    static List<Claim> all() {
        List<Claim> c = new ArrayList<>();
        c.add(claim("r07.dense-optimum", 7)
                .says("Dense (S = 0) with equal importances the model is a rank-m projection: the PCA loss.")
                .paper("final_loss (n - m) / n / 12: 0.0750 (n = 200, m = 20), 0.07708 (n = 400, m = 30)")
                .source("section \"The Geometry of Superposition\" (dense end of the D* figure); closed form: docs/paper.md")
                .sql("SELECT n_features, n_hidden, final_loss FROM models WHERE " + BOTH + " AND status = 'ok' AND sparsity = 0"
                        + " ORDER BY n_features")
                .judge("both sweeps' dense model within 2 % of (n - m) / (12 n)", rows -> {
                    if (rows.size() != 2) {
                        return Judgement.nothing("expected the dense model of both sweeps, got " + rows.size());
                    }
                    boolean ok = true;
                    List<String> parts = new ArrayList<>();
                    for (Rec r : rows) {
                        double opt = (r.d("n_features") - r.d("n_hidden")) / r.d("n_features") / 12;
                        ok &= Judges.withinRelative(r.d("final_loss"), opt, 0.02);
                        parts.add(String.format(java.util.Locale.ROOT, "n = %d: %s vs %s (%+.2f %%)", r.l("n_features"),
                                fmt(r.d("final_loss")), fmt(opt), 100 * (r.d("final_loss") / opt - 1)));
                    }
                    return new Judgement(ok, String.join("; ", parts));
                })
                .tolerance("final_loss is measured on 16,384 fresh samples: about 1 % sampling error; 2 % is two of those")
                .figure(G20 + "/dimensionality").build());
        c.add(claim("r07.dense-one", 7)
                .says("D* = m / ||W||_F^2 sticks at 1 while the features are dense.")
                .paper("D* = 1 at 1 / (1 - S) = 1")
                .source("section \"The Geometry of Superposition\", figure \"Number of Hidden Dimensions per Embedded Feature\"")
                .sql("SELECT n_features, dims_per_feature FROM models WHERE " + BOTH + " AND status = 'ok' AND sparsity = 0"
                        + " ORDER BY n_features")
                .judge("both sweeps' dense model has D* within 0.02 of 1", rows -> rows.size() != 2
                        ? Judgement.nothing("expected the dense model of both sweeps")
                        : new Judgement(rows.stream().allMatch(r -> Math.abs(r.d("dims_per_feature") - 1) <= 0.02),
                                String.join("; ", rows.stream().map(r -> "n = " + r.l("n_features") + ": D* "
                                        + fmt(r.d("dims_per_feature"))).toList())))
                .tolerance("an orthogonal projection has ||W||_F^2 = m exactly; 0.02 allows the weight decay's shrinkage")
                .figure(G20 + "/dimensionality").build());
        c.add(claim("r07.half-plateau", 7)
                .says("D* is \"sticky\" at 1/2 (antipodal pairs) over a range of sparsity.")
                .paper("a plateau of D* at 1/2")
                .source("section \"The Geometry of Superposition\", figure \"Number of Hidden Dimensions per Embedded Feature\"")
                .sql("SELECT sparsity, dims_per_feature FROM models WHERE sweep_id = {" + G20 + "} AND status = 'ok' ORDER BY sparsity")
                .judge("n = 200, m = 20 (20 densities, log-spaced): at least 3 of them with |D* - 1/2| <= 0.03", rows -> {
                    List<Rec> at = rows.stream().filter(r -> Math.abs(r.d("dims_per_feature") - 0.5) <= 0.03).toList();
                    return Judgement.of(rows.size() >= 10 && at.size() >= 3, "%d densities at 1/2 (1/(1-S) = %s)", at.size(),
                            Judges.list(at.stream().map(r -> fmt(1 / (1 - r.d("sparsity")))).toList()));
                })
                .tolerance("D* falls from 1 to about 0.14 over the grid's 19 steps; without stickiness it would cross"
                        + " the +-0.03 band in about one step, so 3 points means a plateau")
                .figure(G20 + "/dimensionality").build());
        c.add(claim("r07.n-irrelevant", 7)
                .says("n is irrelevant once n >> m: D* depends on the sparsity alone (doubling m doubles the features).")
                .paper("the same D* at the same 1/(1 - S) for n = 200, m = 20 and n = 400, m = 30")
                .source("section \"The Geometry of Superposition\"")
                .sql("SELECT a.sparsity, a.dims_per_feature AS g20, b.dims_per_feature AS g30 FROM models a JOIN models b"
                        + " ON a.sparsity = b.sparsity WHERE a.sweep_id = {" + G20 + "} AND b.sweep_id = {" + G30 + "}"
                        + " AND a.status = 'ok' AND b.status = 'ok' AND a.sparsity > 0 ORDER BY a.sparsity")
                .judge("at every shared S > 0, D* of the two sweeps within 10 % of each other", rows -> {
                    if (rows.isEmpty()) {
                        return Judgement.nothing("no shared sparsity");
                    }
                    boolean ok = rows.stream().allMatch(r -> Judges.withinRelative(r.d("g30"), r.d("g20"), 0.1));
                    return new Judgement(ok, String.join("; ", rows.stream().map(r -> "S " + fmt(r.d("sparsity")) + ": "
                            + fmt(r.d("g20")) + " vs " + fmt(r.d("g30"))).toList()));
                })
                .tolerance("one model each; the paper says \"essentially\" the same, 10 % allows a single seed's spread")
                .figure(G30 + "/dimensionality").build());
        c.add(claim("r08.sum-d-equals-m", 8)
                .says("Feature dimensionalities add up to the dimensions: sum_i D_i = m.")
                .paper("sum_i D_i = m for every model")
                .source("section \"The Geometry of Superposition\", feature dimensionality")
                .sql("SELECT m.sweep_id, m.sparsity, m.n_hidden, sum(CASE WHEN isnan(f.dimensionality) THEN 0 ELSE"
                        + " f.dimensionality END) AS sum_d FROM models m JOIN features f USING (sweep_id, point_id, seed)"
                        + " WHERE m." + BOTH.replace("sweep_id IN", "sweep_id IN") + " AND m.status = 'ok'"
                        + " GROUP BY m.sweep_id, m.point_id, m.seed, m.sparsity, m.n_hidden")
                .judge("|sum_i D_i - m| <= 5 % of m in at least 90 % of the models of both sweeps", rows -> {
                    if (rows.isEmpty()) {
                        return Judgement.nothing("no models");
                    }
                    long ok = Judges.count(rows, r -> Math.abs(r.d("sum_d") - r.d("n_hidden")) <= 0.05 * r.d("n_hidden"));
                    double worst = rows.stream().mapToDouble(r -> Math.abs(r.d("sum_d") / r.d("n_hidden") - 1)).max().getAsDouble();
                    return Judgement.of(ok >= 0.9 * rows.size(), "%d of %d models within 5 %% (largest deviation %.1f %%)", ok,
                            rows.size(), 100 * worst);
                })
                .tolerance("the paper states it empirically, for efficient packings; 5 % of m and one model in ten allow"
                        + " the not-quite-converged ones")
                .figure(G20 + "/dimensionality").build());
        c.add(claim("r08.sticky-fractions", 8)
                .says("Feature dimensionalities cluster at the polytope fractions 3/4, 2/3, 1/2, 2/5 and 3/8.")
                .paper("clusters (\"lines\") at 3/4 (tetrahedron), 2/3 (triangle), 1/2 (digon), 2/5 (pentagon), 3/8 (square antiprism)")
                .source("section \"The Geometry of Superposition\", figure of feature dimensionality against sparsity")
                .sql("SELECT f.dimensionality FROM models m JOIN features f USING (sweep_id, point_id, seed) WHERE m."
                        + BOTH + " AND m.status = 'ok' AND m.sparsity > 0 AND f.norm > 0.5")
                .judge("for each fraction, more D_i within +-" + fmt(BAND) + " of it than in the two side bands " + fmt(SIDE_FROM)
                        + "-" + fmt(SIDE_TO) + " away (the same total width): a local peak of the distribution, at every fraction",
                        GeometryClaims::peaks)
                .tolerance("a cluster is a local maximum of the D_i distribution; the bands are narrow enough that 2/5 and"
                        + " 3/8 (0.025 apart) do not count each other")
                .figure(G20 + "/dimensionality").build());
        c.add(claim("r08.tegum-factors", 8)
                .says("Polytopes split into tegum factors with their own fractions: digons, triangles, tetrahedra, pentagons.")
                .paper("components of 2 in 1 (1/2), 3 in 2 (2/3), 4 in 3 (3/4) and 5 in 2 (2/5) dimensions")
                .source("section \"The Geometry of Superposition\", \"non-uniform superposition\" and tegum products")
                .sql("SELECT p.label, count(*) AS n, percentile(abs(p.mean_dimensionality - p.ideal), 0.5) AS median_err"
                        + " FROM polytopes p WHERE p." + BOTH + " AND p.label IN ('digon', 'triangle', 'tetrahedron', 'pentagon')"
                        + " GROUP BY p.label ORDER BY p.label")
                .judge("each of digon, triangle, tetrahedron, pentagon found, with the median |mean D - ideal| <= 0.05", rows -> {
                    boolean ok = rows.size() == 4 && rows.stream().allMatch(r -> r.d("median_err") <= 0.05);
                    return Judgement.of(ok, "%s", rows.isEmpty() ? "none found" : String.join("; ", rows.stream().map(r ->
                            r.s("label") + " " + r.l("n") + " (median error " + fmt(r.d("median_err")) + ")").toList()));
                })
                .tolerance("0.05 is half the gap between neighbouring fractions above 1/2 (2/3 vs 3/4 differ by 0.083)")
                .figure(G20 + "/polytopes").build());

        c.add(claim("r15.rises-sharply", 15)
                .says("Adversarial vulnerability rises sharply once superposition forms.")
                .paper("more than 3x the vulnerability of a model without superposition")
                .source("section \"Relationship to Adversarial Robustness\", figure \"Vulnerability to Adversarial Examples (Relative to Non-Superposition Model)\"")
                .sql("SELECT sparsity, vulnerability, features_per_dim FROM attacks WHERE sweep_id = {" + G30 + "}"
                        + " AND vulnerability IS NOT NULL ORDER BY sparsity")
                .judge("n = 400, m = 30: the largest vulnerability ratio (L' - L)/(L'_0 - L_0) over the sweep > 3", rows -> {
                    if (rows.isEmpty()) {
                        return Judgement.nothing("no attacks rows");
                    }
                    Rec max = rows.stream().max(java.util.Comparator.comparingDouble(r -> r.d("vulnerability"))).get();
                    return Judgement.of(max.d("vulnerability") > 3, "largest %sx at 1/(1-S) = %s; by sparsity %s",
                            fmt(max.d("vulnerability")), fmt(1 / (1 - max.d("sparsity"))),
                            rows.stream().map(r -> fmt(r.d("vulnerability"))).toList());
                })
                .tolerance("the paper's own threshold")
                .figure(G30 + "/attacks").build());
        c.add(claim("r15.tracks-features-per-dim", 15)
                .says("Vulnerability tracks the number of features per dimension, ||W||_F^2 / m.")
                .paper("vulnerability and features per dimension move together")
                .source("section \"Relationship to Adversarial Robustness\"")
                .sql("SELECT sweep_id, sparsity, vulnerability, features_per_dim FROM attacks WHERE " + BOTH
                        + " AND vulnerability IS NOT NULL ORDER BY sweep_id, sparsity")
                .judge("in each uniform-superposition sweep, Pearson correlation of vulnerability and features per dimension >= 0.8",
                        rows -> {
                            Map<String, List<Rec>> by = Judges.groupBy(rows, r -> r.s("sweep_id"));
                            if (by.size() != 2) {
                                return Judgement.nothing("expected attacks of both sweeps");
                            }
                            boolean ok = true;
                            List<String> parts = new ArrayList<>();
                            for (Map.Entry<String, List<Rec>> e : by.entrySet()) {
                                double rho = Judges.pearson(Judges.column(e.getValue(), "vulnerability"),
                                        Judges.column(e.getValue(), "features_per_dim"));
                                ok &= rho >= 0.8;
                                parts.add(e.getKey() + ": r = " + fmt(rho));
                            }
                            return new Judgement(ok, String.join("; ", parts));
                        })
                .tolerance("\"tracks\" read as a strong linear relation: r >= 0.8")
                .figure(G30 + "/attacks")
                .differs("the paper does not give the configuration of its adversarial figure; it is measured here on"
                        + " the uniform-superposition sweeps (equal importances), the setting the section discusses")
                .build());
        return c;
    }

    static Judgement peaks(List<Rec> rows) {
        if (rows.size() < 50) {
            return Judgement.nothing("fewer than 50 represented features");
        }
        double[] d = Judges.column(rows, "dimensionality");
        boolean ok = true;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Double> e : STICKY.entrySet()) {
            double f = e.getValue();
            long at = 0;
            long side = 0;
            for (double v : d) {
                double dist = Math.abs(v - f);
                if (dist <= BAND) {
                    at++;
                } else if (dist > SIDE_FROM && dist <= SIDE_TO) {
                    side++;
                }
            }
            boolean peak = at > side;
            ok &= peak;
            parts.add(e.getKey() + ": " + at + " vs " + side + (peak ? "" : " (no peak)"));
        }
        return new Judgement(ok, d.length + " represented features; at the fraction vs beside it: " + String.join("; ", parts));
    }
}
