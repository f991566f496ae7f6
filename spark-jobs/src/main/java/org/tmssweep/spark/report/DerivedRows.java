package org.tmssweep.spark.report;

import java.util.List;
import java.util.Objects;

/** The rows of the derived tables the report draws; empty when tms analyze has not run. */
public record DerivedRows(List<PhaseRow> phases, List<PolytopeRow> polytopes, List<AttackRow> attacks) {
    public static final DerivedRows EMPTY = new DerivedRows(List.of(), List.of(), List.of());

    /** Without attacks rows. */
    public DerivedRows(List<PhaseRow> phases, List<PolytopeRow> polytopes) {
        this(phases, polytopes, List.of());
    }

    public DerivedRows {
        phases = List.copyOf(Objects.requireNonNull(phases, "phases"));
        polytopes = List.copyOf(Objects.requireNonNull(polytopes, "polytopes"));
        attacks = List.copyOf(Objects.requireNonNull(attacks, "attacks"));
    }

    /** The rows of one sweep. */
    public DerivedRows of(String sweepId) {
        return new DerivedRows(phases.stream().filter(p -> p.sweepId().equals(sweepId)).toList(),
                polytopes.stream().filter(p -> p.sweepId().equals(sweepId)).toList(),
                attacks.stream().filter(a -> a.sweepId().equals(sweepId)).toList());
    }
}
