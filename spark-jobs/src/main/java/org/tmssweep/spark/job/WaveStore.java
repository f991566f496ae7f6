package org.tmssweep.spark.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tmssweep.spark.tables.Tables;

/**
 * Where a sweep's waves live on the filesystem, and the commit protocol that makes a wave visible
 * at once and exactly once.
 *
 * <pre>
 * OUT/_staging/sweep_id=ID/wave=K/_attempts/task-T/&lt;table&gt;/          each training task attempt writes here
 *                                                                     (waves of few tasks, {@link TrainAndWrite})
 * OUT/_staging/sweep_id=ID/wave=K/&lt;table&gt;/                       the driver moves the files of the attempts
 *                                                                     it got results from here, or Spark SQL
 *                                                                     writes the wave here (waves of many
 *                                                                     tasks); see {@link WaveJob}
 * OUT/_staging/sweep_id=ID/sweeps/                                    the sweeps row, staged with the
 *                                                                     last wave a run trains
 * OUT/&lt;table&gt;/sweep_id=ID/wave=K/                                ... then each is renamed here (models last)
 * OUT/_progress/sweep_id=ID/wave-K.json                               ... then the marker is written
 * OUT/sweeps/sweep_id=ID/                                             ... then the sweeps row, if staged
 * OUT/_progress/sweep_id=ID/plan.json                                 totals, for tms status
 * OUT/_progress/sweep_id=ID/lock.json                                 held by the run writing the sweep
 *                                                                     ({@link SweepLock})
 * </pre>
 * where &lt;table&gt; is each of {@link Tables#WAVE_TABLES} the wave wrote (models, features, and failures,
 * curves, datapoints when there are such rows).
 *
 * A wave is committed iff its marker exists. Each table's wave directory appears by one directory
 * rename (atomic on HDFS and local filesystems), models last; the marker is written to a temporary
 * name and renamed. A driver killed at any point leaves at most an uncommitted wave: staging
 * files, or table directories without a marker, which {@link #cleanUncommitted} deletes before the
 * next run trains that wave again (that run holds the sweep's lock, so no live run's wave is deleted).
 * A wave directory is never written into twice, so no table holds
 * two rows for one (point_id, seed). Spark and Parquet readers skip names starting with '_'.
 *
 * <p>The markers are one-line JSON objects, e.g.
 * {@code {"wave":0,"models":4,"failed":0,"retried":0,"diverged":0,"seconds":2.5,"committed":"2026-01-01T00:00:00Z"}}
 * and {@code {"sweep_id":"tiny-…","models":4,"points":2,"waves":1,"packs":2,"started":"…"}}, written and read
 * with Jackson ({@link WaveRecord}, {@link PlanRecord}); unknown fields are ignored, a missing one is an error.
 */
