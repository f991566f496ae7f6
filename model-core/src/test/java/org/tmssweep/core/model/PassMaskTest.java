package org.tmssweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The branch-free ReLU mask must agree with {@code z > 0} (torch's ReLU backward), zeros included. */
class PassMaskTest {
    private static int mask(float v) {
        return Nd4jToyModel.passMask(Float.floatToRawIntBits(v));
    }

    @Test
    void agreesWithGreaterThanZero() {
        float[] values = {1f, Float.MIN_VALUE, Float.MAX_VALUE, Float.POSITIVE_INFINITY, 0f, -0f, -Float.MIN_VALUE,
                -1f, Float.NEGATIVE_INFINITY, 3.5e-20f, -7e12f};
        for (float v : values) {
            assertEquals(v > 0 ? -1 : 0, mask(v), "value " + v);
        }
        assertEquals(-1, mask(Float.NaN), "positive NaN passes, so divergence propagates");
    }
}
