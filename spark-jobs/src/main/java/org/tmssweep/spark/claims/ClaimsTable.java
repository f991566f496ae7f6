package org.tmssweep.spark.claims;

import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.io.IOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code claims} table: one row per claim of the latest {@code tms claims} run of each study on a results
 * directory, with the sweep_ids it read, the code that judged it and its {@link Study} ({@code study}, the
 * last column). {@code OUT/claims/part-*.parquet}, not partitioned; each evaluation replaces the rows of the
 * studies it evaluated and keeps the others' (the whole table is written beside the old one first, then
 * swapped in). A table written before the {@code study} column existed holds paper claims; its rows' study
 * is read from their ids.
 */
public final class ClaimsTable {
    public static final String NAME = "claims";

    public static final StructType SCHEMA = createStructType(new org.apache.spark.sql.types.StructField[] {
        createStructField("id", StringType, false),
        createStructField("row", IntegerType, false),
        createStructField("status", StringType, false),
        createStructField("measured", StringType, false),
        createStructField("paper", StringType, false),
        createStructField("criterion", StringType, false),
        createStructField("statement", StringType, false),
        createStructField("source", StringType, false),
        createStructField("presets", createArrayType(StringType, false), false),
        createStructField("sweep_ids", createArrayType(StringType, false), false),
        createStructField("code_version", StringType, false),
        createStructField("git_commit", StringType, false),
        createStructField("evaluated_at", TimestampType, false),
        createStructField("study", StringType, false)});

    private ClaimsTable() {
    }

    static List<Row> rows(ClaimsEngine.Evaluation e, String codeVersion, String gitCommit, Timestamp at) {
        List<Row> out = new ArrayList<>();
        for (ClaimResult r : e.results()) {
            Claim c = r.claim();
            out.add(RowFactory.create(c.id(), c.row(), r.verdict().label(), r.measured(), c.paper(), c.criterion(),
                    c.statement(), c.source(), c.presets().toArray(new String[0]), r.sweepIds().toArray(new String[0]),
                    codeVersion, gitCommit, at, c.study().cliName()));
        }
        return out;
    }

    /**
     * The rows of {@code previous} (a {@code claims} table as read, with or without the {@code study} column) that
     * belong to none of {@code replaced}, in the current schema. Rows whose id names no study are dropped.
     */
    static List<Row> kept(List<Row> previous, Set<Study> replaced) {
        List<Row> out = new ArrayList<>();
        for (Row r : previous) {
            String id = r.getAs("id");
            Study study;
            try {
                study = java.util.Arrays.asList(r.schema().fieldNames()).contains("study")
                        ? Study.ofCliName(r.getAs("study")) : Study.ofId(id);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (replaced.contains(study)) {
                continue;
            }
            out.add(RowFactory.create(id, r.<Integer>getAs("row"), r.getAs("status"), r.getAs("measured"), r.getAs("paper"),
                    r.getAs("criterion"), r.getAs("statement"), r.getAs("source"), strings(r, "presets"),
                    strings(r, "sweep_ids"), r.getAs("code_version"), r.getAs("git_commit"), r.getAs("evaluated_at"),
                    study.cliName()));
        }
        return out;
    }

    private static String[] strings(Row r, String col) {
        return r.<String>getList(r.fieldIndex(col)).toArray(new String[0]);
    }

    /** {@link #write(SparkSession, String, ClaimsEngine.Evaluation, Set, String, String)} of the studies of its claims. */
    public static void write(SparkSession spark, String outDir, ClaimsEngine.Evaluation e, String codeVersion,
            String gitCommit) throws IOException {
        Set<Study> studies = EnumSet.noneOf(Study.class);
        e.results().forEach(r -> studies.add(r.claim().study()));
        write(spark, outDir, e, studies, codeVersion, gitCommit);
    }

    /**
     * Writes the table under {@code outDir}: the rows of {@code e} in place of every row of {@code studies}, the
     * other studies' rows kept; the previous table is replaced only once the new one is complete.
     */
    public static void write(SparkSession spark, String outDir, ClaimsEngine.Evaluation e, Set<Study> studies,
            String codeVersion, String gitCommit) throws IOException {
        Path target = new Path(outDir, NAME);
        Path staging = new Path(new Path(outDir, "_staging"), NAME + "-" + UUID.randomUUID());
        FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
        List<Row> rows = new ArrayList<>();
        if (fs.exists(target)) {
            rows.addAll(kept(spark.read().parquet(target.toString()).collectAsList(), studies));
        }
        rows.addAll(rows(e, codeVersion, gitCommit, new Timestamp(System.currentTimeMillis())));
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(staging.toString());
        Path old = new Path(new Path(outDir, "_staging"), NAME + "-old-" + UUID.randomUUID());
        boolean hadOld = fs.exists(target);
        if (hadOld && !fs.rename(target, old)) {
            throw new IOException("cannot move the previous claims table aside: " + target);
        }
        if (!fs.rename(staging, target)) {
            throw new IOException("cannot move the new claims table into place: " + target);
        }
        if (hadOld) {
            fs.delete(old, true);
        }
    }
}
