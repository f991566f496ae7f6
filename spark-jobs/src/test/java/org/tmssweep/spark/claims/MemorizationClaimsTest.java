package org.tmssweep.spark.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The memorization study's claims on hand-made measurements, as {@link ClaimCriteriaTest} does for the paper's:
 * one measurement that passes and near misses that must fail (each differs from the passing one in what the
 * criterion checks, just past its tolerance), rows with exactly the columns the claim's SQL selects and the
 * tables' types. The passing values follow double-descent-small's shape (n = 1,000, m = 2, S = 0.99); then the
 * study's registry: ids, sections, presets and figures.
 */
class MemorizationClaimsTest extends StudyClaimsTestBase {

    static final ClaimFixtures FIXTURES = new ClaimFixtures("MemorizationClaimsTest");

    static final int[] SMALL_T = {3, 5, 6, 8, 10, 15, 30, 50, 100, 200, 500, 1000, 2000};
    /** double-descent-small's mean test loss per T (the shape of the bump). */
    static final double[] SMALL_TEST = {1.096, 1.0, 1.0, 1.0, 1.111, 1.2, 1.005, 1.004, 1.348, 68.99, 44.5, 0.9903, 0.9888};
    static final double[] SMALL_W = {1.73, 2.84, 3.9, 7.17, 13.5, 17.2, 27.8, 37.6, 52.4, 65.9, 17.5, 2.69, 2.44};
    static final double[] SMALL_HIDDEN = {0.91, 1.22, 1.5, 2.39, 3.53, 3.4, 4.2, 4.12, 3.72, 2.67, 0.22, 0.081, 0.068};
    static final double[] SMALL_TOP5 = {0.11, 0.1, 0.096, 0.11, 0.12, 0.11, 0.046, 0.026, 0.017, 0.018, 0.19, 0.24, 0.28};

    // ---------------------------------------------------------------- the tests

    @Override
    List<Claim> registry() {
        return MemorizationClaims.all();
    }

    @Override
    ClaimFixtures fixtures() {
        return FIXTURES;
    }

    @Test
    void gapsAreMeasuredAroundTheCircle() {
        assertEquals(0, MemorizationClaims.maxGapOff(new double[] {170, -118, -46, 26, 98}, 72), 1e-9);
        assertEquals(18, MemorizationClaims.maxGapOff(new double[] {0, 90, 180, 270}, 72), 1e-9);
        assertEquals(0, MemorizationClaims.cv(new double[] {2, 2, 2}), 1e-12);
        assertEquals(0.5, MemorizationClaims.cv(new double[] {1, 3}), 1e-12);
    }

    // ---------------------------------------------------------------- the registry

