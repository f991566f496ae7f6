package org.tmssweep.spark.report;

import java.util.List;
import java.util.Objects;

/**
 * The rows of the optional tables the report draws: the derived ones (empty when tms analyze has not run) and
 * the learning curves (empty unless the sweep set {@code train.curve_every}).
 */
public record DerivedRows(List<PhaseRow> phases, List<PolytopeRow> polytopes, List<AttackRow> attacks,
                          List<CurveRow> curves, List<SetGeometryRow> setGeometry) {
    public static final DerivedRows EMPTY = new DerivedRows(List.of(), List.of());

    public DerivedRows {
        phases = List.copyOf(Objects.requireNonNull(phases, "phases"));
        polytopes = List.copyOf(Objects.requireNonNull(polytopes, "polytopes"));
        attacks = List.copyOf(Objects.requireNonNull(attacks, "attacks"));
        curves = List.copyOf(Objects.requireNonNull(curves, "curves"));
        setGeometry = List.copyOf(Objects.requireNonNull(setGeometry, "setGeometry"));
    }

    /** Phases and polytopes only. */
    public DerivedRows(List<PhaseRow> phases, List<PolytopeRow> polytopes) {
        this(phases, polytopes, List.of(), List.of(), List.of());
    }

    /** The same rows with these attacks rows. */
    public DerivedRows withAttacks(List<AttackRow> rows) {
        return new DerivedRows(phases, polytopes, rows, curves, setGeometry);
    }

    /** The same rows with these learning-curve rows. */
    public DerivedRows withCurves(List<CurveRow> rows) {
        return new DerivedRows(phases, polytopes, attacks, rows, setGeometry);
    }

    /** The same rows with these set_geometry rows. */
    public DerivedRows withSetGeometry(List<SetGeometryRow> rows) {
        return new DerivedRows(phases, polytopes, attacks, curves, rows);
    }

    /** The rows of one sweep. */
    public DerivedRows of(String sweepId) {
        return new DerivedRows(phases.stream().filter(p -> p.sweepId().equals(sweepId)).toList(),
                polytopes.stream().filter(p -> p.sweepId().equals(sweepId)).toList(),
                attacks.stream().filter(a -> a.sweepId().equals(sweepId)).toList(),
                curves.stream().filter(c -> c.sweepId().equals(sweepId)).toList(),
                setGeometry.stream().filter(p -> p.sweepId().equals(sweepId)).toList());
    }
}
