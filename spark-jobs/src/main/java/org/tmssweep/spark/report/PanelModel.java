package org.tmssweep.spark.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one feature panel shows for one model, computed from its feature rows: W^T W (from the
 * embeddings), the bias, ||W_i|| and the superposition colour.
 *
 * @param gram           W^T W, n x n, gram[i][j] = W_i . W_j
 * @param bias           b_i
 * @param norms          ||W_i|| from the table
 * @param polysemanticity sqrt(superposition measure) clipped to [0, 1], NaN where missing
 */
record PanelModel(ModelRow row, double[][] gram, double[] bias, double[] norms, double[] polysemanticity) {
    private static final Logger LOG = LoggerFactory.getLogger(PanelModel.class);

    int nFeatures() {
        return gram.length;
    }

    /**
     * Builds the panel of {@code model} from its feature rows (any order); empty, with a warning, when
     * rows are missing or an embedding does not have n_hidden entries.
     */
    static Optional<PanelModel> of(ModelRow model, List<FeatureRow> rows) {
        int n = model.nFeatures();
        FeatureRow[] byIndex = new FeatureRow[n];
        for (FeatureRow f : rows) {
            if (f.feature() < 0 || f.feature() >= n || f.embedding().length != model.nHidden()) {
                LOG.warn("model {}: feature row {} does not fit n_features={} n_hidden={}; panel skipped",
                        model.key(), f.feature(), n, model.nHidden());
                return Optional.empty();
            }
            byIndex[f.feature()] = f;
        }
        double[][] w = new double[n][];
        double[] bias = new double[n];
        double[] norms = new double[n];
        double[] poly = new double[n];
        for (int i = 0; i < n; i++) {
            if (byIndex[i] == null) {
                LOG.warn("model {}: feature {} missing from the features table; panel skipped", model.key(), i);
                return Optional.empty();
            }
            w[i] = byIndex[i].embedding();
            bias[i] = byIndex[i].bias();
            norms[i] = byIndex[i].norm();
            poly[i] = byIndex[i].polysemanticity();
        }
        return Optional.of(new PanelModel(model, gram(w), bias, norms, poly));
    }

    /** W^T W in the paper's notation: entry (i, j) = W_i . W_j for rows W_i of {@code w}. */
    static double[][] gram(double[][] w) {
        int n = w.length;
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k < w[i].length; k++) {
                    s += w[i][k] * w[j][k];
                }
                g[i][j] = s;
                g[j][i] = s;
            }
        }
        return g;
    }

    /**
     * The models to show: usable ones with complete feature rows, one per (series, sparsity) — the
     * smallest seed available — ordered by series then sparsity, evenly thinned to at most {@code max}.
     */
    static List<PanelModel> select(SweepData sweep, int max) {
        Map<ModelKey, List<FeatureRow>> features = sweep.featuresByModel();
        Map<String, PanelModel> chosen = new LinkedHashMap<>();
        for (ModelRow m : sweep.usableModels()) { // ordered by series, sparsity, point, seed
            String slot = m.seriesKey() + "@" + m.sparsity();
            if (chosen.containsKey(slot)) {
                continue;
            }
            List<FeatureRow> rows = features.get(m.key());
            if (rows == null) {
                continue;
            }
            of(m, rows).ifPresent(p -> chosen.put(slot, p));
        }
        List<PanelModel> all = new ArrayList<>(chosen.values());
        if (all.size() <= max) {
            return all;
        }
        List<PanelModel> thinned = new ArrayList<>();
        for (int k = 0; k < max; k++) {
            int idx = max == 1 ? 0 : (int) Math.round(k * (all.size() - 1) / (double) (max - 1));
            thinned.add(all.get(idx));
        }
        return thinned;
    }
}
