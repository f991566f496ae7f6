package org.tmssweep.spark.report;

import java.util.List;
import java.util.Objects;

/**
 * The rows of the optional tables the report draws: the derived ones (empty when tms analyze has not run), the
 * learning curves (empty unless the sweep set {@code train.curve_every}), and for models trained on a finite
 * dataset their dataset columns of the models table and the training points of the few models drawn in 2-D
 * (both empty without such models), and the rows of the SAE tables (empty for a sweep that trains no SAE).
 */
public record DerivedRows(List<PhaseRow> phases, List<PolytopeRow> polytopes, List<AttackRow> attacks,
                          List<CurveRow> curves, List<SetGeometryRow> setGeometry, List<DatasetRow> datasets,
                          List<DatapointRow> datapoints, SaeRows sae) {
    public static final DerivedRows EMPTY = new DerivedRows(List.of(), List.of());

    public DerivedRows {
        phases = List.copyOf(Objects.requireNonNull(phases, "phases"));
        polytopes = List.copyOf(Objects.requireNonNull(polytopes, "polytopes"));
        attacks = List.copyOf(Objects.requireNonNull(attacks, "attacks"));
        curves = List.copyOf(Objects.requireNonNull(curves, "curves"));
        setGeometry = List.copyOf(Objects.requireNonNull(setGeometry, "setGeometry"));
        datasets = List.copyOf(Objects.requireNonNull(datasets, "datasets"));
        datapoints = List.copyOf(Objects.requireNonNull(datapoints, "datapoints"));
        Objects.requireNonNull(sae, "sae");
    }

    /** Phases and polytopes only. */
    public DerivedRows(List<PhaseRow> phases, List<PolytopeRow> polytopes) {
        this(phases, polytopes, List.of(), List.of(), List.of(), List.of(), List.of(), SaeRows.EMPTY);
    }

    /** The same rows with these attacks rows. */
    public DerivedRows withAttacks(List<AttackRow> rows) {
        return new DerivedRows(phases, polytopes, rows, curves, setGeometry, datasets, datapoints, sae);
    }

    /** The same rows with these learning-curve rows. */
    public DerivedRows withCurves(List<CurveRow> rows) {
        return new DerivedRows(phases, polytopes, attacks, rows, setGeometry, datasets, datapoints, sae);
    }

    /** The same rows with these set_geometry rows. */
    public DerivedRows withSetGeometry(List<SetGeometryRow> rows) {
        return new DerivedRows(phases, polytopes, attacks, curves, rows, datasets, datapoints, sae);
    }

    /** The same rows with these finite-dataset rows of the models table. */
    public DerivedRows withDatasets(List<DatasetRow> rows) {
        return new DerivedRows(phases, polytopes, attacks, curves, setGeometry, rows, datapoints, sae);
    }

    /** The same rows with these datapoints rows. */
    public DerivedRows withDatapoints(List<DatapointRow> rows) {
        return new DerivedRows(phases, polytopes, attacks, curves, setGeometry, datasets, rows, sae);
    }

    /** The same rows with these SAE rows. */
    public DerivedRows withSae(SaeRows rows) {
        return new DerivedRows(phases, polytopes, attacks, curves, setGeometry, datasets, datapoints, rows);
    }

    /** The rows of one sweep. */
    public DerivedRows of(String sweepId) {
        return new DerivedRows(phases.stream().filter(p -> p.sweepId().equals(sweepId)).toList(),
                polytopes.stream().filter(p -> p.sweepId().equals(sweepId)).toList(),
                attacks.stream().filter(a -> a.sweepId().equals(sweepId)).toList(),
                curves.stream().filter(c -> c.sweepId().equals(sweepId)).toList(),
                setGeometry.stream().filter(p -> p.sweepId().equals(sweepId)).toList(),
                datasets.stream().filter(d -> d.sweepId().equals(sweepId)).toList(),
                datapoints.stream().filter(d -> d.sweepId().equals(sweepId)).toList(), sae.of(sweepId));
    }
}
