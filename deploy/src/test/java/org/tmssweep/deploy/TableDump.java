package org.tmssweep.deploy;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The trained tables of a results directory, read in the test JVM: every column of {@code models}
 * but those that differ between two runs of the same spec by design ({@code train_ms}: wall time,
 * {@code code_version}) and every column of {@code features}, one {@code table,json} line per row in
 * a fixed order, so that two directories compare with {@code assertEquals}. One local Spark session
 * serves every end-to-end test of the JVM (started on first use, stopped by Spark's shutdown hook):
 * reading with a {@code tms query} JVM per directory cost seconds each; {@code tms query} itself is
 * tested in {@link LauncherIT}.
 */
final class TableDump {
    private static SparkSession spark;

    private TableDump() {
    }

    static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSession.builder().master("local[1]").appName("tms-it-tables")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
        }
        return spark;
    }

    /** The rows of {@code out}'s models and features tables (all sweeps in it). */
    static List<String> rows(Path out) {
        return rows(out, null);
    }

    /**
     * The rows of {@code out}'s models and features tables, of the sweeps named {@code name} only
     * (their sweep_id is {@code name-<hash>}) when {@code name} is not null.
     */
    static synchronized List<String> rows(Path out, String name) {
        SparkSession s = spark();
        String where = name == null ? "" : " WHERE sweep_id LIKE '" + name.replace("'", "''") + "-%'";
        s.read().parquet(out.resolve("models").toString()).createOrReplaceTempView("it_models");
        s.read().parquet(out.resolve("features").toString()).createOrReplaceTempView("it_features");
        return s.sql("SELECT concat(t, ',', j) FROM ("
                + "SELECT 'models' AS t, point_id, seed, -1 AS feature, to_json(struct(m.*)) AS j "
                + "FROM (SELECT * EXCEPT (train_ms, code_version) FROM it_models" + where + ") m "
                + "UNION ALL SELECT 'features', point_id, seed, feature, to_json(struct(f.*)) "
                + "FROM (SELECT * FROM it_features" + where + ") f) "
                + "ORDER BY t, point_id, seed, feature")
                .collectAsList().stream().map(r -> r.getString(0)).toList();
    }

    /** How many rows of {@code rows} belong to {@code table}. */
    static long count(List<String> rows, String table) {
        return rows.stream().filter(r -> r.startsWith(table + ",")).count();
    }

    /** The number of distinct (point_id, seed) of {@code out}'s models table. */
    static synchronized long distinctModels(Path out) {
        Row r = spark().read().parquet(out.resolve("models").toString()).selectExpr("count(DISTINCT point_id, seed)").first();
        return r.getLong(0);
    }
}
