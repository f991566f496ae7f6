package org.tmssweep.spark.analysis;

import java.io.Serializable;
import org.apache.spark.sql.Row;

/** A row of one derived table ({@link AnalysisTables#ALL}), as produced per model by {@link ModelAnalysis}. */
public record TaggedRow(String table, Row row) implements Serializable {
    private static final long serialVersionUID = 1L;
}
