package org.tmssweep.spark.claims;

import java.util.List;

/**
 * A claim evaluated on one results directory.
 *
 * @param claim    the claim
 * @param verdict  PASS, FAIL or NOT_RUN
 * @param measured what was measured, in words (for NOT_RUN: which presets are missing)
 * @param sweepIds the sweep_ids the measurement read, in the order of {@link Claim#presets()}
 */
public record ClaimResult(Claim claim, Verdict verdict, String measured, List<String> sweepIds) {
    public ClaimResult {
        sweepIds = List.copyOf(sweepIds);
    }
}
