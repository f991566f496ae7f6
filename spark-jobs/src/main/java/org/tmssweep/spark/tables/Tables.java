package org.tmssweep.spark.tables;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * The schemas of every table, in one place. Tables live under the output directory as
 * {@code OUT/sweeps/sweep_id=<id>/part-*.parquet} and {@code OUT/<table>/sweep_id=<id>/wave=<k>/part-*.parquet}
 * for the tables written wave by wave; columns are snake_case. A model is identified by
 * (sweep_id, point_id, seed); a feature row by that plus {@code feature}.
 */
public final class Tables {
    public static final String SWEEPS = "sweeps";
    public static final String MODELS = "models";
    public static final String FEATURES = "features";
    public static final String FAILURES = "failures";
    /** Learning curves; written only by sweeps with {@code train.curve_every > 0}. */
    public static final String CURVES = "curves";
    /** Training points of the models trained on a finite dataset; written only by sweeps with dataset models. */
    public static final String DATAPOINTS = "datapoints";
    /** Sparse autoencoders, one row each; written only by sweeps with {@code sae.source}. */
    public static final String SAE_MODELS = "sae_models";
    /** One row per SAE latent (dictionary element). */
    public static final String SAE_LATENTS = "sae_latents";
    /** One row per SAE x true feature of its data source. */
    public static final String SAE_FEATURES = "sae_features";
    public static final List<String> ALL = List.of(SWEEPS, MODELS, FEATURES, FAILURES, CURVES, DATAPOINTS,
            SAE_MODELS, SAE_LATENTS, SAE_FEATURES);
    /**
     * Tables written wave by wave, each wave under {@code <table>/sweep_id=<id>/wave=<k>/} (in this order: models
     * last, sae_models last of the SAE tables).
     */
    public static final List<String> WAVE_TABLES = List.of(FAILURES, CURVES, DATAPOINTS, SAE_LATENTS, SAE_FEATURES,
            SAE_MODELS, FEATURES, MODELS);
    /** The first partition column of every table. */
    public static final String PARTITION = "sweep_id";
    /**
     * Second partition column of models, features and failures: the wave that committed the rows.
     * Low cardinality (about 16 per sweep by default); one wave's directory appears at once.
     */
    public static final String WAVE = "wave";

    /** One row per sweep run to completion: the resolved spec and the provenance of the run. */
    public static final StructType SWEEPS_SCHEMA = createStructType(new org.apache.spark.sql.types.StructField[] {
        createStructField("sweep_id", StringType, false),
        createStructField("name", StringType, false),
        createStructField("description", StringType, false),
        createStructField("spec_json", StringType, false),
        createStructField("spec_hash", StringType, false),
        createStructField("semantics_version", IntegerType, false),
        createStructField("n_points", LongType, false),
        createStructField("n_models", LongType, false),
        createStructField("n_packs", IntegerType, false),
        createStructField("started_at", TimestampType, false),
        createStructField("finished_at", TimestampType, false),
        createStructField("code_version", StringType, false),
        createStructField("git_commit", StringType, false),
        createStructField("java_version", StringType, false),
        createStructField("spark_version", StringType, false),
        createStructField("nd4j_version", StringType, false),
        createStructField("blas", StringType, false),
        createStructField("master", StringType, false),
        createStructField("omp_num_threads", StringType, false),
        createStructField("hosts", StringType, false),
        createStructField("versions", StringType, false),
        createStructField("status", StringType, false),
        createStructField("n_failed", LongType, false),
        createStructField("n_waves", IntegerType, false),
    });

    /**
     * One row per failed attempt to train a model (an exception in the point, not a lost executor:
     * Spark retries those and they leave no trace). A model that failed has no models row until
     * {@code tms run --retry-failed} trains it.
     */
    public static final StructType FAILURES_SCHEMA = createStructType(new org.apache.spark.sql.types.StructField[] {
        createStructField("sweep_id", StringType, false),
        createStructField("point_id", StringType, false),
        createStructField("seed", IntegerType, false),
        createStructField("attempt", IntegerType, false),
        createStructField("error_class", StringType, false),
        createStructField("message", StringType, true),
        createStructField("executor", StringType, false),
        createStructField("failed_at", TimestampType, false),
    });