public final class WaveStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES, true);
    private final FileSystem fs;
    private final Path out;
    private final String sweepId;

    public WaveStore(FileSystem fs, String out, String sweepId) {
        this.fs = fs;
        this.out = new Path(out);
        this.sweepId = sweepId;
    }

    public static WaveStore of(Configuration conf, String out, String sweepId) throws IOException {
        return new WaveStore(new Path(out).getFileSystem(conf), out, sweepId);
    }

    /**
     * A committed wave's marker.
     *
     * @param wave      wave number (retry waves are numbered after the plan's waves)
     * @param models    models rows written
     * @param failed    failures rows written (models that threw)
     * @param retried   earlier failures this wave retried (0 for a plan wave)
     * @param diverged  models rows with status diverged
     * @param seconds   wall time from start of training to commit
     * @param committed ISO-8601 time of the commit
     */
    @JsonPropertyOrder({"wave", "models", "failed", "retried", "diverged", "seconds", "committed"})
    public record WaveRecord(int wave, long models, long failed, long retried, long diverged, double seconds,
                             String committed) {
    }

    /**
     * The totals a sweep was started with (written before its first wave).
     *
     * @param models    models in the plan
     * @param points    grid points
     * @param waves     waves in the plan
     * @param packs     tasks in the plan
     * @param started   ISO-8601 time the sweep was first started
     */
    @JsonPropertyOrder({"sweep_id", "models", "points", "waves", "packs", "started"})
    public record PlanRecord(@JsonProperty("sweep_id") String sweepId, long models, long points, int waves, int packs,
                             String started) {
    }

    Path staging(int wave) {
        return new Path(new Path(new Path(out, "_staging"), Tables.PARTITION + "=" + sweepId), Tables.WAVE + "=" + wave);
    }

    Path staged(int wave, String table) {
        return new Path(staging(wave), table);
    }

    Path tableWave(String table, int wave) {
        return new Path(new Path(new Path(out, table), Tables.PARTITION + "=" + sweepId), Tables.WAVE + "=" + wave);
    }

    Path progressDir() {
        return new Path(new Path(out, "_progress"), Tables.PARTITION + "=" + sweepId);
    }

    private Path marker(int wave) {
        return new Path(progressDir(), "wave-" + wave + ".json");
    }

    /** The committed waves, by number. */
    public TreeMap<Integer, WaveRecord> committed() throws IOException {
        TreeMap<Integer, WaveRecord> waves = new TreeMap<>();
        if (!fs.exists(progressDir())) {
            return waves;
        }
        for (FileStatus st : fs.listStatus(progressDir())) {
            String name = st.getPath().getName();
            if (name.matches("wave-\\d+\\.json")) {
                WaveRecord r = read(st.getPath(), WaveRecord.class);
                waves.put(r.wave(), r);
            }
        }
        return waves;
    }

    /** The plan record, or null when this sweep was never started here. */
    public PlanRecord plan() throws IOException {
        Path p = new Path(progressDir(), "plan.json");
        return fs.exists(p) ? read(p, PlanRecord.class) : null;
    }

    /** Writes the plan record unless one exists (a resumed run keeps the first start time). */
    void writePlanIfAbsent(PlanRecord plan) throws IOException {
        Path p = new Path(progressDir(), "plan.json");
        if (!fs.exists(p)) {
            writeAtomically(p, JSON.writeValueAsString(plan));
        }
    }

    /**
     * Deletes what a killed run left of uncommitted waves: the staging area and any table wave
     * directory without a marker. Returns the number of directories removed.
     */
    int cleanUncommitted(Set<Integer> committed) throws IOException {
        int removed = 0;
        Path stagingRoot = staging(0).getParent();
        if (fs.exists(stagingRoot)) {
            fs.delete(stagingRoot, true);
            removed++;
        }
        for (String table : Tables.WAVE_TABLES) {
            Path partition = tableWave(table, 0).getParent();
            if (!fs.exists(partition)) {
                continue;
            }
            for (FileStatus st : fs.listStatus(partition)) {
                String name = st.getPath().getName();
                if (name.startsWith(Tables.WAVE + "=")) {
                    int wave = Integer.parseInt(name.substring(Tables.WAVE.length() + 1));
                    if (!committed.contains(wave)) {
                        fs.delete(st.getPath(), true);
                        removed++;
                    }
                }
            }
        }
        return removed;
    }

    /** Where the training tasks of a wave write their files, one directory per task attempt ({@link TrainAndWrite}). */
    Path attempts(int wave) {
        return new Path(staging(wave), "_attempts");
    }

    /**
     * Moves the files the tasks reported (one attempt per task: the one whose result the driver received)
     * into the wave's staged tables, then deletes every attempt directory, including those of failed or
     * speculative attempts.
     */
    void adopt(int wave, List<TrainAndWrite.TaskFiles> tasks) throws IOException {
        for (TrainAndWrite.TaskFiles t : tasks) {
            for (int i = 0; i < t.files().size(); i++) {
                Path src = new Path(t.files().get(i));
                Path dir = staged(wave, t.tables().get(i));
                fs.mkdirs(dir);
                Path dst = new Path(dir, src.getName());
                if (fs.exists(dst) || !fs.rename(src, dst)) {
                    throw new IOException("could not move " + src + " to " + dst);
                }
            }
        }
        fs.delete(attempts(wave), true);
    }

    /**
     * Clears a wave's staging area before its tasks or Spark write it, and the staged sweeps row when
     * {@code withSweepRow} (the wave stages it anew).
     */
    void resetStaging(int wave, boolean withSweepRow) throws IOException {
        fs.delete(staging(wave), true);
        if (withSweepRow) {
            fs.delete(stagedSweepRow(), true);
        }
    }

    /**
     * Commits a wave: renames its staged tables into place (models last), then writes its marker; with
     * {@code completesSweep}, then renames the staged sweeps row into place (the sweep is complete).
     */
    void commit(WaveRecord record, boolean completesSweep) throws IOException {
        int wave = record.wave();
        for (String table : Tables.WAVE_TABLES) {
            Path src = staged(wave, table);
            if (!fs.exists(src)) {
                continue;
            }
            Path dst = tableWave(table, wave);
            if (fs.exists(dst)) {
                throw new IOException(dst + " already exists: wave " + wave + " of " + sweepId
                        + " was committed twice (two runs on one --out at once?)");
            }
            fs.mkdirs(dst.getParent());
            if (!fs.rename(src, dst)) {
                throw new IOException("could not rename " + src + " to " + dst);
            }
        }
        writeAtomically(marker(wave), JSON.writeValueAsString(record));
        fs.delete(staging(wave), true);
        if (completesSweep) {
            commitSweepRow();
        }
    }

    /**
     * Removes this sweep's (now empty) staging area, and OUT/_staging itself when no other sweep
     * is using it.
     */
    void removeStaging() throws IOException {
        Path mine = staging(0).getParent();
        fs.delete(mine, true);
        Path root = mine.getParent();
        try {
            if (fs.exists(root) && fs.listStatus(root).length == 0) {
                fs.delete(root, false); // not recursive: a sweep starting now keeps its directory
            }
        } catch (IOException notEmptyAnyMore) {
            // another sweep created its staging area in between: leave it
        }
    }

    private void writeAtomically(Path file, String text) throws IOException {
        fs.mkdirs(file.getParent());
        Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp");
        try (FSDataOutputStream os = fs.create(tmp, true)) {
            os.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        }
        fs.delete(file, false);
        if (!fs.rename(tmp, file)) {
            throw new IOException("could not rename " + tmp + " to " + file);
        }
    }

    private <T> T read(Path p, Class<T> type) throws IOException {
        try (InputStream in = fs.open(p)) {
            return JSON.readValue(in, type);
        } catch (JacksonException e) {
            throw new IOException(p + ": not a " + type.getSimpleName() + " marker: " + e.getOriginalMessage(), e);
        }
    }

    /** Sweep ids with progress records under {@code out}. */
    public static List<String> sweepIds(Configuration conf, String out) throws IOException {
        Path dir = new Path(out, "_progress");
        FileSystem fs = dir.getFileSystem(conf);
        List<String> ids = new ArrayList<>();
        if (fs.exists(dir)) {
            for (FileStatus st : fs.listStatus(dir)) {
                String name = st.getPath().getName();
                if (st.isDirectory() && name.startsWith(Tables.PARTITION + "=")) {
                    ids.add(name.substring(Tables.PARTITION.length() + 1));
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    /** True while a wave of this sweep is being staged (a run in flight, or one killed mid-wave). */
    public boolean hasStaging() throws IOException {
        return fs.exists(staging(0).getParent());
    }

    /** True when the sweeps table has a partition for this sweep (the sweep completed). */
    public boolean hasSweepRow() throws IOException {
        return fs.exists(sweepRow());
    }

    private Path sweepRow() {
        return new Path(new Path(out, Tables.SWEEPS), Tables.PARTITION + "=" + sweepId);
    }

    /**
     * Where the sweeps row is staged alongside the last wave's tables:
     * OUT/_staging/sweep_id=ID/sweeps/ (removed with the rest of the staging area if a run dies first).
     */
    Path stagedSweepRow() {
        return new Path(staging(0).getParent(), Tables.SWEEPS);
    }

    /**
     * Renames the staged sweeps row into OUT/sweeps/sweep_id=ID: from this rename on the sweep is
     * complete. Called only after the last wave's marker is written.
     */
    private void commitSweepRow() throws IOException {
        Path src = stagedSweepRow();
        Path dst = sweepRow();
        if (fs.exists(dst)) {
            throw new IOException(dst + " already exists: " + sweepId + " was completed twice (two runs on one --out at once?)");
        }
        fs.mkdirs(dst.getParent());
        if (!fs.rename(src, dst)) {
            throw new IOException("could not rename " + src + " to " + dst);
        }
    }
}
