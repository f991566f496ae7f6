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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tmssweep.deploy.Launch.Result;

/**
 * One real Spark standalone cluster ({@code deploy/bin/tms-cluster}: master + 2 workers, separate
 * JVMs, loopback, authentication on), started once for every scenario, which run in order:
 * <ol>
 * <li>{@link #sweepSurvivesAKilledExecutorWithTheSameTables()}: once a training task has finished
 * and others still run, one executor JVM is killed with SIGKILL (a crash: no shutdown hooks); the
 * event log must show the lost executor and a task failed with it.</li>
 * <li>{@link #firstAttemptsThatFailAreRetriedOnBothExecutorsWithTheSameTables()}: in one sweep, every
 * task writing a wave's table files fails on its first attempt ({@link FailFirstAttemptFileSystem},
 * installed through Spark and Hadoop settings only) and the task training one chosen model throws on
 * its first attempt ({@code -Dtms.inject.failFirstAttempt}); the event log must show each failure and
 * its successful retry, and successful tasks on both executors; the cluster's secret is never printed.</li>
 * <li>{@link #aKilledDriverResumesOnTheClusterWithTheSameTables()}: the driver ({@code tms-submit} and
 * its JVM) is killed with SIGKILL after its first wave committed; the same sweep run again with
 * {@code tms run --master <the cluster's URL>} (handed to tms-submit, which brings the cluster's
 * secret and makes the relative {@code --out} absolute) resumes.</li>
 * <li>{@link #stopLeavesNoProcess()}: {@code tms-cluster stop} ends every process of the cluster.</li>
 * </ol>
 * Each sweep's tables must equal, row for row (every column but wall time and code version), those
 * of the same spec run in local mode through {@code deploy/bin/tms}, with no lost and no duplicated
 * {@code (point_id, seed)}. The cluster is stopped in {@link #stopCluster()} whatever happens; every
 * process is bounded in time. Needs {@code app/target/tms-sweep-app.jar}, which the reactor shades
 * before this module's integration tests ({@code mvn verify}).
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    /**
     * 8 models, one per task ({@code pack: 1}); 3000 steps of 1024 take several seconds per task on
     * the 2-core build machine, so there is time to kill an executor between the first finished task
     * and the last.
     */
    static final String SPEC = """
            name: executor-loss
            model: relu_output
            n_features: 20
            n_hidden: 5
            sparsity: [0.0, 0.7, 0.9, 0.99]
            importance_decay: 0.7
            seeds: 2
            pack: 1
            train: {steps: 3000, batch_size: 1024, eval_samples: 1024}
            """;
    static final int MODELS = 8;
    /**
     * The driver-kill case: the same models in waves of 2 (4 Spark jobs, each committed on its own),
     * so the driver can be killed after one wave and before the last.
     */
    static final String KILL_SPEC = SPEC.replace("name: executor-loss", "name: driver-kill").replace("pack: 1", "pack: 1\nwave: 2");
    static final int KILL_WAVES = 4;
    static final Pattern RUNNING = Pattern.compile("Running task \\S+ in stage 0\\.");
    static final Pattern FINISHED = Pattern.compile("Finished task \\S+ in stage 0\\.");
    static final Pattern STAGE_ID = Pattern.compile("\"Stage ID\":\\d+");
    static final Pattern TASK_INDEX = Pattern.compile("\"Index\":\\d+");
    static final Pattern EXECUTOR_ID = Pattern.compile("\"Executor ID\":\"([^\"]+)\"");
    static final Pattern POINT_ID = Pattern.compile("\"point_id\":\"([0-9a-f]+)\"");

    @TempDir
    static Path tmp;
    /** The cluster's processes (daemons and their children), recorded as soon as they are known. */
    static final List<ProcessHandle> started = new ArrayList<>();
    /** Drivers (tms-submit) started in the background: ended in {@link #stopCluster()} if still running. */
    static final List<Process> drivers = new ArrayList<>();
    static Path workDir;
    static String masterUrl;
    static String secret;
    /** Local mode's tables of each spec, by sweep name. */
    static final Map<String, List<String>> localTables = new HashMap<>();

    static Result bin(String script, long minutes, String... args) throws IOException, InterruptedException {
        return Launch.run(tmp, minutes, script, args);
    }

    /** Adds the live processes of the PID files in the work dir, and their descendants, to {@link #started}. */
    static void recordClusterProcesses() throws IOException {
        ClusterProcesses.record(workDir, started);
    }

    /**
     * Starts the cluster (2 workers, free ports, authentication on) and checks what {@code start}
     * and {@code status} say; then runs both specs in local mode, in one {@code tms run} of a suite,
     * for the reference tables.
     */
    @BeforeAll
    static void startCluster() throws Exception {
        workDir = tmp.resolve("cluster");
        Files.writeString(specFile(), SPEC);
        Files.writeString(killSpecFile(), KILL_SPEC);
        int port = ClusterProcesses.freePort();
        int webui = ClusterProcesses.freePort();
        Result start;
        try {
            start = bin("tms-cluster", 3, "start", "--workers", "2", "--work-dir", workDir.toString(),
                    "--port", Integer.toString(port), "--webui-port", Integer.toString(webui));
        } finally {
            recordClusterProcesses();
        }
        assertEquals(0, start.code(), start.err());
        String url = "spark://127.0.0.1:" + port;
        masterUrl = url;
        assertEquals(url, start.out().strip());
        assertEquals(3, started.size(), "master and 2 workers: " + started);

        Path secretFile = workDir.resolve("secret");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)));
        secret = Files.readString(secretFile).strip();
        assertTrue(secret.length() >= 32, "a real secret");

        Result status = bin("tms-cluster", 1, "status", "--work-dir", workDir.toString());
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().contains("master URL: " + url) && status.out().contains("alive workers 2"), status.out());
        assertSecretNeverPrinted(start, status);

        Path suite = tmp.resolve("local-reference.yaml");
        Files.writeString(suite, "name: local-reference\nsuite:\n  - " + specFile().getFileName() + "\n  - "
                + killSpecFile().getFileName() + "\n");
        Path localOut = tmp.resolve("out-local");
        Result local = bin("tms", 6, "run", suite.toString(), "--out", localOut.toString(), "--master", "local[2]",
                "--no-analyze", "--no-report");
        assertEquals(0, local.code(), local.err());
        for (String name : List.of("executor-loss", "driver-kill")) {
            List<String> rows = TableDump.rows(localOut, name);
            assertEquals(MODELS, TableDump.count(rows, "models"), name);
            localTables.put(name, rows);
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (Process p : drivers) {
            if (p.isAlive()) {
                Launch.kill(p);
            }
        }
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

    static void assertSecretNeverPrinted(Result... results) {
        for (Result r : results) {
            assertFalse(r.out().contains(secret) || r.err().contains(secret), "the secret is never printed");
        }
    }

    static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** An executor of this test's cluster: its JVM and its stderr in the worker's work dir. */
    record Executor(ProcessHandle process, Path stderr) {
        String log() {
            try {
                return Files.isRegularFile(stderr) ? Files.readString(stderr, StandardCharsets.ISO_8859_1) : "";
            } catch (IOException e) {
                return "";
            }
        }
    }

    /**
     * The live executor JVMs under worker {@code i} ({@code CoarseGrainedExecutorBackend} children of
     * the PID that {@code tms-cluster} recorded for it), with their stderr
     * ({@code worker-i/app-...\/<executor id>/stderr}, the id taken from the command line).
     */
    static List<Executor> executors(int i) throws IOException {
        Path pidFile = workDir.resolve("run/worker-" + i + ".pid");
        if (!Files.isRegularFile(pidFile)) {
            return List.of();
        }
        Optional<ProcessHandle> worker = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()));
        if (worker.isEmpty()) {
            return List.of();
        }
        List<Executor> found = new ArrayList<>();
        for (ProcessHandle h : worker.get().descendants().toList()) {
            String[] args = h.info().arguments().orElse(new String[0]);
            if (!List.of(args).contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")) {
                continue;
            }
            String id = null;
            String app = null;
            for (int k = 0; k + 1 < args.length; k++) {
                if (args[k].equals("--executor-id")) {
                    id = args[k + 1];
                } else if (args[k].equals("--app-id")) {
                    app = args[k + 1];
                }
            }
            if (id != null && app != null) {
                found.add(new Executor(h, workDir.resolve("worker-" + i).resolve(app).resolve(id).resolve("stderr")));
            }
        }
        return found;
    }

    static Path specFile() {
        return tmp.resolve("executor-loss.yaml");
    }

    static Path killSpecFile() {
        return tmp.resolve("driver-kill.yaml");
    }

    /**
     * A submit of {@code spec} to the test's cluster, with an uncompressed event log in {@code events},
     * more tms-submit {@code options} and {@code --conf} settings; the derived tables and the
     * figures are skipped (only the trained tables are compared).
     */
    static ProcessBuilder submit(Path spec, Path out, Path events, List<String> options, String... conf) {
        List<String> args = new ArrayList<>(options);
        args.addAll(List.of("--work-dir", workDir.toString(),
                "--conf", "spark.eventLog.enabled=true",
                "--conf", "spark.eventLog.dir=" + events,
                "--conf", "spark.eventLog.compress=false",
                "--conf", "spark.eventLog.rolling.enabled=false",
                // Both executors before the first task, so both get work.
                "--conf", "spark.cores.max=2",
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s"));
        for (String c : conf) {
            args.add("--conf");
            args.add(c);
        }
        args.addAll(List.of("--", "run", spec.toString(), "--out", out.toString(), "--no-analyze", "--no-report"));
        return Launch.builder(tmp, "tms-submit", args.toArray(String[]::new));
    }

    /** A submit left running (recorded in {@link #drivers}), with the files of its output. */
    record Background(Process process, Path out, Path err) {
    }

    static Background submitInBackground(String what, Path spec, Path out, Path events) throws IOException {
        Path stdout = tmp.resolve("submit-" + what + "-out.txt");
        Path stderr = tmp.resolve("submit-" + what + "-err.txt");
        Process p = Launch.start(submit(spec, out, events, List.of()), stdout, stderr);
        drivers.add(p);
        return new Background(p, stdout, stderr);
    }

    /** Runs a submit to its end. */
    static Result submitAndWait(String what, ProcessBuilder pb) throws IOException, InterruptedException {
        Path out = tmp.resolve("submit-" + what + "-out.txt");
        Path err = tmp.resolve("submit-" + what + "-err.txt");
        Result r = Launch.await(Launch.start(pb, out, err), out, err, 8, "tms-submit (" + what + ")");
        recordClusterProcesses();
        return r;
    }

    /** The cluster's tables of sweep {@code name}: complete, each (point_id, seed) once, and equal to local mode's. */
    static void assertSameTablesAsLocalMode(String name, Path clusterOut) {
        List<String> cluster = TableDump.rows(clusterOut, name);
        assertEquals(MODELS, TableDump.count(cluster, "models"), String.join("\n", cluster));
        assertEquals(MODELS * 20, TableDump.count(cluster, "features"));
        assertEquals(MODELS, TableDump.distinctModels(clusterOut), "no lost and no duplicated (point_id, seed)");
        assertEquals(localTables.get(name), cluster);
    }

    /** All event log files in {@code events}, concatenated (one JSON event a line). */
    static String eventLog(Path events) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> logs = Files.list(events)) {
            for (Path f : logs.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    @Test
    @Order(1)
    void sweepSurvivesAKilledExecutorWithTheSameTables() throws Exception {
        Path events = Files.createDirectories(tmp.resolve("events-loss"));
        Path clusterOut = tmp.resolve("out-loss");
        Background bg = submitInBackground("loss", specFile(), clusterOut, events);
        Process submit = bg.process();
        Path submitErr = bg.err();

        // Wait (bounded) until some executor has finished a training task (stage 0) and is running
        // another: then the sweep is under way, some tasks are done and some are still to come.
        Executor victim = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (victim == null) {
            assertTrue(submit.isAlive(), () -> "the submit ended before an executor could be killed:\n" + Launch.read(submitErr));
            assertTrue(System.nanoTime() < deadline, () -> "no training task finished within 5 minutes:\n" + Launch.read(submitErr));
            recordClusterProcesses();
            for (int i = 1; i <= 2 && victim == null; i++) {
                for (Executor e : executors(i)) {
                    String log = e.log();
                    int finished = count(FINISHED, log);
                    if (finished >= 1 && count(RUNNING, log) > finished && finished < MODELS - 1) {
                        victim = e;
                        break;
                    }
                }
            }
            if (victim == null) {
                Thread.sleep(200);
            }
        }
        assertTrue(victim.process().destroyForcibly(), "SIGKILL sent");
        victim.process().onExit().get(30, TimeUnit.SECONDS);

        Result submitted = Launch.await(submit, bg.out(), submitErr, 8, "tms-submit");
        recordClusterProcesses();
        assertEquals(0, submitted.code(), submitted.err());
        assertTrue(submitted.err().contains(MODELS + "/" + MODELS + " models"), submitted.err());

        assertSameTablesAsLocalMode("executor-loss", clusterOut);
        String log = eventLog(events);
        assertTrue(log.contains("\"Event\":\"SparkListenerExecutorRemoved\""), "an executor was removed");
        assertTrue(log.contains("\"Reason\":\"ExecutorLostFailure\""), "a task failed with its executor");
    }

    @Test
    @Order(2)
    void firstAttemptsThatFailAreRetriedOnBothExecutorsWithTheSameTables() throws Exception {
        // A jar with the failing file system, for the driver's and the executors' class paths (the
        // system class loader: Spark resolves --jars through the file system it replaces).
        Path classes = Paths.get(FailFirstAttemptFileSystem.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = tmp.resolve("fail-first-attempt.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.list(classes.resolve("org/tmssweep/deploy"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("FailFirstAttemptFileSystem")).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        // One model of the sweep (pack: 1, so one training task): its task throws out of the
        // training function on attempt 0, on whichever executor runs it.
        List<String> ids = localTables.get("executor-loss").stream().filter(r -> r.startsWith("models,"))
                .map(POINT_ID::matcher).filter(Matcher::find).map(m -> m.group(1)).distinct().sorted().toList();
        assertTrue(ids.size() >= 3, "point ids in the local tables: " + ids);
        String victim = ids.get(2);
        Path events = Files.createDirectories(tmp.resolve("events-retry"));
        Path clusterOut = tmp.resolve("out-retry");
        ProcessBuilder pb = submit(specFile(), clusterOut, events, List.of("--driver-class-path", jar.toString()),
                "spark.executor.extraClassPath=" + jar,
                "spark.hadoop.fs.file.impl=" + FailFirstAttemptFileSystem.class.getName(),
                "spark.hadoop.fs.file.impl.disable.cache=true",
                // The tasks writing a wave's tables: the training tasks of these small waves write
                // their files under OUT/_staging/sweep_id=ID/wave=K/_attempts/ (Spark SQL's write tasks
                // under OUT/_staging/... for waves of many tasks) before the commit renames them into place.
                "spark.hadoop." + FailFirstAttemptFileSystem.PATH_KEY + "=" + clusterOut + "/_staging/",
                // Prepended by Spark to spark.executor.extraJavaOptions (the defaults' javacpp cache).
                "spark.executor.defaultJavaOptions=-Dtms.inject.failFirstAttempt=" + victim);
        Result submitted = submitAndWait("retry", pb);
        assertEquals(0, submitted.code(), submitted.err());
        assertTrue(submitted.err().contains(MODELS + "/" + MODELS + " models"), submitted.err());
        assertSecretNeverPrinted(submitted);

        // No failures row, every model once, and the same numbers as an undisturbed local run.
        assertSameTablesAsLocalMode("executor-loss", clusterOut);
        assertEquals(0, parquetFiles(clusterOut.resolve("failures")), "no failures rows");
        assertFirstAttemptsFailedAndRetriesSucceeded(events, FailFirstAttemptFileSystem.MESSAGE);
        assertFirstAttemptsFailedAndRetriesSucceeded(events, "injected task failure (first attempt) for point " + victim);

        // Successful tasks on both executors, from the event log; both workers ran an executor.
        Set<String> executors = new TreeSet<>();
        for (String line : eventLog(events).lines().toList()) {
            if (line.contains("\"Event\":\"SparkListenerTaskEnd\"") && line.contains("\"Reason\":\"Success\"")) {
                Matcher m = EXECUTOR_ID.matcher(line);
                if (m.find()) {
                    executors.add(m.group(1));
                }
            }
        }
        assertEquals(2, executors.size(), "tasks ran on both executors: " + executors);
        for (String w : List.of("worker-1", "worker-2")) {
            try (Stream<Path> apps = Files.list(workDir.resolve(w))) {
                assertTrue(apps.anyMatch(p -> p.getFileName().toString().startsWith("app-")), w + " ran an executor");
            }
        }
    }

    /**
     * In the event log: at least one task ended with an ExceptionFailure whose text has
     * {@code message}, each such failure was an attempt 0, and attempt 1 of the same task of the
     * same stage succeeded.
     */
    static void assertFirstAttemptsFailedAndRetriesSucceeded(Path events, String message) throws IOException {
        List<String> taskEnds = eventLog(events).lines()
                .filter(l -> l.contains("\"Event\":\"SparkListenerTaskEnd\"")).toList();
        List<String> failed = taskEnds.stream()
                .filter(l -> l.contains("\"Reason\":\"ExceptionFailure\"") && l.contains(message))
                .toList();
        assertTrue(!failed.isEmpty(), "a first attempt failed on purpose (" + message + ")");
        for (String f : failed) {
            Matcher stage = STAGE_ID.matcher(f);
            Matcher index = TASK_INDEX.matcher(f);
            assertTrue(stage.find() && index.find(), f);
            assertTrue(f.contains("\"Attempt\":0"), "only first attempts fail: " + f);
            String s = stage.group(0);
            String i = index.group(0);
            assertTrue(taskEnds.stream().anyMatch(l -> l.contains(s) && l.contains(i)
                    && l.contains("\"Reason\":\"Success\"") && l.contains("\"Attempt\":1")),
                    "the retry of " + s + " " + i + " succeeded");
        }
    }

    static long parquetFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
        }
    }

    @Test
    @Order(3)
    void aKilledDriverResumesOnTheClusterWithTheSameTables() throws Exception {
        Path events = Files.createDirectories(tmp.resolve("events-kill"));
        Path clusterOut = tmp.resolve("out-kill");
        Background bg = submitInBackground("kill", killSpecFile(), clusterOut, events);
        Process driver = bg.process();
        Path submitErr = bg.err();

        // Bounded wait for the first committed wave, then SIGKILL the driver: the script and its JVM.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (ClusterProcesses.committedWaves(clusterOut) < 1) {
            assertTrue(driver.isAlive(), () -> "the submit ended before its first wave was seen:\n" + Launch.read(submitErr));
            assertTrue(System.nanoTime() < deadline, () -> "no wave committed within 5 minutes:\n" + Launch.read(submitErr));
            Thread.sleep(50);
        }
        Launch.kill(driver);
        assertTrue(driver.waitFor(30, TimeUnit.SECONDS), "the killed driver ended");
        long committed = ClusterProcesses.committedWaves(clusterOut);
        assertTrue(committed >= 1 && committed < KILL_WAVES, "killed mid-way: " + committed + " of " + KILL_WAVES
                + " waves committed");
        assertTrue(!Files.exists(clusterOut.resolve("sweeps")), "no sweeps row: the sweep is not complete");
        recordClusterProcesses();

        // The same sweep again, now through the tms launcher with the cluster's master URL (it hands
        // the run to tms-submit, which finds the cluster's secret by that URL) and --out relative to
        // the working directory: it resumes with the waves not committed and completes.
        ProcessBuilder again = Launch.builder(tmp, "tms", "run", killSpecFile().toString(),
                "--out", tmp.relativize(clusterOut).toString(), "--master", masterUrl, "--no-analyze", "--no-report");
        again.environment().put("TMS_CLUSTER_DIR", workDir.toString());
        Result resumed = submitAndWait("resume", again);
        assertEquals(0, resumed.code(), resumed.err());
        assertSecretNeverPrinted(resumed);
        assertTrue(resumed.err().contains("tms: resumed: "), resumed.err());
        assertEquals(KILL_WAVES, ClusterProcesses.committedWaves(clusterOut));
        assertTrue(Files.exists(clusterOut.resolve("sweeps")), "the sweep is complete");

        assertSameTablesAsLocalMode("driver-kill", clusterOut);
    }

    @Test
    @Order(4)
    void stopLeavesNoProcess() throws Exception {
        for (Process p : drivers) {
            assertTrue(p.waitFor(1, TimeUnit.MINUTES), "every submit has ended");
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
