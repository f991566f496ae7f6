package org.tmssweep.spark.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tmssweep.spark.grid.GridPoint;
import org.tmssweep.spark.grid.Pack;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.grid.Wave;

/**
 * Where a run of a sweep starts: what earlier runs committed and what this run trains. A pure
 * function of the plan and the wave markers ({@link WaveStore}), so a resumed run trains exactly the
 * plan waves without a marker.
 *
 * @param committed    the markers of committed waves, by wave number
 * @param toTrain      the plan's waves without a marker, in plan order
 * @param sweepRowWith the wave whose staging also stages the {@code sweeps} row (the last of
 *                     {@code toTrain} when this run completes the sweep by training plan waves), or -1
 *                     when the row is written after the waves (nothing to train, or a retry of failed
 *                     models)
 */
record ResumeState(SortedMap<Integer, WaveStore.WaveRecord> committed, List<Wave> toTrain, int sweepRowWith) {

    ResumeState {
        committed = Collections.unmodifiableSortedMap(new TreeMap<>(committed));
        toTrain = List.copyOf(toTrain);
    }

    /**
     * @param stagesSweepRow whether the sweeps row may be staged with the last wave (false with
     *                       {@code --retry-failed}, whose retry wave comes after the plan's, or when the
     *                       sweeps row exists)
     */
    static ResumeState of(SweepPlan plan, SortedMap<Integer, WaveStore.WaveRecord> committed, boolean stagesSweepRow) {
        List<Wave> toTrain = new ArrayList<>();
        for (Wave wave : plan.waves()) {
            if (!committed.containsKey(wave.index())) {
                toTrain.add(wave);
            }
        }
        int with = stagesSweepRow && !toTrain.isEmpty() ? toTrain.get(toTrain.size() - 1).index() : -1;
        return new ResumeState(committed, toTrain, with);
    }

    /** Models done by earlier runs: trained, or failed and not retried since. */
    long modelsDone() {
        return committed.values().stream().mapToLong(r -> r.models() + r.failed() - r.retried()).sum();
    }

    /** Models whose last attempt failed, as of the committed markers. */
    long failed() {
        return committed.values().stream().mapToLong(r -> r.failed() - r.retried()).sum();
    }

    /**
     * The wave that retries the {@code failed} models ("pointId/seed" to their last attempt), numbered
     * {@code index}: their plan packs, each cut down to its failed models, in plan order.
     */
    static Wave retryWave(SweepPlan plan, Map<String, Integer> failed, int index) {
        List<Pack> packs = new ArrayList<>();
        for (Pack p : plan.packs()) {
            List<GridPoint> pts = p.points().stream()
                    .filter(g -> failed.containsKey(g.pointId() + "/" + g.seedIndex())).toList();
            if (!pts.isEmpty()) {
                packs.add(new Pack(p.index(), pts));
            }
        }
        return new Wave(index, packs);
    }
}
