package org.tmssweep.spark.report;

import java.util.List;
import java.util.Objects;

/** The rows of the derived tables the report draws; empty when tms analyze has not run. */
public record DerivedRows(List<PhaseRow> phases, List<PolytopeRow> polytopes, List<SetGeometryRow> setGeometry) {
    public static final DerivedRows EMPTY = new DerivedRows(List.of(), List.of());

    public DerivedRows {
        phases = List.copyOf(Objects.requireNonNull(phases, "phases"));
        polytopes = List.copyOf(Objects.requireNonNull(polytopes, "polytopes"));
        setGeometry = List.copyOf(Objects.requireNonNull(setGeometry, "setGeometry"));
    }

    /** Without set_geometry rows (sweeps without feature sets). */
    public DerivedRows(List<PhaseRow> phases, List<PolytopeRow> polytopes) {
        this(phases, polytopes, List.of());
    }

    /** The rows of one sweep. */
    public DerivedRows of(String sweepId) {
        return new DerivedRows(phases.stream().filter(p -> p.sweepId().equals(sweepId)).toList(),
                polytopes.stream().filter(p -> p.sweepId().equals(sweepId)).toList(),
                setGeometry.stream().filter(p -> p.sweepId().equals(sweepId)).toList());
    }
}
