package org.tmssweep.spark.report;

import java.util.Comparator;
import java.util.Objects;

/** Identifies one trained model: (sweep_id, point_id, seed). */
public record ModelKey(String sweepId, String pointId, int seed) implements Comparable<ModelKey> {

    private static final Comparator<ModelKey> ORDER = Comparator.comparing(ModelKey::sweepId)
            .thenComparing(ModelKey::pointId)
            .thenComparingInt(ModelKey::seed);

    public ModelKey {
        Objects.requireNonNull(sweepId, "sweepId");
        Objects.requireNonNull(pointId, "pointId");
    }

    @Override
    public int compareTo(ModelKey o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return pointId + "/seed " + seed;
    }
}
