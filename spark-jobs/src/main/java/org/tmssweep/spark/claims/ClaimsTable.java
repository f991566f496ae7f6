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
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code claims} table: one row per claim of the latest {@code tms claims} run on a results directory,
 * with the sweep_ids it read and the code that judged it. {@code OUT/claims/part-*.parquet}, not
 * partitioned; each evaluation replaces it whole (written beside it first, then swapped in).
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
        createStructField("evaluated_at", TimestampType, false)});

    private ClaimsTable() {
    }

    static List<Row> rows(ClaimsEngine.Evaluation e, String codeVersion, String gitCommit, Timestamp at) {
        List<Row> out = new ArrayList<>();
        for (ClaimResult r : e.results()) {
            Claim c = r.claim();
            out.add(RowFactory.create(c.id(), c.row(), r.verdict().label(), r.measured(), c.paper(), c.criterion(),
                    c.statement(), c.source(), c.presets().toArray(new String[0]), r.sweepIds().toArray(new String[0]),
                    codeVersion, gitCommit, at));
        }
        return out;
    }

    /** Writes the table under {@code outDir}, replacing the previous one only once the new one is complete. */
    public static void write(SparkSession spark, String outDir, ClaimsEngine.Evaluation e, String codeVersion,
            String gitCommit) throws IOException {
        Path target = new Path(outDir, NAME);
        Path staging = new Path(new Path(outDir, "_staging"), NAME + "-" + UUID.randomUUID());
        FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
        spark.createDataFrame(rows(e, codeVersion, gitCommit, new Timestamp(System.currentTimeMillis())), SCHEMA)
                .coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(staging.toString());
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
