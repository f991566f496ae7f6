package org.tmssweep.spark.job;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.tmssweep.spark.tables.SweepCompletion;

/**
 * Where a sweep stands, from its progress files alone ({@code OUT/_progress/sweep_id=ID/plan.json}
 * and the wave markers, see {@link WaveStore}) and whether its {@code sweeps} partition exists. It
 * reads no Parquet and starts no Spark, so it is cheap and safe while another process trains the
 * sweep: markers are written by rename, so a reader sees a wave either committed or not.
 *
 * @param modelsDone      models rows committed
 * @param failed          models whose last attempt threw (failures rows not retried since)
 * @param remaining       plan models neither done nor failed
 * @param wavesCommitted  plan waves committed (retry waves not counted)
 * @param waves           plan waves
 * @param started         first start of the sweep in this directory (null when unknown)
 * @param lastCommit      time of the newest wave commit (null when none)
 * @param elapsed         complete: first start to last commit; otherwise: first start to now
 * @param rate            models per second of wave time (sum of committed waves' seconds); 0 when none
 * @param eta             remaining / rate (null when complete or no wave committed yet)
 * @param state           complete[_with_failures] ({@link SweepCompletion}); "in progress" while a staging area exists (a run is
 *                        training a wave, or one was killed mid-wave and not resumed yet); "stopped"
 *                        when waves are missing and none is staged; "not started"
 */
public record SweepStatus(String sweepId, String state, long models, long modelsDone, long failed, long remaining,
                          int wavesCommitted, int waves, Instant started, Instant lastCommit, Duration elapsed,
                          double rate, Duration eta) {

    /** Every sweep with progress files under {@code out}, by sweep id. */
    public static List<SweepStatus> all(Configuration conf, String out, Instant now) throws IOException {
        List<SweepStatus> list = new ArrayList<>();
        for (String id : WaveStore.sweepIds(conf, out)) {
            list.add(of(WaveStore.of(conf, out, id), id, now));
        }
        return list;
    }

    public static SweepStatus of(WaveStore store, String sweepId, Instant now) throws IOException {
        WaveStore.PlanRecord plan = store.plan();
        TreeMap<Integer, WaveStore.WaveRecord> committed = store.committed();
        long done = 0;
        long failed = 0;
        double seconds = 0;
        long trained = 0;
        Instant last = null;
        int planWaves = plan == null ? 0 : plan.waves();
        int wavesDone = 0;
        for (WaveStore.WaveRecord r : committed.values()) {
            done += r.models();
            failed += r.failed() - r.retried();
            seconds += r.seconds();
            trained += r.models() + r.failed();
            Instant t = Instant.parse(r.committed());
            last = last == null || t.isAfter(last) ? t : last;
            if (plan == null || r.wave() < planWaves) {
                wavesDone++;
            }
        }
        long total = plan == null ? done + failed : plan.models();
        long remaining = Math.max(0, total - done - failed);
        Instant started = plan == null ? null : Instant.parse(plan.started());
        boolean complete = store.hasSweepRow();
        String state = complete ? SweepCompletion.of(failed).spelling()
                : store.hasStaging() ? "in progress"
                : committed.isEmpty() ? "not started" : "stopped";
        Duration elapsed = started == null ? null
                : Duration.between(started, complete && last != null ? last : now);
        double rate = seconds > 0 ? trained / seconds : 0;
        Duration eta = complete || rate == 0 ? null : Duration.ofMillis(Math.round(remaining / rate * 1000));
        return new SweepStatus(sweepId, state, total, done, failed, remaining, wavesDone, planWaves, started, last,
                elapsed, rate, eta);
    }
}
