package org.tmssweep.spark.job;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * What a task returns for one model: its {@code models} row, {@code features} rows, {@code curves} rows (empty
 * unless the sweep records learning curves) and its training status ({@code ok}, {@code diverged}), or, when
 * training it threw, only a {@code failures} row (status {@code failed}). Plain values only: no tensors cross the
 * Spark boundary.
 */
public record PointResult(String status, Row model, List<Row> features, Row failure, List<Row> curves)
        implements Serializable {
    public static final String FAILED = "failed";

    public PointResult {
        curves = curves == null ? List.of() : curves;
    }

    /** A result without curves rows. */
    public PointResult(String status, Row model, List<Row> features, Row failure) {
        this(status, model, features, failure, List.of());
    }

    public boolean failed() {
        return failure != null;
    }
}
