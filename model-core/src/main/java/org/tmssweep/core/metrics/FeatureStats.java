package org.tmssweep.core.metrics;

/**
 * Per-feature geometry of a trained W (paper section "Feature dimensionality"; docs/paper.md §3).
 *
 * @param feature        feature index f
 * @param norm           ||W_f||
 * @param interference   sum_{j != f} (Ŵ_f . W_j)^2, the paper's superposition measure
 * @param dimensionality D_f = ||W_f||^2 / sum_j (Ŵ_f . W_j)^2 (j includes f); 0 for a zero row
 * @param bias           b_f
 */
public record FeatureStats(int feature, double norm, double interference, double dimensionality, double bias) {
}
