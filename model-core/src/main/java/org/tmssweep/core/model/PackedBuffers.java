package org.tmssweep.core.model;

import java.nio.FloatBuffer;

/** Copies out of the packed float buffers of the ND4J models (off the hot path: reading results). */
final class PackedBuffers {
    private PackedBuffers() {
    }

    /** The row-major n x m block at {@code off} of {@code buf}, as double rows. */
    static double[][] rows(FloatBuffer buf, int off, int n, int m) {
        double[][] r = new double[n][m];
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < m; k++) {
                r[f][k] = buf.get(off + f * m + k);
            }
        }
        return r;
    }

    /** {@code a[off .. off + len)} widened to double. */
    static double[] toDouble(float[] a, int off, int len) {
        double[] r = new double[len];
        for (int j = 0; j < len; j++) {
            r[j] = a[off + j];
        }
        return r;
    }
}
