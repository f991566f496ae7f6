package org.tmssweep.spark.job;

import java.util.List;
import org.tmssweep.core.analysis.DataDimensionality;
import org.tmssweep.core.analysis.DataPoint;
import org.tmssweep.core.analysis.DataRegime;
import org.tmssweep.core.data.FiniteDataset;
import org.tmssweep.core.train.TrainStatus;
import org.tmssweep.core.train.TrainedModel;

/**
 * What the rows of a model trained on a finite dataset say about its training set: the all-zero draws
 * discarded while drawing it, and, for a model that trained to {@link TrainStatus#OK}, each training point
 * seen through the trained hidden layer ({@link DataDimensionality#points}) with the model's
 * {@link DataRegime} summary. The training set is the one the model trained on, as the trainer drew it
 * ({@link TrainedModel#trainingSet}).
 *
 * @param zeroDraws all-zero draws discarded under {@code normalize: unit} ({@link FiniteDataset#zeroDraws})
 * @param points    the training points in order; empty when the model did not train to status ok
 * @param regime    the data-regime summary; null when the model did not train to status ok
 */
record DatasetView(long zeroDraws, List<DataPoint> points, DataRegime regime) {

    DatasetView {
        points = List.copyOf(points);
    }

    /** The view of trained model {@code t}, or null when it trained on fresh batches. */
    static DatasetView of(TrainedModel t) {
        if (!t.spec().finiteData()) {
            return null;
        }
        FiniteDataset data = t.trainingSet();
        if (t.status() != TrainStatus.OK) {
            return new DatasetView(data.zeroDraws(), List.of(), null);
        }
        List<DataPoint> points = DataDimensionality.points(t.spec().kind(), t.w(), data);
        return new DatasetView(data.zeroDraws(), points, DataRegime.of(t.w(), points));
    }
}
