package org.tmssweep.spark.analysis;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Schemas of the derived (analysis) tables, in one place. They are computed by {@link AnalysisJob}
 * from the {@code models} and {@code features} tables alone (W_f = features.embedding, b_f =
 * features.bias) and live under {@code OUT/<table>/sweep_id=<id>/part-*.parquet}, partitioned by
 * sweep_id only: re-analysing a sweep replaces its partitions. Every table starts with the model key
 * (sweep_id, point_id, seed), so it joins to {@code models} with {@code USING (sweep_id, point_id, seed)}.
 *
 * <p>Thresholds are the model-core analyses' defaults (docs/paper.md §3; the paper gives none).
 */
public final class AnalysisTables {
    public static final String POLYTOPES = "polytopes";
    public static final String FRACTIONS = "fractions";
    public static final String NEURONS = "neurons";
    public static final String PHASES = "phases";
    public static final String ATTACKS = "attacks";
    public static final String SET_GEOMETRY = "set_geometry";
    /** Every derived table, in the order they are written. */
    public static final List<String> ALL = List.of(POLYTOPES, FRACTIONS, NEURONS, PHASES, ATTACKS, SET_GEOMETRY);

    /** Largest denominator b for {@code fractions.nearest}: catches 4/9, 3/8, 2/7 ... (clusters near 4/9 were asked about in comments on the paper). */
    public static final int MAX_DENOMINATOR = 12;

    private static StructField[] key(StructField... rest) {
        StructField[] out = new StructField[rest.length + 3];
        out[0] = createStructField("sweep_id", StringType, false);
        out[1] = createStructField("point_id", StringType, false);
        out[2] = createStructField("seed", IntegerType, false);
        System.arraycopy(rest, 0, out, 3, rest.length);
        return out;
    }

    /**
     * Model x polytope component (PolytopeCensus): represented features (||W_i|| &gt; 0.5) linked by
     * |Ŵ_i . W_j| &ge; 0.1 form tegum factors of k members spanning d dimensions.
     */
    public static final StructType POLYTOPES_SCHEMA = createStructType(key(
        createStructField("component", IntegerType, false),
        createStructField("size", IntegerType, false),
        createStructField("dim", IntegerType, false),
        createStructField("label", StringType, false),
        createStructField("members", StringType, false),
        createStructField("mean_dimensionality", DoubleType, true),
        createStructField("ideal", DoubleType, false)));

    /**
     * Model x feature: the feature dimensionality D_i labelled by the nearest a/b (b &le;
     * {@link #MAX_DENOMINATOR}) and by the nearest of the paper's sticky fractions; null fraction columns
     * when D_i is not finite.
     */
    public static final StructType FRACTIONS_SCHEMA = createStructType(key(
        createStructField("feature", IntegerType, false),
        createStructField("represented", BooleanType, false),
        createStructField("dimensionality", DoubleType, true),
        createStructField("nearest", StringType, true),
        createStructField("nearest_value", DoubleType, true),
        createStructField("error", DoubleType, true),
        createStructField("sticky", StringType, true),
        createStructField("sticky_error", DoubleType, true)));

    /**
     * Model x hidden neuron, for relu_hidden and abs models (NeuronStats): a feature is stored by neuron k
     * iff |W_kf| &ge; 0.1 max_f |W_kf| (for abs, W = W1, the read weights); semantics monosemantic /
     * polysemantic / dead. {@code weights}: W_k. per feature after the footnote-15 normalisation (divided by
     * max_abs_weight); {@code readout_weights}: for abs, W2_.k per feature multiplied by max_abs_weight (the
     * same model), null for relu_hidden.
     */
    public static final StructType NEURONS_SCHEMA = createStructType(key(
        createStructField("neuron", IntegerType, false),
        createStructField("semantics", StringType, false),
        createStructField("stored_count", IntegerType, false),
        createStructField("stored", StringType, false),
        createStructField("primary_feature", IntegerType, false),
        createStructField("primary_weight", DoubleType, false),
        createStructField("secondary_feature", IntegerType, false),
        createStructField("secondary_weight", DoubleType, false),
        createStructField("secondary_ratio", DoubleType, false),
        createStructField("max_abs_weight", DoubleType, false),
        createStructField("weights", createArrayType(DoubleType, true), false),
        createStructField("readout_weights", createArrayType(DoubleType, true), true)));

