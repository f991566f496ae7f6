package org.tmssweep.spark.job;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Row;
import org.tmssweep.core.train.TrainStatus;

/**
 * What a task returns for one model: for a trained model its training status (the {@code status}
 * column: {@link TrainStatus#OK} or {@link TrainStatus#DIVERGED}), its {@code models} row,
 * {@code features} rows, {@code curves} rows (empty unless the sweep records learning curves) and
 * {@code datapoints} rows (empty unless the model trained on a finite dataset); for a
 * model whose training threw, only its {@code failures} row. Plain values only: no tensors cross the
 * Spark boundary.
 *
 * @param status  the trained model's status; null when training threw
 * @param failure the failures row when training threw; null otherwise
 */
public record PointResult(TrainStatus status, Row model, List<Row> features, List<Row> curves,
                          List<Row> datapoints, Row failure) implements Serializable {

    public PointResult {
        if ((status == null) == (failure == null)) {
            throw new IllegalArgumentException("a result is either trained (a status) or failed (a failures row)");
        }
        features = features == null ? List.of() : features;
        curves = curves == null ? List.of() : curves;
        datapoints = datapoints == null ? List.of() : datapoints;
    }

    /** A trained model's rows. */
    static PointResult trained(TrainStatus status, Row model, List<Row> features, List<Row> curves,
            List<Row> datapoints) {
        return new PointResult(Objects.requireNonNull(status), Objects.requireNonNull(model), features, curves,
                datapoints, null);
    }

    /** A model whose training threw. */
    static PointResult failed(Row failure) {
        return new PointResult(null, null, List.of(), List.of(), List.of(), Objects.requireNonNull(failure));
    }

    public boolean failed() {
        return failure != null;
    }
}
