package org.tmssweep.spark.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The dictionary study's claims on hand-made measurements, as {@link MemorizationClaimsTest} does: one measurement
 * that passes and near misses that must fail (each differs from the passing one in what the criterion checks, just
 * past its tolerance), rows with exactly the columns the claim's SQL selects and the tables' types; then the
 * registry: ids, sections, presets and figures.
 */
class DictionaryClaimsTest extends StudyClaimsTestBase {

    static final ClaimFixtures FIXTURES = new ClaimFixtures("DictionaryClaimsTest");

    /** The Sharkey-grid fixture: G = 16 features, l1 x k/G. */
    static final int G = 16;
    static final double[] L1 = {0.01, 0.1, 1, 10, 100};
    static final double[] RATIOS = {0.25, 0.5, 1, 2, 4};

    // ---------------------------------------------------------------- the tests

    @Override
    List<Claim> registry() {
        return DictionaryClaims.all();
    }

    @Override
    ClaimFixtures fixtures() {
        return FIXTURES;
    }

    @Test
    void theBestCellIsTheHighestMmcsWithTiesToTheSmallerL1AndK() {
        List<Rec> cells = List.of(cell(1, 1, 0.99, 1, 0, 0.9), cell(0.1, 2, 0.99, 1, 0, 0.9),
                cell(0.1, 1, 0.99, 1, 0, 0.9), cell(10, 1, 0.5, 0.5, 0, 0.9));
        Rec best = DictionaryClaims.best(cells);
        assertEquals(0.1, best.d("l1"));
        assertEquals(1.0, best.d("ratio"));
    }

    @Test
    void absorptionSqlDotsTheAbsorbingDecoderRowWithFeatureZero() {
        String sql = DictionaryClaims.absorptionSql();
        assertTrue(sql.contains("aggregate(zip_with(l1.decoder, f0.direction, (x, y) -> x * y), CAST(0 AS DOUBLE),"
                + " (s, v) -> s + v) AS f1_latent_on_f0"), sql);
        assertTrue(sql.contains("l0.latent = f0.best_latent") && sql.contains("l1.latent = f1.best_latent"), sql);
    }

    // ---------------------------------------------------------------- the registry

