package org.tmssweep.core.analysis;

/**
 * Empirical phase of one n=3, m=2 model (extra = last feature), from the unit null vector v of its
 * 2 x 3 weight matrix, sign-fixed so that its largest-magnitude component is positive.
 *
 * @param phase    {@link NullDirection#label()}
 * @param v0       null-vector component of feature 0 (0 when degenerate)
 * @param v1       null-vector component of feature 1
 * @param v2       null-vector component of the extra feature
 * @param cosine   |cos| between v and the nearest template (0 when degenerate); low values mean the
 *                 model matches no template well
 * @param rankGap  smallest / largest singular value of W; near 0 means rank &lt; 2 (degenerate)
 */
public record NullPhaseResult(String phase, double v0, double v1, double v2, double cosine, double rankGap) {
}
