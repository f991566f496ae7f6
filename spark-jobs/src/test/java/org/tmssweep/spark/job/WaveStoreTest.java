package org.tmssweep.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress markers: the JSON written, markers of earlier versions read, and {@code tms status} on them. */
class WaveStoreTest {
    static final String ID = "tiny-0123456789ab";

    @TempDir
    Path tmp;

    WaveStore store() throws IOException {
        return WaveStore.of(new Configuration(), tmp.toString(), ID);
    }

    Path progress() {
        return tmp.resolve("_progress").resolve("sweep_id=" + ID);
    }

    /** A wave marker as earlier versions wrote it (string concatenation). */
    static String earlierWave(WaveStore.WaveRecord r) {
        return "{\"wave\":" + r.wave() + ",\"models\":" + r.models() + ",\"failed\":" + r.failed() + ",\"retried\":"
                + r.retried() + ",\"diverged\":" + r.diverged() + ",\"seconds\":" + r.seconds() + ",\"committed\":\""
                + r.committed() + "\"}";
    }

    @Test
    void markersAreWrittenByteForByteAsEarlierVersionsWroteThem() throws IOException {
        WaveStore store = store();
        WaveStore.PlanRecord plan = new WaveStore.PlanRecord(ID, 12, 6, 2, 4, "2026-12-07T07:00:00.123456Z");
        store.writePlanIfAbsent(plan);
        assertEquals("{\"sweep_id\":\"" + ID + "\",\"models\":12,\"points\":6,\"waves\":2,\"packs\":4,"
                + "\"started\":\"2026-12-07T07:00:00.123456Z\"}\n", Files.readString(progress().resolve("plan.json")));
        Random random = new Random(7);
        double[] seconds = {0.0, 2.5, 1e-4, 12345678.9, 3.0E10, Double.MIN_NORMAL, random.nextDouble() * 100};
        for (int k = 0; k < seconds.length; k++) {
            WaveStore.WaveRecord r = new WaveStore.WaveRecord(k, 4 + k, k % 2, k % 3, k, seconds[k],
                    Instant.ofEpochSecond(1_800_000_000L + k).toString());
            store.commit(r, false);
            assertEquals(earlierWave(r) + "\n", Files.readString(progress().resolve("wave-" + k + ".json")));
        }
        assertEquals(seconds.length, store.committed().size());
        assertEquals(plan, store.plan());
    }

    @Test
    void markersOfEarlierVersionsReadAndGiveTheStatus() throws IOException {
        Files.createDirectories(progress());
        Files.writeString(progress().resolve("plan.json"), "{\"sweep_id\":\"" + ID + "\",\"models\":12,\"points\":6,"
                + "\"waves\":3,\"packs\":4,\"started\":\"2026-12-07T07:00:00Z\"}\n");
        List<WaveStore.WaveRecord> waves = List.of(
                new WaveStore.WaveRecord(0, 4, 0, 0, 1, 1.5, "2026-12-07T07:00:02Z"),
                new WaveStore.WaveRecord(1, 2, 2, 0, 0, 2.5, "2026-12-07T07:00:05Z"));
        for (WaveStore.WaveRecord r : waves) {
            Files.writeString(progress().resolve("wave-" + r.wave() + ".json"), earlierWave(r) + "\n");
        }
        Files.writeString(progress().resolve(".wave-2.json.tmp"), "{\"wave\":2"); // a write cut short: not a marker
        WaveStore store = store();
        TreeMap<Integer, WaveStore.WaveRecord> committed = store.committed();
        assertEquals(waves, List.copyOf(committed.values()));
        assertEquals(new WaveStore.PlanRecord(ID, 12, 6, 3, 4, "2026-12-07T07:00:00Z"), store.plan());

        SweepStatus status = SweepStatus.of(store, ID, Instant.parse("2026-12-07T07:01:00Z"));
        assertEquals("stopped", status.state());
        assertEquals(6, status.modelsDone());
        assertEquals(2, status.failed());
        assertEquals(4, status.remaining());
        assertEquals(2, status.wavesCommitted());
        assertEquals(Duration.ofSeconds(60), status.elapsed());
        assertEquals(8 / 4.0, status.rate());
    }

    @Test
    void aMarkerWithAMissingFieldIsAnErrorAndAnExtraFieldIsIgnored() throws IOException {
        Files.createDirectories(progress());
        Files.writeString(progress().resolve("wave-0.json"), "{\"wave\":0,\"models\":4,\"failed\":0,\"retried\":0,"
                + "\"diverged\":0,\"seconds\":1.0,\"committed\":\"2026-12-07T07:00:02Z\",\"host\":\"h\"}\n");
        assertEquals(4, store().committed().get(0).models());
        Files.writeString(progress().resolve("wave-1.json"), "{\"wave\":1,\"models\":4}\n");
        IOException e = assertThrows(IOException.class, () -> store().committed());
        assertTrue(e.getMessage().contains("wave-1.json: not a WaveRecord marker"), e.getMessage());
        assertNull(WaveStore.of(new Configuration(), tmp.resolve("elsewhere").toString(), ID).plan());
    }
}
