package org.tmssweep.spark.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmssweep.spark.spec.SpecException;
import org.tmssweep.spark.spec.SpecParser;

class TaskOrderTest {
    /** Work estimates that must be equal, relative: products of a few doubles, compared loosely. */
    private static final double WORK_REL = 1e-6;

    private static List<Pack> packs(String spec) throws SpecException {
        return Packer.pack(Grid.expand(SpecParser.parse(spec)), 4);
    }

    @Test
    void denserAndLargerPacksComeFirstAndTheSetIsUnchanged() throws SpecException {
        // grid order puts the sparsest models last in each shape; the small shape comes first
        List<Pack> grid = packs("""
                name: order
                model: [linear, relu_output]
                n_features: [5, 20]
                n_hidden: 2
                sparsity: [0.99, 0.5, 0.0]
                seeds: 4
                """);
        List<Pack> ordered = TaskOrder.longestFirst(grid);
        assertEquals(grid.size(), ordered.size());
        assertTrue(ordered.containsAll(grid), "the same packs, only reordered");
        for (int i = 1; i < ordered.size(); i++) {
            assertTrue(TaskOrder.work(ordered.get(i - 1)) >= TaskOrder.work(ordered.get(i)),
                    "non-increasing work at " + i);
        }
        Pack first = ordered.get(0);
        assertEquals(20, first.points().get(0).nFeatures(), "the larger shape first");
        assertEquals(0.0, first.points().get(0).sparsity(), "its densest models first");
        Pack last = ordered.get(ordered.size() - 1);
        assertEquals(5, last.points().get(0).nFeatures());
        assertEquals(0.99, last.points().get(0).sparsity());
        List<Pack> byIndex = new ArrayList<>(ordered);
        byIndex.sort(Comparator.comparingInt(Pack::index));
        assertEquals(grid, byIndex, "pack indices (what the tables record) are untouched");
    }

    @Test
    void workGrowsWithStepsSizeAndDensityAndDoublesForUntiedModels() throws SpecException {
        GridPoint dense = packs("name: a\nn_features: 10\nn_hidden: 2\n").get(0).points().get(0);
        GridPoint sparse = packs("name: a\nn_features: 10\nn_hidden: 2\nsparsity: 0.99\n").get(0).points().get(0);
        GridPoint longer = packs("name: a\nn_features: 10\nn_hidden: 2\ntrain: {steps: 20000}\n").get(0).points().get(0);
        GridPoint abs = packs("name: a\nmodel: abs\nn_features: 10\nn_hidden: 2\n").get(0).points().get(0);
        assertTrue(TaskOrder.work(sparse) < TaskOrder.work(dense));
        assertTrue(TaskOrder.work(sparse) > TaskOrder.DENSE_FLOOR * TaskOrder.work(dense) * 0.999);
        assertEquals(2 * TaskOrder.work(dense), TaskOrder.work(longer), WORK_REL * TaskOrder.work(dense));
        assertEquals(2 * TaskOrder.work(dense), TaskOrder.work(abs), WORK_REL * TaskOrder.work(dense));
    }

    @Test
    void tiesKeepPackOrder() throws SpecException {
        List<Pack> grid = packs("name: t\nn_features: 3\nn_hidden: 1\nseeds: 16\n");
        assertEquals(grid, TaskOrder.longestFirst(grid));
    }
}
