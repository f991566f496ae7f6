package org.tmssweep.spark.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
