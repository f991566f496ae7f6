package org.tmssweep.core.analysis;

/**
 * What an n=2, m=1 model does with its extra (last) feature: the three phases of the paper's
 * n=2, m=1 phase diagram (docs/paper.md §5 row 5), plus McGrath's "confused" solution that the closed-form
 * theory omits (docs/paper.md §4, g.10).
 */
public enum ExtraFeaturePhase {
    /** ||W_extra|| small: the dimension belongs to the other feature (theory: loss_g). */
    NOT_LEARNED("not_learned"),
    /** Both represented, antiparallel: W = [1, -1] (theory: loss_h_last). */
    SUPERPOSITION("superposition"),
    /** Extra represented, other not: W = [0, 1] (theory: loss_f). */
    DEDICATED("dedicated"),
    /** Both represented, parallel (W_1 ~ W_2 ~ 1/sqrt 2); empirical only, never a theoretical phase. */
    CONFUSED("confused");

    private final String label;

    ExtraFeaturePhase(String label) {
        this.label = label;
    }

    /** Table spelling, lower snake case. */
    public String label() {
        return label;
    }
}
