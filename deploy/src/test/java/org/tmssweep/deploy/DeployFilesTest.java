package org.tmssweep.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The container and Kubernetes files cannot be built or run here (no container engine, no
 * cluster), so this checks what can go wrong without one: that {@code deploy/k8s/sparkapplication.yaml},
 * {@code deploy/docker/Dockerfile}, the {@code app} module's jar and the root pom agree on the main
 * class, the jar's name and path, the spec path, the Spark version, and the settings the training
 * code relies on (one native thread per task, a javacpp cache on a writable volume, memory overhead).
 * Fast: reads files only.
 */
class DeployFilesTest {
    static final Path ROOT = Paths.get(System.getProperty("tms.root", "..")).toAbsolutePath().normalize();
    static Map<String, Object> app;
    static Map<String, Object> spec;
    static String dockerfile;
    /** Dockerfile COPY source to destination, in order. */
    static final List<String[]> copies = new ArrayList<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        app = (Map<String, Object>) yaml.load(read("deploy/k8s/sparkapplication.yaml"));
        spec = map(app, "spec");
        dockerfile = read("deploy/docker/Dockerfile");
        Matcher m = Pattern.compile("(?m)^COPY\\s+(\\S+)\\s+(\\S+)\\s*$").matcher(dockerfile);
        while (m.find()) {
            copies.add(new String[] {m.group(1), m.group(2)});
        }
    }

    static String read(String path) throws IOException {
        return Files.readString(ROOT.resolve(path), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertTrue(v instanceof Map, key + " is a mapping: " + v);
        return (Map<String, Object>) v;
    }

    /** The destination of the Dockerfile's COPY whose source is {@code source}. */
    static String copyDestination(String source) {
        return copies.stream().filter(c -> c[0].equals(source)).map(c -> c[1]).findFirst()
                .orElseThrow(() -> new AssertionError("the Dockerfile copies " + source + ": " + dockerfile));
    }

    static String first(Pattern p, String text, String what) {
        Matcher m = p.matcher(text);
        assertTrue(m.find(), what + " not found");
        return m.group(1);
    }

    @Test
    void manifestIsASparkApplicationOfTheCli() throws Exception {
        assertEquals("SparkApplication", app.get("kind"));
        assertTrue(String.valueOf(app.get("apiVersion")).startsWith("sparkoperator.k8s.io/"), app.get("apiVersion") + "");
        assertEquals("Java", spec.get("type"));
        assertEquals("cluster", spec.get("mode"));
        String mainClass = (String) spec.get("mainClass");
        assertEquals("org.tmssweep.spark.cli.Tms", mainClass);
        // The class exists (spark-jobs is on this module's classpath) and is the app jar's Main-Class.
        assertNotNull(Class.forName(mainClass, false, getClass().getClassLoader()));
        assertEquals(mainClass, first(Pattern.compile("<mainClass>([^<]+)</mainClass>"), read("app/pom.xml"),
                "app/pom.xml mainClass"));
    }

    @Test
    void dockerfileCopiesTheJarTheAppModuleBuildsToWhereTheManifestRunsIt() throws Exception {
        String jarName = first(Pattern.compile("<outputFile>\\$\\{project\\.build\\.directory}/([^<]+)</outputFile>"),
                read("app/pom.xml"), "the app module's shaded jar (outputFile)");
        assertEquals("tms-sweep-app.jar", jarName);
        String jarInImage = copyDestination("app/target/" + jarName);
        assertEquals("local://" + jarInImage, spec.get("mainApplicationFile"));
    }

    @Test
    void theSpecArgumentIsACopiedPreset() throws Exception {
        @SuppressWarnings("unchecked")
        List<Object> args = (List<Object>) spec.get("arguments");
        assertEquals("run", args.get(0));
        String sweeps = copyDestination("deploy/sweeps/");
        String specPath = String.valueOf(args.get(1));
        assertTrue(specPath.startsWith(sweeps), specPath + " lies under " + sweeps);
        assertTrue(Files.isRegularFile(ROOT.resolve("deploy/sweeps").resolve(specPath.substring(sweeps.length()))),
                specPath + " is a preset in deploy/sweeps");
        int out = args.indexOf("--out");
        assertTrue(out > 1 && out + 1 < args.size(), "--out DIR: " + args);
    }

    @Test
    void baseImageAndManifestRunTheSparkTheJarWasBuiltFor() throws Exception {
        String pom = read("pom.xml");
        String spark = first(Pattern.compile("<spark\\.version>([^<]+)</spark\\.version>"), pom, "spark.version");
        String scala = first(Pattern.compile("<scala\\.binary\\.version>([^<]+)</scala\\.binary\\.version>"), pom,
                "scala.binary.version");
        String base = first(Pattern.compile("(?m)^ARG SPARK_IMAGE=(\\S+)$"), dockerfile, "ARG SPARK_IMAGE");
        assertEquals("apache/spark:" + spark + "-scala" + scala + "-java17-ubuntu", base);
        assertTrue(dockerfile.contains("FROM ${SPARK_IMAGE}"), dockerfile);
        assertEquals(spark, String.valueOf(spec.get("sparkVersion")));
        assertTrue(dockerfile.contains("fonts-dejavu-core") && dockerfile.contains("fontconfig"), "fonts for figures");
    }

    @Test
    @SuppressWarnings("unchecked")
    void executorsGetOneNativeThreadAJavacppCacheAndMemoryOverhead() throws Exception {
        Map<String, Object> conf = map(spec, "sparkConf");
        assertEquals("1", String.valueOf(conf.get("spark.executorEnv.OMP_NUM_THREADS")));
        Map<String, Object> executor = map(spec, "executor");
        List<Map<String, Object>> env = (List<Map<String, Object>>) executor.get("env");
        assertTrue(env.stream().anyMatch(e -> "OMP_NUM_THREADS".equals(e.get("name")) && "1".equals(String.valueOf(e.get("value")))),
                "executor env OMP_NUM_THREADS=1: " + env);
        assertNotNull(executor.get("memoryOverhead"), "executor memoryOverhead");
        assertEquals(1, executor.get("cores"));

        // The javacpp cache named in the executors' JVM options is a mounted (writable) volume.
        String cache = first(Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\.cachedir=(\\S+)"),
                String.valueOf(conf.get("spark.executor.extraJavaOptions")), "javacpp cachedir");
        List<Map<String, Object>> mounts = (List<Map<String, Object>>) executor.get("volumeMounts");
        assertTrue(mounts.stream().anyMatch(m -> cache.equals(m.get("mountPath"))), cache + " is mounted: " + mounts);
        // --out is on a volume the executors mount too (they write the tables).
        List<Object> args = (List<Object>) spec.get("arguments");
        String out = String.valueOf(args.get(args.indexOf("--out") + 1));
        assertTrue(out.contains("://") || mounts.stream().anyMatch(m -> out.startsWith(m.get("mountPath") + "/")),
                out + " is shared storage: " + mounts);
    }
    /** The lines of {@code script} from its {@code loopback_master()} to the {@code fi} that exports SPARK_LOCAL_IP. */
    static String localIpBlock(String script) throws IOException {
        return first(Pattern.compile("(?ms)^(loopback_master\\(\\) \\{.*?export SPARK_LOCAL_IP=127\\.0\\.0\\.1\\s*\\n\\s*fi)$"),
                read(script), script + ": the SPARK_LOCAL_IP choice");
    }

    /** SPARK_LOCAL_IP after {@code block} ran with {@code setup} before it and no SPARK_LOCAL_IP in the environment. */
    static String localIp(String block, String setup) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -eu; " + setup + "\n" + block
                + "\necho \"${SPARK_LOCAL_IP:-unset}\"");
        pb.environment().remove("SPARK_LOCAL_IP");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void launchersBindSparkToLoopbackOnlyForAMasterOnThisMachine() throws Exception {
        String tms = localIpBlock("deploy/bin/tms");
        assertEquals("127.0.0.1", localIp(tms, "set -- run s.yaml --out o"), "local mode");
        assertEquals("127.0.0.1", localIp(tms, "set -- run s.yaml --master local[2]"));
        assertEquals("127.0.0.1", localIp(tms, "set -- run s.yaml --master=spark://127.0.0.1:7077"));
        assertEquals("unset", localIp(tms, "set -- run s.yaml --master spark://node1:7077"), "executors reach the driver");
        assertEquals("unset", localIp(tms, "set -- query --conf spark.master=spark://node1:7077 --out o x"));
        assertEquals("127.0.0.1", localIp(tms, "set -- query --conf spark.master=spark://node1:7077 --master local x"),
                "--master wins over --conf spark.master, as in the CLI");
        assertEquals("10.0.0.5", localIp(tms, "export SPARK_LOCAL_IP=10.0.0.5; set -- run --master local"), "the user's");

        String submit = localIpBlock("deploy/bin/tms-submit");
        assertEquals("127.0.0.1", localIp(submit, "master=spark://127.0.0.1:7077"), "tms-cluster's master");
        assertEquals("127.0.0.1", localIp(submit, "master=spark://localhost:7077"));
        assertEquals("unset", localIp(submit, "master=spark://node1:7077"));
        assertEquals("unset", localIp(submit, "master=spark://10.1.2.3:7077"));
    }

    @Test
    void tmsSubmitKeepsTheClustersSparkDefaults() throws Exception {
        String submit = read("deploy/bin/tms-submit");
        // spark-submit's --properties-file alone replaces spark-defaults.conf; --load-spark-defaults reads it under the file
        assertTrue(submit.contains("--properties-file \"$props\" --load-spark-defaults"), "tms-submit's spark-submit line");
        for (String doc : List.of("README.md", "docs/deploy.md")) {
            Matcher m = Pattern.compile("--properties-file \\S+( --load-spark-defaults)?").matcher(read(doc));
            int n = 0;
            while (m.find()) {
                assertNotNull(m.group(1), doc + ": " + m.group());
                n++;
            }
            assertTrue(n > 0, doc + " shows a submit line");
        }
    }
}
