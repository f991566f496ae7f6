package org.tmssweep.spark.report;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the {@code sweeps} table, as far as the report needs it.
 *
 * @param sweepId     the sweep's id (partition value)
 * @param name        human-readable sweep name
 * @param description free text; empty when the table has no such column
 * @param specJson    the resolved sweep spec as JSON
 * @param specHash    hash of the resolved spec
 * @param startedAt   start of the run; may be null
 * @param finishedAt  end of the run; may be null
 */
public record SweepInfo(String sweepId, String name, String description, String specJson, String specHash,
        Instant startedAt, Instant finishedAt) {

    public SweepInfo {
        Objects.requireNonNull(sweepId, "sweepId");
        name = name == null ? "" : name;
        description = description == null ? "" : description;
        specJson = specJson == null ? "" : specJson;
        specHash = specHash == null ? "" : specHash;
    }
}
