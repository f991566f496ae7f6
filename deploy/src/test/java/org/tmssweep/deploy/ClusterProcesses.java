package org.tmssweep.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Bookkeeping shared by the end-to-end tests: processes of a standalone cluster started with
 * {@code tms-cluster}, and the committed waves of a results directory.
 */
final class ClusterProcesses {
    private ClusterProcesses() {
    }

    /** A free TCP port on the loopback interface. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Adds the live processes of the PID files in {@code workDir/run}, and their descendants
     * (executors), to {@code started}, so a test can kill whatever survives {@code tms-cluster stop}.
     */
    static void record(Path workDir, List<ProcessHandle> started) throws IOException {
        Path run = workDir.resolve("run");
        if (!Files.isDirectory(run)) {
            return;
        }
        synchronized (started) {
            try (Stream<Path> files = Files.list(run)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
                    String text = Files.readString(f).strip();
                    if (!text.matches("\\d+")) {
                        continue;
                    }
                    ProcessHandle.of(Long.parseLong(text)).ifPresent(h -> {
                        if (started.stream().noneMatch(s -> s.pid() == h.pid())) {
                            started.add(h);
                        }
                        h.descendants().filter(d -> started.stream().noneMatch(s -> s.pid() == d.pid()))
                                .forEach(started::add);
                    });
                }
            }
        }
    }

    /** Waves committed under {@code out}: the markers OUT/_progress/sweep_id=.../wave-K.json. */
    static long committedWaves(Path out) throws IOException {
        Path progress = out.resolve("_progress");
        if (!Files.isDirectory(progress)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(progress)) {
            return s.filter(p -> p.getFileName().toString().matches("wave-\\d+\\.json")).count();
        }
    }
}
