package org.tmssweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.config.AnticorrelationRule;
import org.tmssweep.core.config.FeatureSets;
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

    /** fillColumns records what the recording fill records, from the same random stream, and writes no batch. */
    @Test
    void columnsOnlyFillRecordsTheSameEntries() {
        double[] prob = {0.01, 0.05, 0.5, 0.099, 1.0, 0.002};
        int rows = 300;
        List<DataSampler> samplers = List.of(new SparseSampler(prob), new SparseSampler(prob, true),
                new FeatureSetSampler(new double[] {0.05, 0.05, 0.05, 0.05, 0.2, 0.2},
                        FeatureSets.of(List.of(List.of(0, 1)), List.of(List.of(2, 3)), AnticorrelationRule.PAPER)));
        for (DataSampler sampler : samplers) {
            Rng recRng = new Rng(5);
            Rng colRng = new Rng(5);
            float[] rec = new float[prob.length * rows];
            SparseColumns recCols = new SparseColumns(prob.length, rows);
            SparseColumns colCols = new SparseColumns(prob.length, rows);
            for (int batch = 0; batch < 10; batch++) {
                sampler.fillFeatureMajor(recRng, rec, 0, rows, recCols);
                sampler.fillColumns(colRng, rows, colCols);
                for (int f = 0; f <= prob.length; f++) {
                    assertEquals(recCols.start(f), colCols.start(f), "start " + f);
                }
                for (int j = 0; j < recCols.nonZeros(); j++) {
                    assertEquals(recCols.index()[j], colCols.index()[j], "index " + j);
                    assertEquals(recCols.values()[j], colCols.values()[j], "value " + j);
                }
            }
            assertEquals(recRng.nextLong(), colRng.nextLong(), "same random stream");
        }
    }

    @Test
    void rejectsAPatternOfAnotherShape() {
        SparseSampler sampler = new SparseSampler(new double[] {0.01, 0.01});
        assertThrows(IllegalArgumentException.class,
                () -> sampler.fillFeatureMajor(new Rng(1), new float[40], 0, 20, new SparseColumns(2, 10)));
    }
}
