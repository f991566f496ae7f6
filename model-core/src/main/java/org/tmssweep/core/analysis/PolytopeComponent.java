package org.tmssweep.core.analysis;

import java.util.Arrays;

/**
 * One tegum factor of a trained W: a connected component of represented features linked by
 * interference (docs/paper.md §5 row 8, "non-uniform polytopes split into tegum factors").
 *
 * @param component           0-based id, components ordered by their smallest member
 * @param size                k, number of member features
 * @param dimension           d, rank of the members' embeddings (with the census tolerance)
 * @param label               name of the (k, d) shape, see {@link PolytopeCensus#label(int, int)}
 * @param members             member feature indices, ascending, comma-separated (e.g. {@code "0,3,7"})
 * @param meanDimensionality  mean feature dimensionality D_i of the members (computed on the whole W)
 * @param ideal               d/k, the D_i every member of a uniform k-in-d tight frame has
 */
public record PolytopeComponent(int component, int size, int dimension, String label, String members,
                                double meanDimensionality, double ideal) {

    /** Member indices parsed from {@link #members()}. */
    public int[] memberIndices() {
        return Arrays.stream(members.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
