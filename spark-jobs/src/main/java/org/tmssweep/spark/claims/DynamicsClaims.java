package org.tmssweep.spark.claims;

import static org.tmssweep.spark.claims.Claim.claim;
import static org.tmssweep.spark.claims.Judges.fmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tmssweep.core.analysis.FeatureSetGeometry;

/** Rows 13-14: learning dynamics (section "Superposition and learning dynamics"), from the curves table. */
final class DynamicsClaims {
    private DynamicsClaims() {
    }

    static final String DYN = "paper-learning-dynamics";
    static final String GEO = "paper-learning-geometry";
    static final double DIGON_TOL = 0.05;
    static final double COLLAPSED = 0.9;

    /** One model's curve: step -> feature -> row. */
    static Map<Long, Map<Integer, Rec>> curve(List<Rec> rows) {
        Map<Long, Map<Integer, Rec>> out = new TreeMap<>();
        for (Rec r : rows) {
            out.computeIfAbsent(r.l("step"), k -> new TreeMap<>()).put(r.i("feature"), r);
        }
        return out;
    }

    /** A plateau: D within this of its value at the plateau's start, while the feature is represented. */
    static final double PLATEAU_TOL = 0.02;
    /** A plateau lasts at least this fraction of training. */
    static final double PLATEAU_MIN = 0.05;
    /** A jump: D moves at least this far from the plateau's last value. */
    static final double JUMP = 0.1;

    /**
     * Jumps of one model. A plateau: a represented feature (norm &gt; 0.5) whose D_i stays within 0.02 of one
     * value for at least 5 % of training. A jump: D_i then moves at least 0.1 away in less time than the plateau
     * lasted, and the loss falls by more during that move than during the (longer) plateau.
     */
    static List<String> jumps(Map<Long, Map<Integer, Rec>> curve) {
        List<Long> steps = new ArrayList<>(curve.keySet());
        List<String> out = new ArrayList<>();
        if (steps.size() < 3) {
            return out;
        }
        long total = steps.get(steps.size() - 1) - steps.get(0);
        for (int f : curve.get(steps.get(0)).keySet()) {
            int k = 0;
            while (k < steps.size()) {
                Rec first = curve.get(steps.get(k)).get(f);
                if (first == null || !(first.d("norm") > 0.5)) {
                    k++;
                    continue;
                }
                int e = k;
                while (e + 1 < steps.size()) {
                    Rec r = curve.get(steps.get(e + 1)).get(f);
                    if (r == null || !(r.d("norm") > 0.5)
                            || Math.abs(r.d("dimensionality") - first.d("dimensionality")) > PLATEAU_TOL) {
                        break;
                    }
                    e++;
                }
                long plateau = steps.get(e) - steps.get(k);
                if (plateau >= PLATEAU_MIN * total) {
                    double d = curve.get(steps.get(e)).get(f).d("dimensionality");
                    for (int t = e + 1; t < steps.size() && steps.get(t) - steps.get(e) < plateau; t++) {
                        Rec r = curve.get(steps.get(t)).get(f);
                        if (r != null && Math.abs(r.d("dimensionality") - d) >= JUMP) {
                            double onPlateau = loss(curve, steps.get(k)) - loss(curve, steps.get(e));
                            double inJump = loss(curve, steps.get(e)) - loss(curve, steps.get(t));
                            if (inJump > onPlateau) {
                                out.add("feature " + f + " D " + fmt(d) + " -> " + fmt(r.d("dimensionality")) + " at steps "
                                        + steps.get(e) + "-" + steps.get(t) + " after " + plateau + " steps flat");
                            }
                            break;
                        }
                    }
                }
                k = e + 1;
            }
        }
        return out;
    }

    private static double loss(Map<Long, Map<Integer, Rec>> curve, long step) {
        return anyRow(curve.get(step)).d("loss");
    }

    private static Rec anyRow(Map<Integer, Rec> byFeature) {
        return byFeature.values().iterator().next();
    }

