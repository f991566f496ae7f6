package org.tmssweep.spark.grid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which a wave's packs are handed to Spark as tasks: largest estimated work first, so
 * that the last tasks to start are the short ones and the cores finish together (the classic
 * longest-processing-time rule for list scheduling; Spark starts a stage's tasks in partition order).
 * The order decides only when a pack runs, never what it computes: every model's result depends on
 * its spec alone, and which packs form a wave is decided by {@link SweepPlan}, not here.
 *
 * <p>The estimate is relative, not a time: per model, {@code steps * batch * n * m} (batch: the samples of a
 * step, {@code TrainConfig.stepBatch}), scaled by
 * {@code DENSE_FLOOR + (1 - DENSE_FLOOR) * mean feature density} (measured on the bench sweep of
 * n=20, m=5 models: a pack at density ~1 took 3.2x as long per model as one at density ~0.01) and
 * doubled for the untied kinds (two weight matrices).
 */
public final class TaskOrder {
    /** Relative work of a model whose inputs are all zero, against one whose inputs are all non-zero. */
    static final double DENSE_FLOOR = 0.3;

    private TaskOrder() {
    }

    /** Estimated work of one model (arbitrary units, comparable across packs of one sweep). */
    public static double work(GridPoint p) {
        double density = 0;
        for (int f = 0; f < p.nFeatures(); f++) {
            density += p.probability(f);
        }
        density /= p.nFeatures();
        double w = (double) p.train().steps() * p.train().stepBatch() * p.nFeatures() * p.nHidden()
                * (DENSE_FLOOR + (1 - DENSE_FLOOR) * density);
        return p.model().untied() ? 2 * w : w;
    }

    /** Estimated work of a pack: the sum over its models. */
    public static double work(Pack pack) {
        double w = 0;
        for (GridPoint p : pack.points()) {
            w += work(p);
        }
        return w;
    }

    /** The packs, largest estimated work first; ties keep pack order. A new list; the input is untouched. */
    public static List<Pack> longestFirst(List<Pack> packs) {
        List<Pack> out = new ArrayList<>(packs);
        out.sort(Comparator.comparingDouble((Pack p) -> -work(p)).thenComparingInt(Pack::index));
        return out;
    }
}
