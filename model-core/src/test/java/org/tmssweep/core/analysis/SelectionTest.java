package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tmssweep.core.Tolerances.F64;

import org.junit.jupiter.api.Test;

/**
 * Restart reduction rules of docs/paper.md §2 / g.13: best of k (lowest final loss) and the phase
 * diagrams' "10 models per point, discard the highest loss, average". Numbers are hand-computed.
 */
class SelectionTest {
    private static final double NAN = Double.NaN;

    @Test
    void bestOfKIsTheLowestFiniteLoss() {
        assertEquals(2, Selection.bestIndex(new double[] {0.3, 0.2, 0.1, 0.4}));
        assertEquals(1, Selection.bestIndex(new double[] {NAN, 0.5, 0.5})); // diverged never wins; ties keep the lower index
        assertEquals(-1, Selection.bestIndex(new double[] {NAN, NAN}));
        assertEquals(-1, Selection.bestIndex(new double[0]));
    }

    @Test
    void rankingPutsDivergedLast() {
        assertArrayEquals(new int[] {2, 0, 3, 1}, Selection.ranking(new double[] {0.2, NAN, 0.1, 0.2}));
    }

    @Test
    void paperRuleDropsTheHighestLossThenAverages() {
        // ten restarts, the worst (loss 9) has an outlying value 100: mean of the other nine values 1..9 = 5
        double[] losses = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0.5};
        double[] values = {1, 2, 3, 4, 5, 6, 7, 8, 100, 9};
        assertEquals(5.0, Selection.dropWorstMean(losses, values, 1), F64);
        assertEquals(14.5, Selection.dropWorstMean(losses, values, 0), F64); // (45 - 9 + 100 + 9) / 10
        assertEquals(9.0, Selection.dropWorstMean(losses, values, 9), F64); // only the best (loss 0.5) is left
        assertEquals(NAN, Selection.dropWorstMean(losses, values, 10));
    }

    @Test
    void divergedRestartsAreDroppedFirstAndNeverAveraged() {
        double[] losses = {0.1, NAN, 0.3, NAN};
        double[] values = {1, 50, 3, 70};
        assertEquals(2.0, Selection.dropWorstMean(losses, values, 1), F64); // NaN #3 dropped, NaN #1 excluded
        assertEquals(1.0, Selection.dropWorstMean(losses, values, 3), F64);
    }

    @Test
    void voteAndFractionAfterDroppingTheWorst() {
        double[] losses = {0.1, 0.2, 0.3, 0.4, 0.9};
        String[] labels = {"superposition", "not_learned", "superposition", "not_learned", "not_learned"};
        // after dropping loss 0.9: 2 vs 2, the tie goes to the label of the lowest-loss restart
        assertEquals("superposition", Selection.dropWorstVote(losses, labels, 1));
        assertEquals("not_learned", Selection.dropWorstVote(losses, labels, 0)); // 3 vs 2
        assertEquals(0.5, Selection.dropWorstFraction(losses, labels, 1, "superposition"), F64);
        assertEquals(0.4, Selection.dropWorstFraction(losses, labels, 0, "superposition"), F64);
        assertNull(Selection.dropWorstVote(losses, labels, 5));
    }

    @Test
    void rejectsMismatchedInputs() {
        assertThrows(IllegalArgumentException.class, () -> Selection.dropWorstMean(new double[2], new double[3], 1));
        assertThrows(IllegalArgumentException.class, () -> Selection.dropWorstMean(new double[2], new double[2], -1));
    }
}
