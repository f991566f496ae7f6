package org.tmssweep.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.spark.Tolerances.F64;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.job.ProgressSink;
import org.tmssweep.spark.job.SparkTestSupport;
import org.tmssweep.spark.job.SweepJob;
import org.tmssweep.spark.spec.SpecParser;
import org.tmssweep.spark.tables.Tables;

/**
 * The tables read by DuckDB (its JDBC driver, the engine of DuckDB's Python package) the way
 * docs/python.md reads them — {@code read_parquet('DIR/<table>/**}{@code /*.parquet', hive_partitioning = true,
 * union_by_name = true)} as a view named after the table — give the same rows as {@code tms query}'s
 * views ({@link QueryCommand#registerViews}) for the same SQL text: partition columns, key columns,
 * doubles bit for bit, embeddings as lists, and a README-style join. One small sweep of two waves on
 * a local[2] session.
 */
class DuckDbReadSparkTest {
    static final String SPEC = """
            name: duck
            model: relu_output
            n_features: 5
            n_hidden: 2
            sparsity: [0.0, 0.9]
            importance_decay: 0.8
            seeds: 2
            pack: 2
            wave: 2
            train: {steps: 100, batch_size: 64, eval_samples: 256}
            """;
    static final int MODELS = 4;
    static final int FEATURES = 5;

    static SparkSession spark;
    static Connection duck;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void trainAndOpen() throws Exception {
        spark = SparkTestSupport.start("local[2]");
        Path out = tmp.resolve("out");
        SweepJob.run(spark, SweepPlan.of(SpecParser.parse(SPEC)), out.toString(), ProgressSink.NONE);
        QueryCommand.registerViews(spark, out.toString());
        duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duck.createStatement()) {
            for (String table : List.of(Tables.SWEEPS, Tables.MODELS, Tables.FEATURES)) {
                String glob = out.resolve(table).toAbsolutePath().toString().replace('\\', '/') + "/**/*.parquet";
                s.execute("CREATE VIEW " + table + " AS SELECT * FROM read_parquet('" + glob
                        + "', hive_partitioning = true, union_by_name = true)");
            }
        }
    }

    @AfterAll
    static void close() throws SQLException {
        if (duck != null) {
            duck.close();
        }
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void sweepsAndModelsKeyColumnsIncludingThePartitions() throws SQLException {
        List<List<Object>> sweeps = sameRows("SELECT sweep_id, name, n_models, n_waves, status FROM sweeps");
        assertEquals(1, sweeps.size());
        assertEquals(List.of("duck", (long) MODELS, 2L, "complete"), sweeps.get(0).subList(1, 5));
        List<List<Object>> models = sameRows("""
                SELECT sweep_id, wave, point_id, seed, rng_seed, sparsity, status, final_loss, dims_per_feature,
                       represented_features, frobenius_sq
                FROM models ORDER BY point_id, seed""");
        assertEquals(MODELS, models.size());
        assertEquals(List.of(0L, 1L), models.stream().map(r -> r.get(1)).distinct().sorted().toList(), "two waves");
    }

    @Test
    void featuresNormsAndEmbeddingsBitForBit() throws SQLException {
        List<List<Object>> rows = sameRows("""
                SELECT point_id, seed, feature, importance, norm, interference, dimensionality, bias, embedding
                FROM features ORDER BY point_id, seed, feature""");
        assertEquals(MODELS * FEATURES, rows.size());
        for (List<Object> r : rows) {
            List<?> embedding = (List<?>) r.get(8);
            assertEquals(2, embedding.size(), "W_i has n_hidden entries");
            double norm = Math.hypot((Double) embedding.get(0), (Double) embedding.get(1));
            assertEquals((Double) r.get(4), norm, F64, "norm = |W_i|");
        }
    }

    @Test
    void aReadmeStyleJoinAndAnAggregate() throws SQLException {
        List<List<Object>> join = sameRows("""
                SELECT m.seed, f.feature, ROUND(f.norm, 3) AS norm, ROUND(f.dimensionality, 3) AS dim
                FROM features f JOIN models m USING (sweep_id, point_id, seed)
                WHERE m.sparsity = 0.9 AND f.norm > 0.5 ORDER BY m.seed, f.feature""");
        assertTrue(!join.isEmpty(), "some represented features at S = 0.9");
        String aggregate = """
                SELECT m.sparsity, COUNT(*) AS n, AVG(f.norm) AS mean_norm, SUM(f.interference) AS total_interference
                FROM features f JOIN models m USING (sweep_id, point_id, seed)
                GROUP BY m.sparsity ORDER BY m.sparsity""";
        List<List<Object>> viaSpark = spark(aggregate);
        List<List<Object>> viaDuck = duck(aggregate);
        assertEquals(2, viaSpark.size());
        assertEquals(viaSpark.size(), viaDuck.size());
        for (int i = 0; i < viaSpark.size(); i++) {
            assertEquals(viaSpark.get(i).subList(0, 2), viaDuck.get(i).subList(0, 2));
            // sums in another order: equal to rounding
            for (int c = 2; c < 4; c++) {
                assertEquals((Double) viaSpark.get(i).get(c), (Double) viaDuck.get(i).get(c), F64, aggregate);
            }
        }
    }

    /** The rows of {@code sql} from both engines, asserted equal (after {@link #plain}), non-empty. */
    static List<List<Object>> sameRows(String sql) throws SQLException {
        List<List<Object>> viaSpark = spark(sql);
        assertTrue(!viaSpark.isEmpty(), "no rows: " + sql);
        assertEquals(viaSpark, duck(sql), sql);
        return viaSpark;
    }

    static List<List<Object>> spark(String sql) {
        List<List<Object>> out = new ArrayList<>();
        for (Row r : spark.sql(sql).collectAsList()) {
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                row.add(plain(r.get(i)));
            }
            out.add(row);
        }
        return out;
    }

    static List<List<Object>> duck(String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(plain(rs.getObject(i)));
                }
                out.add(row);
            }
        }
        return out;
    }

    /**
     * One representation for both engines: integers of any width as Long (Spark's int partition
     * column is DuckDB's BIGINT), Float as Double, Spark's Seq and JDBC's Array as List.
     */
    static Object plain(Object v) {
        try {
            if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                return ((Number) v).longValue();
            }
            if (v instanceof Float f) {
                return f.doubleValue();
            }
            if (v instanceof scala.collection.Seq<?> seq) {
                return scala.jdk.javaapi.CollectionConverters.asJava(seq).stream().map(DuckDbReadSparkTest::plain)
                        .toList();
            }
            if (v instanceof Array a) {
                return Arrays.stream((Object[]) a.getArray()).map(DuckDbReadSparkTest::plain).toList();
            }
            return v;
        } catch (SQLException e) {
            throw new IllegalStateException("reading a DuckDB array", e);
        }
    }
}
