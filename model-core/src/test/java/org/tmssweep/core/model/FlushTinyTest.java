package org.tmssweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Output-gradient coefficients that would breed subnormals are flushed; all others pass unchanged. */
class FlushTinyTest {
    @Test
    void flushesOnlyBelowTwoToTheMinus100() {
        assertEquals(0f, Nd4jToyModel.flushTiny(-0x1.0p-101f));
        assertEquals(0f, Nd4jToyModel.flushTiny(Float.MIN_VALUE));
        assertEquals(-0x1.0p-100f, Nd4jToyModel.flushTiny(-0x1.0p-100f));
        assertEquals(-1.9e-6f, Nd4jToyModel.flushTiny(-1.9e-6f));
        assertEquals(Float.NaN, Nd4jToyModel.flushTiny(Float.NaN));
    }
}
