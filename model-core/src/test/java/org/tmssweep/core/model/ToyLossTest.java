package org.tmssweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The loss's normalisation, output-gradient coefficient and flushing rule shared by the packed models. */
class ToyLossTest {
    @Test
    void flushesOnlyBelowTwoToTheMinus100() {
        assertEquals(0f, ToyLoss.flushTiny(-0x1.0p-101f));
        assertEquals(0f, ToyLoss.flushTiny(Float.MIN_VALUE));
        assertEquals(-0x1.0p-100f, ToyLoss.flushTiny(-0x1.0p-100f));
        assertEquals(-1.9e-6f, ToyLoss.flushTiny(-1.9e-6f));
        assertEquals(Float.NaN, ToyLoss.flushTiny(Float.NaN));
    }

    @Test
    void coefficientIsMinusTwoImportanceOverBatchTimesFeatures() {
        double norm = ToyLoss.norm(1024, 20);
        assertEquals(1.0 / 20480, norm);
        assertEquals((float) (-2 * 0.9f / 20480.0), ToyLoss.outputGradientCoefficient(0.9f, norm));
        assertEquals(0f, ToyLoss.outputGradientCoefficient(1e-30f, norm), "2e-30/20480 is below 2^-100");
    }

    @Test
    void liveRowsEndAfterTheLastUnflushedRow() {
        double norm = ToyLoss.norm(10, 4);
        float[] importance = {1f, 1f, 1e-35f, 1e-35f, /* instance 1 */ 1e-35f, 1f, 1e-35f, 1f};
        assertEquals(2, ToyLoss.liveRows(importance, 0, 4, norm));
        assertEquals(4, ToyLoss.liveRows(importance, 4, 4, norm));
        assertEquals(0, ToyLoss.liveRows(new float[] {1e-35f, 1e-35f}, 0, 2, norm));
    }
}
