package org.tmssweep.core.analysis;

/**
 * The paper's analytic L2 attack on one model (docs/paper.md §3, b row 15).
 *
 * @param worstFeature feature i whose attack direction (W^T W)_i / ||(W^T W)_i|| raises the loss most
 *                     (-1 when every feature's direction is zero)
 * @param lambda       attack norm
 * @param cleanLoss    L, notebook normalisation, on the fixed sample
 * @param attackedLoss L', the loss when every sample's input is shifted by lambda times the worst direction
 *                     (targets stay the clean inputs)
 * @param increase     L' - L
 */
public record AttackResult(int worstFeature, double lambda, double cleanLoss, double attackedLoss, double increase) {
}
