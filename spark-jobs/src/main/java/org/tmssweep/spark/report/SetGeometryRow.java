package org.tmssweep.spark.report;

/**
 * One row of the derived {@code set_geometry} table (tms analyze): a feature set of a model, its members
 * and how many of its pairs collapsed onto one direction.
 */
public record SetGeometryRow(String sweepId, String pointId, int seed, int set, String kind, String members,
        double sparsity, int collapsed, String label) {
    public ModelKey key() {
        return new ModelKey(sweepId, pointId, seed);
    }

    /** Member feature indices. */
    public int[] memberIndices() {
        return java.util.Arrays.stream(members.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