    /**
     * One row per relu_output model with n=2, m=1 or n=3, m=2 (the extra feature is the last): the
     * empirical phase (PhaseClassifier) and the theoretical one (PhaseTheory) at density = 1 - S and
     * r = importance of the extra feature / importance of feature 0. {@code final_loss} is copied from
     * models so the seed selection (best-of-k, drop-worst vote) needs no join. n=2 rows fill
     * norm_other, norm_extra, dot; n=3 rows fill v0, v1, v2, cosine, rank_gap.
     */
    public static final StructType PHASES_SCHEMA = createStructType(key(
        createStructField("n_features", IntegerType, false),
        createStructField("n_hidden", IntegerType, false),
        createStructField("density", DoubleType, false),
        createStructField("r", DoubleType, false),
        createStructField("final_loss", DoubleType, true),
        createStructField("phase", StringType, false),
        createStructField("theory_phase", StringType, false),
        createStructField("agrees", BooleanType, false),
        createStructField("boundary_density", DoubleType, false),
        createStructField("norm_other", DoubleType, true),
        createStructField("norm_extra", DoubleType, true),
        createStructField("dot", DoubleType, true),
        createStructField("v0", DoubleType, true),
        createStructField("v1", DoubleType, true),
        createStructField("v2", DoubleType, true),
        createStructField("cosine", DoubleType, true),
        createStructField("rank_gap", DoubleType, true)));

    /**
     * One row per model (AdversarialAttack): the paper's analytic L2 attack with norm 0.1 x the mean
     * input norm, on {@link AnalysisJob#ATTACK_SAMPLES} fixed samples (seed {@link AnalysisJob#ATTACK_SEED}
     * for every model); {@code vulnerability} = (L' - L) / (L'_0 - L_0) against the top-m orthogonal
     * baseline of the same kind, null when the baseline's increase is 0. A model with feature sets is
     * attacked on a sample drawn with its sets (the baseline's bias still assumes independent features).
     */
    public static final StructType ATTACKS_SCHEMA = createStructType(key(
        createStructField("model", StringType, false),
        createStructField("sparsity", DoubleType, false),
        createStructField("features_per_dim", DoubleType, true),
        createStructField("lambda", DoubleType, false),
        createStructField("worst_feature", IntegerType, false),
        createStructField("clean_loss", DoubleType, false),
        createStructField("attacked_loss", DoubleType, false),
        createStructField("increase", DoubleType, false),
        createStructField("baseline_increase", DoubleType, false),
        createStructField("vulnerability", DoubleType, true)));

    /**
     * Model x feature set, only for models with correlated / anticorrelated sets (models.feature_sets;
     * FeatureSetGeometry): the cosines of the W rows of every pair of members, each pair classified
     * orthogonal (|cos| &le; 0.2), antipodal (cos &le; -0.9), collapsed (cos &ge; 0.9, both on (a+b)/sqrt 2),
     * unrepresented (a member with ||W|| &le; 0.5) or other; {@code label} is the relation all pairs share,
     * else mixed. {@code sparsity} and {@code final_loss} are copied from models so that "collapsed pairs
     * of the lowest-loss seed against 1 - S" (docs/paper.md §5 row 12) needs no join.
     */
    public static final StructType SET_GEOMETRY_SCHEMA = createStructType(key(
        createStructField("set", IntegerType, false),
        createStructField("kind", StringType, false),
        createStructField("members", StringType, false),
        createStructField("size", IntegerType, false),
        createStructField("sparsity", DoubleType, false),
        createStructField("final_loss", DoubleType, true),
        createStructField("pairs", IntegerType, false),
        createStructField("orthogonal", IntegerType, false),
        createStructField("antipodal", IntegerType, false),
        createStructField("collapsed", IntegerType, false),
        createStructField("unrepresented", IntegerType, false),
        createStructField("mean_abs_cos", DoubleType, true),
        createStructField("max_abs_cos", DoubleType, true),
        createStructField("label", StringType, false),
        createStructField("cosines", createArrayType(DoubleType, true), false)));

    private AnalysisTables() {
    }

    public static StructType schema(String table) {
        return switch (table) {
            case POLYTOPES -> POLYTOPES_SCHEMA;
            case FRACTIONS -> FRACTIONS_SCHEMA;
            case NEURONS -> NEURONS_SCHEMA;
            case PHASES -> PHASES_SCHEMA;
            case ATTACKS -> ATTACKS_SCHEMA;
            case SET_GEOMETRY -> SET_GEOMETRY_SCHEMA;
            default -> throw new IllegalArgumentException("unknown derived table: " + table);
        };
    }
}
