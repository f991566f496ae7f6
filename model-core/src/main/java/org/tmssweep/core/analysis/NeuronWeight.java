package org.tmssweep.core.analysis;

/**
 * One (neuron, feature) weight of a privileged-basis model, the unit of the paper's stacked-bar plots.
 *
 * @param neuron     hidden index k
 * @param feature    feature index f
 * @param weight     W_kf, raw
 * @param normalised W_kf / max_f' |W_kf'| (footnote 15: each neuron scaled so its largest |weight| is
 *                   1); 0 for a dead neuron
 * @param stored     |normalised| &ge; the stored threshold
 */
public record NeuronWeight(int neuron, int feature, double weight, double normalised, boolean stored) {
}
