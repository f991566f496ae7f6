package org.tmssweep.spark.report;

/**
 * One row of the derived {@code attacks} table (tms analyze): the paper's analytic attack on one model.
 *
 * @param featuresPerDim ‖W‖²_F / m (1/D*), NaN when the table has none
 * @param vulnerability  (L' − L) / (L'₀ − L₀) against the no-superposition baseline, NaN when undefined
 */
public record AttackRow(String sweepId, String pointId, int seed, double featuresPerDim, double vulnerability) {
    public ModelKey key() {
        return new ModelKey(sweepId, pointId, seed);
    }
}
