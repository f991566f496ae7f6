package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.config.DatasetNormalization;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.data.FiniteDataset;
import org.tmssweep.core.data.SparseSampler;
import org.tmssweep.core.rng.Rng;

/**
 * The invariants of the data-point metrics (Henighan et al. 2023): a regular T-gon in m = 2 gives D_X = 2/T;
 * D* is a leverage score, so sum_i D*(i) = rank(H) whether T &gt; m or T &lt; m; D_X &le; D*; a duplicated
 * point shares its dimension with its copy; and the O(T m^2) D_X equals its O(T^2 m) definition.
 */
class DataDimensionalityTest {
    /** Exact configurations in double (a few roundings of numbers of order 1). */
    static final double EXACT = 1e-12;
    /** Sums through an eigendecomposition of a random Gram matrix. */
    static final double EIGEN = 1e-9;

    private static double[][] polygon(int t, double radius, double phase) {
        double[][] h = new double[t][2];
        for (int i = 0; i < t; i++) {
            double a = phase + 2 * Math.PI * i / t;
            h[i][0] = radius * Math.cos(a);
            h[i][1] = radius * Math.sin(a);
        }
        return h;
    }

    private static double[][] gaussian(int rows, int cols, long seed) {
        Rng rng = new Rng(seed);
        double[][] h = new double[rows][cols];
        for (double[] row : h) {
            for (int k = 0; k < cols; k++) {
                row[k] = rng.nextGaussian();
            }
        }
        return h;
    }

    private static double sum(double[] a) {
        return Arrays.stream(a).sum();
    }

    @Test
    void aRegularPolygonGivesTwoOverTForEveryPoint() {
        for (int t = 3; t <= 12; t++) {
            double[][] h = polygon(t, 0.3 + 0.1 * t, 0.7 * t);
            double[] dx = DataDimensionality.dimensionality(h);
            double[] dStar = DataDimensionality.maxDimensionality(h);
            for (int i = 0; i < t; i++) {
                assertEquals(2.0 / t, dx[i], EXACT, "D_X, T=" + t + " point " + i);
                assertEquals(2.0 / t, dStar[i], EXACT, "D*, T=" + t + " point " + i);
            }
            assertEquals(2, DataDimensionality.rank(h));
        }
        // a digon (antipodal pair) in m = 2 spans one dimension: D_X = 1/2, D* = 1/2
        double[][] digon = {{0.6, -0.8}, {-0.6, 0.8}};
        assertArrayEquals(new double[] {0.5, 0.5}, DataDimensionality.dimensionality(digon), EXACT);
        assertArrayEquals(new double[] {0.5, 0.5}, DataDimensionality.maxDimensionality(digon), EXACT);
        assertEquals(1, DataDimensionality.rank(digon));
    }

    @Test
    void maxDimensionalitiesSumToTheRank() {
        // T > m: rank m
        double[][] tall = gaussian(40, 5, 1);
        double[] dStar = DataDimensionality.maxDimensionality(tall);
        assertEquals(5, sum(dStar), EIGEN);
        assertEquals(5, DataDimensionality.rank(tall));
        for (double d : dStar) {
            assertTrue(d >= -EIGEN && d <= 1 + EIGEN, "a leverage lies in [0, 1]: " + d);
        }
        // T < m: rank T, and every independent point has leverage 1
        double[][] wide = gaussian(3, 7, 2);
        assertArrayEquals(new double[] {1, 1, 1}, DataDimensionality.maxDimensionality(wide), EIGEN);
        assertEquals(3, DataDimensionality.rank(wide));
        // a rank-deficient H: 10 points in a 2-plane of R^4
        double[][] plane = new double[10][4];
        double[][] coefficients = gaussian(10, 2, 3);
        for (int i = 0; i < 10; i++) {
            for (int k = 0; k < 4; k++) {
                plane[i][k] = coefficients[i][0] * (k + 1) + coefficients[i][1] * (k * k - 2);
            }
        }
        assertEquals(2, sum(DataDimensionality.maxDimensionality(plane)), EIGEN);
        assertEquals(2, DataDimensionality.rank(plane));
    }

    /** D_X(i) is at most D*(i), so the D_X add up to at most the rank; equal for a tight frame. */
    @Test
    void dataDimensionalityIsBoundedByTheLeverage() {
        for (int[] shape : new int[][] {{40, 2}, {25, 5}, {3, 6}}) {
            double[][] h = gaussian(shape[0], shape[1], 10L * shape[0] + shape[1]);
            double[] dx = DataDimensionality.dimensionality(h);
            double[] dStar = DataDimensionality.maxDimensionality(h);
            for (int i = 0; i < h.length; i++) {
                assertTrue(dx[i] <= dStar[i] + EIGEN, "D_X " + dx[i] + " <= D* " + dStar[i]);
            }
            assertTrue(sum(dx) < DataDimensionality.rank(h), "random points are no tight frame: " + sum(dx));
        }
        assertEquals(2, sum(DataDimensionality.dimensionality(polygon(7, 1.3, 0.2))), EXACT);
    }

    @Test
    void aDuplicatedPointSharesItsDimensionWithItsCopy() {
        // a, a, b with a orthogonal to b, in m = 4 (T < m): the copies share a dimension, b has its own
        double[][] h = {{1, 2, 0, 0}, {1, 2, 0, 0}, {0, 0, 3, -1}};
        assertArrayEquals(new double[] {0.5, 0.5, 1}, DataDimensionality.maxDimensionality(h), EIGEN);
        assertArrayEquals(new double[] {0.5, 0.5, 1}, DataDimensionality.dimensionality(h), EXACT);
        assertEquals(2, DataDimensionality.rank(h));
        // duplicating a point of a T > m configuration leaves the sum at the rank
        double[][] tall = gaussian(12, 3, 4);
        double[][] dup = Arrays.copyOf(tall, 13);
        dup[12] = tall[5].clone();
        double[] dStar = DataDimensionality.maxDimensionality(dup);
        assertEquals(3, sum(dStar), EIGEN);
        assertEquals(dStar[5], dStar[12], EXACT);
    }

