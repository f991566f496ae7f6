package org.tmssweep.spark.report;

import java.util.Objects;

/**
 * One row of the {@code datapoints} table as the report needs it: training point {@code pointIndex} of a
 * model trained on a finite dataset, as its non-zero features (ascending) and their values.
 *
 * @param features the non-zero features; not copied, do not mutate
 * @param values   their values, as long as {@code features}; not copied, do not mutate
 */
public record DatapointRow(String sweepId, String pointId, int seed, int pointIndex, int[] features,
        double[] values) {

    public DatapointRow {
        Objects.requireNonNull(sweepId, "sweepId");
        Objects.requireNonNull(pointId, "pointId");
        features = features == null ? new int[0] : features;
        values = values == null ? new double[0] : values;
        if (features.length != values.length) {
            throw new IllegalArgumentException("values: must be as long as features (" + features.length
                    + "), got " + values.length);
        }
    }

    public ModelKey key() {
        return new ModelKey(sweepId, pointId, seed);
    }

    /** h = x W for W n x m (row f = feature f's embedding): the point's hidden vector, before any ReLU. */
    double[] project(double[][] w, int m) {
        double[] h = new double[m];
        for (int k = 0; k < features.length; k++) {
            double[] row = w[features[k]];
            for (int a = 0; a < m; a++) {
                h[a] += values[k] * row[a];
            }
        }
        return h;
    }
}
