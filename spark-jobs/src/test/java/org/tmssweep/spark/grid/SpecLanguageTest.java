package org.tmssweep.spark.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tmssweep.spark.spec.SpecException;
import org.tmssweep.spark.spec.SpecParser;

/** Golden expansions of the extended spec language, as documented in docs/spec.md. */
class SpecLanguageTest {
    static final String BASE = "name: g\nn_features: 4\nn_hidden: 2\ntrain: {steps: 10}\n";

    static String expand(String spec) throws SpecException {
        return SweepPlan.of(SpecParser.parse(spec)).points().stream()
                .map(p -> p.nFeatures() + "/" + p.nHidden() + "/" + p.sparsity() + "/s" + p.seedIndex())
                .collect(Collectors.joining(" "));
    }

    @Test
    void zipAdvancesTogetherAndNestsAtItsFirstParameter() throws SpecException {
        assertEquals("4/2/0.0/s0 4/3/0.9/s0 5/2/0.0/s0 5/3/0.9/s0",
                expand("name: z\nn_features: [4, 5]\nzip: [{n_hidden: [2, 3], sparsity: [0.0, 0.9]}]\n"));
    }

    @Test
    void explicitPointsAreAZipWrittenRowByRow() throws SpecException {
        assertEquals("3/1/0.5/s0 3/1/0.5/s1 8/2/0.5/s0 8/2/0.5/s1",
                expand("name: p\nsparsity: 0.5\nseeds: 2\npoints:\n  - {n_features: 3, n_hidden: 1}\n"
                        + "  - {n_features: 8, n_hidden: 2}\n"));
    }

    @Test
    void whenGivesADifferentListPerOuterValue() throws SpecException {
        assertEquals("4/2/0.0/s0 20/5/0.0/s0 20/10/0.0/s0",
                expand("name: w\nn_features: [4, 20]\nn_hidden: 2\n"
                        + "when:\n  - if: {n_features: 20}\n    set: {n_hidden: [5, 10]}\n"));
    }

    @Test
    void seedsMayBeAListOfIndices() throws SpecException {
        assertEquals("4/2/0.0/s0 4/2/0.0/s3 4/2/0.0/s7", expand(BASE + "seeds: [0, 3, 7]\n"));
    }

    @Test
    void importanceFirstIsDerived() throws SpecException {
        GridPoint p = SweepPlan.of(SpecParser.parse(BASE + "importance_decay: 0.5\nimportance_first: 3\n"))
                .points().get(0);
        assertEquals(List.of(3.0, 0.5, 0.25, 0.125), java.util.Arrays.stream(p.importance()).boxed().toList());
    }

