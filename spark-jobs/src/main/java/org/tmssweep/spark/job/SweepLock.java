package org.tmssweep.spark.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmssweep.spark.fs.NioLocalFileSystem;
import org.tmssweep.spark.tables.Tables;

/**
 * One writer per sweep: the lock a run holds on {@code OUT/_progress/sweep_id=ID/lock.json} from before it
 * deletes anything (a starting run removes uncommitted waves, see {@link WaveStore#cleanUncommitted}) until
 * it ends. Without it a second run of the same sweep into the same {@code --out} would delete the first's
 * wave in flight.
 *
 * <p>Taking the lock is creating the file through the Hadoop FileSystem API with {@code overwrite = false},
 * an atomic create-if-absent on HDFS and on {@link NioLocalFileSystem} (used for {@code file:} paths here
 * unless {@code fs.file.impl} says otherwise). The file is a one-line JSON {@link Holder}: pid, host, start
 * time and a token unique to this acquisition. While held, a daemon thread touches it every
 * {@link #HEARTBEAT_EVERY} (its modification time is the heartbeat; where a filesystem ignores
 * {@code setTimes}, the file is rewritten). A run that finds the lock taken fails at once
 * ({@link HeldException}) unless the lock is stale:
 * <ul>
 *   <li>held from this host: stale when its pid is not running (or is a later process with the same pid);</li>
 *   <li>held from another host, or unreadable: stale when its heartbeat is older than {@link #STALE_AFTER}
 *       (this assumes the hosts' clocks agree to well within that).</li>
 * </ul>
 * A stale lock is taken over: renamed aside (one rename wins when two runs take over at once), checked to be
 * the lock judged stale, deleted, and created anew. {@link #close} removes the lock only while it still holds
 * this acquisition's token: a run never removes another run's lock.
 */
