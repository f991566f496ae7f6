package org.tmssweep.core.config;

/**
 * How the points of a finite dataset are rescaled after they are drawn ({@code dataset.normalize}).
 *
 * <ul>
 *   <li>{@link #NONE}: the points of the data rule as drawn; an all-zero point is kept (it trains the bias).</li>
 *   <li>{@link #UNIT}: every point rescaled to unit L2 norm, as in Henighan et al. 2023, "Superposition,
 *       Memorization, and Double Descent". An all-zero point has no direction and cannot be rescaled: it is
 *       replaced by the next draw of the same stream, repeatedly, until a non-zero point comes (see
 *       {@code FiniteDataset}). The points are then draws of the data rule conditioned on x &ne; 0; at
 *       n = 10,000, S = 0.999 this concerns 0.999^10000, about 4.5e-5, of the draws. With importance 1,
 *       predicting x' = 0 then costs 1 per point under {@link LossNormalization#FEATURE_SUM} (up to the
 *       float32 rounding of the stored values, about 1e-7).</li>
 * </ul>
 */
public enum DatasetNormalization {
    NONE,
    UNIT;

    public String specName() {
        return Checks.specName(this);
    }

    public static DatasetNormalization parse(String value) {
        return Checks.parseEnum(DatasetNormalization.class, value);
    }
}