    @Test
    void shuffledOrderIsADeterministicPermutationWithTheSameIds() throws SpecException {
        String grid = BASE.replace("n_hidden: 2", "n_hidden: 2\nsparsity: [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]")
                + "pack: 1\n";
        SweepPlan a = SweepPlan.of(SpecParser.parse(grid));
        SweepPlan b = SweepPlan.of(SpecParser.parse(grid + "order: shuffled\n"));
        List<Double> order = b.packs().stream().map(p -> p.points().get(0).sparsity()).toList();
        // golden: java.util.Random seeded by the spec hash; changing it reorders every shuffled sweep
        assertEquals(order, SweepPlan.of(SpecParser.parse(grid + "order: shuffled\n")).packs().stream()
                .map(p -> p.points().get(0).sparsity()).toList());
        assertNotEquals(List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7), order);
        assertEquals(a.points(), b.points(), "grid points, indices and ids do not depend on the order");
        assertEquals(8, order.stream().distinct().count());
    }

    @Test
    void badExtendedInputNamesThePath() {
        assertEquals("zip[0].sparsity: has 3 values but zip[0].n_hidden has 2; zipped lists must be equally long",
                assertThrows(SpecException.class, () -> SpecParser.parse(
                        "name: z\nn_features: 4\nzip: [{n_hidden: [2, 3], sparsity: [0.0, 0.9, 0.99]}]\n")).getMessage());
        assertEquals("when[0].set.n_features: must come after every 'if' parameter in grid order (n_hidden); "
                + "see docs/spec.md", assertThrows(SpecException.class, () -> SpecParser.parse(
                        BASE + "when:\n  - if: {n_hidden: 2}\n    set: {n_features: [3]}\n")).getMessage());
        assertEquals("zip[0].n_hidden: is also given at the top level; give it once",
                assertThrows(SpecException.class, () -> SpecParser.parse(
                        BASE + "zip: [{n_hidden: [2, 3]}]\n")).getMessage());
        assertEquals("order: must be one of grid, shuffled, got 'random'",
                assertThrows(SpecException.class, () -> SpecParser.parse(BASE + "order: random\n")).getMessage());
    }

    @Test
    void featureSetsAreOneValueAndAListOfSetListsIsAnAxis() throws SpecException {
        List<GridPoint> one = SweepPlan.of(SpecParser.parse(BASE + "correlated_sets: [[0, 1], [2, 3]]\n")).points();
        assertEquals(1, one.size());
        assertEquals("correlated[0,1];correlated[2,3]", one.get(0).featureSets().describe());
        assertEquals(one.get(0).featureSets(), one.get(0).toModelSpec().featureSets());
        List<GridPoint> axis = SweepPlan.of(SpecParser.parse(BASE + "correlated_sets: [[[0, 1]], [[0, 1], [2, 3]]]\n"))
                .points();
        assertEquals(List.of("correlated[0,1]", "correlated[0,1];correlated[2,3]"),
                axis.stream().map(p -> p.featureSets().describe()).toList());
        GridPoint mixed = SweepPlan.of(SpecParser.parse(BASE + "anticorrelated_sets: [[3, 1]]\ncorrelated_sets: [[0, 2]]\n"
                + "anticorrelation: arena\nsparsity: 0.9\n")).points().get(0);
        assertEquals("correlated[0,2];anticorrelated[3,1];anticorrelation=arena", mixed.featureSets().describe());
    }

    @Test
    void sparsityFirstOverridesFeatureZeroOnly() throws SpecException {
        List<GridPoint> ps = SweepPlan.of(SpecParser.parse(BASE + "sparsity: 0.95\nsparsity_first: [0.9, 0.98]\n"))
                .points();
        assertEquals(2, ps.size());
        double rest = 1.0 - 0.95;
        assertEquals(List.of(1.0 - 0.9, rest, rest, rest),
                java.util.Arrays.stream(ps.get(0).toModelSpec().probability()).boxed().toList());
        assertEquals(List.of(1.0 - 0.98, rest, rest, rest),
                java.util.Arrays.stream(ps.get(1).toModelSpec().probability()).boxed().toList());
        assertEquals(1.0 - 0.98, ps.get(1).probability(0));
        assertEquals(rest, ps.get(1).probability(3));
    }

    @Test
    void dataRuleKeysEnterTheIdsOnlyWhenUsed() throws SpecException {
        var plain = SpecParser.parse(BASE);
        assertFalse(plain.canonicalJson().contains("sets") || plain.canonicalJson().contains("sparsity_first"),
                plain.canonicalJson());
        GridPoint p = SweepPlan.of(plain).points().get(0);
        assertFalse(p.canonical().contains("sets") || p.canonical().contains("sparsity_first"), p.canonical());
        assertEquals(org.tmssweep.core.config.FeatureSets.NONE, p.toModelSpec().featureSets());
        var sets = SpecParser.parse(BASE + "correlated_sets: [[1, 2]]\nsparsity_first: 0.5\n");
        assertTrue(sets.canonicalJson().contains(",\"sparsity_first\":0.5,\"correlated_sets\":[[1,2]]"),
                sets.canonicalJson());
        assertTrue(SweepPlan.of(sets).points().get(0).canonical().contains(
                ";sparsity=0.0;sparsity_first=0.5;correlated_sets=[[1,2]];train.steps=10;"),
                SweepPlan.of(sets).points().get(0).canonical());
        assertNotEquals(SweepPlan.of(plain).points().get(0).pointId(), SweepPlan.of(sets).points().get(0).pointId());
    }

    @Test
    void badFeatureSetsNameTheFieldAndTheValue() {
        String[][] cases = {
            {"correlated_sets: [[0]]", "correlated_sets[0]: must have at least 2 features, got [0]"},
            {"correlated_sets: [[0, 1], [1, 2]]", "correlated_sets[1][0]: repeats feature 1 of correlated_sets[0][1]; "
                    + "sets must be disjoint"},
            {"correlated_sets: [[0, -1]]", "correlated_sets[0][1]: must be a feature index >= 0, got -1"},
            {"correlated_sets: [[0, a]]", "correlated_sets[0][1]: must be a feature index >= 0, got 'a'"},
            {"correlated_sets: [0, 1]", "correlated_sets[0]: must be a list of feature indices, got 0"},
            {"correlated_sets: 3", "correlated_sets: must be a non-empty list of feature-index lists (e.g. [[0, 1], "
                    + "[2, 3]]), got 3"},
            {"correlated_sets: [[0, 4]]", "correlated_sets[0][1]: must be a feature index < n_features = 4, got 4"},
            {"correlated_sets: [[0, 1]]\nanticorrelated_sets: [[1, 2]]", "anticorrelated_sets[0]: feature 1 is also in "
                    + "correlated_sets [[0,1]]; sets must be disjoint"},
            {"correlated_sets: [[0, 1]]\nsparsity_first: 0.5", "sparsity_first: feature 0 is in a feature set, whose "
                    + "members must share one density; got sparsity_first = 0.5"},
            {"anticorrelated_sets: [[0, 1, 2]]\nanticorrelation: arena\nsparsity: 0.5",
                "anticorrelation: anticorrelated[0,1,2]: the arena rule needs k * p <= 1, got 3 * 0.5"},
            {"anticorrelated_sets: [[0, 1]]\nanticorrelation: arina", "anticorrelation: must be one of paper, arena, "
                    + "got 'arina'"},
            {"sparsity_first: 1", "sparsity_first: must be in [0, 1), got 1.0"},
            {"correlated_sets: [[0, 1]]\nanticorrelation: arena", "anticorrelation: has no effect without "
                    + "anticorrelated_sets, got arena"},
        };
        for (String[] c : cases) {
            SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(BASE + c[0] + "\n"), c[0]);
            assertEquals(c[1], e.getMessage(), c[0]);
        }
    }
}
