package org.tmssweep.spark.grid;

import java.util.List;
import org.tmssweep.spark.spec.SweepSpec;

/**
 * A spec expanded on the driver: every model to train and how models are packed into tasks.
 * Driver-only; not meant to be serialized.
 */
public record SweepPlan(SweepSpec spec, List<GridPoint> points, List<Pack> packs) {
    public SweepPlan {
        points = List.copyOf(points);
        packs = List.copyOf(packs);
    }

    public static SweepPlan of(SweepSpec spec) {
        List<GridPoint> points = Grid.expand(spec);
        return new SweepPlan(spec, points, Packer.pack(points, spec.pack()));
    }

    public int modelCount() {
        return points.size();
    }

    /**
     * Rough training cost in multiply-adds: 6·B·n·m per model-step (forward 2 matmuls, backward 4;
     * paper-notes d.4), summed over models.
     */
    public double estimatedMacs() {
        double total = 0;
        for (GridPoint p : points) {
            total += 6.0 * p.train().batchSize() * p.nFeatures() * p.nHidden() * p.train().steps();
        }
        return total;
    }
}
