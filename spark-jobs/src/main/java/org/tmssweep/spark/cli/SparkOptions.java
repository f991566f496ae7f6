package org.tmssweep.spark.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.tmssweep.spark.fs.NioLocalFileSystem;
import picocli.CommandLine.Option;

/**
 * Options shared by every command that starts Spark, and the settings the session starts with
 * ({@link #settings}, a pure function of the options and the settings already given).
 *
 * <p>Precedence for the master, highest first: {@code --master}; {@code --conf spark.master=...};
 * {@code spark.master} already set (spark-submit's {@code --master}); {@code local[*]}.
 *
 * <p>The user's settings always win over the tool's: {@code --conf} first, then what spark-submit
 * already set as system properties (its {@code --conf}, {@code --properties-file} and
 * {@code spark-defaults.conf}, which Spark reads from there). The tool adds its defaults only for
 * the keys neither sets: {@code spark.ui.showConsoleProgress=false} (the tool prints its own
 * progress), {@code spark.sql.shuffle.partitions} (4 in local mode, else Spark's 200) and
 * {@code spark.executorEnv.OMP_NUM_THREADS=1} (one native thread per task slot); in local mode also
 * {@code spark.ui.enabled=false} unless {@code --ui}, and {@link NioLocalFileSystem} for
 * {@code file:} paths.
 */
public final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local, local[N] or spark://HOST:7077 (default: spark-submit's, else"
                + " local[*]). YARN and Kubernetes: submit the application jar with spark-submit (docs/deploy.md).")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "Extra Spark setting, repeatable (e.g. --conf spark.executor.memory=4g)")
    List<String> conf = new ArrayList<>();

    @Option(names = "--ui", description = "Start the Spark web UI (off by default in local mode)")
    boolean ui;

    /** Starts (or joins) the session with {@link #settings}. */
    SparkSession session(String appName) {
        checkMasterSupported();
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        settings(master, conf, ui, System::getProperty).forEach((k, v) -> {
            if (k.equals(MASTER)) {
                b.master(v);
            } else {
                b.config(k, v);
            }
        });
        return b.getOrCreate();
    }

    static final String MASTER = "spark.master";

    /** {@link #checkMasterSupported(String, java.util.function.Predicate)} for {@code --master} and this class path. */
    void checkMasterSupported() {
        checkMasterSupported(master, SparkOptions::onClassPath);
    }

    /**
     * The Hadoop settings the session would start with, without starting it: for the filesystem work
     * done before Spark starts (taking the sweep lock). Hadoop's defaults and site files, then every
     * {@code spark.hadoop.KEY} of spark-submit's system properties and of {@link #settings}, as Spark copies them.
     */
    org.apache.hadoop.conf.Configuration hadoopConfiguration() {
        return hadoopConfiguration(settings(master, conf, ui, System::getProperty), System.getProperties());
    }

    /** {@link #hadoopConfiguration()} from explicit settings and system properties. */
    static org.apache.hadoop.conf.Configuration hadoopConfiguration(Map<String, String> settings,
            java.util.Properties system) {
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
        Map<String, String> all = new LinkedHashMap<>();
        for (String k : system.stringPropertyNames()) {
            all.put(k, system.getProperty(k));
        }
        all.putAll(settings);
        all.forEach((k, v) -> {
            if (k.startsWith(HADOOP_PREFIX)) {
                hadoop.set(k.substring(HADOOP_PREFIX.length()), v);
            }
        });
        return hadoop;
    }

    private static final String HADOOP_PREFIX = "spark.hadoop.";

    /** The cluster managers Spark loads for a YARN or Kubernetes master: modules the tms launcher's class path leaves out. */
    static final Map<String, String> CLUSTER_MANAGERS = Map.of(
            "yarn", "org.apache.spark.scheduler.cluster.YarnClusterManager",
            "k8s://", "org.apache.spark.scheduler.cluster.k8s.KubernetesClusterManager");

    /**
     * A {@code --master} whose cluster manager is not on the class path is a {@link UserError} that
     * names the way that works (spark-submit with the application jar), instead of Spark's failure
     * to parse the URL.
     */
    static void checkMasterSupported(String master, java.util.function.Predicate<String> classPresent) {
        if (master == null) {
            return;
        }
        CLUSTER_MANAGERS.forEach((prefix, cls) -> {
            if (master.startsWith(prefix) && !classPresent.test(cls)) {
                throw new UserError("--master " + master + ": this class path has no " + (prefix.equals("yarn")
                        ? "YARN" : "Kubernetes") + " support; submit the application jar with spark-submit"
                        + " (docs/deploy.md)");
            }
        });
    }

    private static boolean onClassPath(String cls) {
        try {
            Class.forName(cls, false, SparkOptions.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * The settings a session gets, in order: the user's {@code --conf} pairs, {@code spark.master},
     * then each of the tool's defaults whose key neither {@code conf} nor {@code preset} sets.
     *
     * @param master {@code --master}, or null
     * @param conf the {@code --conf} pairs, KEY=VALUE
     * @param ui whether {@code --ui} was given
     * @param preset settings already given outside the command line (spark-submit's system
     *     properties): key to value, or null when unset
     */
    static Map<String, String> settings(String master, List<String> conf, boolean ui, Function<String, String> preset) {
        Map<String, String> user = new LinkedHashMap<>();
        for (String kv : conf) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--conf: expected KEY=VALUE, got '" + kv + "'");
            }
            user.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        String configured = user.containsKey(MASTER) ? user.get(MASTER) : preset.apply(MASTER);
        String effective = master != null ? master : configured != null ? configured : "local[*]";
        boolean local = effective.startsWith("local");

        Map<String, String> defaults = new LinkedHashMap<>();
        if (local && !ui) {
            defaults.put("spark.ui.enabled", "false");
        }
        if (local) {
            // Hadoop's local file system forks chmod per file and directory without its native library
            defaults.put(NioLocalFileSystem.CONF, NioLocalFileSystem.class.getName());
        }
        defaults.put("spark.ui.showConsoleProgress", "false");
        defaults.put("spark.sql.shuffle.partitions", local ? "4" : "200");
        // One native (OpenMP/BLAS) thread per task slot on executors; local tasks run in this JVM,
        // which the launcher started with OMP_NUM_THREADS=1, and the trainer caps ND4J itself.
        defaults.put("spark.executorEnv.OMP_NUM_THREADS", "1");

        Map<String, String> out = new LinkedHashMap<>(user);
        out.put(MASTER, effective);
        defaults.forEach((k, v) -> {
            if (!user.containsKey(k) && preset.apply(k) == null) {
                out.put(k, v);
            }
        });
        return out;
    }
}
