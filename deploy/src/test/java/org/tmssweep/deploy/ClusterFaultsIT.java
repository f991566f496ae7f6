package org.tmssweep.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on a real 2-worker standalone cluster ({@code deploy/bin/tms-cluster}, authentication on,
 * loopback), each checked against the same spec run in local mode ({@code deploy/bin/tms}): the
 * tables must be equal row for row (every column but wall time and code version), with no lost and
 * no duplicated {@code (point_id, seed)}.
 * <ul>
 * <li>{@link #sweepSurvivesAKilledExecutorWithTheSameTables()}: once a training task has finished
 * and others still run, one executor JVM is killed with SIGKILL (a crash: no shutdown hooks);
 * the event log must show the lost executor and a task failed with it.</li>
 * <li>{@link #aTaskFailingOnItsFirstAttemptIsRetriedWithTheSameTables()}: a task writing a wave's
 * table files fails on its first attempt ({@link FailFirstAttemptFileSystem}, installed
 * through Spark and Hadoop settings only); the event log must show the failure and the retry.</li>
 * <li>{@link #aTrainingTaskFailingOnItsFirstAttemptIsRetriedWithTheSameTables()}: the task training
 * one chosen model throws on its first attempt ({@code -Dtms.inject.failFirstAttempt}, set on the
 * executors with {@code spark.executor.defaultJavaOptions}); the event log must show the failure
 * and the successful retry of that task.</li>
 * <li>{@link #aKilledDriverResumesOnTheClusterWithTheSameTables()}: the driver ({@code tms-submit}
 * and its JVM) is killed with SIGKILL after its first wave committed; a second submit resumes and
 * the final tables equal local mode's.</li>
 * </ul>
 * The cluster is started once and stopped in {@link #stopCluster()} whatever happens; every
 * process is bounded in time. Needs {@code app/target/tms-sweep-app.jar} ({@code mvn verify}).
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ClusterFaultsIT {
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
    static final Pattern POINT_ID = Pattern.compile("point_id\"\":\"\"([0-9a-f]+)\"\"");
    /**
     * Every column of models (but wall time and code version) and of features, one JSON row per
     * line, plus the row count and the distinct (point_id, seed) count of models, in one query.
     */
    static final String TABLES_SQL = "SELECT t, j FROM ("
            + "SELECT 'models' AS t, point_id, seed, -1 AS feature, to_json(struct(m.*)) AS j "
            + "FROM (SELECT * EXCEPT (train_ms, code_version) FROM models) m "
            + "UNION ALL SELECT 'features', point_id, seed, feature, to_json(struct(f.*)) FROM features f "
            + "UNION ALL SELECT 'keys', NULL, NULL, -1, to_json(named_struct('rows', COUNT(*), "
            + "'distinct', COUNT(DISTINCT point_id, seed))) FROM models) "
            + "ORDER BY t, point_id, seed, feature";
    static final Pattern RUNNING = Pattern.compile("Running task \\S+ in stage 0\\.");
    static final Pattern FINISHED = Pattern.compile("Finished task \\S+ in stage 0\\.");
    static final Pattern STAGE_ID = Pattern.compile("\"Stage ID\":\\d+");
    static final Pattern TASK_INDEX = Pattern.compile("\"Index\":\\d+");

    @TempDir
    static Path tmp;
    static final Path ROOT = Paths.get(System.getProperty("tms.root", "..")).toAbsolutePath().normalize();
    /** The cluster's processes (daemons and their children), recorded as soon as they are known. */
    static final List<ProcessHandle> started = new ArrayList<>();
    /** Drivers (tms-submit) started in the background: ended in {@link #stopCluster()} if still running. */
    static final List<Process> drivers = new ArrayList<>();
    static Path workDir;

    record Result(int code, String out, String err) {
    }

    static ProcessBuilder builder(String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("deploy/bin").resolve(script).toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().putAll(Map.of("TMS_NO_BUILD", "1", "TMS_DRIVER_MEMORY", "2g"));
        return pb;
    }

    static Result await(Process p, Path out, Path err, long minutes, String what) throws IOException, InterruptedException {
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(what + " did not finish in " + minutes + " minutes; stderr:\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static Result bin(String script, long minutes, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = builder(script, args);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        return await(pb.start(), out, err, minutes, String.join(" ", pb.command()));
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
        for (Process p : drivers) {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        if (workDir == null) {
            return;
        }
        try {
            recordClusterProcesses();
            bin("tms-cluster", 2, "stop", "--work-dir", workDir.toString());
        } finally {
            for (ProcessHandle h : started) {
                if (h.isAlive()) {
                    h.destroyForcibly();
                }
            }
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

    /** Starts the test's cluster once (2 workers, free ports, authentication on). */
    static synchronized void ensureCluster() throws Exception {
        if (workDir != null) {
            return;
        }
        workDir = tmp.resolve("cluster");
        Files.writeString(specFile(), SPEC);
        Files.writeString(killSpecFile(), KILL_SPEC);
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
    }

    static Path specFile() {
        return tmp.resolve("faults.yaml");
    }

    static Path killSpecFile() {
        return tmp.resolve("driver-kill.yaml");
    }

    /**
     * A submit of the spec to the test's cluster, with an uncompressed event log in {@code events},
     * more tms-submit {@code options} and {@code --conf} settings.
     */
    static ProcessBuilder submit(Path out, Path events, List<String> options, String... conf) throws IOException {
        return submit(specFile(), out, events, options, conf);
    }

    static ProcessBuilder submit(Path spec, Path out, Path events, List<String> options, String... conf) throws IOException {
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
        args.addAll(List.of("--", "run", spec.toString(), "--out", out.toString(), "--no-report"));
        return builder("tms-submit", args.toArray(String[]::new));
    }

    static final Map<Path, String> localTables = new HashMap<>();

    /** The tables of a spec run in local mode (once per spec), as {@link #TABLES_SQL} prints them. */
    static synchronized String localTables(Path spec) throws Exception {
        String t = localTables.get(spec);
        if (t == null) {
            Path localOut = tmp.resolve("out-local-" + spec.getFileName().toString().replace(".yaml", ""));
            Result local = bin("tms", 5, "run", spec.toString(), "--out", localOut.toString(),
                    "--master", "local[2]", "--no-report");
            assertEquals(0, local.code(), local.err());
            t = tables(localOut);
            localTables.put(spec, t);
        }
        return t;
    }

    static String tables(Path out) throws Exception {
        Result q = bin("tms", 3, "query", "--out", out.toString(), "--format", "csv", TABLES_SQL);
        assertEquals(0, q.code(), q.err());
        return q.out();
    }

    /** The cluster's tables: complete, each (point_id, seed) once, and equal to local mode's. */
    static void assertSameTablesAsLocalMode(Path clusterOut) throws Exception {
        assertSameTablesAsLocalMode(specFile(), clusterOut);
    }

    static void assertSameTablesAsLocalMode(Path spec, Path clusterOut) throws Exception {
        String cluster = tables(clusterOut);
        assertEquals(MODELS, cluster.lines().filter(l -> l.startsWith("models,")).count(), cluster);
        assertEquals(MODELS * 20, cluster.lines().filter(l -> l.startsWith("features,")).count(), cluster);
        // CSV doubles the JSON's quotes.
        String keys = cluster.lines().filter(l -> l.startsWith("keys,")).findFirst().orElse("").replace("\"\"", "\"");
        assertTrue(keys.contains("\"rows\":" + MODELS + ",") && keys.contains("\"distinct\":" + MODELS + "}"),
                "no lost and no duplicated (point_id, seed): " + keys);
        assertEquals(localTables(spec), cluster);
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
    void sweepSurvivesAKilledExecutorWithTheSameTables() throws Exception {
        ensureCluster();
        Path events = Files.createDirectories(tmp.resolve("events-loss"));
        Path clusterOut = tmp.resolve("out-loss");
        ProcessBuilder pb = submit(clusterOut, events, List.of());
        Path submitOut = tmp.resolve("submit-loss-out.txt");
        Path submitErr = tmp.resolve("submit-loss-err.txt");
        pb.redirectOutput(submitOut.toFile()).redirectError(submitErr.toFile());
        Process submit = pb.start();
        drivers.add(submit);

        // Wait (bounded) until some executor has finished a training task (stage 0) and is running
        // another: then the sweep is under way, some tasks are done and some are still to come.
        Executor victim = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (victim == null) {
            assertTrue(submit.isAlive(), () -> "the submit ended before an executor could be killed:\n" + read(submitErr));
            assertTrue(System.nanoTime() < deadline, () -> "no training task finished within 5 minutes:\n" + read(submitErr));
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

        Result submitted = await(submit, submitOut, submitErr, 8, "tms-submit");
        recordClusterProcesses();
        assertEquals(0, submitted.code(), submitted.err());
        assertTrue(submitted.err().contains(MODELS + "/" + MODELS + " models"), submitted.err());

        assertSameTablesAsLocalMode(clusterOut);
        String log = eventLog(events);
        assertTrue(log.contains("\"Event\":\"SparkListenerExecutorRemoved\""), "an executor was removed");
        assertTrue(log.contains("\"Reason\":\"ExecutorLostFailure\""), "a task failed with its executor");
    }

    @Test
    void aTaskFailingOnItsFirstAttemptIsRetriedWithTheSameTables() throws Exception {
        ensureCluster();
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
        Path events = Files.createDirectories(tmp.resolve("events-retry"));
        Path clusterOut = tmp.resolve("out-retry");
        ProcessBuilder pb = submit(clusterOut, events, List.of("--driver-class-path", jar.toString()),
                "spark.executor.extraClassPath=" + jar,
                "spark.hadoop.fs.file.impl=" + FailFirstAttemptFileSystem.class.getName(),
                "spark.hadoop.fs.file.impl.disable.cache=true",
                // The tasks writing a wave's tables: the training tasks of these small waves write
                // their files under OUT/_staging/sweep_id=ID/wave=K/_attempts/ (Spark SQL's write tasks
                // under OUT/_staging/... for waves of many tasks) before the commit renames them into place.
                "spark.hadoop." + FailFirstAttemptFileSystem.PATH_KEY + "=" + clusterOut + "/_staging/");
        Path submitOut = tmp.resolve("submit-retry-out.txt");
        Path submitErr = tmp.resolve("submit-retry-err.txt");
        pb.redirectOutput(submitOut.toFile()).redirectError(submitErr.toFile());
        Result submitted = await(pb.start(), submitOut, submitErr, 8, "tms-submit");
        recordClusterProcesses();
        assertEquals(0, submitted.code(), submitted.err());

        assertSameTablesAsLocalMode(clusterOut);
        // The first attempt failed with the planted exception, and the same task then succeeded.
        assertFirstAttemptsFailedAndRetriesSucceeded(events, FailFirstAttemptFileSystem.MESSAGE);
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

    @Test
    void aTrainingTaskFailingOnItsFirstAttemptIsRetriedWithTheSameTables() throws Exception {
        ensureCluster();
        // One model of the sweep (pack: 1, so one training task): its task throws out of the
        // training function on attempt 0, on whichever executor runs it.
        List<String> ids = POINT_ID.matcher(localTables(specFile())).results().map(m -> m.group(1))
                .distinct().sorted().toList();
        assertTrue(ids.size() >= 3, "point ids in the local tables: " + ids);
        String victim = ids.get(2);
        Path events = Files.createDirectories(tmp.resolve("events-train-retry"));
        Path clusterOut = tmp.resolve("out-train-retry");
        ProcessBuilder pb = submit(clusterOut, events, List.of(),
                // Prepended by Spark to spark.executor.extraJavaOptions (the defaults' javacpp cache).
                "spark.executor.defaultJavaOptions=-Dtms.inject.failFirstAttempt=" + victim);
        Path submitOut = tmp.resolve("submit-train-retry-out.txt");
        Path submitErr = tmp.resolve("submit-train-retry-err.txt");
        pb.redirectOutput(submitOut.toFile()).redirectError(submitErr.toFile());
        Result submitted = await(pb.start(), submitOut, submitErr, 8, "tms-submit");
        recordClusterProcesses();
        assertEquals(0, submitted.code(), submitted.err());

        // No failures row, every model once, and the same numbers as an undisturbed local run.
        assertSameTablesAsLocalMode(clusterOut);
        assertEquals(0, parquetFiles(clusterOut.resolve("failures")), "no failures rows");
        assertFirstAttemptsFailedAndRetriesSucceeded(events, "injected task failure (first attempt) for point " + victim);
    }

    static long parquetFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
        }
    }

    static long committedWaves(Path out) throws IOException {
        return ClusterProcesses.committedWaves(out);
    }

    @Test
    void aKilledDriverResumesOnTheClusterWithTheSameTables() throws Exception {
        ensureCluster();
        Path events = Files.createDirectories(tmp.resolve("events-kill"));
        Path clusterOut = tmp.resolve("out-kill");
        ProcessBuilder pb = submit(killSpecFile(), clusterOut, events, List.of());
        Path submitOut = tmp.resolve("submit-kill-out.txt");
        Path submitErr = tmp.resolve("submit-kill-err.txt");
        pb.redirectOutput(submitOut.toFile()).redirectError(submitErr.toFile());
        Process driver = pb.start();
        drivers.add(driver);

        // Bounded wait for the first committed wave, then SIGKILL the driver: the script and its JVM.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (committedWaves(clusterOut) < 1) {
            assertTrue(driver.isAlive(), () -> "the submit ended before its first wave was seen:\n" + read(submitErr));
            assertTrue(System.nanoTime() < deadline, () -> "no wave committed within 5 minutes:\n" + read(submitErr));
            Thread.sleep(50);
        }
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly();
        assertTrue(driver.waitFor(30, TimeUnit.SECONDS), "the killed driver ended");
        long committed = committedWaves(clusterOut);
        assertTrue(committed >= 1 && committed < KILL_WAVES, "killed mid-way: " + committed + " of " + KILL_WAVES
                + " waves committed");
        assertTrue(!Files.exists(clusterOut.resolve("sweeps")), "no sweeps row: the sweep is not complete");
        recordClusterProcesses();

        // The same submit again: it resumes with the waves not committed and completes.
        Path events2 = Files.createDirectories(tmp.resolve("events-kill-resume"));
        ProcessBuilder again = submit(killSpecFile(), clusterOut, events2, List.of());
        Path againOut = tmp.resolve("submit-resume-out.txt");
        Path againErr = tmp.resolve("submit-resume-err.txt");
        again.redirectOutput(againOut.toFile()).redirectError(againErr.toFile());
        Result resumed = await(again.start(), againOut, againErr, 8, "tms-submit (resume)");
        recordClusterProcesses();
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("tms: resumed: "), resumed.err());
        assertEquals(KILL_WAVES, committedWaves(clusterOut));
        assertTrue(Files.exists(clusterOut.resolve("sweeps")), "the sweep is complete");

        assertSameTablesAsLocalMode(killSpecFile(), clusterOut);
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
