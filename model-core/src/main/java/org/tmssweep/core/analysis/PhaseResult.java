package org.tmssweep.core.analysis;

/**
 * Empirical phase of one n=2, m=1 model (extra = last feature).
 *
 * @param phase     {@link ExtraFeaturePhase#label()}
 * @param normOther ||W_0||, the importance-1 feature
 * @param normExtra ||W_1||, the extra feature
 * @param dot       W_0 . W_1 (negative for the antipodal solution)
 */
public record PhaseResult(String phase, double normOther, double normExtra, double dot) {
}
