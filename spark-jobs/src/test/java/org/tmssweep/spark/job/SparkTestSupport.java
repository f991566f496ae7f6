package org.tmssweep.spark.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.tmssweep.spark.fs.NioLocalFileSystem;

/** One quiet local SparkSession per test class (UI off, few shuffle partitions, the launcher's local file system). */
public final class SparkTestSupport {
    private SparkTestSupport() {
    }

    public static SparkSession start(String master) {
        return SparkSession.builder()
                .master(master)
                .appName("tms-test")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config(NioLocalFileSystem.CONF, NioLocalFileSystem.class.getName()) // as tms run in local mode
                .getOrCreate();
    }

    /** Rows of a table as sorted strings, leaving out the named columns. */
    public static List<String> rows(SparkSession spark, String path, List<String> drop) {
        String[] cols = Arrays.stream(spark.read().parquet(path).columns()).filter(c -> !drop.contains(c))
                .toArray(String[]::new);
        List<String> out = new ArrayList<>();
        for (Row r : spark.read().parquet(path).selectExpr(cols).collectAsList()) {
            out.add(r.toString());
        }
        out.sort(null);
        return out;
    }
}
