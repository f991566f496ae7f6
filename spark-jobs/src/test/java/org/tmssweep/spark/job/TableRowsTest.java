package org.tmssweep.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.train.TrainStatus;
import org.tmssweep.spark.grid.GridPoint;
import org.tmssweep.spark.grid.Pack;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.spec.SpecParser;
import org.tmssweep.spark.tables.Tables;

/**
 * Every column of every trained table is set by {@link TableRows} (by name, against {@link Tables}):
 * one pack trained by {@link TrainPack} with a learning curve, a diverging learning rate and an injected
 * failure gives rows of models, features, curves and failures, a pack trained on a finite dataset its
 * datapoints rows, a unit of sparse autoencoders trained by {@link TrainSaeUnit} rows of sae_models, sae_latents
 * and sae_features, and a finished sweep its sweeps row.
 * Training runs in this JVM, without Spark.
 */
class TableRowsTest {
    static final String SPEC = """
            name: rows
            model: relu_output
            n_features: 3
            n_hidden: 2
            sparsity: 0.5
            importance_decay: 0.9
            seeds: 1
            train: {steps: 100, batch_size: 64, eval_samples: 256, curve_every: 50, lr: [0.001, 10000.0, 0.01]}
            """;

    static final String DATASET_SPEC = """
            name: rows-data
            model: relu_output
            n_features: 5
            n_hidden: 2
            sparsity: 0.5
            seeds: 1
            train: {steps: 60, lr: 0.01, schedule: warmup_cosine, warmup_steps: 5, loss_normalization: feature_sum}
            dataset: {size: 6, seed: 3, normalize: unit, test_size: 32}
            """;

    static final String SAE_SPEC = """
            name: rows-sae
            sae:
              source: absorption
              latents: [4, 6]
              steps: 40
              batch_size: 32
              eval_samples: 256
            """;

    static SweepPlan plan;
    static SweepPlan datasetPlan;
    static GridPoint victim;
    static final Map<String, List<Row>> ROWS = new LinkedHashMap<>();
    static final List<PointResult> RESULTS = new ArrayList<>();

    @BeforeAll
    static void train() throws Exception {
        plan = SweepPlan.of(SpecParser.parse(SPEC));
        assertEquals(3, plan.packs().size(), "one pack per learning rate");
        victim = plan.points().get(2);
        TrainPack trainer = new TrainPack(plan.spec().sweepId(), plan.spec().specHash(), "test", 1,
                Set.of(victim.pointId()), plan.spec().curveEvery());
        for (String t : Tables.ALL) {
            ROWS.put(t, new ArrayList<>());
        }
        for (Pack pack : plan.packs()) {
            for (Iterator<PointResult> it = trainer.call(pack); it.hasNext(); ) {
                add(it.next());
            }
        }
        datasetPlan = SweepPlan.of(SpecParser.parse(DATASET_SPEC));
        TrainPack datasetTrainer = new TrainPack(datasetPlan.spec().sweepId(), datasetPlan.spec().specHash(), "test", 1,
                Set.of(), 0);
        for (Pack pack : datasetPlan.packs()) {
            for (Iterator<PointResult> it = datasetTrainer.call(pack); it.hasNext(); ) {
                add(it.next());
            }
        }
        SweepPlan saePlan = SweepPlan.of(SpecParser.parse(SAE_SPEC));
        TrainSaeUnit saeTrainer = new TrainSaeUnit(saePlan.spec().sweepId(), saePlan.spec().specHash(), "test", 1,
                null, "unused");
        for (org.tmssweep.spark.grid.SaeUnit unit : saePlan.sae().units()) {
            TrainSaeUnit.UnitRows r = saeTrainer.train(unit);
            ROWS.get(Tables.SAE_MODELS).addAll(r.saeModels());
            ROWS.get(Tables.SAE_LATENTS).addAll(r.saeLatents());
            ROWS.get(Tables.SAE_FEATURES).addAll(r.saeFeatures());
        }
        ROWS.get(Tables.SWEEPS).add(TableRows.sweep(plan, Instant.EPOCH, Instant.EPOCH.plusSeconds(3), 1, 1, "4.0.0",
                "local[2]", "h1,h2"));
    }

    private static void add(PointResult r) {
        RESULTS.add(r);
        if (r.failed()) {
            ROWS.get(Tables.FAILURES).add(r.failure());
        } else {
            ROWS.get(Tables.MODELS).add(r.model());
            ROWS.get(Tables.FEATURES).addAll(r.features());
            ROWS.get(Tables.CURVES).addAll(r.curves());
            ROWS.get(Tables.DATAPOINTS).addAll(r.datapoints());
        }
    }

