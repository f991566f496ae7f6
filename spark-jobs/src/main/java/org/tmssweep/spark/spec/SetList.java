package org.tmssweep.spark.spec;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The value of {@link Param#CORRELATED_SETS} or {@link Param#ANTICORRELATED_SETS}: lists of feature
 * indices, each of at least 2, disjoint (checked by {@link Param#convert}). Immutable.
 *
 * @param sets feature-index lists in spec order
 */
public record SetList(List<List<Integer>> sets) implements Serializable {
    public SetList {
        sets = sets.stream().map(List::copyOf).toList();
    }

    /** Canonical text and JSON, e.g. {@code [[0,1],[2,3]]}. */
    @Override
    public String toString() {
        return sets.stream().map(s -> s.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")))
                .collect(Collectors.joining(",", "[", "]"));
    }
}
