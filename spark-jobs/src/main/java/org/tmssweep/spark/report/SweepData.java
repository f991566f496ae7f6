package org.tmssweep.spark.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** The rows of one sweep, in a deterministic order, with the look-ups the figures need. */
public record SweepData(SweepInfo sweep, List<ModelRow> models, List<FeatureRow> features, DerivedRows derived) {

    private static final Comparator<ModelRow> MODEL_ORDER = Comparator.comparing(ModelRow::seriesKey)
            .thenComparingDouble(ModelRow::sparsity)
            .thenComparing(ModelRow::pointId)
            .thenComparingInt(ModelRow::seed);

    /** Without derived tables. */
    public SweepData(SweepInfo sweep, List<ModelRow> models, List<FeatureRow> features) {
        this(sweep, models, features, DerivedRows.EMPTY);
    }

    public SweepData {
        derived = derived == null ? DerivedRows.EMPTY : derived;
        Objects.requireNonNull(sweep, "sweep");
        models = models.stream().sorted(MODEL_ORDER).toList();
        features = features.stream()
                .sorted(Comparator.comparing(FeatureRow::key).thenComparingInt(FeatureRow::feature))
                .toList();
    }

    /** Models that trained normally (see {@link ModelRow#usable()}). */
    public List<ModelRow> usableModels() {
        return models.stream().filter(ModelRow::usable).toList();
    }

    /** Models left out of the figures: diverged, NaN metrics, or sparsity outside [0, 1). */
    public List<ModelRow> unusableModels() {
        return models.stream().filter(m -> !m.usable()).toList();
    }

    /** The distinct series (model configurations apart from sparsity and seed) of usable models. */
    public List<SeriesKey> seriesKeys() {
        return new ArrayList<>(new TreeSet<>(usableModels().stream().map(ModelRow::seriesKey).toList()));
    }

    /** Feature rows per model, features in index order. */
    public Map<ModelKey, List<FeatureRow>> featuresByModel() {
        Map<ModelKey, List<FeatureRow>> out = new TreeMap<>();
        for (FeatureRow f : features) {
            out.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f);
        }
        return out;
    }
}