    @Test
    void zeroPointsHaveNoDimension() {
        double[][] h = {{0, 0}, {1, 0}, {0, 2}};
        assertArrayEquals(new double[] {0, 1, 1}, DataDimensionality.dimensionality(h), EXACT);
        assertArrayEquals(new double[] {0, 1, 1}, DataDimensionality.maxDimensionality(h), EIGEN);
        double[][] none = new double[4][3];
        assertArrayEquals(new double[4], DataDimensionality.dimensionality(none), 0.0);
        assertArrayEquals(new double[4], DataDimensionality.maxDimensionality(none), 0.0);
        assertEquals(0, DataDimensionality.rank(none));
    }

    /** D_X from the Gram matrix equals the definition ||h_i||^2 / sum_j (ĥ_i . h_j)^2. */
    @Test
    void dataDimensionalityMatchesItsDefinition() {
        double[][] h = gaussian(30, 3, 5);
        double[] dx = DataDimensionality.dimensionality(h);
        for (int i = 0; i < h.length; i++) {
            double norm = Linalg.norm(h[i]);
            double denominator = 0;
            for (double[] hj : h) {
                double d = Linalg.dot(h[i], hj) / norm;
                denominator += d * d;
            }
            assertEquals(norm * norm / denominator, dx[i], EXACT * Math.max(1, dx[i]), "point " + i);
        }
    }

    @Test
    void pointsAreTheDatasetSeenThroughW() {
        FiniteDataset data = FiniteDataset.draw(new SparseSampler(new double[] {0.3, 0.3, 0.3, 0.3, 0.3}), 25,
                DatasetNormalization.UNIT, new Rng(9));
        double[][] w = gaussian(5, 2, 6);
        List<DataPoint> linear = DataDimensionality.points(ModelKind.RELU_OUTPUT, w, data);
        List<DataPoint> relu = DataDimensionality.points(ModelKind.RELU_HIDDEN, w, data);
        double[][] h = new double[25][2];
        double[][] hRelu = new double[25][2];
        for (int i = 0; i < 25; i++) {
            double[] x = data.dense(i);
            for (int k = 0; k < 2; k++) {
                for (int f = 0; f < 5; f++) {
                    h[i][k] += x[f] * w[f][k];
                }
                hRelu[i][k] = Math.max(h[i][k], 0);
            }
        }
        double[] dx = DataDimensionality.dimensionality(h);
        double[] dxRelu = DataDimensionality.dimensionality(hRelu);
        for (int i = 0; i < 25; i++) {
            DataPoint p = linear.get(i);
            assertEquals(i, p.index());
            assertEquals(Linalg.norm(h[i]), p.hiddenNorm(), EXACT);
            assertEquals(dx[i], p.dimensionality(), EXACT);
            assertArrayEquals(data.features(i), p.features());
            assertArrayEquals(data.values(i), p.values());
            assertEquals(dxRelu[i], relu.get(i).dimensionality(), EXACT, "ReLU-hidden kinds see ReLU(x W)");
        }
        assertEquals(2, linear.stream().mapToDouble(DataPoint::maxDimensionality).sum(), EIGEN);
        assertThrows(IllegalArgumentException.class,
                () -> new DataPoint(0, 1, 1, 1, new int[] {1, 2}, new float[] {1f}));
    }

    /** The regime summary: a pentagon of five features (D_f = 2/5) among five unlearned ones, and a T-gon of points. */
    @Test
    void regimeSummarisesPointsAndFeatures() {
        double[][] w = new double[10][2];
        double[][] pentagon = polygon(5, 1.0, 0.1);
        for (int f = 0; f < 5; f++) {
            w[2 * f] = pentagon[f];
            w[2 * f + 1] = new double[2];
        }
        double[][] h = polygon(6, 0.8, 0.2);
        double[] dx = DataDimensionality.dimensionality(h);
        double[] dStar = DataDimensionality.maxDimensionality(h);
        List<DataPoint> points = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            points.add(new DataPoint(i, 0.8, dx[i], dStar[i], new int[0], new float[0]));
        }
        DataRegime r = DataRegime.of(w, points);
        assertEquals(6, r.points());
        assertEquals(1.0 / 3, r.meanDataDimensionality(), EXACT);
        assertEquals(2, r.sumMaxDimensionality(), EXACT);
        assertEquals(0.8, r.meanHiddenNorm(), EXACT);
        assertEquals(DataRegime.DEFAULT_TOP_FEATURES, r.topFeatures());
        assertEquals(0.4, r.meanTopFeatureDimensionality(), EXACT, "the pentagon's features have the largest norms");
        assertEquals(5, r.featuresAboveThreshold(), "the unlearned features have D_f = 0");
        assertEquals(0, DataRegime.of(w, points, 5, 0.4 + EIGEN).featuresAboveThreshold());
        assertEquals(7, DataRegime.of(w, points, 7, 0.1).topFeatures());
        assertEquals(0.4 * 5 / 7, DataRegime.of(w, points, 7, 0.1).meanTopFeatureDimensionality(), EXACT);
        assertTrue(Double.isNaN(DataRegime.of(w, points, 0, 0.1).meanTopFeatureDimensionality()));
        assertThrows(IllegalArgumentException.class, () -> DataRegime.of(w, points, -1, 0.1));
    }
}
