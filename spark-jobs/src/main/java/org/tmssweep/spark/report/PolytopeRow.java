package org.tmssweep.spark.report;

/** One row of the derived {@code polytopes} table (tms analyze): a tegum factor of k members in d dimensions. */
public record PolytopeRow(String sweepId, String pointId, int seed, int size, int dim, String label) {
    public ModelKey key() {
        return new ModelKey(sweepId, pointId, seed);
    }
}
