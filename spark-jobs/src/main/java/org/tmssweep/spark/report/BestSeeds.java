package org.tmssweep.spark.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Best-of-k selection for figures (paper: the m=2 and privileged-basis figures show the lowest-loss
 * fit): per grid point (point_id), the usable model with the lowest final loss (ties: lower seed).
 */
final class BestSeeds {
    private BestSeeds() {
    }

    /** One model per point, ordered by series, sparsity, point_id. */
    static List<ModelRow> perPoint(SweepData sweep) {
        Map<String, ModelRow> best = new LinkedHashMap<>();
        for (ModelRow m : sweep.usableModels()) {
            ModelRow b = best.get(m.pointId());
            if (b == null || m.finalLoss() < b.finalLoss() || m.finalLoss() == b.finalLoss() && m.seed() < b.seed()) {
                best.put(m.pointId(), m);
            }
        }
        List<ModelRow> out = new ArrayList<>(best.values());
        out.sort(Comparator.comparing(ModelRow::seriesKey).thenComparingDouble(ModelRow::sparsity)
                .thenComparing(ModelRow::pointId));
        return out;
    }

    /** At most {@code max} of {@code all}, evenly spaced, first and last kept. */
    static <T> List<T> thin(List<T> all, int max) {
        if (all.size() <= max) {
            return all;
        }
        List<T> out = new ArrayList<>();
        for (int k = 0; k < max; k++) {
            out.add(all.get(max == 1 ? 0 : (int) Math.round(k * (all.size() - 1) / (double) (max - 1))));
        }
        return out;
    }

    /** W (n x m, row f = embedding of feature f) of a model, or null when its feature rows are incomplete. */
    static double[][] weights(ModelRow m, List<FeatureRow> rows) {
        if (rows == null) {
            return null;
        }
        double[][] w = new double[m.nFeatures()][];
        for (FeatureRow f : rows) {
            if (f.feature() < 0 || f.feature() >= w.length || f.embedding().length != m.nHidden()) {
                return null;
            }
            w[f.feature()] = f.embedding();
        }
        for (double[] row : w) {
            if (row == null) {
                return null;
            }
        }
        return w;
    }
}