    @Test
    void everyTableGetsRowsWithEveryColumnOfItsSchema() {
        for (String table : Tables.ALL) {
            StructType schema = Tables.schema(table);
            List<Row> rows = ROWS.get(table);
            assertFalse(rows.isEmpty(), table + ": no rows");
            for (Row r : rows) {
                assertEquals(schema.size(), r.length(), table);
                for (int i = 0; i < schema.size(); i++) {
                    StructField f = schema.fields()[i];
                    assertTrue(f.nullable() || r.get(i) != null, table + "." + f.name() + " is null");
                }
            }
        }
    }

    @Test
    void eachColumnHoldsItsOwnValue() {
        assertEquals(4, RESULTS.size());
        assertEquals(TrainStatus.OK, RESULTS.get(0).status());
        assertEquals(TrainStatus.DIVERGED, RESULTS.get(1).status());
        assertNull(RESULTS.get(2).status());
        Row ok = ROWS.get(Tables.MODELS).get(0);
        GridPoint p = plan.points().get(0);
        assertEquals(p.pointId(), get(Tables.MODELS, ok, "point_id"));
        assertEquals(p.rngSeed(), get(Tables.MODELS, ok, "rng_seed"));
        assertEquals(p.index(), get(Tables.MODELS, ok, "grid_index"));
        assertEquals(0.5, get(Tables.MODELS, ok, "sparsity"));
        assertEquals(0.9, get(Tables.MODELS, ok, "importance_decay"));
        assertEquals(0.001, get(Tables.MODELS, ok, "lr"));
        assertEquals(3, get(Tables.MODELS, ok, "n_features"));
        assertEquals(2, get(Tables.MODELS, ok, "n_hidden"));
        assertEquals(100, get(Tables.MODELS, ok, "steps"));
        assertEquals(64, get(Tables.MODELS, ok, "batch_size"));
        assertEquals("ok", get(Tables.MODELS, ok, "status"));
        assertEquals(plan.spec().specHash(), get(Tables.MODELS, ok, "spec_hash"));
        assertEquals("test", get(Tables.MODELS, ok, "code_version"));
        assertNull(get(Tables.MODELS, ok, "sparsity_first"));
        assertNull(get(Tables.MODELS, ok, "feature_sets"));
        Row diverged = ROWS.get(Tables.MODELS).get(1);
        assertEquals("diverged", get(Tables.MODELS, diverged, "status"));
        assertEquals(0, get(Tables.MODELS, diverged, "represented_features"));

        Row feature = ROWS.get(Tables.FEATURES).get(1);
        assertEquals(1, get(Tables.FEATURES, feature, "feature"));
        assertEquals(0.9, get(Tables.FEATURES, feature, "importance"));
        assertEquals(0.5, get(Tables.FEATURES, feature, "probability"));
        assertEquals(2, ((Object[]) get(Tables.FEATURES, feature, "embedding")).length);
        assertNull(get(Tables.FEATURES, feature, "readout"));

        // 2 trained models x steps {0, 50, 100} x 3 features
        assertEquals(2 * 3 * 3, ROWS.get(Tables.CURVES).size());
        Row last = ROWS.get(Tables.CURVES).get(3 * 3 - 1);
        assertEquals(100, get(Tables.CURVES, last, "step"));
        assertEquals(2, get(Tables.CURVES, last, "feature"));

        Row failure = ROWS.get(Tables.FAILURES).get(0);
        assertEquals(victim.pointId(), get(Tables.FAILURES, failure, "point_id"));
        assertEquals(1, get(Tables.FAILURES, failure, "attempt"));
        assertEquals(TrainPack.InjectedFailure.class.getName(), get(Tables.FAILURES, failure, "error_class"));
        assertNotNull(get(Tables.FAILURES, failure, "failed_at"));

        Row sweep = ROWS.get(Tables.SWEEPS).get(0);
        assertEquals("complete_with_failures", get(Tables.SWEEPS, sweep, "status"));
        assertEquals(3L, get(Tables.SWEEPS, sweep, "n_models"));
        assertEquals(1L, get(Tables.SWEEPS, sweep, "n_failed"));
        assertEquals("local[2]", get(Tables.SWEEPS, sweep, "master"));
        assertEquals("h1,h2", get(Tables.SWEEPS, sweep, "hosts"));
        assertTrue(((String) get(Tables.SWEEPS, sweep, "versions")).startsWith("{\"java\":\""));
    }

    private static Object get(String table, Row r, String column) {
        return r.get(Tables.schema(table).fieldIndex(column));
    }

