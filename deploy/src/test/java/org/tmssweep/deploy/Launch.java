package org.tmssweep.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the scripts of {@code deploy/bin} as a user does, for the end-to-end tests: separate
 * processes, never a rebuild ({@code TMS_NO_BUILD=1}: the reactor packaged the jars before the
 * integration tests), a 2 GB driver heap, every process bounded in time and killed with its
 * descendants if it overruns.
 */
final class Launch {
    static final Path ROOT = Paths.get(System.getProperty("tms.root", "..")).toAbsolutePath().normalize();

    private Launch() {
    }

    record Result(int code, String out, String err) {
    }

    /** {@code deploy/bin/<script> args}, run in {@code dir}, its output not yet redirected. */
    static ProcessBuilder builder(Path dir, String script, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("deploy/bin").resolve(script).toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(Map.of("TMS_NO_BUILD", "1", "TMS_DRIVER_MEMORY", "2g"));
        return pb;
    }

    /** Starts {@code pb} with stdout and stderr in {@code out} and {@code err}. */
    static Process start(ProcessBuilder pb, Path out, Path err) throws IOException {
        return pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /** Runs {@code deploy/bin/<script> args} in {@code dir} to its end (at most {@code minutes}). */
    static Result run(Path dir, long minutes, String script, String... args) throws IOException, InterruptedException {
        return run(dir, minutes, Map.of(), script, args);
    }

    /** {@link #run(Path, long, String, String...)} with {@code env} added to the script's environment. */
    static Result run(Path dir, long minutes, Map<String, String> env, String script, String... args)
            throws IOException, InterruptedException {
        ProcessBuilder pb = builder(dir, script, args);
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        return await(start(pb, out, err), out, err, minutes, String.join(" ", pb.command()));
    }

    /** Waits for {@code p} (at most {@code minutes}, else it is killed and the test fails). */
    static Result await(Process p, Path out, Path err, long minutes, String what) throws IOException, InterruptedException {
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            kill(p);
            throw new AssertionError(what + " did not finish in " + minutes + " minutes; stderr:\n" + read(err));
        }
        return new Result(p.exitValue(), read(out), read(err));
    }

    /** SIGKILL to {@code p} and every process under it (the launcher script and its JVM). */
    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