    @Test
    void idsSectionsAndTitles() {
        List<Claim> all = DictionaryClaims.all();
        Set<Integer> sections = all.stream().map(Claim::row).collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> expected = IntStream.rangeClosed(1, DictionaryClaims.SECTIONS).boxed()
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, sections, "every section has at least one claim");
        assertEquals(expected, DictionaryClaims.SECTION_TITLES.keySet());
        assertEquals(DictionaryClaims.SECTIONS, Study.DICTIONARY.sections());
        Set<String> figures = Set.of("sae-mmcs-heatmap", "sae-dead-heatmap", "sae-cross-mmcs", "sae-latent-cosines",
                "sae-latents-2d");
        for (int k = 0; k < all.size(); k++) {
            Claim c = all.get(k);
            assertEquals(Study.DICTIONARY, c.study(), c.id());
            assertTrue(c.id().startsWith("d" + c.row() + "."), c.id());
            assertTrue(k == 0 || all.get(k - 1).row() <= c.row(), "section order at " + c.id());
            assertTrue(c.measurement().startsWith("SELECT "), c.id() + " is measured by SQL");
            assertEquals(Claim.placeholders(c.measurement()), c.presets(), c.id());
            assertEquals(1, c.presets().size(), c.id());
            assertTrue(Set.of(DictionaryClaims.TOY, DictionaryClaims.SHARKEY, DictionaryClaims.ABSORPTION)
                    .contains(c.presets().get(0)), c.id());
            String[] parts = c.figure().split("/");
            assertEquals(c.presets().get(0), parts[0], c.id() + ": figure of its own preset");
            assertTrue(figures.contains(parts[1]), c.id() + ": not an SAE figure: " + c.figure());
        }
        assertEquals(all.size(), new HashSet<>(all.stream().map(Claim::id).toList()).size());
        assertEquals(all, Study.DICTIONARY.claims());
    }

    @Test
    void everyPresetIsAShippedFollowupPreset() throws IOException {
        Set<String> names = ClaimFixtures.followupPresetNames();
        Path dir = ClaimFixtures.FOLLOWUP_PRESETS;
        for (Claim c : DictionaryClaims.all()) {
            for (String p : c.presets()) {
                assertTrue(names.contains(p), c.id() + " reads " + p + ", which no preset under " + dir + " is named");
            }
        }
    }

    // ---------------------------------------------------------------- fixtures

    @SafeVarargs
    private static void put(String id, List<Rec> pass, List<Rec>... fails) {
        FIXTURES.put(id, pass, fails);
    }

    /** One SAE of saesSql (the 5 to 2 toy: G = k = 5, l1 0.2). */
    static Rec toySae(String resample, int seed, double mmcs, double recovered, int dead) {
        return Rec.of("resample", resample, "tied", false, "l1", 0.2, "latents", 5, "features", 5, "ratio", 1.0,
                "seed", seed, "mmcs", mmcs, "recovered_fraction", recovered, "dead_latents", dead,
                "resampled_latents", "arena".equals(resample) ? dead + 1 : 0);
    }

    /** One cell of cellsSql. */
    static Rec cell(double l1, double ratio, double mmcs, double recovered, double dead, double cross) {
        return Rec.of("l1", l1, "ratio", ratio, "latents", (int) Math.round(ratio * G), "features", G, "mmcs", mmcs,
                "recovered", recovered, "dead_fraction", dead, "cross_mmcs", Double.isNaN(cross) ? null : cross,
                "saes", 2L);
    }

    /**
     * The passing Sharkey grid: with k >= G, MMCS 0.99 at l1 = 0.1 and 1 (0.995 at l1 = 1, k = G: the best cell),
     * 0.8 elsewhere; with k < G at most 0.55. No dead latents up to k = G, 20 % per doubling above; cross-size MMCS
     * 0.95 at k = G, 0.7 at the other k, none at the largest.
     */
    static Rec gridCell(double l1, double ratio) {
        double mmcs;
        if (ratio >= 1) {
            mmcs = l1 == 1 && ratio == 1 ? 0.995 : l1 == 0.1 || l1 == 1 ? 0.99 : 0.8;
        } else {
            mmcs = 0.3 + ratio * 0.5;
        }
        double dead = ratio <= 1 ? 0 : 0.2 * Math.log(ratio) / Math.log(2);
        double cross = ratio == RATIOS[RATIOS.length - 1] ? Double.NaN : ratio == 1 ? 0.95 : 0.7;
        return cell(l1, ratio, mmcs, mmcs >= 0.95 ? 1 : 0.5, dead, cross);
    }

    /** The passing grid with {@code edit} applied to each cell. */
    static List<Rec> grid(UnaryOperator<Rec> edit) {
        List<Rec> out = new ArrayList<>();
        for (double l1 : L1) {
            for (double r : RATIOS) {
                out.add(edit.apply(gridCell(l1, r)));
            }
        }
        return out;
    }

    static List<Rec> grid() {
        return grid(r -> r);
    }

    /** {@code r} with column {@code col} replaced where l1 and k/G match. */
    static UnaryOperator<Rec> at(double l1, double ratio, String col, Object value) {
        return r -> r.d("l1") == l1 && r.d("ratio") == ratio ? with(r, col, value) : r;
    }

    static Rec with(Rec r, String col, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(r.values());
        assertTrue(m.containsKey(col), col);
        m.put(col, value);
        return new Rec(m);
    }

    /** One SAE of absorptionSql: its latents of f0 and f1, the f1 latent's component on f0, and f0's gating. */
    static Rec absorption(boolean tied, int seed, int f0Latent, int f1Latent, double component, double gating) {
        return Rec.of("tied", tied, "seed", seed, "mmcs", 0.9, "f0_latent", f0Latent, "f1_latent", f1Latent,
                "f0_cosine", 0.99, "f1_cosine", 0.7, "f1_latent_on_f0", component, "f0_latent_firing", 0.25 * gating,
                "f0_probability", 0.25);
    }

    /** Untied: 3 of 4 seeds absorb fully (component 0.71, gating 0.8), one does not; tied: none absorbs. */
    static List<Rec> absorptionRows(double untiedComponent, double untiedGating, double tiedComponent,
            double tiedGating, int cleanUntied, int absorbingTied) {
        List<Rec> out = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            boolean clean = s < cleanUntied;
            out.add(absorption(false, s, 0, 1, clean ? 0.02 : untiedComponent, clean ? 1.0 : untiedGating));
        }
        for (int s = 0; s < 4; s++) {
            boolean absorbing = s < absorbingTied;
            out.add(absorption(true, s, 2, 3, absorbing ? 0.71 : tiedComponent, absorbing ? 0.8 : tiedGating));
        }
        return out;
    }

    static {
        List<Rec> toy = new ArrayList<>();
        double[] arenaMmcs = {0.999, 0.998, 0.997, 0.85};
        double[] noneMmcs = {0.999, 0.8, 0.998, 0.8};
        for (int s = 0; s < 4; s++) {
            toy.add(toySae("none", s, noneMmcs[s], noneMmcs[s] > 0.99 ? 1 : 0.8, noneMmcs[s] > 0.99 ? 0 : 1));
        }
        for (int s = 0; s < 4; s++) {
            toy.add(toySae("arena", s, arenaMmcs[s], arenaMmcs[s] > 0.99 ? 1 : 0.8, 0));
        }
        put("d1.arena-recovers", toy,
                // only 2 of 4 seeds recover all five directions
                edit(toy, r -> "arena".equals(r.s("resample")) && r.i("seed") == 2
                        ? with(with(r, "recovered_fraction", 0.8), "mmcs", 0.99) : r),
                // every seed recovers them at cosine >= 0.9, but the mean MMCS is 0.94
                edit(toy, r -> "arena".equals(r.s("resample")) ? with(with(r, "recovered_fraction", 1.0), "mmcs", 0.94)
                        : r),
                // no resampled SAEs at all
                toy.stream().filter(r -> "none".equals(r.s("resample"))).toList());
        put("d2.resampling-fewer-dead", toy,
                // no dead latents without resampling either: nothing to fix
                edit(toy, r -> with(r, "dead_latents", 0)),
                // fewer dead latents, but a lower mean MMCS with resampling
                edit(toy, r -> "arena".equals(r.s("resample")) ? with(r, "mmcs", 0.89) : r));

        put("d3.recovers", grid(),
                // the best cell at MMCS 0.94
                grid(r -> r.d("mmcs") >= 0.95 ? with(r, "mmcs", 0.94) : r),
                // MMCS 0.995 but only 90 % of the features recovered on average
                grid(r -> with(r, "recovered", 0.9)));
        put("d3.l1-band", grid(),
                // the run reaches the largest l1: not bounded
                grid(r -> r.d("ratio") >= 1 && r.d("l1") >= 0.1 ? with(r, "mmcs", 0.99) : r),
                // one l1 value only
                grid(r -> r.d("l1") == 0.1 && r.d("ratio") >= 1 ? with(r, "mmcs", 0.9) : r),
                // two values, not neighbours
                grid(r -> r.d("ratio") >= 1 ? with(r, "mmcs", r.d("l1") == 0.1 || r.d("l1") == 10 ? 0.99 : 0.8) : r));
        put("d4.only-k-ge-g", grid(),
                // a cell with k < G at 0.96
                grid(at(1, 0.5, "mmcs", 0.96)),
                // nothing near 1 with k >= G
                grid(r -> r.d("ratio") >= 1 ? with(r, "mmcs", 0.94) : r));
        put("d5.dead-once-k-gt-g", grid(),
                // 2 % dead at k = G at l1*
                grid(at(1, 1, "dead_fraction", 0.02)),
                // none dead at k = 2G at l1* (duplicates instead)
                grid(at(1, 2, "dead_fraction", 0.005)));
        put("d6.cross-peak-near-g", grid(),
                // the peak at k/G = 1/4
                grid(at(1, 0.25, "cross_mmcs", 0.97)),
                // the peak at k/G = 4 when the grid goes further
                grid(at(1, 2, "cross_mmcs", 0.6)).stream().map(r -> r.d("l1") == 1 && r.d("ratio") == 4
                        ? with(r, "cross_mmcs", 0.99) : r).toList());

        put("d7.untied-absorbs", absorptionRows(0.71, 0.8, 0.02, 1.0, 1, 0),
                // only 2 of 4 untied seeds absorb
                absorptionRows(0.71, 0.8, 0.02, 1.0, 2, 0),
                // the f1 latent's component on f0 just below 0.35
                absorptionRows(0.34, 0.8, 0.02, 1.0, 1, 0),
                // feature 0's latent is not gated (fires on 91 % of f0)
                absorptionRows(0.71, 0.91, 0.02, 1.0, 1, 0),
                // f0 and f1 on one latent
                edit(absorptionRows(0.71, 0.8, 0.02, 1.0, 1, 0), r -> r.b("tied") ? r : with(r, "f1_latent", 0)));
        put("d7.tied-does-not", absorptionRows(0.71, 0.8, 0.02, 1.0, 1, 0),
                // 2 of 4 tied seeds absorb
                absorptionRows(0.71, 0.8, 0.02, 1.0, 1, 2),
                // tied SAEs with a component of 0.36 on f0
                absorptionRows(0.71, 0.8, 0.36, 1.0, 1, 0),
                // tied SAEs whose f0 latent fires on 89 % of f0
                absorptionRows(0.71, 0.8, 0.02, 0.89, 1, 0));
    }

    static List<Rec> edit(List<Rec> rows, UnaryOperator<Rec> f) {
        return rows.stream().map(f).toList();
    }
}
