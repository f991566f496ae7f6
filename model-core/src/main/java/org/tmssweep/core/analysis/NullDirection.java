package org.tmssweep.core.analysis;

/**
 * Phase of an n=3, m=2 model, named by the direction its 2 x 3 weight matrix ignores (its unit null
 * vector), with the extra feature last (docs/paper.md §3, a.6, b row 6).
 */
public enum NullDirection {
    /** W perp [0,0,1]: extra ignored, the other two dedicated (theory: loss_g). */
    IGNORE_EXTRA("ignore_extra", new double[][] {{0, 0, 1}}),
    /** W perp [1,0,0] or [0,1,0]: one of the other features ignored, extra dedicated (theory: loss_f). */
    IGNORE_OTHER("ignore_other", new double[][] {{1, 0, 0}, {0, 1, 0}}),
    /** W perp [1,1,0]: the other two antipodal, extra dedicated (theory: loss_h_first). */
    OTHERS_ANTIPODAL("others_antipodal", new double[][] {{1, 1, 0}}),
    /** W perp [1,0,1] or [0,1,1]: extra antipodal with one other feature (theory: loss_h_last). */
    EXTRA_ANTIPODAL("extra_antipodal", new double[][] {{1, 0, 1}, {0, 1, 1}}),
    /** W perp [1,1,1]: all three jointly ("confused"/triangle-like); not among the theory's solutions. */
    JOINT("joint", new double[][] {{1, 1, 1}}),
    /** W has rank &lt; 2, so the null space is not a line; no template applies. Empirical only. */
    DEGENERATE("degenerate", new double[0][]);

    private final String label;
    private final double[][] templates;

    NullDirection(String label, double[][] templates) {
        this.label = label;
        this.templates = new double[templates.length][];
        for (int t = 0; t < templates.length; t++) {
            double norm = Math.sqrt(templates[t][0] * templates[t][0] + templates[t][1] * templates[t][1]
                    + templates[t][2] * templates[t][2]);
            this.templates[t] = new double[] {templates[t][0] / norm, templates[t][1] / norm, templates[t][2] / norm};
        }
    }

    /** Table spelling, lower snake case. */
    public String label() {
        return label;
    }

    /** Number of unit template null vectors of this class. */
    int templateCount() {
        return templates.length;
    }

    /** Component i of unit template t. */
    double template(int t, int i) {
        return templates[t][i];
    }
}
