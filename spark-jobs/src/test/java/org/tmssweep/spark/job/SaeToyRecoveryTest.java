package org.tmssweep.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.spec.SpecParser;
import org.tmssweep.spark.tables.Tables;

/**
 * ARENA's "SAEs in toy models" through the task code of an SAE sweep ({@link TrainSaeUnit}, in this JVM): the toy
 * model of a 5 -> 2 point (p = 0.025, importance 1) is trained (it represents all five features), and 5-latent
 * SAEs over its hidden vectors find its directions. Reduced from ARENA's 10,000 SAE steps to 6,000, resampling
 * every 1,500. At this length not every seed gets there: measured MMCS 0.918, 0.833 and 1.000 for SAE seeds
 * 0-2 (a dead or shared latent leaves a direction to its neighbour), as ARENA's full recipe leaves one seed of
 * five at 0.918 (sae-toy-5-2.yaml). Training is deterministic: these are fixed outcomes of fixed seeds.
 */
class SaeToyRecoveryTest {
    /** "Recovers the directions": MMCS above this. */
    private static final double RECOVERED = 0.9;
    /** Every direction has its own latent (a cosine of 0.99 is an angle below 8 degrees). */
    private static final double ALL_FIVE = 0.99;
    /** No seed is far off: at worst one direction is shared by two latents' neighbours. */
    private static final double FLOOR = 0.8;

    @Test
    void arenasToySaeRecoversTheToyModelsDirections() throws Exception {
        SweepPlan plan = SweepPlan.of(SpecParser.parse("""
                name: sae-recovery
                n_features: 5
                n_hidden: 2
                sparsity: 0.975
                sae:
                  source: toy
                  latents: 5
                  l1: 0.2
                  resample: arena
                  resample_every: 1500
                  resample_window: 300
                  steps: 6000
                  eval_samples: 4096
                  seeds: 3
                """));
        TrainSaeUnit.UnitRows rows = new TrainSaeUnit(plan.spec().sweepId(), plan.spec().specHash(), "test", 1, null,
                "unused").train(plan.sae().units().get(0));
        assertEquals(1, rows.models().size());
        assertEquals(5, (int) get(Tables.MODELS_SCHEMA, rows.models().get(0), "represented_features"));
        List<Row> saes = rows.saeModels();
        assertEquals(3, saes.size());
        int recovered = 0;
        double best = 0;
        for (Row r : saes) {
            double mmcs = get(Tables.SAE_MODELS_SCHEMA, r, "mmcs");
            assertTrue(mmcs > FLOOR, "seed " + get(Tables.SAE_MODELS_SCHEMA, r, "seed") + ": MMCS " + mmcs);
            recovered += mmcs > RECOVERED ? 1 : 0;
            best = Math.max(best, mmcs);
        }
        assertTrue(recovered >= 2, "seeds with MMCS > " + RECOVERED + ": " + recovered);
        assertTrue(best > ALL_FIVE, "best MMCS " + best);
    }

    @SuppressWarnings("unchecked")
    private static <T> T get(org.apache.spark.sql.types.StructType schema, Row r, String column) {
        return (T) r.get(schema.fieldIndex(column));
    }
}
