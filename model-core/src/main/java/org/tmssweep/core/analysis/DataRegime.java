package org.tmssweep.core.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tmssweep.core.metrics.FeatureStats;
import org.tmssweep.core.metrics.ModelStats;

/**
 * Which regime a model trained on a finite dataset is in (Henighan et al. 2023, "Superposition,
 * Memorization, and Double Descent"): storing its training points in superposition (small T: large D_X,
 * features of small dimensionality) or its features (large T: D_X near 0, a few features with large D_f, e.g.
 * a pentagon of D_f = 2/5 at m = 2), or neither, between the two, where the test loss has its bump. One row
 * per model.
 *
 * @param points                       T, the training points
 * @param meanDataDimensionality       the mean of D_X(i) over the points ({@link DataDimensionality})
 * @param sumMaxDimensionality         the sum of D*(i), which is rank(H) &le; min(m, T)
 * @param meanHiddenNorm               the mean of ||h_i||
 * @param topFeatures                  k of {@code meanTopFeatureDimensionality}
 * @param meanTopFeatureDimensionality the mean D_f (docs/paper.md §3) of the k features with the largest
 *                                     ||W_f|| (ties by index); NaN when k = 0
 * @param featureThreshold             the D_f threshold of {@code featuresAboveThreshold}
 * @param featuresAboveThreshold       the number of features with D_f &gt; {@code featureThreshold}
 */
public record DataRegime(int points, double meanDataDimensionality, double sumMaxDimensionality, double meanHiddenNorm,
                         int topFeatures, double meanTopFeatureDimensionality, double featureThreshold,
                         int featuresAboveThreshold) {

    /**
     * Default k of {@link #of(double[][], List)}: the five features of the pentagon that the sequel's models
     * keep at large T with m = 2. A convention of this project, not the sequel's.
     */
    public static final int DEFAULT_TOP_FEATURES = 5;
    /**
     * Default D_f threshold of {@link #of(double[][], List)}: below the pentagon's 2/5 and the antipodal pair's
     * 1/2, above the near-zero D_f of features that a model storing points leaves in superposition. A
     * convention of this project, not the sequel's.
     */
    public static final double DEFAULT_FEATURE_THRESHOLD = 0.1;

    /** {@link #of(double[][], List, int, double)} with the default k and threshold. */
    public static DataRegime of(double[][] w, List<DataPoint> points) {
        return of(w, points, DEFAULT_TOP_FEATURES, DEFAULT_FEATURE_THRESHOLD);
    }

    /**
     * @param w           the trained W, n x m (row f = feature f's embedding)
     * @param points      its training points ({@link DataDimensionality#points})
     * @param topFeatures k &ge; 0 (at most n are used)
     * @param threshold   D_f threshold, finite
     */
    public static DataRegime of(double[][] w, List<DataPoint> points, int topFeatures, double threshold) {
        if (topFeatures < 0) {
            throw new IllegalArgumentException("topFeatures: must be >= 0, got " + topFeatures);
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold: must be finite, got " + threshold);
        }
        double dx = 0;
        double dStar = 0;
        double norm = 0;
        for (DataPoint p : points) {
            dx += p.dimensionality();
            dStar += p.maxDimensionality();
            norm += p.hiddenNorm();
        }
        int t = points.size();
        List<FeatureStats> features = new ArrayList<>(ModelStats.of(w, new double[w.length]).features());
        int above = 0;
        for (FeatureStats f : features) {
            if (f.dimensionality() > threshold) {
                above++;
            }
        }
        features.sort(Comparator.comparingDouble(FeatureStats::norm).reversed().thenComparingInt(FeatureStats::feature));
        int k = Math.min(topFeatures, features.size());
        double top = 0;
        for (int i = 0; i < k; i++) {
            top += features.get(i).dimensionality();
        }
        return new DataRegime(t, t == 0 ? Double.NaN : dx / t, dStar, t == 0 ? Double.NaN : norm / t, topFeatures,
                k == 0 ? Double.NaN : top / k, threshold, above);
    }
}