public final class SweepLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SweepLock.class);
    /** How often a held lock's heartbeat is refreshed. */
    public static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(30);
    /** A lock from another host whose heartbeat is older than this is stale (ten missed heartbeats). */
    public static final Duration STALE_AFTER = Duration.ofMinutes(5);
    /** The lock's file name in the sweep's progress directory. */
    public static final String FILE = "lock.json";
    private static final int TRIES = 3;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true);

    /**
     * Who holds a lock: the content of the lock file.
     *
     * @param sweepId        the sweep
     * @param pid            the holding process
     * @param host           its host name
     * @param started        ISO-8601 time the lock was taken
     * @param processStarted ISO-8601 start time of the holding process (null when the OS does not tell),
     *                       which tells a later process that reuses the pid from the holder
     * @param token          unique to one acquisition (two runs in one process hold different tokens)
     */
    @JsonPropertyOrder({"sweep_id", "pid", "host", "started", "process_started", "token"})
    public record Holder(@JsonProperty("sweep_id") String sweepId, long pid, String host, String started,
                         @JsonProperty("process_started") String processStarted, String token) {
        public Holder {
            Objects.requireNonNull(sweepId, "sweep_id");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(started, "started");
            Objects.requireNonNull(token, "token");
        }

        /** This process, taking the lock of {@code sweepId} now. */
        static Holder thisProcess(String sweepId, Instant now) {
            ProcessHandle me = ProcessHandle.current();
            return new Holder(sweepId, me.pid(), localHost(), now.truncatedTo(ChronoUnit.MILLIS).toString(),
                    me.info().startInstant().map(Instant::toString).orElse(null), UUID.randomUUID().toString());
        }
    }

    /** Whether a process of this host still runs: pid and, when known, its start time. */
    interface Processes {
        boolean alive(long pid, String processStarted);

        /**
         * The operating system's view ({@link ProcessHandle}): the pid runs and, when both start times are known,
         * started within a second of the recorded one.
         */
        Processes OS = (pid, processStarted) -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> sameStart(p.info().startInstant().orElse(null), instant(processStarted)))
                .orElse(false);

        private static boolean sameStart(Instant actual, Instant recorded) {
            return actual == null || recorded == null || Math.abs(Duration.between(actual, recorded).toMillis()) <= 1000;
        }
    }

    /** An ISO-8601 instant, or null when absent or unparseable. */
    private static Instant instant(String iso) {
        try {
            return iso == null ? null : Instant.parse(iso);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** The lock is held by a run that is not stale: the message says by whom and how to proceed. */
    public static final class HeldException extends IOException {
        private static final long serialVersionUID = 1L;

        HeldException(String message) {
            super(message);
        }
    }

    private final FileSystem fs;
    private final boolean ownsFs;
    private final Path file;
    private final Holder me;
    private final Clock clock;
    private ScheduledExecutorService heartbeat;
    private volatile boolean lost;
    private boolean closed;

    private SweepLock(FileSystem fs, boolean ownsFs, Path file, Holder me, Clock clock) {
        this.fs = fs;
        this.ownsFs = ownsFs;
        this.file = file;
        this.me = me;
        this.clock = clock;
    }

    /** Where the lock of a sweep lives: {@code OUT/_progress/sweep_id=ID/lock.json}. */
    public static Path path(String out, String sweepId) {
        return new Path(new Path(new Path(out, "_progress"), Tables.PARTITION + "=" + sweepId), FILE);
    }

    /**
     * Takes the lock of sweep {@code sweepId} under {@code out} for this process and starts its heartbeat.
     *
     * @throws HeldException when another run holds it and is not stale
     */
    public static SweepLock acquire(Configuration conf, String out, String sweepId) throws IOException {
        Configuration c = new Configuration(conf);
        if (c.get("fs.file.impl") == null) {
            c.set("fs.file.impl", NioLocalFileSystem.class.getName());
        }
        Path file = path(out, sweepId);
        FileSystem fs = FileSystem.newInstance(file.toUri(), c);
        try {
            SweepLock lock = acquire(fs, true, file, Holder.thisProcess(sweepId, Instant.now()), Processes.OS,
                    Clock.systemUTC());
            lock.startHeartbeat(HEARTBEAT_EVERY);
            return lock;
        } catch (IOException | RuntimeException e) {
            fs.close();
            throw e;
        }
    }

    /** Takes the lock at {@code file} for {@code me}, taking over a stale one; no heartbeat. */
    static SweepLock acquire(FileSystem fs, boolean ownsFs, Path file, Holder me, Processes processes, Clock clock)
            throws IOException {
        for (int i = 0; i < TRIES; i++) {
            if (create(fs, file, me)) {
                return new SweepLock(fs, ownsFs, file, me, clock);
            }
            Seen seen = read(fs, file);
            if (seen == null) {
                continue; // released in between
            }
            String stale = staleness(seen, me.host(), processes, clock.instant());
            if (stale == null) {
                throw new HeldException(heldMessage(me.sweepId(), seen, file));
            }
            if (moveAside(fs, file, seen, me)) {
                LOG.info("sweep {}: took over the lock {} of {}: {}", me.sweepId(), file,
                        seen.holder() == null ? "an unknown run" : "pid " + seen.holder().pid() + " on host "
                                + seen.holder().host(), stale);
            }
        }
        throw new IOException("could not take the lock " + file + " in " + TRIES
                + " tries: other runs of sweep " + me.sweepId() + " are starting at the same time");
    }

    /** Creates the lock file for {@code me} unless one exists; false when it exists. */
    private static boolean create(FileSystem fs, Path file, Holder me) throws IOException {
        FSDataOutputStream os;
        try {
            os = fs.create(file, false);
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        try (os) {
            os.write((JSON.writeValueAsString(me) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            try {
                fs.delete(file, false); // an empty lock would block other runs until it is stale
            } catch (IOException deleting) {
                e.addSuppressed(deleting);
            }
            throw e;
        }
        return true;
    }

    /**
     * A lock file as found: its holder (null when unreadable, e.g. caught between create and write) and its
     * heartbeat (modification time).
     */
    record Seen(Holder holder, Instant heartbeat) {
    }

    /** The lock at {@code p}, or null when there is none. */
    static Seen read(FileSystem fs, Path p) throws IOException {
        FileStatus st;
        try {
            st = fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
            return null;
        }
        Holder holder;
        try (InputStream in = fs.open(p)) {
            holder = JSON.readValue(in, Holder.class);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            holder = null;
        }
        return new Seen(holder, Instant.ofEpochMilli(st.getModificationTime()));
    }

    /** Why a lock found is stale, or null when it is held. */
    static String staleness(Seen seen, String thisHost, Processes processes, Instant now) {
        Holder h = seen.holder();
        if (h != null && h.host().equals(thisHost)) {
            return processes.alive(h.pid(), h.processStarted()) ? null
                    : "pid " + h.pid() + " is not running on this host";
        }
        Duration age = Duration.between(seen.heartbeat(), now);
        return age.compareTo(STALE_AFTER) > 0 ? "no heartbeat for " + age.toSeconds() + " s (more than "
                + STALE_AFTER.toMinutes() + " min)" : null;
    }

    static String heldMessage(String sweepId, Seen seen, Path file) {
        Holder h = seen.holder();
        String who = h == null ? "another run (its lock is unreadable; heartbeat "
                + seen.heartbeat().truncatedTo(ChronoUnit.SECONDS) + ")"
                : "pid " + h.pid() + " on host " + h.host() + " since " + (instant(h.started()) == null
                        ? h.started() : instant(h.started()).truncatedTo(ChronoUnit.SECONDS));
        return "sweep " + sweepId + " is being written by " + who + " (lock: " + file
                + "); wait for it, or if that run is dead remove the lock";
    }

    /**
     * Moves the stale lock {@code seen} out of the way: true when this call removed exactly that lock (a
     * newer one moved by mistake, taken by a run that got here first, is put back).
     */
    private static boolean moveAside(FileSystem fs, Path file, Seen seen, Holder me) throws IOException {
        Path aside = new Path(file.getParent(), FILE + ".stale-" + me.token());
        if (!fs.rename(file, aside)) {
            return false;
        }
        Seen moved = read(fs, aside);
        if (moved != null && Objects.equals(moved.holder(), seen.holder())
                && (seen.holder() != null || moved.heartbeat().equals(seen.heartbeat()))) {
            fs.delete(aside, false);
            return true;
        }
        if (!fs.rename(aside, file)) {
            LOG.warn("sweep {}: could not put back the lock {} (left at {})", me.sweepId(), file, aside);
        }
        return false;
    }

    /** Refreshes the heartbeat every {@code every} on a daemon thread until {@link #close}. */
    private void startHeartbeat(Duration every) {
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tms-lock-" + me.sweepId());
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One heartbeat: touches the lock while it is still this acquisition's; logs, never throws. */
    void beat() {
        try {
            Seen seen = read(fs, file);
            if (!mine(seen)) {
                if (!lost) {
                    LOG.warn("sweep {}: lost the lock {}: {}", me.sweepId(), file, seen == null ? "it was removed"
                            : heldMessage(me.sweepId(), seen, file));
                }
                lost = true;
                return;
            }
            long now = clock.millis();
            fs.setTimes(file, now, -1);
            if (fs.getFileStatus(file).getModificationTime() < now - 1000) { // setTimes ignored: rewrite
                try (FSDataOutputStream os = fs.create(file, true)) {
                    os.write((JSON.writeValueAsString(me) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("sweep {}: could not refresh the lock {}: {}", me.sweepId(), file, e.toString());
        }
    }

    private boolean mine(Seen seen) {
        return seen != null && seen.holder() != null && seen.holder().token().equals(me.token());
    }

    /** Who holds this lock (this process). */
    public Holder holder() {
        return me;
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /**
     * Checks that this run still holds the lock (another run may take it over after {@link #STALE_AFTER}
     * without a heartbeat, e.g. after a long pause of this process).
     *
     * @throws HeldException naming the run that holds it now
     */
    public void verify() throws IOException {
        Seen seen = read(fs, file);
        if (!mine(seen)) {
            lost = true;
            throw new HeldException(seen == null ? "sweep " + me.sweepId() + ": the lock " + file
                    + " was removed while this run was writing; stopping" : heldMessage(me.sweepId(), seen, file));
        }
    }

    /** Stops the heartbeat and removes the lock if it is still this acquisition's. Logs failures. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        try {
            Seen seen = read(fs, file);
            if (mine(seen)) {
                fs.delete(file, false);
            } else if (seen != null) {
                LOG.warn("sweep {}: not removing the lock {}: {}", me.sweepId(), file,
                        heldMessage(me.sweepId(), seen, file));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("sweep {}: could not remove the lock {}: {}", me.sweepId(), file, e.toString());
        } finally {
            if (ownsFs) {
                try {
                    fs.close();
                } catch (IOException e) {
                    LOG.debug("closing the lock's filesystem", e);
                }
            }
        }
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "unknown" : env;
        }
    }
}
