package org.tmssweep.core.analysis;

/** Named tolerances of the analysis tests (complementing org.tmssweep.core.Tolerances). */
final class AnalysisTolerances {
    private AnalysisTolerances() {
    }

    /** A reference value published to 6 decimals (docs/paper.md): half a unit in the last place. */
    static final double SIX_DECIMALS = 5e-7;
    /** A reference value published to 4 decimals. */
    static final double FOUR_DECIMALS = 5e-5;
    /** A reference value published to 3 decimals (e.g. D3's 0.3744 is "about" 3/8: the reference gives 1e-3). */
    static final double THREE_DECIMALS = 1e-3;
    /** A value quoted to 3 decimals, rounded (a.6's boundary densities): half a unit in the last place. */
    static final double ROUNDED_THREE_DECIMALS = 5e-4;
    /** Relative distance from a phase boundary that float rounding can never cross. */
    static final double BOUNDARY_STEP = 1e-9;
}
