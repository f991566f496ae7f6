package org.tmssweep.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tmssweep.spark.grid.GridPoint;
import org.tmssweep.spark.grid.Pack;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.grid.Wave;
import org.tmssweep.spark.spec.SpecParser;

/** Where a run starts from the markers, what it trains and its running totals (no Spark). */
class ResumeStateTest {
    static final String SPEC = """
            name: resume
            model: relu_output
            n_features: 5
            n_hidden: 2
            sparsity: [0.0, 0.5, 0.9]
            seeds: 2
            pack: 2
            wave: 4
            train: {steps: 10, lr: [0.001, 0.01]}
            """;

    static WaveStore.WaveRecord marker(int wave, long models, long failed, long retried) {
        return new WaveStore.WaveRecord(wave, models, failed, retried, 0, 1.0, "2026-12-07T07:00:00Z");
    }

    @Test
    void aFreshRunTrainsEveryWaveAndStagesTheSweepsRowWithTheLast() throws Exception {
        SweepPlan plan = SweepPlan.of(SpecParser.parse(SPEC));
        assertEquals(3, plan.waves().size());
        ResumeState s = ResumeState.of(plan, new TreeMap<>(), true);
        assertEquals(plan.waves(), s.toTrain());
        assertEquals(2, s.sweepRowWith());
        assertEquals(0, s.modelsDone());
        assertEquals(new RunTally(0, 0, 0, 0, 0, 0), RunTally.resuming(s));
        assertEquals(-1, ResumeState.of(plan, new TreeMap<>(), false).sweepRowWith());
    }

    @Test
    void aResumedRunTrainsOnlyTheWavesWithoutAMarker() throws Exception {
        SweepPlan plan = SweepPlan.of(SpecParser.parse(SPEC));
        TreeMap<Integer, WaveStore.WaveRecord> committed = new TreeMap<>(Map.of(0, marker(0, 3, 1, 0),
                2, marker(2, 4, 0, 0)));
        ResumeState s = ResumeState.of(plan, committed, true);
        assertEquals(List.of(plan.waves().get(1)), s.toTrain());
        assertEquals(1, s.sweepRowWith(), "the last wave this run trains, not the plan's last");
        assertEquals(8, s.modelsDone());
        assertEquals(1, s.failed());
        RunTally t = RunTally.resuming(s).plus(marker(1, 3, 1, 0));
        assertEquals(new RunTally(12, 2, 4, 0, 1, 3), t);

        committed.put(1, marker(1, 4, 0, 0));
        ResumeState done = ResumeState.of(plan, committed, true);
        assertEquals(List.of(), done.toTrain());
        assertEquals(-1, done.sweepRowWith());
    }

    @Test
    void aRetryWaveHoldsTheFailedModelsInTheirPlanPacksAndMovesThemFromFailedToDone() throws Exception {
        SweepPlan plan = SweepPlan.of(SpecParser.parse(SPEC));
        GridPoint a = plan.points().get(1);
        GridPoint b = plan.points().get(4);
        Wave retry = ResumeState.retryWave(plan, Map.of(a.pointId() + "/" + a.seedIndex(), 1,
                b.pointId() + "/" + b.seedIndex(), 2), 3);
        assertEquals(3, retry.index());
        List<Pack> expected = plan.packs().stream().filter(p -> p.points().contains(a) || p.points().contains(b))
                .map(p -> new Pack(p.index(), p.points().contains(a) ? List.of(a) : List.of(b))).toList();
        assertEquals(2, expected.size(), "a and b are in two packs");
        assertEquals(expected, retry.packs());

        TreeMap<Integer, WaveStore.WaveRecord> committed = new TreeMap<>(Map.of(0, marker(0, 3, 1, 0),
                1, marker(1, 4, 0, 0), 2, marker(2, 3, 1, 0)));
        RunTally before = RunTally.resuming(ResumeState.of(plan, committed, false));
        assertEquals(new RunTally(12, 2, 0, 0, 0, 3), before);
        RunTally after = before.retrying(2).plus(marker(3, 2, 0, 2));
        assertEquals(new RunTally(12, 0, 2, 0, 1, 4), after);
    }
}
