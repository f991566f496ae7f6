package org.tmssweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tmssweep.core.RequiresNd4jNatives;
import org.tmssweep.core.Tolerances;
import org.tmssweep.core.config.ModelKind;

/**
 * Sparse-input mode skips feature rows whose output-gradient coefficient is flushed in every instance
 * (the products and the output pass cover only the leading "live" rows). Outputs, loss and gradients
 * must still match dense mode, which computes every row: for a tail of flushed rows in all instances
 * (the products shrink), and for flushed rows below another instance's live rows.
 */
@RequiresNd4jNatives
class Nd4jSparseFlushedRowsTest {
    private static final int N = 6;
    private static final int M = 3;
    private static final int B = 33;
    /** Importance whose coefficient 2 I / (B n) is far below ToyLoss.FLUSH_BELOW. */
    private static final double TINY = 1e-35;

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void flushedTailInEveryInstance(ModelKind kind) {
        compare(kind, new int[] {3, 3, 3});
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void flushedRowsBelowAnotherInstancesLiveRows(ModelKind kind) {
        compare(kind, new int[] {N, 2, 4});
    }

    /**
     * Rows with a tiny but unflushed coefficient (about 1e-26; sparse mode computes dz scaled by 2^64):
     * their bias gradients, 20 orders of magnitude below the others, must match dense mode relatively.
     */
    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void barelyLiveRowsKeepTheirRelativePrecision(ModelKind kind) {
        double tiny = 1e-24;
        try (Nd4jToyModel sparse = new Nd4jToyModel(kind, 1, B, N, M, true);
             Nd4jToyModel dense = new Nd4jToyModel(kind, 1, B, N, M, false)) {
            ModelFixtures.Problem p = ModelFixtures.problem(kind, N, M, B, 600, 1e-3);
            double[] imp = p.importance().clone();
            imp[N - 1] = tiny;
            imp[N - 2] = tiny;
            for (Nd4jToyModel model : new Nd4jToyModel[] {sparse, dense}) {
                model.setParams(0, p.w(), p.b());
                model.setImportance(0, imp);
                model.setInput(0, p.x());
                model.forwardBackward(new double[1]);
            }
            double[] dbS = sparse.biasGradient(0);
            double[] dbD = dense.biasGradient(0);
            for (int f = N - 2; f < N; f++) {
                assertTrue(Math.abs(dbD[f]) > 0 && Math.abs(dbD[f]) < 1e-20, "db[" + f + "] is tiny: " + dbD[f]);
                assertEquals(dbD[f], dbS[f], Tolerances.F32_GRAD * Math.abs(dbD[f]), "db[" + f + "]");
            }
        }
    }

    /** Instance i has live rows [0, liveRows[i]) and importance TINY after them. */
    private static void compare(ModelKind kind, int[] liveRows) {
        int count = liveRows.length;
        try (Nd4jToyModel sparse = new Nd4jToyModel(kind, count, B, N, M, true);
             Nd4jToyModel dense = new Nd4jToyModel(kind, count, B, N, M, false)) {
            for (int i = 0; i < count; i++) {
                ModelFixtures.Problem p = ModelFixtures.problem(kind, N, M, B, 500 + i, 1e-3);
                double[] imp = p.importance().clone();
                for (int f = liveRows[i]; f < N; f++) {
                    imp[f] = TINY;
                }
                for (Nd4jToyModel model : new Nd4jToyModel[] {sparse, dense}) {
                    model.setParams(i, p.w(), p.b());
                    model.setImportance(i, imp);
                    model.setInput(i, p.x());
                }
            }
            double[] lossS = new double[count];
            double[] lossD = new double[count];
            for (int step = 0; step < 2; step++) { // twice: the skipped rows of dW must not keep old values
                sparse.forwardBackward(lossS);
                dense.forwardBackward(lossD);
            }
            for (int i = 0; i < count; i++) {
                assertEquals(lossD[i], lossS[i], Tolerances.F32 * Math.abs(lossD[i]), "loss of instance " + i);
                double[][] outS = sparse.output(i);
                double[][] outD = dense.output(i);
                double[][] dwS = sparse.weightGradient(i);
                double[][] dwD = dense.weightGradient(i);
                double[] dbS = sparse.biasGradient(i);
                double[] dbD = dense.biasGradient(i);
                double scale = 1e-12;
                for (int f = 0; f < N; f++) {
                    scale = Math.max(scale, Math.abs(dbD[f]));
                    for (int k = 0; k < M; k++) {
                        scale = Math.max(scale, Math.abs(dwD[f][k]));
                    }
                }
                for (int f = 0; f < N; f++) {
                    for (int s = 0; s < B; s++) {
                        assertEquals(outD[s][f], outS[s][f], Tolerances.F32 * Math.max(1, Math.abs(outD[s][f])),
                                "output[" + s + "][" + f + "] of instance " + i);
                    }
                    for (int k = 0; k < M; k++) {
                        assertEquals(dwD[f][k], dwS[f][k], Tolerances.F32_GRAD * scale, "dW[" + f + "][" + k + "] of instance " + i);
                    }
                    assertEquals(dbD[f], dbS[f], Tolerances.F32_GRAD * scale, "db[" + f + "] of instance " + i);
                    if (f >= liveRows[i]) {
                        assertEquals(0.0, dbS[f], "db of a flushed row");
                    }
                }
                assertTrue(scale > 1e-6, "the problem has gradients");
            }
        }
    }
}
