package org.tmssweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.rng.Rng;

/**
 * {@link ReferenceToyModel#batchLoss} gives {@link ReferenceToyModel#loss}'s bits: every kind, with and
 * without the L1 penalty, inputs with zeros (and negative ones for ABS), batches of 1 to the maximum,
 * the same evaluator reused for batches of different sizes.
 */
class BatchLossTest {
    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (ModelKind kind : ModelKind.values()) {
            for (double l1 : new double[] {0, 0.03}) {
                out.add(Arguments.of(kind, 20, 5, l1));
                out.add(Arguments.of(kind, 3, 7, l1));
                out.add(Arguments.of(kind, 1, 1, l1));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} n={1} m={2} l1={3}")
    @MethodSource("cases")
    void sameBitsAsTheReferenceLoss(ModelKind kind, int n, int m, double l1) {
        Rng rng = new Rng(31L * n + m + (l1 > 0 ? 7 : 0) + kind.ordinal() * 1000L);
        double[][] w = gaussian(rng, n, m);
        double[][] w2 = kind.untied() ? gaussian(rng, n, m) : null;
        double[] b = new double[n];
        double[] imp = new double[n];
        for (int f = 0; f < n; f++) {
            b[f] = 0.3 * rng.nextGaussian();
            imp[f] = Math.pow(0.8, f);
        }
        ReferenceToyModel ref = new ReferenceToyModel(kind, w, w2, b, l1);
        ReferenceToyModel.BatchLoss fast = ref.batchLoss(300);
        for (int rows : new int[] {300, 1, 17, 300, 64}) {
            double[][] x = new double[rows][n];
            for (double[] row : x) {
                for (int f = 0; f < n; f++) {
                    double u = rng.nextDouble();
                    row[f] = rng.nextDouble() < 0.4 ? 0.0 : kind.absoluteValue() ? 2 * u - 1 : u;
                }
            }
            assertEquals(Double.doubleToRawLongBits(ref.loss(x, imp)), Double.doubleToRawLongBits(fast.loss(x, imp)),
                    "rows " + rows);
            float[] featureMajor = new float[n * rows];
            double[][] widened = new double[rows][n];
            for (int s = 0; s < rows; s++) {
                for (int f = 0; f < n; f++) {
                    featureMajor[f * rows + s] = (float) x[s][f];
                    widened[s][f] = featureMajor[f * rows + s];
                }
            }
            assertEquals(Double.doubleToRawLongBits(ref.loss(widened, imp)),
                    Double.doubleToRawLongBits(fast.lossFeatureMajor(featureMajor, rows, imp)), "feature-major, rows " + rows);
        }
        assertThrows(IllegalArgumentException.class, () -> fast.loss(new double[301][n], imp));
    }

    private static double[][] gaussian(Rng rng, int n, int m) {
        double[][] a = new double[n][m];
        for (double[] row : a) {
            for (int k = 0; k < m; k++) {
                row[k] = 0.6 * rng.nextGaussian();
            }
        }
        return a;
    }
}
