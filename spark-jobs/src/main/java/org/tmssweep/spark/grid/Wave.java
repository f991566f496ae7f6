package org.tmssweep.spark.grid;

import java.io.Serializable;
import java.util.List;

/**
 * A slice of consecutive packs of the training order, trained by one Spark job and committed at
 * once: its rows become visible together, and a sweep resumes from its first uncommitted wave.
 *
 * @param index wave number, 0-based
 * @param packs the packs, in training order
 */
public record Wave(int index, List<Pack> packs) implements Serializable {
    public Wave {
        packs = List.copyOf(packs);
    }

    public int modelCount() {
        return packs.stream().mapToInt(Pack::size).sum();
    }
}
