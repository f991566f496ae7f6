package org.tmssweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tmssweep.core.rng.Rng;

/** The recording fill is the plain feature-major fill plus a correct non-zero pattern. */
class SparseColumnsTest {

    @Test
    void recordingFillMatchesThePlainFillBatchAfterBatch() {
        double[] prob = {0.01, 0.05, 0.5, 0.099, 1.0, 0.002};
        int rows = 300;
        int offset = 7;
        SparseSampler sampler = new SparseSampler(prob);
        Rng plainRng = new Rng(3);
        Rng recRng = new Rng(3);
        float[] plain = new float[offset + prob.length * rows];
        float[] rec = new float[plain.length];
        SparseColumns cols = new SparseColumns(prob.length, rows);
        for (int batch = 0; batch < 20; batch++) {
            sampler.fillFeatureMajor(plainRng, plain, offset, rows);
            sampler.fillFeatureMajor(recRng, rec, offset, rows, cols);
            assertArrayEquals(plain, rec, "batch " + batch);
            SparseColumns scanned = new SparseColumns(prob.length, rows);
            scanned.scan(rec, offset);
            assertEquals(scanned.nonZeros(), cols.nonZeros());
            for (int f = 0; f <= prob.length; f++) {
                assertEquals(scanned.start(f), cols.start(f), "start " + f);
            }
            for (int f = 0; f < prob.length; f++) {
                for (int j = cols.start(f); j < cols.start(f + 1); j++) {
                    assertEquals(scanned.index()[j], cols.index()[j], "index " + j);
                    float entry = rec[offset + f * rows + cols.index()[j]];
                    assertEquals(entry, cols.values()[j], "value " + j + " (recording fill)");
                    assertEquals(entry, scanned.values()[j], "value " + j + " (scan)");
                }
            }
        }
        assertEquals(plainRng.nextLong(), recRng.nextLong(), "same random stream");
    }

    @Test
    void rejectsAPatternOfAnotherShape() {
        SparseSampler sampler = new SparseSampler(new double[] {0.01, 0.01});
        assertThrows(IllegalArgumentException.class,
                () -> sampler.fillFeatureMajor(new Rng(1), new float[40], 0, 20, new SparseColumns(2, 10)));
    }
}