    /** One row per trained model. */
    public static final StructType MODELS_SCHEMA = createStructType(new org.apache.spark.sql.types.StructField[] {
        createStructField("sweep_id", StringType, false),
        createStructField("point_id", StringType, false),
        createStructField("seed", IntegerType, false),
        createStructField("rng_seed", LongType, false),
        createStructField("grid_index", LongType, false),
        createStructField("pack", IntegerType, false),
        createStructField("model", StringType, false),
        createStructField("n_features", IntegerType, false),
        createStructField("n_hidden", IntegerType, false),
        createStructField("sparsity", DoubleType, false),
        createStructField("importance_decay", DoubleType, true),
        createStructField("steps", IntegerType, false),
        createStructField("batch_size", IntegerType, false),
        createStructField("lr", DoubleType, false),
        createStructField("weight_decay", DoubleType, false),
        createStructField("schedule", StringType, false),
        createStructField("init", StringType, false),
        createStructField("final_loss", DoubleType, true),
        createStructField("dims_per_feature", DoubleType, true),
        createStructField("frobenius_sq", DoubleType, true),
        createStructField("represented_features", IntegerType, false),
        createStructField("train_ms", DoubleType, false),
        createStructField("status", StringType, false),
        createStructField("spec_hash", StringType, false),
        createStructField("code_version", StringType, false),
        // data rule beyond a common sparsity (null when not used): S of feature 0 alone (row 9), and the
        // correlated / anticorrelated sets, e.g. "correlated[0,1];correlated[2,3]" (FeatureSets.describe)
        createStructField("sparsity_first", DoubleType, true),
        createStructField("feature_sets", StringType, true),
        createStructField("l1", DoubleType, false),
        // the rest of the training recipe (docs/spec.md): every setting that changes a model has a column
        createStructField("beta1", DoubleType, false),
        createStructField("beta2", DoubleType, false),
        createStructField("eps", DoubleType, false),
        createStructField("eval_samples", IntegerType, false),
        createStructField("notebook_instances", IntegerType, false),
        createStructField("warmup_steps", IntegerType, false),
        createStructField("loss_normalization", StringType, false),
        // sizes of the trained weights: ||W||_F (sqrt of frobenius_sq) and ||b||
        createStructField("weight_fro", DoubleType, true),
        createStructField("bias_norm", DoubleType, true),
        // finite datasets (docs/spec.md, "Finite datasets"), all null for a model trained on fresh batches:
        // the losses on the training and test sets (test_loss = final_loss), the settings, the dataset seed
        // and its index K, the all-zero draws discarded under normalize: unit, and the data-regime summary of
        // the trained model (DataRegime; null when it did not train to status ok)
        createStructField("train_loss", DoubleType, true),
        createStructField("test_loss", DoubleType, true),
        createStructField("dataset_size", IntegerType, true),
        createStructField("dataset_seed_index", IntegerType, true),
        createStructField("dataset_seed", LongType, true),
        createStructField("dataset_test_size", IntegerType, true),
        createStructField("dataset_normalize", StringType, true),
        createStructField("dataset_minibatch", IntegerType, true),
        createStructField("dataset_zero_draws", LongType, true),
        createStructField("mean_data_dim", DoubleType, true),
        createStructField("sum_max_data_dim", DoubleType, true),
        createStructField("mean_hidden_norm", DoubleType, true),
        createStructField("mean_top_feature_dim", DoubleType, true),
        createStructField("features_above_threshold", IntegerType, true),
    });

    /**
     * One row per training point of a model trained on a finite dataset (none for the others), seen through
     * its trained hidden layer (DataDimensionality): {@code point_index} i in [0, T), {@code hidden_norm}
     * ||h_i||, {@code data_dim} D_X(i), {@code max_data_dim} D*(i) (in [0, 1], summing to rank(H) &lt;= m over
     * the model's points), and the point's non-zero features (ascending) with their values. Written only
     * for models that trained to status ok.
     */
    public static final StructType DATAPOINTS_SCHEMA = createStructType(new org.apache.spark.sql.types.StructField[] {
        createStructField("sweep_id", StringType, false),
        createStructField("point_id", StringType, false),
        createStructField("seed", IntegerType, false),
        createStructField("point_index", IntegerType, false),
        createStructField("hidden_norm", DoubleType, true),
        createStructField("data_dim", DoubleType, true),
        createStructField("max_data_dim", DoubleType, true),
        createStructField("features", createArrayType(IntegerType, false), false),
        createStructField("values", createArrayType(FloatType, false), false),
    });

