package org.tmssweep.spark.job;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * What a task returns for one trained model: its {@code models} row and its {@code features}
 * rows and its training status, plain values only (no tensors cross the Spark boundary).
 */
public record PointResult(String status, Row model, List<Row> features) implements Serializable {
}