    /** Mean cosine (or, with {@code abs}, mean |cosine|) over the pairs of features from..to-1. */
    static double meanWithinCosine(Map<Integer, Rec> byFeature, int from, int to, boolean abs) {
        double s = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            for (int j = i + 1; j < to; j++) {
                double c = FeatureSetGeometry.cosine(byFeature.get(i).arr("embedding"), byFeature.get(j).arr("embedding"));
                s += abs ? Math.abs(c) : c;
                n++;
            }
        }
        return s / n;
    }

    static double[] centroid(Map<Integer, Rec> byFeature, int from, int to) {
        double[] c = null;
        for (int i = from; i < to; i++) {
            double[] e = byFeature.get(i).arr("embedding");
            if (c == null) {
                c = new double[e.length];
            }
            for (int k = 0; k < e.length; k++) {
                c[k] += e[k];
            }
        }
        return c;
    }

    static List<Claim> all() {
        List<Claim> c = new ArrayList<>();
        String dynSql = "SELECT seed, step, feature, loss, norm, dimensionality FROM curves WHERE sweep_id = {" + DYN + "}"
                + " ORDER BY seed, step, feature";
        c.add(claim("r13.energy-jumps", 13)
                .says("Learning dynamics: a feature's dimensionality jumps between plateaus, and the loss drops at the jump.")
                .paper("D_i(t) moves between sticky values in jumps; sudden loss drops at the jumps")
                .source("section \"Superposition and Learning Dynamics\", figure of D_i and loss over training")
                .sql(dynSql)
                .judge("in at least one of the restarts (the paper shows one run), a represented feature's D_i stays within 0.02 of one value for"
                        + " >= 5 % of training, then moves >= 0.1 away in less time than it stayed, while the loss falls by"
                        + " more than it fell on the plateau", rows -> {
                            Map<Long, List<Rec>> bySeed = Judges.groupBy(rows, r -> r.l("seed"));
                            if (bySeed.isEmpty()) {
                                return Judgement.nothing("no curves");
                            }
                            int with = 0;
                            List<String> parts = new ArrayList<>();
                            for (Map.Entry<Long, List<Rec>> e : bySeed.entrySet()) {
                                List<String> j = jumps(curve(e.getValue()));
                                with += j.isEmpty() ? 0 : 1;
                                parts.add("seed " + e.getKey() + ": " + (j.isEmpty() ? "none" : j.size() + " (" + j.get(0) + ")"));
                            }
                            return Judgement.of(with >= 1, "%d of %d models; %s", with, bySeed.size(),
                                    String.join("; ", parts));
                        })
                .tolerance("\"jump\" made exact: a move of 0.1 (more than the gap between neighbouring sticky fractions"
                        + " 2/5 and 1/2) done faster than the plateau before it, with a larger loss drop than on the plateau")
                .figure(DYN + "/curves").build());
        c.add(claim("r13.ends-as-digons", 13)
                .says("The run studied ends with every feature in an antipodal pair.")
                .paper("D_i = 1/2 for every feature at the end")
                .source("section \"Superposition and Learning Dynamics\"")
                .sql("SELECT seed, feature, dimensionality FROM curves WHERE sweep_id = {" + DYN + "} AND step ="
                        + " (SELECT max(step) FROM curves WHERE sweep_id = {" + DYN + "}) ORDER BY seed, feature")
                .judge("at the last recorded step, every feature of every model within 0.05 of 1/2", rows -> {
                    if (rows.isEmpty()) {
                        return Judgement.nothing("no curves");
                    }
                    long off = Judges.count(rows, r -> Math.abs(r.d("dimensionality") - 0.5) > DIGON_TOL);
                    double worst = rows.stream().mapToDouble(r -> Math.abs(r.d("dimensionality") - 0.5)).max().getAsDouble();
                    return Judgement.of(off == 0, "%d of %d features off 1/2 (largest |D - 1/2| %s)", off, rows.size(), fmt(worst));
                })
                .tolerance("0.05 is a tenth of the fraction; the next sticky values (2/5, 2/3) are further away")
                .figure(DYN + "/curves").build());

        String geoSql = "SELECT b.sparsity, c.step, c.feature, c.dimensionality, c.embedding FROM curves c JOIN "
                + Q.best(GEO) + " b USING (sweep_id, point_id, seed) ORDER BY b.sparsity, c.step, c.feature";
        c.add(claim("r14.early-collapse", 14)
                .says("Two correlated triples in m = 3: early in training each triple collapses onto one direction (a PCA-like"
                        + " phase) before it expands.")
                .paper("within-set features parallel early; the groups then push apart and expand into triangles")
                .source("section \"Superposition and Learning Dynamics\", learning as geometric transformations")
                .sql(geoSql)
                .judge("lowest-loss restart per sparsity: in the first quarter of training, a recorded step where both"
                        + " triples' mean within-set cosine > 0.9", rows -> perSparsity(rows, (s, curve) -> {
                            long quarter = ((TreeMap<Long, Map<Integer, Rec>>) curve).lastKey() / 4;
                            double best = -1;
                            long at = -1;
                            for (Map.Entry<Long, Map<Integer, Rec>> e : curve.entrySet()) {
                                if (e.getKey() > quarter || e.getKey() == 0) {
                                    continue;
                                }
                                double both = Math.min(meanWithinCosine(e.getValue(), 0, 3, false),
                                        meanWithinCosine(e.getValue(), 3, 6, false));
                                if (both > best) {
                                    best = both;
                                    at = e.getKey();
                                }
                            }
                            return new Object[] {best > COLLAPSED, "S " + fmt(s) + ": max " + fmt(best) + " at step " + at};
                        }))
                .tolerance("cos 0.9 is the set_geometry table's collapsed cut")
                .figure(GEO + "/curves").build());
        c.add(claim("r14.end-opposite-triples", 14)
                .says("It ends with the two triples on opposite sides, each an orthogonal triple: antipodal pairs across the sets.")
                .paper("an octahedron-like end state: within-set orthogonal, sets opposite, D_i = 1/2")
                .source("section \"Superposition and Learning Dynamics\", learning as geometric transformations")
                .sql(geoSql)
                .judge("lowest-loss restart per sparsity, last step: within-set mean |cos| <= 0.2, set centroids' cosine < -0.95,"
                        + " every D_i within 0.05 of 1/2", rows -> perSparsity(rows, (s, curve) -> {
                            Map<Integer, Rec> last = ((TreeMap<Long, Map<Integer, Rec>>) curve).lastEntry().getValue();
                            double w0 = meanWithinCosine(last, 0, 3, true);
                            double w1 = meanWithinCosine(last, 3, 6, true);
                            double opp = FeatureSetGeometry.cosine(centroid(last, 0, 3), centroid(last, 3, 6));
                            double worst = last.values().stream().mapToDouble(r -> Math.abs(r.d("dimensionality") - 0.5)).max().orElse(1);
                            boolean ok = w0 <= 0.2 && w1 <= 0.2 && opp < -0.95 && worst <= DIGON_TOL;
                            return new Object[] {ok, "S " + fmt(s) + ": within " + fmt(w0) + ", " + fmt(w1) + "; centroids "
                                    + fmt(opp) + "; max |D - 1/2| " + fmt(worst)};
                        }))
                .tolerance("|cos| <= 0.2 is the set_geometry orthogonal cut; 0.05 as for the digons of row 13")
                .figure(GEO + "/curves").build());
        return c;
    }

    interface PerModel {
        Object[] apply(double sparsity, Map<Long, Map<Integer, Rec>> curve);
    }

    private static Judgement perSparsity(List<Rec> rows, PerModel f) {
        Map<Double, List<Rec>> by = new TreeMap<>(Judges.groupBy(rows, r -> r.d("sparsity")));
        if (by.isEmpty()) {
            return Judgement.nothing("no curves");
        }
        boolean ok = true;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Double, List<Rec>> e : by.entrySet()) {
            Object[] res = f.apply(e.getKey(), curve(e.getValue()));
            ok &= (Boolean) res[0];
            parts.add((String) res[1]);
        }
        return new Judgement(ok, String.join("; ", parts));
    }
}