    /**
     * One row per model x feature. {@code embedding} is the feature's row W_f (length n_hidden); for the
     * abs model it is the feature's column of W1 (the weights with which the neurons read it) and
     * {@code readout} is its row of W2 (the weights with which the neurons write |x_f|); readout is null
     * for the tied models.
     */
    public static final StructType FEATURES_SCHEMA = createStructType(new org.apache.spark.sql.types.StructField[] {
        createStructField("sweep_id", StringType, false),
        createStructField("point_id", StringType, false),
        createStructField("seed", IntegerType, false),
        createStructField("feature", IntegerType, false),
        createStructField("importance", DoubleType, false),
        createStructField("probability", DoubleType, false),
        createStructField("norm", DoubleType, true),
        createStructField("interference", DoubleType, true),
        createStructField("dimensionality", DoubleType, true),
        createStructField("bias", DoubleType, true),
        createStructField("embedding", createArrayType(DoubleType, true), false),
        createStructField("readout", createArrayType(DoubleType, true), true),
    });

    /**
     * Learning curves (paper rows 13-14): one row per model x recorded step x feature, for sweeps with
     * {@code train.curve_every: k} (steps 0, k, 2k, ... and the last). {@code step} counts optimiser updates done
     * (0 = initialisation); {@code loss} (on a fixed evaluation set of the model, the same samples at every step)
     * and {@code frobenius_sq} are the model's at that step, repeated on each of its feature rows; {@code norm},
     * {@code dimensionality} and {@code embedding} (the row W_f) are the feature's.
     */
    public static final StructType CURVES_SCHEMA = createStructType(new org.apache.spark.sql.types.StructField[] {
        createStructField("sweep_id", StringType, false),
        createStructField("point_id", StringType, false),
        createStructField("seed", IntegerType, false),
        createStructField("step", IntegerType, false),
        createStructField("feature", IntegerType, false),
        createStructField("loss", DoubleType, true),
        createStructField("frobenius_sq", DoubleType, true),
        createStructField("norm", DoubleType, true),
        createStructField("dimensionality", DoubleType, true),
        createStructField("embedding", createArrayType(DoubleType, true), false),
    });

    /**
     * One row per trained sparse autoencoder (docs/spec.md, "Sparse autoencoders"): its identity (the SAE point,
     * the SAE seed index {@code seed}, its 64-bit {@code rng_seed}; for {@code source = 'toy'} the toy model it
     * read, {@code toy_point_id} and {@code toy_seed}, rows of models and features), its data source (G true
     * features in d dimensions; the synthetic and absorption settings, null for the other sources), its recipe
     * (k = {@code latents}, {@code ratio} = k / G and every sae key), and its evaluation on fresh samples:
     * {@code reconstruction_loss} (the recipe's normalisation: per-dimension MSE by default), {@code l1_loss}
     * (mean ||z||_1), {@code l0} (mean active latents), {@code loss} (the objective), dead latents (never active on
     * the evaluation sample), resamplings, {@code mmcs} (mean over true features of the best cosine with a
     * dictionary element, Sharkey et al.), {@code recovered_fraction} (true features with a best cosine of at
     * least {@code recovery_threshold}), and {@code cross_mmcs}, the MMCS between this dictionary and the one of
     * the next larger k among the SAEs that differ from it only in size ({@code cross_latents} that k; both null
     * for the largest). Losses, dead_latents and the cosines are null for a diverged SAE (status diverged).
     */
    public static final StructType SAE_MODELS_SCHEMA = createStructType(new org.apache.spark.sql.types.StructField[] {
        createStructField("sweep_id", StringType, false),
        createStructField("point_id", StringType, false),
        createStructField("seed", IntegerType, false),
        createStructField("rng_seed", LongType, false),
        createStructField("grid_index", LongType, false),
        createStructField("unit", IntegerType, false),
        createStructField("toy_point_id", StringType, true),
        createStructField("toy_seed", IntegerType, true),
        createStructField("source", StringType, false),
        createStructField("features", IntegerType, false),
        createStructField("dim", IntegerType, false),
        createStructField("latents", IntegerType, false),
        createStructField("ratio", DoubleType, false),
        createStructField("l1", DoubleType, false),
        createStructField("l1_per_latent", BooleanType, false),
        createStructField("tied", BooleanType, false),
        createStructField("decoder_bias", BooleanType, false),
        createStructField("decoder_norm", StringType, false),
        createStructField("init", StringType, false),
        createStructField("reconstruction", StringType, false),
        createStructField("optimizer", StringType, false),
        createStructField("lr", DoubleType, false),
        createStructField("weight_decay", DoubleType, false),
        createStructField("beta1", DoubleType, false),
        createStructField("beta2", DoubleType, false),
        createStructField("eps", DoubleType, false),
        createStructField("batch_size", IntegerType, false),
        createStructField("steps", IntegerType, false),
        createStructField("resample", StringType, false),
        createStructField("resample_every", IntegerType, false),
        createStructField("resample_window", IntegerType, false),
        createStructField("resample_scale", DoubleType, false),
        createStructField("eval_samples", IntegerType, false),
        createStructField("mean_active", DoubleType, true),
        createStructField("decay", DoubleType, true),
        createStructField("frequencies", StringType, true),
        createStructField("alpha_draw", StringType, true),
        createStructField("empty_samples", StringType, true),
        createStructField("truth_seed", LongType, true),
        createStructField("hierarchy", BooleanType, true),
        createStructField("status", StringType, false),
        createStructField("reconstruction_loss", DoubleType, true),
        createStructField("l1_loss", DoubleType, true),
        createStructField("l0", DoubleType, true),
        createStructField("loss", DoubleType, true),
        createStructField("dead_latents", IntegerType, true),
        createStructField("resampled_latents", IntegerType, false),
        createStructField("mmcs", DoubleType, true),
        createStructField("recovered_fraction", DoubleType, true),
        createStructField("recovery_threshold", DoubleType, false),
        createStructField("cross_mmcs", DoubleType, true),
        createStructField("cross_latents", IntegerType, true),
        createStructField("train_seconds", DoubleType, false),
        createStructField("spec_hash", StringType, false),
        createStructField("code_version", StringType, false),
    });

