package org.tmssweep.spark.tables;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The seed-aggregation views, defined once, as SQL over the tables: {@code model_summary} (one row
 * per grid point), {@code feature_summary} (one row per grid point x feature) and {@code sae_summary} (one row
 * per SAE point of an SAE sweep, over its SAE seeds; metrics of sae_models). Registered as
 * temporary views by {@code tms query} / {@code tms sql}, and printed as {@code CREATE VIEW} by
 * {@code tms catalog}.
 *
 * <p>Over the seeds of a grid point whose models have {@code status = 'ok'} (diverged models are
 * counted in {@code n_diverged} and left out of the statistics): {@code n} models, and for each
 * metric X: {@code X_mean}, {@code X_std} (sample standard deviation, n - 1 in the denominator;
 * NULL when n = 1), and a two-sided 95% confidence interval for the mean
 * {@code X_ci_low, X_ci_high = X_mean -/+ t975 * X_std / sqrt(n)}, where {@code t975} is the
 * 0.975 quantile of Student's t with n - 1 degrees of freedom (see {@link #t975(String)}). Not 1.96:
 * for n = 5 seeds t975 = 2.776.
 */
public final class Views {
    public static final String MODEL_SUMMARY = "model_summary";
    public static final String FEATURE_SUMMARY = "feature_summary";
    /** One row per SAE point of an SAE sweep: its recipe and the statistics over its SAE seeds. */
    public static final String SAE_SUMMARY = "sae_summary";
    public static final List<String> ALL = List.of(MODEL_SUMMARY, FEATURE_SUMMARY, SAE_SUMMARY);

    /** Degrees of freedom up to which {@link #t975(String)} lists the exact quantile. */
    static final int EXACT_DF = 30;
    private static final double P = 0.975;
    /** Absolute accuracy of the quantiles; commons-math3's default (1e-9) would leave the tenth decimal wrong. */
    private static final double QUANTILE_ACCURACY = 1e-14;

    /**
     * The grid point's parameters (columns of models), carried into both views: every setting that changes a
     * trained model, so that rows of a sweep over any of them say which value they summarise. Constant over the
     * seeds of a point (null where a setting is not used: the data-rule and dataset keys).
     */
    static final List<String> POINT_COLUMNS = List.of("model", "n_features", "n_hidden", "sparsity",
            "importance_decay", "steps", "batch_size", "lr", "weight_decay", "schedule", "init", "sparsity_first",
            "feature_sets", "l1", "beta1", "beta2", "eps", "eval_samples", "notebook_instances", "warmup_steps",
            "loss_normalization", "dataset_size", "dataset_seed_index", "dataset_seed", "dataset_test_size",
            "dataset_normalize", "dataset_minibatch");
    /** The per-model measurements summarised over seeds (train_loss and test_loss null without a dataset). */
    static final List<String> MODEL_METRICS = List.of("final_loss", "dims_per_feature", "represented_features",
            "train_loss", "test_loss", "weight_fro", "bias_norm");
    /**
     * The columns of models that are neither a key nor a summarised metric: identity, provenance, the seed's own
     * values, timing, and the measurements left to the models table itself.
     */
    static final List<String> MODEL_COLUMNS_NOT_SUMMARISED = List.of("sweep_id", "point_id", "seed", "rng_seed",
            "grid_index", "pack", "frobenius_sq", "train_ms", "status", "spec_hash", "code_version",
            "dataset_zero_draws", "mean_data_dim", "sum_max_data_dim", "mean_hidden_norm", "mean_top_feature_dim",
            "features_above_threshold");
    static final List<String> FEATURE_METRICS = List.of("norm", "interference", "dimensionality", "bias");
    /** An SAE point's settings (columns of sae_models), carried into sae_summary. */
    static final List<String> SAE_POINT_COLUMNS = List.of("toy_point_id", "toy_seed", "source", "features", "dim",
            "latents", "ratio", "l1", "l1_per_latent", "tied", "decoder_bias", "decoder_norm", "init", "optimizer",
            "lr", "weight_decay", "batch_size", "steps", "resample", "mean_active", "decay", "frequencies",
            "alpha_draw", "truth_seed", "hierarchy", "recovery_threshold");
    static final List<String> SAE_METRICS = List.of("mmcs", "recovered_fraction", "cross_mmcs", "dead_latents",
            "l0", "reconstruction_loss", "loss");

