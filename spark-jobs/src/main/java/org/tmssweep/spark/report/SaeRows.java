package org.tmssweep.spark.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The rows of the three SAE tables ({@code sae_models}, {@code sae_latents}, {@code sae_features}); all empty for
 * a sweep that trains no SAE. SAEs are kept in (point_id, seed) order, latents and features in index order.
 */
public record SaeRows(List<SaeModelRow> models, List<SaeLatentRow> latents, List<SaeFeatureRow> features) {
    public static final SaeRows EMPTY = new SaeRows(List.of(), List.of(), List.of());

    public SaeRows {
        models = Objects.requireNonNull(models, "models").stream().sorted(Comparator.comparing(SaeModelRow::key))
                .toList();
        latents = Objects.requireNonNull(latents, "latents").stream()
                .sorted(Comparator.comparing(SaeLatentRow::key).thenComparingInt(SaeLatentRow::latent)).toList();
        features = Objects.requireNonNull(features, "features").stream()
                .sorted(Comparator.comparing(SaeFeatureRow::key).thenComparingInt(SaeFeatureRow::feature)).toList();
    }

    public boolean isEmpty() {
        return models.isEmpty();
    }

    /** The SAEs that trained normally ({@link SaeModelRow#usable()}). */
    public List<SaeModelRow> usable() {
        return models.stream().filter(SaeModelRow::usable).toList();
    }

    /** The rows of one sweep. */
    public SaeRows of(String sweepId) {
        return new SaeRows(models.stream().filter(m -> m.sweepId().equals(sweepId)).toList(),
                latents.stream().filter(l -> l.sweepId().equals(sweepId)).toList(),
                features.stream().filter(f -> f.sweepId().equals(sweepId)).toList());
    }

    /** Latent rows per SAE, latents in index order. */
    public Map<ModelKey, List<SaeLatentRow>> latentsBySae() {
        Map<ModelKey, List<SaeLatentRow>> out = new TreeMap<>();
        for (SaeLatentRow l : latents) {
            out.computeIfAbsent(l.key(), k -> new ArrayList<>()).add(l);
        }
        return out;
    }

    /** Feature rows per SAE, features in index order. */
    public Map<ModelKey, List<SaeFeatureRow>> featuresBySae() {
        Map<ModelKey, List<SaeFeatureRow>> out = new TreeMap<>();
        for (SaeFeatureRow f : features) {
            out.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f);
        }
        return out;
    }
}
