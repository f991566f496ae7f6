package org.tmssweep.spark.report;

/**
 * One row of the derived {@code phases} table (tms analyze): a relu_output model with n=2, m=1 or
 * n=3, m=2, its empirical phase and the closed-form theory's at (density, r). {@code finalLoss} is NaN
 * when missing.
 */
public record PhaseRow(String sweepId, String pointId, int seed, int nFeatures, int nHidden, double density,
        double r, double finalLoss, String phase, String theoryPhase) {
}
