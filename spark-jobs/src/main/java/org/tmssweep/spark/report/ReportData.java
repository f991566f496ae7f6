package org.tmssweep.spark.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Everything the report draws, as plain values: the rows of the three tables (possibly for several
 * sweeps). Built by {@link ReportLoader} from Parquet, or by hand in tests.
 */
public record ReportData(List<SweepInfo> sweeps, List<ModelRow> models, List<FeatureRow> features,
        DerivedRows derived) {

    /** Without derived tables (tms analyze not run). */
    public ReportData(List<SweepInfo> sweeps, List<ModelRow> models, List<FeatureRow> features) {
        this(sweeps, models, features, DerivedRows.EMPTY);
    }

    public ReportData {
        derived = derived == null ? DerivedRows.EMPTY : derived;
        sweeps = List.copyOf(Objects.requireNonNull(sweeps, "sweeps"));
        models = List.copyOf(Objects.requireNonNull(models, "models"));
        features = List.copyOf(Objects.requireNonNull(features, "features"));
    }

    /**
     * One view per sweep that has a sweeps row and at least one row in the models or the sae_models table,
     * ordered by sweep id.
     */
    public List<SweepData> bySweep() {
        Map<String, List<ModelRow>> modelsBySweep = models.stream()
                .collect(Collectors.groupingBy(ModelRow::sweepId));
        Map<String, List<FeatureRow>> featuresBySweep = features.stream()
                .collect(Collectors.groupingBy(FeatureRow::sweepId));
        Map<String, SweepInfo> unique = new LinkedHashMap<>();
        sweeps.stream().sorted(Comparator.comparing(SweepInfo::sweepId))
                .forEach(s -> unique.putIfAbsent(s.sweepId(), s));
        List<SweepData> out = new ArrayList<>();
        for (SweepInfo s : unique.values()) {
            List<ModelRow> ms = modelsBySweep.getOrDefault(s.sweepId(), List.of());
            DerivedRows d = derived.of(s.sweepId());
            if (ms.isEmpty() && d.sae().isEmpty()) {
                continue;
            }
            out.add(new SweepData(s, ms, featuresBySweep.getOrDefault(s.sweepId(), List.of()), d));
        }
        return out;
    }
}
