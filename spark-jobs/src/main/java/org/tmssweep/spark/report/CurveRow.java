package org.tmssweep.spark.report;

/**
 * One row of the {@code curves} table that the report draws: feature {@code feature}'s dimensionality and the
 * model's loss after {@code step} optimiser updates.
 */
public record CurveRow(String sweepId, String pointId, int seed, int step, int feature, double loss,
                       double dimensionality) {
    public ModelKey key() {
        return new ModelKey(sweepId, pointId, seed);
    }
}
