package org.tmssweep.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster (master + 2 workers, separate JVMs, loopback, authentication on)
 * from {@code deploy/bin/tms-cluster}, a sweep submitted to it with {@code deploy/bin/tms-submit},
 * and the same sweep in local mode through {@code deploy/bin/tms}: the tables must be identical,
 * the tasks must have run on both executors, and {@code stop} must leave no process behind. The
 * cluster is stopped in {@link #stopCluster()} whatever happens; every process is bounded in time.
 * Needs {@code app/target/tms-sweep-app.jar}, which the reactor shades before this module's
 * integration tests ({@code mvn verify}).
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class ClusterIT {
    static final String SPEC = """
            name: cluster-e2e
            model: relu_output
            n_features: 6
            n_hidden: 2
            sparsity: [0.0, 0.9]
            importance_decay: 0.8
            seeds: 2
            pack: 1
            train: {steps: 200, batch_size: 64, eval_samples: 512}
            """;
    /**
     * Every column of models (but what may differ between runs: wall time, code version) and of
     * features, one JSON row per line, in one query (each tms JVM costs seconds).
     */
    static final String TABLES_SQL = "SELECT t, j FROM ("
            + "SELECT 'models' AS t, point_id, seed, -1 AS feature, to_json(struct(m.*)) AS j "
            + "FROM (SELECT * EXCEPT (train_ms, code_version) FROM models) m "
            + "UNION ALL SELECT 'features', point_id, seed, feature, to_json(struct(f.*)) FROM features f) "
            + "ORDER BY t, point_id, seed, feature";
    static final Pattern EXECUTOR_ID = Pattern.compile("\"Executor ID\":\"([^\"]+)\"");

    @TempDir
    static Path tmp;
    static final Path ROOT = Paths.get(System.getProperty("tms.root", "..")).toAbsolutePath().normalize();
    /** The cluster's processes (daemons and their children), recorded as soon as they are known. */
    static final List<ProcessHandle> started = new ArrayList<>();
    static Path workDir;

    record Result(int code, String out, String err) {
    }

    static Result exec(List<String> cmd, Map<String, String> env, long minutes) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in " + minutes + " minutes; stderr:\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static Result bin(String script, long minutes, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("deploy/bin").resolve(script).toString());
        cmd.addAll(List.of(args));
        return exec(cmd, Map.of("TMS_NO_BUILD", "1", "TMS_DRIVER_MEMORY", "2g"), minutes);
    }

    static int freePort() throws IOException {
        return ClusterProcesses.freePort();
    }

    /** Adds the live processes of the PID files in the work dir, and their descendants, to {@link #started}. */
    static void recordClusterProcesses() throws IOException {
        ClusterProcesses.record(workDir, started);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (workDir == null) {
            return;
        }
        try {
            recordClusterProcesses();
            bin("tms-cluster", 2, "stop", "--work-dir", workDir.toString());
        } finally {
            // Whatever 'stop' did, nothing this test started may outlive it.
            for (ProcessHandle h : started) {
                if (h.isAlive()) {
                    h.destroyForcibly();
                }
            }
        }
    }

    @Test
    void sweepOnTwoWorkersMatchesLocalModeAndStopLeavesNothing() throws Exception {
        Path spec = tmp.resolve("cluster-e2e.yaml");
        Files.writeString(spec, SPEC);
        workDir = tmp.resolve("cluster");
        Path events = Files.createDirectories(tmp.resolve("events"));
        int port = freePort();
        int webui = freePort();

        Result start;
        try {
            start = bin("tms-cluster", 3, "start", "--workers", "2", "--work-dir", workDir.toString(),
                    "--port", Integer.toString(port), "--webui-port", Integer.toString(webui));
        } finally {
            recordClusterProcesses();
        }
        assertEquals(0, start.code(), start.err());
        String url = "spark://127.0.0.1:" + port;
        assertEquals(url, start.out().strip());
        assertEquals(3, started.size(), "master and 2 workers: " + started);

        Path secret = workDir.resolve("secret");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        String secretText = Files.readString(secret).strip();
        assertTrue(secretText.length() >= 32, "a real secret");

        Result status = bin("tms-cluster", 1, "status", "--work-dir", workDir.toString());
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().contains("master URL: " + url) && status.out().contains("alive workers 2"), status.out());

        Path clusterOut = tmp.resolve("out-cluster");
        Result submit = bin("tms-submit", 6, "--work-dir", workDir.toString(),
                "--conf", "spark.eventLog.enabled=true",
                "--conf", "spark.eventLog.dir=" + events,
                "--conf", "spark.eventLog.compress=false",
                "--conf", "spark.eventLog.rolling.enabled=false",
                // Wait for both executors before the first task, so both get work.
                "--conf", "spark.cores.max=2",
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
                "--", "run", spec.toString(), "--out", clusterOut.toString(), "--no-report");
        recordClusterProcesses();
        assertEquals(0, submit.code(), submit.err());
        assertTrue(submit.err().contains("4/4 models"), submit.err());
        for (Result r : List.of(start, status, submit)) {
            assertFalse(r.out().contains(secretText) || r.err().contains(secretText), "the secret is never printed");
        }

        Path localOut = tmp.resolve("out-local");
        Result local = bin("tms", 5, "run", spec.toString(), "--out", localOut.toString(), "--master", "local[2]",
                "--no-report");
        assertEquals(0, local.code(), local.err());

        Result qc = bin("tms", 3, "query", "--out", clusterOut.toString(), "--format", "csv", TABLES_SQL);
        Result ql = bin("tms", 3, "query", "--out", localOut.toString(), "--format", "csv", TABLES_SQL);
        assertEquals(0, qc.code(), qc.err());
        assertEquals(0, ql.code(), ql.err());
        assertEquals(4, qc.out().lines().filter(l -> l.startsWith("models,")).count(), qc.out());
        assertEquals(4 * 6, qc.out().lines().filter(l -> l.startsWith("features,")).count(), qc.out());
        assertEquals(ql.out(), qc.out());

        // Successful tasks per executor, from the application's event log.
        Set<String> executors = new TreeSet<>();
        try (Stream<Path> logs = Files.list(events)) {
            for (Path log : logs.filter(Files::isRegularFile).toList()) {
                for (String line : Files.readAllLines(log)) {
                    if (line.contains("\"Event\":\"SparkListenerTaskEnd\"") && line.contains("\"Reason\":\"Success\"")) {
                        Matcher m = EXECUTOR_ID.matcher(line);
                        if (m.find()) {
                            executors.add(m.group(1));
                        }
                    }
                }
            }
        }
        assertEquals(2, executors.size(), "tasks ran on both executors: " + executors);
        for (String w : List.of("worker-1", "worker-2")) {
            try (Stream<Path> apps = Files.list(workDir.resolve(w))) {
                assertTrue(apps.anyMatch(p -> p.getFileName().toString().startsWith("app-")), w + " ran an executor");
            }
        }

        recordClusterProcesses();
        List<ProcessHandle> mine = List.copyOf(started);
        Result stop = bin("tms-cluster", 2, "stop", "--work-dir", workDir.toString());
        assertEquals(0, stop.code(), stop.err());
        List<Long> alive = mine.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        assertEquals(List.of(), alive, "no cluster process survives stop");
        Result after = bin("tms-cluster", 1, "status", "--work-dir", workDir.toString());
        assertEquals(3, after.code(), after.out());
    }
}
