package org.tmssweep.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmssweep.spark.fs.NioLocalFileSystem;

/**
 * The sweep lock on the local filesystem: taken once, refused to a second run with a message naming the
 * holder, taken over from a dead process of this host or a silent one of another host, released only by
 * its holder.
 */
class SweepLockTest {
    static final String ID = "tiny-0123456789ab";
    static final String HOST = "this-host";
    /** Every process is alive: only the stale rules under test decide. */
    static final SweepLock.Processes ALL_ALIVE = (pid, started) -> true;
    static final SweepLock.Processes NONE_ALIVE = (pid, started) -> false;

    @TempDir
    Path tmp;
    FileSystem fs;
    org.apache.hadoop.fs.Path file;

    @BeforeEach
    void open() throws IOException {
        Configuration conf = new Configuration();
        conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
        fs = FileSystem.newInstance(java.net.URI.create("file:///"), conf);
        file = SweepLock.path(tmp.toString(), ID);
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    static SweepLock.Holder holder(long pid, String host, Instant started) {
        return new SweepLock.Holder(ID, pid, host, started.toString(), null, "token-" + pid + "-" + host);
    }

    SweepLock acquire(SweepLock.Holder me, SweepLock.Processes processes, Instant now) throws IOException {
        return SweepLock.acquire(fs, false, file, me, processes, Clock.fixed(now, ZoneOffset.UTC));
    }

    Path lockFile() {
        return tmp.resolve("_progress").resolve("sweep_id=" + ID).resolve(SweepLock.FILE);
    }

    @Test
    void theLockLivesInTheSweepsProgressDirectoryAndRecordsItsHolder() throws IOException {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        try (SweepLock lock = acquire(holder(41, HOST, t), ALL_ALIVE, t)) {
            assertTrue(Files.isRegularFile(lockFile()));
            assertEquals("{\"sweep_id\":\"" + ID + "\",\"pid\":41,\"host\":\"" + HOST + "\",\"started\":\"" + t
                    + "\",\"process_started\":null,\"token\":\"token-41-" + HOST + "\"}\n", Files.readString(lockFile()));
            assertEquals(holder(41, HOST, t), SweepLock.read(fs, file).holder());
            assertEquals(41, lock.holder().pid());
        }
        assertFalse(Files.exists(lockFile()), "released");
    }

    @Test
    void aSecondRunFailsWithAMessageNamingTheHolderAndTheLock() throws IOException {
        Instant t = Instant.parse("2026-03-01T10:00:00.250Z");
        try (SweepLock first = acquire(holder(41, HOST, t), ALL_ALIVE, t)) {
            SweepLock.HeldException e = assertThrows(SweepLock.HeldException.class,
                    () -> acquire(holder(42, HOST, t), ALL_ALIVE, t.plusSeconds(1)));
            assertEquals("sweep " + ID + " is being written by pid 41 on host " + HOST + " since 2026-03-01T10:00:00Z"
                    + " (lock: " + file + "); wait for it, or if that run is dead remove the lock", e.getMessage());
            assertEquals(holder(41, HOST, t), SweepLock.read(fs, file).holder(), "the holder's lock is untouched");
            first.verify();
        }
    }

    @Test
    void twoAcquisitionsInOneProcessAreTwoWriters() throws IOException {
        // the same pid, alive: only the token tells them apart
        SweepLock.Holder a = new SweepLock.Holder(ID, 7, HOST, Instant.EPOCH.toString(), null, "a");
        SweepLock.Holder b = new SweepLock.Holder(ID, 7, HOST, Instant.EPOCH.toString(), null, "b");
        try (SweepLock lock = acquire(a, ALL_ALIVE, Instant.EPOCH)) {
            assertThrows(SweepLock.HeldException.class, () -> acquire(b, ALL_ALIVE, Instant.EPOCH));
            lock.verify();
        }
    }

    @Test
    void aDeadProcessOfThisHostIsTakenOverAtOnce() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Instant t = Instant.now();
        Files.createDirectories(lockFile().getParent());
        Files.writeString(lockFile(), "{\"sweep_id\":\"" + ID + "\",\"pid\":" + gone.pid() + ",\"host\":\"" + HOST
                + "\",\"started\":\"" + t + "\",\"process_started\":null,\"token\":\"dead\"}\n");
        SweepLock.Seen seen = SweepLock.read(fs, file);
        assertEquals("pid " + gone.pid() + " is not running on this host",
                SweepLock.staleness(seen, HOST, SweepLock.Processes.OS, t));
        assertNull(SweepLock.staleness(seen, HOST, ALL_ALIVE, t));
        SweepLock.Holder me = holder(ProcessHandle.current().pid(), HOST, t);
        try (SweepLock lock = acquire(me, SweepLock.Processes.OS, t)) {
            assertEquals(me, SweepLock.read(fs, file).holder());
            lock.verify();
        }
        try (var files = Files.list(lockFile().getParent())) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).toList(),
                    "the dead run's lock is gone, nothing set aside is left");
        }
    }

    @Test
    void aLiveProcessOfThisHostHoldsItHoweverOldItsHeartbeat() throws IOException {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        try (SweepLock first = acquire(holder(41, HOST, t), ALL_ALIVE, t)) {
            assertThrows(SweepLock.HeldException.class, () -> acquire(holder(42, HOST, t), ALL_ALIVE,
                    t.plus(Duration.ofDays(3))));
        }
    }

    @Test
    void aLaterProcessReusingTheHoldersPidDoesNotHoldIt() {
        ProcessHandle me = ProcessHandle.current();
        Instant started = me.info().startInstant().orElseThrow();
        assertTrue(SweepLock.Processes.OS.alive(me.pid(), started.toString()));
        assertTrue(SweepLock.Processes.OS.alive(me.pid(), null), "start time unknown: the pid decides");
        assertFalse(SweepLock.Processes.OS.alive(me.pid(), started.minus(Duration.ofHours(1)).toString()),
                "another start time: a different process with the same pid");
    }

    @Test
    void anotherHostsLockIsStaleOnlyAfterItsHeartbeatStopsForTheTimeout() throws IOException {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        try (SweepLock theirs = acquire(holder(41, "other-host", t), ALL_ALIVE, t)) {
            fs.setTimes(file, t.toEpochMilli(), -1);
            Instant justBefore = t.plus(SweepLock.STALE_AFTER);
            // the pid check does not apply to another host: NONE_ALIVE changes nothing
            SweepLock.HeldException e = assertThrows(SweepLock.HeldException.class,
                    () -> acquire(holder(42, HOST, t), NONE_ALIVE, justBefore));
            assertTrue(e.getMessage().contains("pid 41 on host other-host"), e.getMessage());
            Instant after = justBefore.plusSeconds(1);
            assertEquals("no heartbeat for 301 s (more than 5 min)",
                    SweepLock.staleness(SweepLock.read(fs, file), HOST, NONE_ALIVE, after));
            try (SweepLock mine = acquire(holder(42, HOST, after), NONE_ALIVE, after)) {
                assertEquals(42, SweepLock.read(fs, file).holder().pid());
                assertThrows(SweepLock.HeldException.class, theirs::verify, "the silent run learns it lost the lock");
            }
        }
    }

    @Test
    void theHeartbeatKeepsALockFresh() throws IOException {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        Instant later = t.plus(Duration.ofMinutes(20));
        SweepLock lock = SweepLock.acquire(fs, false, file, holder(41, "other-host", t), ALL_ALIVE,
                Clock.fixed(later, ZoneOffset.UTC));
        try (lock) {
            fs.setTimes(file, t.toEpochMilli(), -1);
            assertTrue(SweepLock.staleness(SweepLock.read(fs, file), HOST, ALL_ALIVE, later.plusSeconds(1)) != null);
            lock.beat();
            assertEquals(later, SweepLock.read(fs, file).heartbeat());
            assertNull(SweepLock.staleness(SweepLock.read(fs, file), HOST, ALL_ALIVE, later.plusSeconds(1)));
        }
    }

    @Test
    void anUnreadableLockIsHeldUntilItsHeartbeatIsStale() throws IOException {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        Files.createDirectories(lockFile().getParent());
        Files.writeString(lockFile(), ""); // a run caught between creating the file and writing it
        fs.setTimes(file, t.toEpochMilli(), -1);
        SweepLock.HeldException e = assertThrows(SweepLock.HeldException.class,
                () -> acquire(holder(42, HOST, t), NONE_ALIVE, t.plusSeconds(10)));
        assertTrue(e.getMessage().startsWith("sweep " + ID + " is being written by another run (its lock is"
                + " unreadable; heartbeat 2026-03-01T10:00:00Z) (lock: "), e.getMessage());
        Instant stale = t.plus(SweepLock.STALE_AFTER).plusSeconds(1);
        try (SweepLock lock = acquire(holder(42, HOST, stale), NONE_ALIVE, stale)) {
            assertEquals(42, SweepLock.read(fs, file).holder().pid());
        }
    }

    @Test
    void closeNeverRemovesAnotherRunsLock() throws IOException {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        SweepLock mine = acquire(holder(41, HOST, t), ALL_ALIVE, t);
        // another run took the lock over (e.g. after this one was paused past the timeout)
        Files.writeString(lockFile(), "{\"sweep_id\":\"" + ID + "\",\"pid\":43,\"host\":\"h2\",\"started\":\"" + t
                + "\",\"process_started\":null,\"token\":\"theirs\"}\n");
        Files.deleteIfExists(lockFile().resolveSibling("." + SweepLock.FILE + ".crc"));
        assertThrows(SweepLock.HeldException.class, mine::verify);
        mine.close();
        assertTrue(Files.exists(lockFile()), "the other run's lock is kept");
        assertEquals("theirs", SweepLock.read(fs, file).holder().token());
        mine.close(); // twice: nothing more happens
        assertTrue(Files.exists(lockFile()));
    }

    @Test
    void aReleasedLockCanBeTakenAgainAndCloseIsIdempotent() throws IOException {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        SweepLock first = acquire(holder(41, HOST, t), ALL_ALIVE, t);
        first.close();
        first.close();
        try (SweepLock second = acquire(holder(42, HOST, t), ALL_ALIVE, t)) {
            assertEquals(42, SweepLock.read(fs, file).holder().pid());
            first.close();
            assertTrue(Files.exists(lockFile()), "a closed lock's second close leaves the new holder's lock");
        }
    }

    @Test
    void ofManyRunsStartingAtOnceExactlyOneTakesTheLock() throws Exception {
        int runs = 8;
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SweepLock>> tries = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                SweepLock.Holder me = holder(100 + i, HOST, Instant.EPOCH);
                Callable<SweepLock> take = () -> {
                    go.await();
                    try {
                        return acquire(me, ALL_ALIVE, Instant.EPOCH);
                    } catch (SweepLock.HeldException e) {
                        return null;
                    }
                };
                tries.add(pool.submit(take));
            }
            go.countDown();
            List<SweepLock> won = new ArrayList<>();
            for (Future<SweepLock> f : tries) {
                if (f.get() != null) {
                    won.add(f.get());
                }
            }
            assertEquals(1, won.size());
            assertEquals(won.get(0).holder(), SweepLock.read(fs, file).holder());
            won.get(0).close();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void thePublicAcquireUsesTheRealProcessAndHost() throws IOException {
        try (SweepLock lock = SweepLock.acquire(new Configuration(), tmp.toString(), ID)) {
            SweepLock.Holder h = SweepLock.read(fs, file).holder();
            assertEquals(ProcessHandle.current().pid(), h.pid());
            assertEquals(lock.holder(), h);
            assertNotEquals("", h.host());
            assertTrue(Duration.between(Instant.parse(h.started()), Instant.now()).abs()
                    .compareTo(Duration.of(1, ChronoUnit.MINUTES)) < 0);
            SweepLock.HeldException e = assertThrows(SweepLock.HeldException.class,
                    () -> SweepLock.acquire(new Configuration(), tmp.toString(), ID));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid() + " on host " + h.host()),
                    e.getMessage());
        }
        assertFalse(Files.exists(lockFile()));
    }
}
