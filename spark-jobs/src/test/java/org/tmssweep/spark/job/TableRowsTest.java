package org.tmssweep.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * failure gives rows of models, features, curves and failures, and a finished sweep its sweeps row.
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

    static SweepPlan plan;
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
        assertEquals(3, RESULTS.size());
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
}
