package org.tmssweep.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tmssweep.spark.fs.NioLocalFileSystem;

/** The settings a session starts with: the user's (--conf, then spark-submit's) always win over the tool's defaults. */
class SparkOptionsTest {
    private static final Function<String, String> NONE = k -> null;

    @Test
    void theToolsDefaultsFillOnlyWhatNobodySet() {
        Map<String, String> s = SparkOptions.settings(null, List.of(), false, NONE);
        assertEquals(Map.of("spark.master", "local[*]", "spark.ui.enabled", "false",
                NioLocalFileSystem.CONF, NioLocalFileSystem.class.getName(), "spark.ui.showConsoleProgress", "false",
                "spark.sql.shuffle.partitions", "4", "spark.executorEnv.OMP_NUM_THREADS", "1"), s);
    }

    @Test
    void confOverridesTheToolsDefaults() {
        Map<String, String> s = SparkOptions.settings(null, List.of("spark.sql.shuffle.partitions=64",
                "spark.ui.showConsoleProgress=true", "spark.executorEnv.OMP_NUM_THREADS=4", "spark.ui.enabled=true",
                "a.b=x=y"), false, NONE);
        assertEquals("64", s.get("spark.sql.shuffle.partitions"));
        assertEquals("true", s.get("spark.ui.showConsoleProgress"));
        assertEquals("4", s.get("spark.executorEnv.OMP_NUM_THREADS"));
        assertEquals("true", s.get("spark.ui.enabled"));
        assertEquals("x=y", s.get("a.b"), "split at the first '='");
    }

    @Test
    void sparkSubmitsSettingsAreLeftToSpark() {
        // spark-submit (its --conf, --properties-file, spark-defaults.conf) sets system properties
        Map<String, String> preset = Map.of("spark.master", "spark://h:7077", "spark.sql.shuffle.partitions", "32",
                "spark.executorEnv.OMP_NUM_THREADS", "2", "spark.ui.showConsoleProgress", "true");
        Map<String, String> s = SparkOptions.settings(null, List.of(), false, preset::get);
        assertEquals(Map.of("spark.master", "spark://h:7077"), s, "nothing the tool would override");
    }

    @Test
    void masterPrecedenceAndWhatLocalModeAdds() {
        Function<String, String> submitted = Map.of("spark.master", "spark://h:7077")::get;
        assertEquals("local[2]", SparkOptions.settings("local[2]", List.of("spark.master=spark://x:1"), false,
                submitted).get("spark.master"), "--master first");
        assertEquals("spark://x:1", SparkOptions.settings(null, List.of("spark.master=spark://x:1"), false,
                submitted).get("spark.master"), "then --conf spark.master");
        Map<String, String> cluster = SparkOptions.settings(null, List.of(), false, submitted);
        assertEquals("spark://h:7077", cluster.get("spark.master"), "then spark-submit's");
        assertEquals("200", cluster.get("spark.sql.shuffle.partitions"));
        assertFalse(cluster.containsKey("spark.ui.enabled"), "a cluster keeps its UI");
        assertFalse(cluster.containsKey(NioLocalFileSystem.CONF));
        assertFalse(SparkOptions.settings(null, List.of(), true, NONE).containsKey("spark.ui.enabled"), "--ui");
        assertFalse(SparkOptions.settings(null, List.of(), false, Map.of(NioLocalFileSystem.CONF, "x")::get)
                .containsKey(NioLocalFileSystem.CONF));
    }

    @Test
    void aYarnOrKubernetesMasterWithoutItsModuleIsAUserError() {
        for (String m : List.of("yarn", "k8s://https://h:6443")) {
            UserError e = assertThrows(UserError.class, () -> SparkOptions.checkMasterSupported(m, c -> false));
            assertTrue(e.getMessage().startsWith("--master " + m + ": ") && e.getMessage().contains("spark-submit"),
                    e.getMessage());
            SparkOptions.checkMasterSupported(m, c -> true); // with the module (spark-submit's class path): fine
        }
        for (String m : new String[] {null, "local[2]", "spark://h:7077"}) {
            SparkOptions.checkMasterSupported(m, c -> false);
        }
    }

    @Test
    void confWithoutKeyIsAUserError() {
        for (String bad : List.of("novalue", "=x")) {
            UserError e = assertThrows(UserError.class, () -> SparkOptions.settings(null, List.of(bad), false, NONE));
            assertTrue(e.getMessage().startsWith("--conf: expected KEY=VALUE"), e.getMessage());
        }
    }

    @Test
    void theHadoopSettingsBeforeSparkAreSparksHadoopPrefixedOnesConfWinning() {
        java.util.Properties system = new java.util.Properties();
        system.setProperty("spark.hadoop.fs.s3a.endpoint", "http://submit:9000");
        system.setProperty("spark.hadoop.dfs.replication", "2");
        system.setProperty("spark.executor.memory", "4g");
        Map<String, String> s = SparkOptions.settings(null, List.of("spark.hadoop.fs.s3a.endpoint=http://conf:9000"),
                false, NONE);
        org.apache.hadoop.conf.Configuration h = SparkOptions.hadoopConfiguration(s, system);
        assertEquals("http://conf:9000", h.get("fs.s3a.endpoint"));
        assertEquals("2", h.get("dfs.replication"));
        assertEquals(NioLocalFileSystem.class.getName(), h.get("fs.file.impl"), "local mode's file system");
        assertEquals(null, h.get("executor.memory"));
        assertEquals(null, h.get("spark.executor.memory"));
    }
}
