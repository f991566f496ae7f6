package org.tmssweep.core.model;

/**
 * The fixed-order float sum shared by the kernels' reductions (bias gradients, the last step of
 * {@link JavaToyModel}'s batch reductions): part of what makes their results bit-reproducible, so every
 * caller must keep using this one order.
 */
final class FloatSums {
    private FloatSums() {
    }

    /**
     * Sum of {@code a[0..len)} with eight interleaved partial sums: g_r adds a[r], a[r + 8], ... in order
     * (the entries past the last full group of eight go to g_0), then
     * {@code ((g0 + g1) + (g2 + g3)) + ((g4 + g5) + (g6 + g7))}. Eight independent additions per group, so
     * they overlap instead of waiting on one another.
     */
    static float interleaved8(float[] a, int len) {
        float g0 = 0;
        float g1 = 0;
        float g2 = 0;
        float g3 = 0;
        float g4 = 0;
        float g5 = 0;
        float g6 = 0;
        float g7 = 0;
        int s = 0;
        for (; s + 7 < len; s += 8) {
            g0 += a[s];
            g1 += a[s + 1];
            g2 += a[s + 2];
            g3 += a[s + 3];
            g4 += a[s + 4];
            g5 += a[s + 5];
            g6 += a[s + 6];
            g7 += a[s + 7];
        }
        for (; s < len; s++) {
            g0 += a[s];
        }
        return ((g0 + g1) + (g2 + g3)) + ((g4 + g5) + (g6 + g7));
    }
}
