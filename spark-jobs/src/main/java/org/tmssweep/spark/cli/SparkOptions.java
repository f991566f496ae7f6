package org.tmssweep.spark.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.tmssweep.spark.fs.NioLocalFileSystem;
import picocli.CommandLine.Option;

/**
 * Options shared by every command that starts Spark. Precedence for the master, highest first:
 * {@code --master}; {@code spark.master} already set (spark-submit {@code --master}, or
 * {@code --conf spark.master=...}); {@code local[*]}. Local mode uses {@link NioLocalFileSystem} for
 * {@code file:} paths unless {@code spark.hadoop.fs.file.impl} is set.
 */
public final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[N], spark://host:7077, yarn, k8s://... (default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "Extra Spark setting, repeatable (e.g. --conf spark.executor.memory=4g)")
    List<String> conf = new ArrayList<>();

    @Option(names = "--ui", description = "Start the Spark web UI (off by default in local mode)")
    boolean ui;

    /** Starts (or joins) the session. */
    SparkSession session(String appName) {
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        String configured = System.getProperty("spark.master");
        for (String kv : conf) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--conf: expected KEY=VALUE, got '" + kv + "'");
            }
            if (kv.substring(0, eq).equals("spark.master")) {
                configured = kv.substring(eq + 1);
            }
            b.config(kv.substring(0, eq), kv.substring(eq + 1));
        }
        String effective = master != null ? master : configured != null ? configured : "local[*]";
        b.master(effective);
        boolean local = effective.startsWith("local");
        if (local && !ui && !conf.stream().anyMatch(kv -> kv.startsWith("spark.ui.enabled="))) {
            b.config("spark.ui.enabled", "false");
        }
        if (local && System.getProperty(NioLocalFileSystem.CONF) == null
                && conf.stream().noneMatch(kv -> kv.startsWith(NioLocalFileSystem.CONF + "="))) {
            // Hadoop's local file system forks chmod per file and directory without its native library
            b.config(NioLocalFileSystem.CONF, NioLocalFileSystem.class.getName());
        }
        b.config("spark.ui.showConsoleProgress", "false");
        b.config("spark.sql.shuffle.partitions", local ? "4" : "200");
        // One native (OpenMP/BLAS) thread per task slot on executors; local tasks run in this JVM,
        // which the launcher started with OMP_NUM_THREADS=1, and the trainer caps ND4J itself.
        b.config("spark.executorEnv.OMP_NUM_THREADS", "1");
        return b.getOrCreate();
    }
}
