package org.tmssweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.config.AnticorrelationRule;
import org.tmssweep.core.config.DatasetConfig;
import org.tmssweep.core.config.DatasetNormalization;
import org.tmssweep.core.config.FeatureSets;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.rng.Rng;

/**
 * A finite dataset is the sampler's rule drawn once (chunk by chunk, as sampler batches), stored sparsely,
 * rescaled to unit norm with all-zero points redrawn, and a pure function of the dataset seed; its batch
 * sources hand the kernels the points in the layouts the sampler does.
 */
class FiniteDatasetTest {
    /** float32 rounding of a unit-norm point of a few entries, each rounded once after the division. */
    static final double NORM_TOL = 1e-6;

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static ModelSpec spec(ModelKind kind, int n, double p, DatasetConfig data, long seed, long datasetSeed) {
        TrainConfig cfg = TrainConfig.builder().steps(10).dataset(data).build();
        return new ModelSpec(kind, n, 2, fill(n, p), fill(n, 1), cfg, seed, FeatureSets.NONE, datasetSeed);
    }

    private static double norm(FiniteDataset d, int i) {
        double sq = 0;
        for (float v : d.values(i)) {
            sq += (double) v * v;
        }
        return Math.sqrt(sq);
    }

    /** The sampler's feature-major batches, transposed: rows[s][f]. */
    private static double[][] sampledRows(DataSampler sampler, Rng rng, int... chunkRows) {
        int n = sampler.nFeatures();
        int total = Arrays.stream(chunkRows).sum();
        double[][] x = new double[total][n];
        int at = 0;
        for (int rows : chunkRows) {
            float[] batch = new float[n * rows];
            sampler.fillFeatureMajor(rng, batch, 0, rows);
            for (int s = 0; s < rows; s++) {
                for (int f = 0; f < n; f++) {
                    x[at + s][f] = batch[f * rows + s];
                }
            }
            at += rows;
        }
        return x;
    }

    @Test
    void unnormalisedPointsAreTheSamplersBatchesChunkByChunk() {
        double[] prob = {0.01, 0.05, 0.5, 0.099, 1.0, 0.002};
        int size = FiniteDataset.DRAW_CHUNK + 300;
        for (DataSampler sampler : List.of(new SparseSampler(prob), new SparseSampler(prob, true),
                new FeatureSetSampler(new double[] {0.05, 0.05, 0.05, 0.05, 0.2, 0.2},
                        FeatureSets.of(List.of(List.of(0, 1)), List.of(List.of(2, 3)), AnticorrelationRule.PAPER)))) {
            FiniteDataset d = FiniteDataset.draw(sampler, size, DatasetNormalization.NONE, new Rng(8));
            double[][] expected = sampledRows(sampler, new Rng(8), FiniteDataset.DRAW_CHUNK, 300);
            assertEquals(size, d.size());
            int nonZeros = 0;
            for (int i = 0; i < size; i++) {
                assertArrayEquals(expected[i], d.dense(i), 0.0, "point " + i);
                int[] f = d.features(i);
                for (int j = 1; j < f.length; j++) {
                    assertTrue(f[j - 1] < f[j], "features ascending");
                }
                for (float v : d.values(i)) {
                    assertNotEquals(0f, v, "only non-zeros are stored");
                }
                nonZeros += d.nonZeros(i);
            }
            assertEquals(nonZeros, d.nonZeros());
            assertEquals(0, d.zeroDraws());
        }
    }

    /**
     * UNIT: each point of the unnormalised draw rescaled to norm 1; an all-zero point (here about half of
     * them, density 0.2 at n = 3) replaced by a later non-zero draw, counted in zeroDraws.
     */
    @Test
    void unitPointsAreTheDrawnPointsRescaledAndZeroPointsRedrawn() {
        SparseSampler sampler = new SparseSampler(fill(3, 0.2));
        int size = 400;
        FiniteDataset raw = FiniteDataset.draw(sampler, size, DatasetNormalization.NONE, new Rng(4));
        FiniteDataset unit = FiniteDataset.draw(sampler, size, DatasetNormalization.UNIT, new Rng(4));
        int zeros = 0;
        for (int i = 0; i < size; i++) {
            assertEquals(1.0, norm(unit, i), NORM_TOL, "unit norm, point " + i);
            if (raw.nonZeros(i) == 0) {
                zeros++;
            } else {
                assertArrayEquals(raw.features(i), unit.features(i), "point " + i);
                float[] v = raw.values(i);
                double n = norm(raw, i);
                for (int j = 0; j < v.length; j++) {
                    assertEquals((float) (v[j] / n), unit.values(i)[j], "point " + i + " entry " + j);
                }
            }
        }
        // P(all zero) = 0.8^3 = 0.512; 400 points: sd 10, so 5 sd is 50
        assertEquals(0.512 * size, zeros, 50);
        assertTrue(unit.zeroDraws() > 0, "the redraws of " + zeros + " zero points met zero draws too");
    }

