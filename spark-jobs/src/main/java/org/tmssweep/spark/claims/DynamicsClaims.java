package org.tmssweep.spark.claims;

import static org.tmssweep.spark.claims.Claim.claim;
import static org.tmssweep.spark.claims.Judges.fmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rows 13-14: learning dynamics (section "Superposition and learning dynamics"), from the curves table. */
final class DynamicsClaims {
    private DynamicsClaims() {
    }

    static final String DYN = "paper-learning-dynamics";
    static final String GEO = "paper-learning-geometry";
    /** D_f at or above this: the feature has a dimension to itself. */
    static final double ALONE = 0.9;
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

    /**
     * Jumps of one model: a feature on a plateau with a dimension to itself (D &ge; 0.9 for at least 3 recorded
     * points) that leaves it, where the loss then falls by more than twice what it fell on the plateau and ends
     * below 85 % of its value at the plateau's end.
     */
    static List<String> jumps(Map<Long, Map<Integer, Rec>> curve) {
        List<Long> steps = new ArrayList<>(curve.keySet());
        List<String> out = new ArrayList<>();
        if (steps.isEmpty()) {
            return out;
        }
        double lastLoss = anyRow(curve.get(steps.get(steps.size() - 1))).d("loss");
        for (int f : curve.get(steps.get(0)).keySet()) {
            int start = -1;
            for (int k = 0; k < steps.size(); k++) {
                Rec r = curve.get(steps.get(k)).get(f);
                boolean alone = r != null && r.d("dimensionality") >= ALONE;
                if (alone && start < 0) {
                    start = k;
                } else if (!alone && start >= 0) {
                    int end = k - 1;
                    if (end - start >= 2) {
                        double startLoss = anyRow(curve.get(steps.get(start))).d("loss");
                        double endLoss = anyRow(curve.get(steps.get(end))).d("loss");
                        if (endLoss - lastLoss > 2 * (startLoss - endLoss) && lastLoss < 0.85 * endLoss) {
                            out.add("feature " + f + " left D >= 0.9 at step " + steps.get(end));
                        }
                    }
                    start = -1;
                }
            }
        }
        return out;
    }

    private static Rec anyRow(Map<Integer, Rec> byFeature) {
        return byFeature.values().iterator().next();
    }

    static double meanWithinCosine(Map<Integer, Rec> byFeature, int from, int to) {
        double s = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            for (int j = i + 1; j < to; j++) {
                s += Judges.cosine(byFeature.get(i).arr("embedding"), byFeature.get(j).arr("embedding"));
                n++;
            }
        }
        return s / n;
    }

    static double meanAbsWithinCosine(Map<Integer, Rec> byFeature, int from, int to) {
        double s = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            for (int j = i + 1; j < to; j++) {
                s += Math.abs(Judges.cosine(byFeature.get(i).arr("embedding"), byFeature.get(j).arr("embedding")));
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
        String dynSql = "SELECT seed, step, feature, loss, dimensionality FROM curves WHERE sweep_id = {" + DYN + "}"
                + " ORDER BY seed, step, feature";
        c.add(claim("r13.energy-jumps", 13)
                .says("Learning dynamics: a feature's dimensionality jumps between plateaus, and the loss drops at the jump.")
                .paper("D_i(t) moves between sticky values in jumps; sudden loss drops at the jumps")
                .source("section \"Superposition and Learning Dynamics\", figure of D_i and loss over training")
                .sql(dynSql)
                .judge("in at least half the models, a feature leaves a D >= 0.9 plateau (>= 3 recorded points) and the loss"
                        + " then falls by more than twice its fall on the plateau, to below 85 % of its value there", rows -> {
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
                            return Judgement.of(2 * with >= bySeed.size(), "%d of %d models; %s", with, bySeed.size(),
                                    String.join("; ", parts));
                        })
                .tolerance("\"sudden\" made exact: the drop after the plateau at least twice the drift on it")
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
                                double both = Math.min(meanWithinCosine(e.getValue(), 0, 3), meanWithinCosine(e.getValue(), 3, 6));
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
                            double w0 = meanAbsWithinCosine(last, 0, 3);
                            double w1 = meanAbsWithinCosine(last, 3, 6);
                            double opp = Judges.cosine(centroid(last, 0, 3), centroid(last, 3, 6));
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
