package org.tmssweep.spark.grid;

import java.io.Serializable;
import java.util.List;

/**
 * Models trained together in one batched tensor by one Spark task. Which points share a pack is
 * decided by {@link Packer} from the spec alone, never by Spark's partitioning.
 *
 * @param index  pack number, 0-based, in grid order
 * @param points the models, all of one {@link org.tmssweep.core.config.ModelSpec#shapeKey()}
 */
public record Pack(int index, List<GridPoint> points) implements Serializable {
    public Pack {
        points = List.copyOf(points);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a pack needs at least one point");
        }
    }

    public int size() {
        return points.size();
    }
}