    /**
     * One row per SAE latent j: {@code firing}, the fraction of evaluation samples with z_j &gt; 0, {@code dead}
     * (firing 0), the true feature whose direction is closest to its dictionary element ({@code best_feature},
     * {@code best_cosine}, the lowest index on a tie) and the element itself, {@code decoder} (D_j, unit norm,
     * length d; the normalised encoder row for a tied SAE). Null where the SAE diverged.
     */
    public static final StructType SAE_LATENTS_SCHEMA = createStructType(new org.apache.spark.sql.types.StructField[] {
        createStructField("sweep_id", StringType, false),
        createStructField("point_id", StringType, false),
        createStructField("seed", IntegerType, false),
        createStructField("latent", IntegerType, false),
        createStructField("firing", DoubleType, true),
        createStructField("dead", BooleanType, true),
        createStructField("best_feature", IntegerType, false),
        createStructField("best_cosine", DoubleType, true),
        createStructField("decoder", createArrayType(DoubleType, true), false),
    });

    /**
     * One row per SAE x true feature g of its data source: {@code probability}, g's firing probability in the data
     * rule where it is fixed (null for the correlated synthetic rules, whose probabilities are drawn with alpha),
     * {@code max_cosine}, the best cosine of g with a dictionary element, and that element, {@code best_latent}
     * (the lowest index on a tie), and g's unit {@code direction} (length d; a toy model's W_g normalised, zero for
     * a feature the toy model does not represent).
     */
    public static final StructType SAE_FEATURES_SCHEMA = createStructType(new org.apache.spark.sql.types.StructField[] {
        createStructField("sweep_id", StringType, false),
        createStructField("point_id", StringType, false),
        createStructField("seed", IntegerType, false),
        createStructField("feature", IntegerType, false),
        createStructField("probability", DoubleType, true),
        createStructField("max_cosine", DoubleType, true),
        createStructField("best_latent", IntegerType, false),
        createStructField("direction", createArrayType(DoubleType, true), false),
    });

    /** Columns that vary between identical runs (timing and provenance). */
    public static final List<String> NONDETERMINISTIC_MODEL_COLUMNS = List.of("train_ms", "code_version");

    private Tables() {
    }

    public static StructType schema(String table) {
        return switch (table) {
            case SWEEPS -> SWEEPS_SCHEMA;
            case MODELS -> MODELS_SCHEMA;
            case FEATURES -> FEATURES_SCHEMA;
            case FAILURES -> FAILURES_SCHEMA;
            case CURVES -> CURVES_SCHEMA;
            case DATAPOINTS -> DATAPOINTS_SCHEMA;
            case SAE_MODELS -> SAE_MODELS_SCHEMA;
            case SAE_LATENTS -> SAE_LATENTS_SCHEMA;
            case SAE_FEATURES -> SAE_FEATURES_SCHEMA;
            default -> throw new IllegalArgumentException("unknown table: " + table);
        };
    }
}
