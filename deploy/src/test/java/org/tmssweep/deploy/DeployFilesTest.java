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
 * code relies on (one native thread per task, a javacpp cache on a writable volume, memory overhead);
 * that the pods get their volumes, RPC authentication secret and environment from Spark's own
 * settings (no operator webhook) and that a failed driver is resubmitted. The launchers' choices
 * (loopback, the hand-over of a standalone master to tms-submit, tms-submit's build and secret)
 * run in bash with stand-ins for mvn, java and tms-submit. Fast: no JVM or build is started.
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

    /**
     * Where Spark's own volume settings ({@code spark.kubernetes.<role>.volumes.<type>.<name>.mount.path})
     * mount a volume of {@code type} into pods of {@code role} (driver, executor): mount path to
     * volume name.
     */
    static Map<String, String> mounts(Map<String, Object> conf, String role, String type) {
        Pattern p = Pattern.compile("spark\\.kubernetes\\." + role + "\\.volumes\\." + type + "\\.([^.]+)\\.mount\\.path");
        Map<String, String> out = new java.util.TreeMap<>();
        conf.forEach((k, v) -> {
            Matcher m = p.matcher(k);
            if (m.matches()) {
                out.put(String.valueOf(v), m.group(1));
            }
        });
        return out;
    }

    @Test
    void executorsGetOneNativeThreadAJavacppCacheAndMemoryOverhead() throws Exception {
        Map<String, Object> conf = map(spec, "sparkConf");
        assertEquals("1", String.valueOf(conf.get("spark.executorEnv.OMP_NUM_THREADS")));
        assertEquals("1", String.valueOf(conf.get("spark.kubernetes.driverEnv.OMP_NUM_THREADS")));
        Map<String, Object> executor = map(spec, "executor");
        assertNotNull(executor.get("memoryOverhead"), "executor memoryOverhead");
        assertEquals(1, executor.get("cores"));
        assertEquals("1", String.valueOf(conf.get("spark.executor.cores")));

        // The javacpp cache named in the driver's and executors' JVM options is a writable scratch volume.
        for (String role : List.of("driver", "executor")) {
            String cache = first(Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\.cachedir=(\\S+)"),
                    String.valueOf(conf.get("spark." + role + ".extraJavaOptions")), role + " javacpp cachedir");
            Map<String, String> scratch = mounts(conf, role, "emptyDir");
            assertTrue(scratch.containsKey(cache), role + ": " + cache + " is an emptyDir mount: " + scratch);
        }
    }

    @Test
    void resultsAreOnOneClaimTheDriverAndEveryExecutorMountAtTheSamePath() throws Exception {
        Map<String, Object> conf = map(spec, "sparkConf");
        @SuppressWarnings("unchecked")
        List<Object> args = (List<Object>) spec.get("arguments");
        String out = String.valueOf(args.get(args.indexOf("--out") + 1));
        Map<String, String> claims = new java.util.TreeMap<>();
        for (String role : List.of("driver", "executor")) {
            Map<String, String> pvc = mounts(conf, role, "persistentVolumeClaim");
            String path = pvc.keySet().stream().filter(m -> out.startsWith(m + "/")).findFirst()
                    .orElseThrow(() -> new AssertionError(role + ": --out " + out + " is on no claim: " + pvc));
            String volume = pvc.get(path);
            String prefix = "spark.kubernetes." + role + ".volumes.persistentVolumeClaim." + volume;
            assertEquals("false", String.valueOf(conf.get(prefix + ".mount.readOnly")), role + " writes the tables");
            String claim = String.valueOf(conf.get(prefix + ".options.claimName"));
            assertTrue(!claim.isBlank() && !claim.equals("null"), prefix + ".options.claimName");
            claims.put(role, path + " " + claim);
        }
        assertEquals(claims.get("driver"), claims.get("executor"), "the same claim at the same path");
    }

    @Test
    void podsNeedNoOperatorWebhook() {
        // The operator applies these only through its mutating webhook; Spark's settings above need none.
        for (String role : List.of("driver", "executor")) {
            Map<String, Object> pod = map(spec, role);
            for (String key : List.of("volumeMounts", "env", "envFrom", "secrets")) {
                assertTrue(!pod.containsKey(key), role + "." + key + " needs the operator's webhook");
            }
        }
        assertTrue(!spec.containsKey("volumes"), "spec.volumes needs the operator's webhook");
    }

    @Test
    void rpcAuthenticationUsesASecretMountedFromAKubernetesSecret() {
        Map<String, Object> conf = map(spec, "sparkConf");
        assertEquals("true", String.valueOf(conf.get("spark.authenticate")));
        assertTrue(!conf.containsKey("spark.authenticate.secret"), "no secret in the manifest");
        String file = String.valueOf(conf.get("spark.authenticate.secret.file"));
        for (String role : List.of("driver", "executor")) {
            Pattern p = Pattern.compile("spark\\.kubernetes\\." + role + "\\.secrets\\.([a-z0-9.-]+)");
            List<String> dirs = conf.entrySet().stream().filter(e -> p.matcher(e.getKey()).matches())
                    .map(e -> String.valueOf(e.getValue())).toList();
            assertTrue(dirs.stream().anyMatch(d -> file.startsWith(d + "/") && file.indexOf('/', d.length() + 1) < 0),
                    role + ": " + file + " is a key of a mounted Secret: " + dirs);
        }
    }

    @Test
    void aFailedDriverIsResubmittedToResumeFromItsCommittedWaves() {
        Map<String, Object> restart = map(spec, "restartPolicy");
        assertEquals("OnFailure", restart.get("type"));
        for (String k : List.of("onFailureRetries", "onFailureRetryInterval", "onSubmissionFailureRetries",
                "onSubmissionFailureRetryInterval")) {
            assertTrue(restart.get(k) instanceof Integer i && i > 0, k + " > 0: " + restart.get(k));
        }
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

    /** What {@code tms} runs for {@code args}: the arguments it hands tms-submit, or "local" when it keeps the driver. */
    static String tmsRoute(String... args) throws Exception {
        String block = first(Pattern.compile("(?ms)^(loopback_master\\(\\) \\{.*?^  spark://\\*\\) exec .*?^esac)$"),
                read("deploy/bin/tms"), "tms: the hand-over to tms-submit");
        Path dir = Files.createTempDirectory("tms-route");
        Path submit = dir.resolve("tms-submit");
        Files.writeString(submit, "#!/usr/bin/env bash\necho \"$*\"\n");
        assertTrue(submit.toFile().setExecutable(true));
        StringBuilder quoted = new StringBuilder();
        for (String a : args) {
            quoted.append(" '").append(a).append('\'');
        }
        return bash("here='" + dir + "'; set --" + quoted + "\n" + block + "\necho local", Map.of());
    }

    /** Runs {@code script} with bash -c (set -eu) and the extra environment {@code env}; its output, stripped. */
    static String bash(String script, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -eu; " + script);
        pb.environment().remove("SPARK_LOCAL_IP");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void tmsHandsAStandaloneMasterToTmsSubmit() throws Exception {
        assertEquals("--master spark://127.0.0.1:7077 -- run s.yaml --master spark://127.0.0.1:7077 --out o",
                tmsRoute("run", "s.yaml", "--master", "spark://127.0.0.1:7077", "--out", "o"));
        assertEquals("--master spark://node1:7077 -- query --conf spark.master=spark://node1:7077 x",
                tmsRoute("query", "--conf", "spark.master=spark://node1:7077", "x"));
        assertEquals("--master spark://h:7077 -- run s.yaml --master=spark://h:7077", tmsRoute("run", "s.yaml", "--master=spark://h:7077"));
        assertEquals("local", tmsRoute("run", "s.yaml", "--out", "o"));
        assertEquals("local", tmsRoute("run", "s.yaml", "--master", "local[2]"));
        assertEquals("local", tmsRoute("run", "--conf", "spark.master=spark://node1:7077", "--master", "local"),
                "--master wins over --conf spark.master, as in the CLI");
    }

    /**
     * tms-submit copied into an empty checkout, with a stand-in {@code mvn} (writes what a build
     * leaves) and {@code java} (prints its arguments and the properties file it is given) first on
     * the PATH: it builds when the application jar is missing, unless TMS_NO_BUILD=1; it passes the
     * secret of TMS_SPARK_SECRET_FILE, or of the tms-cluster whose master URL it submits to; it makes
     * --out absolute.
     */
    @Test
    void tmsSubmitBuildsWhatIsMissingAndPassesTheClustersSecret() throws Exception {
        Path root = Files.createTempDirectory("tms-submit");
        Path bin = Files.createDirectories(root.resolve("deploy/bin"));
        Files.copy(ROOT.resolve("deploy/bin/tms-submit"), bin.resolve("tms-submit"));
        Files.createDirectories(root.resolve("deploy/conf"));
        Files.copy(ROOT.resolve("deploy/conf/spark-defaults.conf"), root.resolve("deploy/conf/spark-defaults.conf"));
        Path tools = Files.createDirectories(root.resolve("tools"));
        Files.writeString(tools.resolve("mvn"), """
                #!/usr/bin/env bash
                echo "$*" >mvn-args
                mkdir -p spark-home/target/spark-home/jars deploy/target app/target
                echo -Xss4m >deploy/target/jvm-flags.txt
                echo jar >app/target/tms-sweep-app.jar
                """);
        Files.writeString(tools.resolve("java"), """
                #!/usr/bin/env bash
                echo "ARGS $*"
                while [ $# -gt 0 ]; do [ "$1" = --properties-file ] && cat "$2"; shift; done
                """);
        for (String t : List.of("mvn", "java")) {
            assertTrue(tools.resolve(t).toFile().setExecutable(true));
        }
        String submit = "'" + bin.resolve("tms-submit") + "'";
        Map<String, String> env = new java.util.HashMap<>(Map.of("PATH", tools + ":" + System.getenv("PATH"),
                "TMS_CLUSTER_DIR", root.resolve("cluster").toString()));
        env.put("JAVA_HOME", "");

        ProcessBuilder noBuild = new ProcessBuilder("bash", "-c", submit + " --master spark://h:7077 -- run s.yaml");
        noBuild.environment().putAll(env);
        noBuild.environment().put("TMS_NO_BUILD", "1");
        noBuild.redirectErrorStream(true);
        Process p = noBuild.start();
        String refused = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), refused);
        assertTrue(refused.contains("TMS_NO_BUILD=1"), refused);
        assertTrue(Files.notExists(root.resolve("mvn-args")), "TMS_NO_BUILD=1 never builds");

        Path secret = root.resolve("other-secret");
        Files.writeString(secret, "s3cr3t-of-another-cluster\n");
        env.put("TMS_SPARK_SECRET_FILE", secret.toString());
        String out = bash("cd '" + root + "' && " + submit + " --master spark://h:7077 -- run s.yaml --out rel", env);
        assertEquals("-B -q -Dstyle.color=never -DskipTests verify", Files.readString(root.resolve("mvn-args")).strip(),
                "built, application jar included");
        assertTrue(out.contains("spark.authenticate true") && out.contains("spark.authenticate.secret s3cr3t-of-another-cluster"), out);
        assertTrue(out.contains("--master spark://h:7077 ") && out.contains(" run s.yaml --out " + root + "/rel"), out);
        assertTrue(out.contains("spark.executor.memoryOverhead"), "the defaults file: " + out);

        // tms-cluster's work dir: its secret goes with its own master URL only.
        Path cluster = Files.createDirectories(root.resolve("cluster/run"));
        Files.writeString(cluster.resolve("master-url"), "spark://127.0.0.1:7077\n");
        Files.writeString(cluster.resolve("auth"), "true\n");
        Files.writeString(root.resolve("cluster/secret"), "the-local-cluster-secret");
        env.remove("TMS_SPARK_SECRET_FILE");
        Files.delete(root.resolve("mvn-args"));
        String own = bash(submit + " -- run s.yaml", env);
        assertTrue(own.contains("--master spark://127.0.0.1:7077 ") && own.contains("spark.authenticate.secret the-local-cluster-secret"), own);
        assertTrue(Files.notExists(root.resolve("mvn-args")), "built already: no second build");
        String other = bash(submit + " --master spark://node1:7077 -- run s.yaml", env);
        assertTrue(!other.contains("spark.authenticate"), "no secret for another master: " + other);
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