    /**
     * SQL for t975 given the degrees of freedom expression {@code df} (NULL when df &lt; 1). The views
     * are plain SQL, so that {@code tms catalog} can store them as permanent views (which may not call
     * session functions) and the quantile must be an expression: for 1..{@value #EXACT_DF} degrees of
     * freedom a CASE over the exact quantiles of commons-math3's {@link TDistribution}; beyond that
     * the Cornish-Fisher expansion of the quantile in 1/df around the normal quantile z (Abramowitz &amp;
     * Stegun 26.7.5, four terms; error below 1e-7 for df &gt; 30).
     */
    public static String t975(String expression) {
        // Parenthesised: the callers pass compound expressions such as "a.n - 1", and "/ a.n - 1"
        // would divide by a.n and then subtract 1.
        String df = "(" + expression + ")";
        StringBuilder sb = new StringBuilder("CASE WHEN " + df + " < 1 THEN NULL");
        for (int d = 1; d <= EXACT_DF; d++) {
            double t = new TDistribution(null, d, QUANTILE_ACCURACY).inverseCumulativeProbability(P);
            sb.append(" WHEN ").append(df).append(" = ").append(d).append(" THEN ").append(t);
        }
        double z = new NormalDistribution(null, 0, 1, QUANTILE_ACCURACY).inverseCumulativeProbability(P);
        double g1 = (Math.pow(z, 3) + z) / 4;
        double g2 = (5 * Math.pow(z, 5) + 16 * Math.pow(z, 3) + 3 * z) / 96;
        double g3 = (3 * Math.pow(z, 7) + 19 * Math.pow(z, 5) + 17 * Math.pow(z, 3) - 15 * z) / 384;
        double g4 = (79 * Math.pow(z, 9) + 776 * Math.pow(z, 7) + 1482 * Math.pow(z, 5) - 1920 * Math.pow(z, 3)
                - 945 * z) / 92160;
        sb.append(String.format(Locale.ROOT, " ELSE %.15f + %.15f / %s + %.15f / POW(%s, 2) + %.15f / POW(%s, 3)"
                + " + %.15f / POW(%s, 4) END", z, g1, df, g2, df, g3, df, g4, df));
        return sb.toString();
    }

    private Views() {
    }

    /** The view's SELECT over tables named by {@code tables} (e.g. "models" -> "lab.models"). */
    public static String sql(String view, Map<String, String> tables) {
        String models = tables.getOrDefault(Tables.MODELS, Tables.MODELS);
        String features = tables.getOrDefault(Tables.FEATURES, Tables.FEATURES);
        return switch (view) {
            case MODEL_SUMMARY -> summary(
                    "SELECT * FROM " + models,
                    List.of(), MODEL_METRICS, "status");
            case SAE_SUMMARY -> summary("SELECT * FROM " + tables.getOrDefault(Tables.SAE_MODELS, Tables.SAE_MODELS),
                    SAE_POINT_COLUMNS, List.of(), SAE_METRICS, "status");
            case FEATURE_SUMMARY -> summary(
                    "SELECT f.*, " + String.join(", ", POINT_COLUMNS.stream().map(c -> "m." + c).toList())
                            + ", m.status FROM " + features + " f JOIN " + models
                            + " m ON f.sweep_id = m.sweep_id AND f.point_id = m.point_id AND f.seed = m.seed",
                    List.of("feature", "importance", "probability"), FEATURE_METRICS, "status");
            default -> throw new IllegalArgumentException("unknown view: " + view);
        };
    }

    public static String sql(String view) {
        return sql(view, Map.of());
    }

    private static String summary(String source, List<String> extraKeys, List<String> metrics, String status) {
        return summary(source, POINT_COLUMNS, extraKeys, metrics, status);
    }

    private static String summary(String source, List<String> pointColumns, List<String> extraKeys,
            List<String> metrics, String status) {
        List<String> keys = new ArrayList<>(List.of("sweep_id", "point_id"));
        keys.addAll(pointColumns);
        keys.addAll(extraKeys);
        String keyList = String.join(", ", keys);
        List<String> aggs = new ArrayList<>();
        aggs.add("count_if(" + status + " = 'ok') AS n");
        aggs.add("count_if(" + status + " <> 'ok') AS n_diverged");
        for (String x : metrics) {
            aggs.add("avg(CASE WHEN " + status + " = 'ok' THEN " + x + " END) AS " + x + "_mean");
            aggs.add("stddev_samp(CASE WHEN " + status + " = 'ok' THEN " + x + " END) AS " + x + "_std");
        }
        List<String> out = new ArrayList<>();
        out.add("s.*");
        for (String x : metrics) {
            out.add(x + "_mean - t975 * " + x + "_std / SQRT(n) AS " + x + "_ci_low");
            out.add(x + "_mean + t975 * " + x + "_std / SQRT(n) AS " + x + "_ci_high");
        }
        return "SELECT " + String.join(", ", out) + "\nFROM (SELECT a.*, " + t975("a.n - 1") + " AS t975\n"
                + "  FROM (SELECT " + keyList + ", " + String.join(", ", aggs) + "\n"
                + "    FROM (" + source + ") src\n"
                + "    GROUP BY " + keyList + ") a) s";
    }

    /**
     * Views whose tables exist among {@code tables}: model_summary needs models, feature_summary both,
     * sae_summary sae_models.
     */
    public static List<String> available(Set<String> tables) {
        List<String> views = new ArrayList<>();
        if (tables.contains(Tables.MODELS)) {
            views.add(MODEL_SUMMARY);
            if (tables.contains(Tables.FEATURES)) {
                views.add(FEATURE_SUMMARY);
            }
        }
        if (tables.contains(Tables.SAE_MODELS)) {
            views.add(SAE_SUMMARY);
        }
        return views;
    }
}