    @Test
    void aRuleThatIsAlmostAlwaysZeroCannotBeNormalised() {
        SparseSampler sampler = new SparseSampler(new double[] {1e-12});
        assertEquals("dataset.normalize: unit needs non-zero points, but 1048576 draws in a row were all zero "
                        + "(densities too low for n = 1)",
                assertThrows(IllegalArgumentException.class,
                        () -> FiniteDataset.draw(sampler, 1, DatasetNormalization.UNIT, new Rng(1))).getMessage());
        assertEquals(0, FiniteDataset.draw(sampler, 3, DatasetNormalization.NONE, new Rng(1)).nonZeros(),
                "NONE keeps all-zero points");
    }

    /** Henighan et al.'s data at n = 10^4, S = 0.999: about 10 non-zeros per point, unit norm. */
    @Test
    void sequelDataHaveUnitNormAndAboutTenNonZerosPerPoint() {
        int n = 10_000;
        int size = 400;
        FiniteDataset d = FiniteDataset.draw(new SparseSampler(fill(n, 0.001)), size, DatasetNormalization.UNIT,
                new Rng(15));
        for (int i = 0; i < size; i++) {
            assertEquals(1.0, norm(d, i), NORM_TOL);
            for (float v : d.values(i)) {
                assertTrue(v > 0, "non-negative features");
            }
        }
        // n (1 - S) = 10 per point; the mean of 400 points has standard error sqrt(10 / 400) = 0.16: 5 sd
        assertEquals(10.0, d.nonZeros() / (double) size, 0.8);
    }

    @Test
    void theSpecsSetsComeFromItsDatasetSeedAlone() {
        DatasetConfig data = new DatasetConfig(50, 70, DatasetNormalization.UNIT, 0);
        ModelSpec a = spec(ModelKind.RELU_OUTPUT, 30, 0.1, data, 1, 99);
        ModelSpec otherInit = spec(ModelKind.RELU_OUTPUT, 30, 0.1, data, 2, 99);
        ModelSpec otherData = spec(ModelKind.RELU_OUTPUT, 30, 0.1, data, 1, 100);
        FiniteDataset train = FiniteDataset.training(a);
        FiniteDataset test = FiniteDataset.test(a);
        assertEquals(50, train.size());
        assertEquals(70, test.size());
        assertTrue(same(train, FiniteDataset.training(otherInit)), "independent of the init seed");
        assertTrue(same(test, FiniteDataset.test(otherInit)));
        assertFalse(same(train, FiniteDataset.training(otherData)), "a function of the dataset seed");
        assertFalse(same(FiniteDataset.draw(DataSampler.forSpec(a), 50, DatasetNormalization.UNIT,
                org.tmssweep.core.rng.Rng.derive(99, org.tmssweep.core.rng.RngStream.TEST_SET)), train),
                "test and training points come from different streams");
        assertTrue(same(train, FiniteDataset.draw(DataSampler.forSpec(a), 50, DatasetNormalization.UNIT,
                org.tmssweep.core.rng.Rng.derive(99, org.tmssweep.core.rng.RngStream.DATASET))));
        ModelSpec abs = spec(ModelKind.ABS, 30, 0.1, data, 1, 99);
        boolean negative = false;
        FiniteDataset signed = FiniteDataset.training(abs);
        for (int i = 0; i < signed.size(); i++) {
            assertEquals(1.0, norm(signed, i), NORM_TOL);
            for (float v : signed.values(i)) {
                negative |= v < 0;
            }
        }
        assertTrue(negative, "the abs model's points are signed");
        assertThrows(IllegalArgumentException.class,
                () -> FiniteDataset.training(spec(ModelKind.RELU_OUTPUT, 30, 0.1, DatasetConfig.NONE, 1, 0)));
    }

