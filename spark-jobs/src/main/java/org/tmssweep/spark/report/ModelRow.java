package org.tmssweep.spark.report;

import java.util.Objects;
import org.tmssweep.core.train.TrainStatus;

/**
 * One row of the {@code models} table. Nullable doubles of the table arrive here as NaN.
 *
 * @param importanceDecay null when the point uses no geometric importance decay
 */
public record ModelRow(String sweepId, String pointId, int seed, String model, int nFeatures, int nHidden,
        double sparsity, Double importanceDecay, int steps, int batchSize, double lr, double finalLoss,
        double dimsPerFeature, int representedFeatures, double frobeniusSq, double trainMs, String status) {

    public static final String STATUS_OK = TrainStatus.OK.specName();

    public ModelRow {
        Objects.requireNonNull(sweepId, "sweepId");
        Objects.requireNonNull(pointId, "pointId");
        model = model == null ? "" : model;
        status = status == null ? "" : status;
    }

    public ModelKey key() {
        return new ModelKey(sweepId, pointId, seed);
    }

    /** True when the model trained normally: status ok and finite loss and D*. */
    public boolean usable() {
        return STATUS_OK.equals(status) && Double.isFinite(finalLoss) && Double.isFinite(dimsPerFeature)
                && sparsity >= 0 && sparsity < 1;
    }

    /** The paper's x axis, 1/(1-S) = 1/feature probability. */
    public double inverseDensity() {
        return 1.0 / (1.0 - sparsity);
    }

    /** Everything that defines the model except sparsity and seed: the series a curve belongs to. */
    public SeriesKey seriesKey() {
        return new SeriesKey(model, nFeatures, nHidden, importanceDecay, steps, batchSize, lr);
    }
}
