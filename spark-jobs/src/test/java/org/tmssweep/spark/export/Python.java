package org.tmssweep.spark.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a short Python script with NumPy, for the tests that check files against NumPy itself; a machine
 * without {@code python3} or NumPy skips those checks (JUnit assumptions), and every run is bounded in time.
 */
public final class Python {
    /** Longest a script may run (NumPy's import alone takes about a second). */
    static final long TIMEOUT_SECONDS = 60;
    private static Boolean available;

    private Python() {
    }

    /** The result of a script: exit status and output (stdout and stderr together). */
    public record Result(int code, String output) {
    }

    /** Skips the calling test unless {@code python3 -c 'import numpy'} works here. */
    public static synchronized void assumeNumpy() {
        if (available == null) {
            try {
                available = run("import numpy").code() == 0;
            } catch (IOException e) {
                available = false;
            }
        }
        Assumptions.assumeTrue(available, "python3 with numpy is not available: the NumPy checks are skipped");
    }

    /** Runs {@code python3 -c script args...}, killing it after {@link #TIMEOUT_SECONDS}. */
    public static Result run(String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            byte[] out;
            var reader = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                var future = reader.submit(() -> p.getInputStream().readAllBytes());
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("python3 ran longer than " + TIMEOUT_SECONDS + " s");
                }
                out = future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } finally {
                reader.shutdownNow();
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("reading python3's output", e);
        }
    }
}
