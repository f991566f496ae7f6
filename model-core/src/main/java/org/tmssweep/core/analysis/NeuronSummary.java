package org.tmssweep.core.analysis;

/**
 * One hidden neuron of a privileged-basis model (paper section "Superposition in a privileged basis",
 * docs/paper.md §5 rows 16-17, 19).
 *
 * @param neuron           hidden index k
 * @param maxAbsWeight     max_f |W_kf| (the footnote-15 scale; 0 for a dead neuron)
 * @param storedFeatures   number of features with |W_kf| &ge; threshold * max_f |W_kf| (0 when dead)
 * @param semantics        "dead" (max weight 0), "monosemantic" (1 stored) or "polysemantic" (&gt; 1)
 * @param primaryFeature   argmax_f |W_kf| (-1 when dead)
 * @param primaryWeight    W_k,primary, signed, raw
 * @param secondaryFeature feature with the second-largest |W_kf|, stored or not (-1 when n &lt; 2 or dead)
 * @param secondaryWeight  W_k,secondary, signed, raw (0 when none)
 * @param secondaryRatio   |W_k,secondary| / |W_k,primary| (0 when none)
 * @param stored           stored feature indices by decreasing |W_kf|, comma-separated ("" when dead)
 */
public record NeuronSummary(int neuron, double maxAbsWeight, int storedFeatures, String semantics,
                            int primaryFeature, double primaryWeight, int secondaryFeature, double secondaryWeight,
                            double secondaryRatio, String stored) {

    public boolean monosemantic() {
        return storedFeatures == 1;
    }

    public boolean polysemantic() {
        return storedFeatures > 1;
    }
}