    private static boolean same(FiniteDataset a, FiniteDataset b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.features(i), b.features(i)) || !Arrays.equals(a.values(i), b.values(i))) {
                return false;
            }
        }
        return true;
    }

    /** The dense, recording and columns-only fills of one batch agree with each other and with the points. */
    private static void assertBatch(FiniteDataset d, int[] points, float[] dense, SparseColumns cols, String what) {
        int rows = points.length;
        int n = d.nFeatures();
        float[] expected = new float[n * rows];
        for (int s = 0; s < rows; s++) {
            double[] x = d.dense(points[s]);
            for (int f = 0; f < n; f++) {
                expected[f * rows + s] = (float) x[f];
            }
        }
        if (dense != null) {
            assertArrayEquals(expected, dense, what + ": dense batch");
        }
        SparseColumns scanned = new SparseColumns(n, rows);
        scanned.scan(expected, 0);
        assertEquals(scanned.nonZeros(), cols.nonZeros(), what);
        for (int f = 0; f <= n; f++) {
            assertEquals(scanned.start(f), cols.start(f), what + ": start " + f);
        }
        for (int j = 0; j < cols.nonZeros(); j++) {
            assertEquals(scanned.index()[j], cols.index()[j], what + ": index " + j);
            assertEquals(scanned.values()[j], cols.values()[j], what + ": value " + j);
        }
    }

    @Test
    void theFullBatchIsEveryPointInOrder() {
        FiniteDataset d = FiniteDataset.draw(new SparseSampler(fill(20, 0.08)), 37, DatasetNormalization.UNIT, new Rng(2));
        BatchSource full = d.fullBatch();
        assertTrue(full.fixed());
        int[] all = new int[37];
        Arrays.setAll(all, i -> i);
        float[] dense = new float[5 + 20 * 37];
        SparseColumns cols = new SparseColumns(20, 37);
        for (int call = 0; call < 2; call++) {
            full.fillFeatureMajor(dense, 5, 37, cols);
            assertBatch(d, all, Arrays.copyOfRange(dense, 5, dense.length), cols, "recording fill " + call);
            SparseColumns only = new SparseColumns(20, 37);
            full.fillColumns(37, only);
            assertBatch(d, all, null, only, "columns fill " + call);
            float[] plain = new float[20 * 37];
            Arrays.fill(plain, 7f);
            full.fillFeatureMajor(plain, 0, 37);
            assertBatch(d, all, plain, only, "plain fill " + call);
        }
        float[] evalChunk = new float[20 * 10];
        d.fillFeatureMajor(27, 10, evalChunk, 0);
        SparseColumns tail = new SparseColumns(20, 10);
        tail.scan(evalChunk, 0);
        assertBatch(d, new int[] {27, 28, 29, 30, 31, 32, 33, 34, 35, 36}, evalChunk, tail, "points 27..36");
        assertThrows(IllegalArgumentException.class, () -> full.fillColumns(36, new SparseColumns(20, 36)));
    }

    /**
     * Minibatch epochs: the batches, laid end to end, visit every point once per epoch (a batch may span two
     * epochs), in a new order each epoch, the same for the same shuffle stream; every layout agrees.
     */
    @Test
    void minibatchEpochsVisitEachPointOncePerEpoch() {
        int size = 7;
        int k = 3;
        // density 1: every point has all features, with distinct values, so a batch names its points
        FiniteDataset d = FiniteDataset.draw(new SparseSampler(fill(4, 1.0)), size, DatasetNormalization.NONE, new Rng(6));
        BatchSource plain = d.epochs(k, new Rng(10));
        BatchSource recording = d.epochs(k, new Rng(10));
        BatchSource columns = d.epochs(k, new Rng(10));
        assertFalse(plain.fixed());
        int steps = 7; // 21 positions: 3 epochs
        int[] visited = new int[steps * k];
        float[] dense = new float[4 * k];
        float[] recDense = new float[4 * k];
        SparseColumns recCols = new SparseColumns(4, k);
        SparseColumns colCols = new SparseColumns(4, k);
        for (int step = 0; step < steps; step++) {
            plain.fillFeatureMajor(dense, 0, k);
            recording.fillFeatureMajor(recDense, 0, k, recCols);
            columns.fillColumns(k, colCols);
            int[] points = new int[k];
            for (int s = 0; s < k; s++) {
                points[s] = -1;
                for (int p = 0; p < size; p++) {
                    if (d.dense(p)[0] == dense[s]) {
                        points[s] = p;
                    }
                }
                assertTrue(points[s] >= 0, "sample " + s + " is a point of the set");
                visited[step * k + s] = points[s];
            }
            assertBatch(d, points, dense, recCols, "step " + step);
            assertArrayEquals(dense, recDense, "step " + step);
            assertBatch(d, points, null, colCols, "step " + step + " columns");
        }
        int[][] epochs = new int[3][];
        for (int e = 0; e < 3; e++) {
            epochs[e] = Arrays.copyOfRange(visited, e * size, (e + 1) * size);
            int[] sorted = epochs[e].clone();
            Arrays.sort(sorted);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, sorted, "epoch " + e + ": " + Arrays.toString(epochs[e]));
        }
        assertFalse(Arrays.equals(epochs[0], epochs[1]) && Arrays.equals(epochs[1], epochs[2]), "reshuffled");
        assertThrows(IllegalArgumentException.class, () -> d.epochs(8, new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> d.epochs(0, new Rng(1)));
    }

    @Test
    void uniformIndexStaysInRangeAndCoversIt() {
        Rng rng = new Rng(3);
        int[] counts = new int[5];
        for (int i = 0; i < 5000; i++) {
            counts[FiniteDataset.uniformIndex(rng, 5)]++;
        }
        for (int c : counts) {
            // 1000 expected, sd 28: 5 sd
            assertEquals(1000, c, 142);
        }
        assertEquals(0, FiniteDataset.uniformIndex(rng, 1));
    }
}