    @Test
    void idsSectionsAndTitles() {
        List<Claim> all = MemorizationClaims.all();
        Set<Integer> sections = all.stream().map(Claim::row).collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> expected = IntStream.rangeClosed(1, 8).boxed().collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, sections, "every claim of the notes (1-8) has at least one claim");
        assertEquals(expected, MemorizationClaims.SECTION_TITLES.keySet());
        assertEquals(8, Study.MEMORIZATION.sections());
        for (int k = 0; k < all.size(); k++) {
            Claim c = all.get(k);
            assertEquals(Study.MEMORIZATION, c.study(), c.id());
            assertTrue(c.id().startsWith("m" + c.row() + "."), c.id());
            assertTrue(k == 0 || all.get(k - 1).row() <= c.row(), "section order at " + c.id());
            assertTrue(c.measurement().startsWith("SELECT "), c.id() + " is measured by SQL");
            assertEquals(Claim.placeholders(c.measurement()), c.presets(), c.id());
            assertFalse(c.presets().isEmpty(), c.id());
        }
        assertEquals(all.size(), new HashSet<>(all.stream().map(Claim::id).toList()).size());
    }

    @Test
    void everyPresetIsAShippedFollowupPresetAndEveryFigureOneOfItsOwn() throws IOException {
        Set<String> names = ClaimFixtures.followupPresetNames();
        Path dir = ClaimFixtures.FOLLOWUP_PRESETS;
        assertTrue(names.contains(MemorizationClaims.SMALL), "found " + names);
        Set<String> figures = Set.of("dd-loss", "dd-dims", "dd-hidden", "dd-norms", "dd-heatmap");
        for (Claim c : MemorizationClaims.all()) {
            for (String p : c.presets()) {
                assertTrue(names.contains(p), c.id() + " reads " + p + ", which no preset under " + dir + " is named");
            }
            assertTrue(c.figure() != null, c.id() + " names a figure");
            String[] parts = c.figure().split("/");
            assertEquals(2, parts.length, c.figure());
            assertTrue(c.presets().contains(parts[0]), c.id() + ": figure of another preset: " + c.figure());
            assertTrue(figures.contains(parts[1]), c.id() + ": not a double-descent figure: " + c.figure());
        }
    }

    // ---------------------------------------------------------------- fixtures

    @SafeVarargs
    private static void put(String id, List<Rec> pass, List<Rec>... fails) {
        FIXTURES.put(id, pass, fails);
    }

    /** One model of pointsSql: its T, dataset K, m = 2, train loss, and the D_X and norms of its points. */
    static Rec points(int t, int k, double[] dataDims, double[] norms) {
        return Rec.of("t", t, "k", k, "m", 2, "train_loss", 1e-12, "data_dims", list(dataDims), "norms", list(norms));
    }

    static List<Double> list(double[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }

    /** A regular T-gon at radius r: every D_X = 2/T, norms r (times 1 + jitter * (+-1) alternately). */
    static Rec gon(int t, int k, double r, double jitter) {
        double[] dx = new double[t];
        double[] n = new double[t];
        for (int i = 0; i < t; i++) {
            dx[i] = 2.0 / t * (1 + (i % 2 == 0 ? 0.05 : -0.05));
            n[i] = r * (1 + (i % 2 == 0 ? jitter : -jitter));
        }
        return points(t, k, dx, n);
    }

    /** Points on two circles: {@code inner} of them at r, the rest at 1.3 r; D_X 35 % off m/T on the inner ones. */
    static Rec circles(int t, int k, double r, int inner) {
        double[] dx = new double[t];
        double[] n = new double[t];
        for (int i = 0; i < t; i++) {
            dx[i] = 2.0 / t * (i < inner ? 0.65 : 1.15);
            n[i] = i < inner ? r * (1 + 0.01 * i) : 1.3 * r * (1 + 0.01 * i);
        }
        return points(t, k, dx, n);
    }

    /** One row of perTSql with the given leading group columns (name, value pairs), then every per-T column. */
    static Rec perT(Object[] groups, int t, double test, double median, double w, double b, double hidden, double top5) {
        List<Object> nv = new ArrayList<>(List.of(groups));
        nv.addAll(List.of("t", t, "test_loss", test, "median_test_loss", median, "weight_fro", w, "bias_norm", b,
                "hidden_norm", hidden, "top5_dim", top5, "models", 4L));
        return Rec.of(nv.toArray());
    }

    static final Object[] NONE = {};

    /** double-descent-small's curves with the given leading group columns (the median equal to the mean). */
    static List<Rec> smallCurve(Object[] groups) {
        List<Rec> out = new ArrayList<>();
        for (int i = 0; i < SMALL_T.length; i++) {
            out.add(perT(groups, SMALL_T[i], SMALL_TEST[i], SMALL_TEST[i], SMALL_W[i], 3 * SMALL_W[i], SMALL_HIDDEN[i],
                    SMALL_TOP5[i]));
        }
        return out;
    }

    /** A test-loss curve over {@code ts} with group columns: loss 1.05 at every T but {@code bumpAt}, {@code bump} there. */
    static List<Rec> testCurve(Object[] groups, int[] ts, int bumpAt, double bump) {
        List<Rec> out = new ArrayList<>();
        for (int t : ts) {
            double v = t == bumpAt ? bump : 1.05;
            out.add(perT(groups, t, v, v, 1, 1, 1, 0.1));
        }
        return out;
    }

    /** {@code rows} with the given columns set in every row that {@code where} matches (at least one must). */
    static List<Rec> edit(List<Rec> rows, Predicate<Rec> where, Object... colValues) {
        List<Rec> out = new ArrayList<>();
        int hits = 0;
        for (Rec r : rows) {
            if (where.test(r)) {
                hits++;
                Map<String, Object> m = new LinkedHashMap<>(r.values());
                for (int k = 0; k < colValues.length; k += 2) {
                    assertTrue(m.containsKey((String) colValues[k]), "no column " + colValues[k]);
                    m.put((String) colValues[k], colValues[k + 1]);
                }
                r = new Rec(m);
            }
            out.add(r);
        }
        assertTrue(hits >= 1, "edit matched no row");
        return out;
    }

    static Predicate<Rec> at(long t) {
        return r -> r.l("t") == t;
    }

    static List<Rec> concat(List<Rec> a, List<Rec> b) {
        List<Rec> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The six largest features of one m = 2 model at T = 2,000: five on a pentagon (rotated), a small sixth. */
    static List<Rec> pentagonModel(int k, double rotate, double df, double sixth, double fro) {
        List<Rec> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            double a = Math.toRadians(rotate + 72 * i);
            double norm = 0.9 - 0.01 * i;
            out.add(Rec.of("t", 2000, "k", k, "rank", i + 1, "norm", norm, "dimensionality", df, "embedding",
                    List.of(norm * Math.cos(a), norm * Math.sin(a)), "weight_fro", fro));
        }
        double a = Math.toRadians(rotate + 3);
        out.add(Rec.of("t", 2000, "k", k, "rank", 6, "norm", sixth, "dimensionality", 0.03, "embedding",
                List.of(sixth * Math.cos(a), sixth * Math.sin(a)), "weight_fro", fro));
        return out;
    }

    /** Four pentagon models, the first {@code bad} of them built by {@code badModel}. */
    static List<Rec> pentagons(int bad, java.util.function.IntFunction<List<Rec>> badModel) {
        List<Rec> out = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            out.addAll(k < bad ? badModel.apply(k) : pentagonModel(k, 20 * k, 0.28, 0.3, 2.4));
        }
        return out;
    }

    static {
        // m1: T = 5 all regular; T = 6 and 8 half regular, half on two circles (as double-descent-small).
        List<Rec> gons = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            gons.add(gon(5, k, 1.2, 0.02));
        }
        gons.addAll(List.of(gon(6, 0, 1.43, 0.01), circles(6, 1, 1.3, 2), circles(6, 2, 1.3, 2), gon(6, 3, 1.42, 0.02)));
        gons.addAll(List.of(gon(8, 0, 1.85, 0.02), circles(8, 1, 2.5, 3), gon(8, 2, 1.9, 0.03), circles(8, 3, 3.5, 2)));
        put("m1.t-gons", gons,
                // one more T = 6 model off the polygon: 1 of 4
                edit(gons, r -> r.l("t") == 6 && r.l("k") == 0, "data_dims", list(circlesDx(6))),
                // T = 8 missing
                gons.stream().filter(r -> r.l("t") != 8).toList(),
                // norms spread 8 % (one circle, but not a regular polygon) in three T = 5 models
                edit(gons, r -> r.l("t") == 5 && r.l("k") < 3, "norms", list(gonNorms(5, 1.2, 0.08))),
                // one D_X 17 % off m/T in three T = 5 models
                edit(gons, r -> r.l("t") == 5 && r.l("k") < 3, "data_dims", list(new double[] {0.4 * 1.17, 0.4, 0.4, 0.4, 0.4})));

        List<Rec> small = smallCurve(NONE).stream().filter(r -> r.l("t") <= 8).toList();
        put("m1.features-small", small,
                edit(small, at(8), "top5_dim", 0.21),
                small.subList(0, 1));

        List<Rec> pent = pentagons(0, null);
        put("m2.pentagon", pent,
                // two models' kept features 15 degrees off a regular pentagon
                pentagons(2, k -> edit(pentagonModel(k, 0, 0.28, 0.3, 2.4), r -> r.i("rank") == 2, "embedding",
                        List.of(0.89 * Math.cos(Math.toRadians(87)), 0.89 * Math.sin(Math.toRadians(87))))),
                // a sixth feature kept too (0.6 of the fifth's norm)
                pentagons(2, k -> pentagonModel(k, 0, 0.28, 0.52, 2.4)),
                // the rest not ignored: the five carry 40 % of ||W||_F^2
                pentagons(2, k -> pentagonModel(k, 0, 0.28, 0.3, 3.2)),
                // D_f not below 2/5
                pentagons(2, k -> pentagonModel(k, 0, 0.39, 0.3, 2.4)),
                // D_f far below: not kept features
                pentagons(2, k -> pentagonModel(k, 0, 0.15, 0.3, 2.4)),
                // one model only
                pentagonModel(0, 0, 0.28, 0.3, 2.4));

        List<Rec> curve = smallCurve(NONE);
        put("m3.weight-norm", curve,
                edit(curve, at(2000), "weight_fro", 2.0),        // still falling: 2.69 -> 2.0 (1.35x)
                edit(curve, at(3), "weight_fro", 30.0),          // no rise: 65.9 / 30 < 3
                edit(edit(curve, at(1000), "weight_fro", 25.0), at(2000), "weight_fro", 24.0), // no fall
                edit(curve, at(2000), "weight_fro", 80.0),       // peak at the last T
                curve.subList(0, 3));
        put("m3.bias-norm", curve,
                edit(curve, at(2000), "bias_norm", 0.2469 * 3 * 2.69 / 0.8208), // the measured 0.82 -> 0.25 (3.3x)
                edit(curve, at(3), "bias_norm", 70.0),
                edit(curve, at(3), "bias_norm", 500.0));          // peak at the first T

        List<Rec> full = new ArrayList<>();
        int[] fullT = {3, 5, 8, 10, 15, 30, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000};
        double[] fullW = {1.7, 2.8, 5, 8, 12, 20, 18, 9, 5, 3, 2.5, 2.4, 2.4, 2.3, 2.3};
        double[] fullB = {0.5, 1.4, 10, 30, 50, 80, 90, 40, 10, 1, 0.5, 0.4, 0.3, 0.3, 0.3};
        for (int i = 0; i < fullT.length; i++) {
            full.add(perT(NONE, fullT[i], 1, 1, fullW[i], fullB[i], 1, 0.1));
        }
        put("m3.peak-at-paper-scale", full,
                edit(full, at(100), "weight_fro", 25.0),  // ||W|| peak at T = 100
                edit(full, at(10), "bias_norm", 95.0),   // ||b|| peak at T = 10
                full.subList(0, 3));

        put("m4.test-bump", curve,
                // the bump 1.8x the ends
                edit(edit(curve, at(200), "test_loss", 1.97, "median_test_loss", 1.97), at(500), "test_loss", 1.5,
                        "median_test_loss", 1.5),
                // the mean bumps only through one dataset: the medians stay at 1
                edit(edit(curve, at(200), "median_test_loss", 1.05), at(500), "median_test_loss", 1.04),
                curve.subList(11, 13));

        put("m4.bump-between-regimes", curve,
                // the bump inside the points regime (T = 15), none at 200 and 500
                edit(edit(edit(curve, at(15), "test_loss", 69.0, "median_test_loss", 66.0), at(200), "test_loss", 1.1,
                        "median_test_loss", 1.1), at(500), "test_loss", 1.05, "median_test_loss", 1.05),
                // no features regime: top-5 D_f stays below 0.2
                edit(edit(curve, at(1000), "top5_dim", 0.15), at(2000), "top5_dim", 0.15),
                // no points regime: every mean ||h_i|| below 0.5
                edit(curve, r -> true, "hidden_norm", 0.4),
                // no bump at all
                edit(edit(curve, at(200), "test_loss", 1.1, "median_test_loss", 1.1), at(500), "test_loss", 1.05,
                        "median_test_loss", 1.05));

        int[] gridT = {5, 10, 20, 50, 100, 200, 500, 1000};
        List<Rec> byM = new ArrayList<>();
        byM.addAll(testCurve(new Object[] {"m", 2}, gridT, 200, 40));
        byM.addAll(testCurve(new Object[] {"m", 3}, gridT, 500, 30));
        byM.addAll(testCurve(new Object[] {"m", 4}, gridT, 1000, 30));   // the bump at the grid's end: none inside
        put("m5.larger-t-hurts", byM,
                edit(byM, r -> r.i("m") == 3, "test_loss", 1.05, "median_test_loss", 1.05),
                testCurve(new Object[] {"m", 2}, gridT, 200, 40));
        put("m5.larger-m-hurts", byM,
                // every rise with m below 2x
                concat(concat(testCurve(new Object[] {"m", 2}, gridT, 200, 1.5), testCurve(new Object[] {"m", 3}, gridT, 500,
                        1.05 * 1.9)), testCurve(new Object[] {"m", 4}, gridT, 1000, 1.2)),
                // the means rise with m at T = 500 and 1000, the medians do not
                edit(byM, r -> r.i("m") >= 3, "median_test_loss", 1.05),
                testCurve(new Object[] {"m", 2}, gridT, 200, 40));

        List<Rec> decay = new ArrayList<>();
        decay.addAll(testCurve(new Object[] {"weight_decay", 0.01, "steps", 50000}, gridT, 200, 20));
        decay.addAll(testCurve(new Object[] {"weight_decay", 1.0, "steps", 50000}, gridT, 200, 1.1));
        decay.addAll(testCurve(new Object[] {"weight_decay", 0.01, "steps", 100000}, gridT, 200, 40));
        Predicate<Rec> strong = r -> r.d("weight_decay") == 1.0;
        Predicate<Rec> base = r -> r.d("weight_decay") == 0.01 && r.l("steps") == 50000;
        Predicate<Rec> longer = r -> r.l("steps") == 100000;
        put("m6.weight-decay-removes-bump", decay,
                edit(decay, strong.and(at(200)), "test_loss", 1.4, "median_test_loss", 1.4),   // 1.33x remains
                edit(decay, base.and(at(200)), "test_loss", 1.1, "median_test_loss", 1.1),     // no bump to remove
                decay.stream().filter(strong.negate()).toList());
        put("m6.epochs-enlarge-bump", decay,
                edit(decay, longer.and(at(200)), "test_loss", 26.0, "median_test_loss", 26.0), // 1.3x the recipe's
                edit(decay, base.and(at(200)), "test_loss", 1.1, "median_test_loss", 1.1),
                decay.stream().filter(longer.negate()).toList());

        List<Rec> onset = smallCurve(new Object[] {"sparsity", 0.99});
        put("m7.onset-ten-sightings", onset,
                // generalising from T = 200: 2 sightings
                edit(edit(onset, at(200), "test_loss", 0.999), at(500), "test_loss", 0.995),
                // never below the x' = 0 loss
                edit(edit(onset, at(1000), "test_loss", 1.001), at(2000), "test_loss", 1.0),
                // below 1 everywhere: no memorising regime, no onset
                edit(onset, r -> true, "test_loss", 0.99));

        List<Rec> collapse = new ArrayList<>(onset);
        collapse.addAll(onsetCurve(0.95, new int[] {50, 100, 200, 400, 800}, 200));
        collapse.addAll(onsetCurve(0.98, new int[] {125, 250, 500, 1000, 2000}, 500));
        put("m7.onset-collapse", collapse,
                // S = 0.98 generalises only from T (1 - S) = 40
                concat(concat(onset, onsetCurve(0.95, new int[] {50, 100, 200, 400, 800}, 200)),
                        onsetCurve(0.98, new int[] {125, 250, 500, 1000, 2000}, 2000)),
                // S = 0.95 generalises from its smallest T: no onset seen
                concat(concat(onset, onsetCurve(0.95, new int[] {50, 100, 200, 400, 800}, 50)),
                        onsetCurve(0.98, new int[] {125, 250, 500, 1000, 2000}, 500)),
                onset);

        List<Rec> paperOnset = onsetCurve(0.999, fullT, 10000);
        put("m7.onset-paper-scale", paperOnset,
                onsetCurve(0.999, fullT, 1000),
                onsetCurve(0.999, fullT, 3),
                onsetCurve(0.999, fullT, 40000));

        put("m8.two-circles", gons,
                // every model a regular polygon
                gons.stream().map(r -> MemorizationClaims.cv(r.arr("norms")) > 0.05 ? gon(r.i("t"), r.i("k"), 1.5, 0.01) : r)
                        .toList(),
                // one stray point out of the circle is not a second circle
                List.of(points(6, 0, circlesDx(6), new double[] {1.4, 1.41, 1.42, 1.43, 1.44, 1.9})));
    }

    /** D_X of points on two circles at T (two inner points far from m/T). */
    static double[] circlesDx(int t) {
        double[] dx = new double[t];
        for (int i = 0; i < t; i++) {
            dx[i] = 2.0 / t * (i < 2 ? 0.65 : 1.15);
        }
        return dx;
    }

    static double[] gonNorms(int t, double r, double jitter) {
        return gon(t, 0, r, jitter).arr("norms");
    }

    /** One sparsity's test-loss curve: 1.05 below {@code from}, 0.99 from it on (never, for a T beyond the grid). */
    static List<Rec> onsetCurve(double s, int[] ts, int from) {
        List<Rec> out = new ArrayList<>();
        for (int t : ts) {
            double v = t >= from ? 0.99 : 1.05;
            out.add(perT(new Object[] {"sparsity", s}, t, v, v, 1, 1, 1, 0.1));
        }
        return out;
    }
}
