package org.tmssweep.spark.grid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tmssweep.core.config.ModelSpec;

/**
 * Groups grid points into packs: points of one shape (variant, sizes, training recipe) in grid
 * order, cut into chunks of at most {@code packSize}. With {@code packSize = 0} ("auto") a shape
 * group of g points is cut into chunks of clamp(ceil(g / 8), 4, 32): at least 4 models share a
 * tensor (one model per task spends most of its time in per-call overhead: the demo sweep took
 * 34 s with packs of 1 and 15 s with packs of 4 on local[2]), and large groups still make enough
 * tasks to spread. Shapes of at least {@link #LARGE_WEIGHTS} weights (n * m) are an exception:
 * their steps are long enough that sharing a tensor saves little, while coarse packs leave cores
 * idle at the end of a wave, so "auto" gives them one model per pack (13 models of n=400, m=30 at
 * 1,000 steps on local[2]: 40.0 s with packs of 1, 47.7 s with packs of 4, 48.9 s with packs of 2).
 * Depends only on the spec.
 */
public final class Packer {
    /** Upper bound of the automatic pack size. */
    public static final int AUTO_MAX = 32;
    /** Lower bound of the automatic pack size. */
    public static final int AUTO_MIN = 4;
    /** The automatic rule aims for this many packs per shape group. */
    public static final int AUTO_TARGET_PACKS = 8;
    /** Shapes with at least this many weights (n * m) get one model per pack under "auto". */
    public static final int LARGE_WEIGHTS = 1000;

    private Packer() {
    }

    public static List<Pack> pack(List<GridPoint> points, int packSize) {
        if (packSize < 0) {
            throw new IllegalArgumentException("pack: must be >= 0, got " + packSize);
        }
        Map<ModelSpec.ShapeKey, List<GridPoint>> groups = new LinkedHashMap<>();
        for (GridPoint p : points) {
            ModelSpec.ShapeKey key = new ModelSpec.ShapeKey(p.model(), p.nFeatures(), p.nHidden(), p.train());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        List<Pack> packs = new ArrayList<>();
        for (List<GridPoint> group : groups.values()) {
            int size = packSize > 0 ? packSize : autoSize(group.get(0), group.size());
            for (int from = 0; from < group.size(); from += size) {
                packs.add(new Pack(packs.size(), group.subList(from, Math.min(group.size(), from + size))));
            }
        }
        return packs;
    }

    /** The "auto" pack size of a shape group of {@code models} points shaped like {@code p}. */
    static int autoSize(GridPoint p, int models) {
        if ((long) p.nFeatures() * p.nHidden() >= LARGE_WEIGHTS) {
            return 1;
        }
        return Math.min(AUTO_MAX, Math.max(AUTO_MIN, (models + AUTO_TARGET_PACKS - 1) / AUTO_TARGET_PACKS));
    }
}