    /**
     * The recipe columns hold the point's settings; the dataset columns are null for a model trained on fresh
     * batches and hold the dataset, its losses and its data-regime summary for one trained on a finite set,
     * whose datapoints rows are its T training points.
     */
    @Test
    void recipeAndDatasetColumns() {
        Row plain = ROWS.get(Tables.MODELS).get(0);
        assertEquals(0.9, get(Tables.MODELS, plain, "beta1"));
        assertEquals(0.999, get(Tables.MODELS, plain, "beta2"));
        assertEquals(1e-8, get(Tables.MODELS, plain, "eps"));
        assertEquals(256, get(Tables.MODELS, plain, "eval_samples"));
        assertEquals(20, get(Tables.MODELS, plain, "notebook_instances"));
        assertEquals(0, get(Tables.MODELS, plain, "warmup_steps"));
        assertEquals("mean", get(Tables.MODELS, plain, "loss_normalization"));
        double fro = (Double) get(Tables.MODELS, plain, "frobenius_sq");
        assertEquals(Math.sqrt(fro), (Double) get(Tables.MODELS, plain, "weight_fro"), 0);
        assertTrue((Double) get(Tables.MODELS, plain, "bias_norm") >= 0);
        for (String c : List.of("train_loss", "test_loss", "dataset_size", "dataset_seed_index", "dataset_seed",
                "dataset_test_size", "dataset_normalize", "dataset_minibatch", "dataset_zero_draws", "mean_data_dim",
                "sum_max_data_dim", "mean_hidden_norm", "mean_top_feature_dim", "features_above_threshold")) {
            assertNull(get(Tables.MODELS, plain, c), c);
        }

        Row data = ROWS.get(Tables.MODELS).get(2);
        GridPoint p = datasetPlan.points().get(0);
        assertEquals(p.pointId(), get(Tables.MODELS, data, "point_id"));
        assertEquals("ok", get(Tables.MODELS, data, "status"));
        assertEquals(5, get(Tables.MODELS, data, "warmup_steps"));
        assertEquals("warmup_cosine", get(Tables.MODELS, data, "schedule"));
        assertEquals("feature_sum", get(Tables.MODELS, data, "loss_normalization"));
        assertEquals(6, get(Tables.MODELS, data, "dataset_size"));
        assertEquals(3, get(Tables.MODELS, data, "dataset_seed_index"));
        assertEquals(p.datasetSeed(), get(Tables.MODELS, data, "dataset_seed"));
        assertNotEquals(0L, p.datasetSeed());
        assertEquals(32, get(Tables.MODELS, data, "dataset_test_size"));
        assertEquals("unit", get(Tables.MODELS, data, "dataset_normalize"));
        assertEquals(0, get(Tables.MODELS, data, "dataset_minibatch"));
        assertTrue((Long) get(Tables.MODELS, data, "dataset_zero_draws") >= 0);
        double test = (Double) get(Tables.MODELS, data, "test_loss");
        assertEquals(test, (Double) get(Tables.MODELS, data, "final_loss"), 0);
        assertTrue((Double) get(Tables.MODELS, data, "train_loss") > 0);
        double meanDx = (Double) get(Tables.MODELS, data, "mean_data_dim");
        double sumDStar = (Double) get(Tables.MODELS, data, "sum_max_data_dim");
        assertTrue(meanDx >= 0 && meanDx <= 2.0 / 6 + 1e-9, "mean D_X <= m/T: " + meanDx);
        assertTrue(sumDStar > 0 && sumDStar <= 2 + 1e-9, "sum D* <= m: " + sumDStar);
        assertTrue((Double) get(Tables.MODELS, data, "mean_hidden_norm") > 0);
        assertNotNull(get(Tables.MODELS, data, "mean_top_feature_dim"));
        assertNotNull(get(Tables.MODELS, data, "features_above_threshold"));

        List<Row> points = ROWS.get(Tables.DATAPOINTS);
        assertEquals(6, points.size());
        double dStar = 0;
        for (int i = 0; i < points.size(); i++) {
            Row r = points.get(i);
            assertEquals(p.pointId(), get(Tables.DATAPOINTS, r, "point_id"));
            assertEquals(i, get(Tables.DATAPOINTS, r, "point_index"));
            Integer[] features = (Integer[]) get(Tables.DATAPOINTS, r, "features");
            Float[] values = (Float[]) get(Tables.DATAPOINTS, r, "values");
            assertEquals(features.length, values.length);
            assertTrue(features.length >= 1, "unit normalisation keeps no all-zero point");
            double sq = 0;
            for (Float v : values) {
                sq += v * v;
            }
            assertEquals(1.0, sq, 1e-5, "unit norm");
            double dx = (Double) get(Tables.DATAPOINTS, r, "data_dim");
            double ds = (Double) get(Tables.DATAPOINTS, r, "max_data_dim");
            assertTrue(dx >= 0 && dx <= ds + 1e-9 && ds <= 1 + 1e-9, dx + " " + ds);
            dStar += ds;
        }
        assertEquals(sumDStar, dStar, 1e-9);
    }
}
