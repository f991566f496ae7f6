package org.tmssweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.tmssweep.core.Tolerances.FD_STEP;
import static org.tmssweep.core.Tolerances.relErr;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tmssweep.core.config.ModelKind;

/**
 * The contract every toy-model implementation must meet: for the same W, b, importance and batch, its
 * output, loss and gradients agree with the straightforward definition in {@link ModelFixtures}
 * (gradients: central differences of the definition), within the implementation's tolerances. Every
 * kind is run without and with the L1 penalty; an implementation that does not cover a case says so in
 * {@link #supports}.
 */
abstract class ToyModelContractTest {

    /** L1 penalty weight of the penalised cases. */
    static final double L1 = 0.05;

    /** What an implementation computed for one problem; {@code dw2} is null for the tied kinds. */
    record Evaluation(double[][] output, double loss, double[][] dw, double[] db, double[][] dw2) {
        Evaluation(double[][] output, double loss, double[][] dw, double[] db) {
            this(output, loss, dw, db, null);
        }
    }

    /** Whether the implementation under test covers this kind with or without the penalty. */
    protected boolean supports(ModelKind kind, boolean l1) {
        return true;
    }

    /** Runs the implementation under test on one problem. */
    protected abstract Evaluation evaluate(ModelFixtures.Problem problem);

    /** Relative tolerance on outputs and loss. */
    protected abstract double valueTolerance();

    /** Tolerance on gradients, relative to the largest gradient entry of the problem. */
    protected abstract double gradientTolerance();

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int[][] sizes = {{1, 1, 1}, {2, 1, 5}, {3, 2, 7}, {5, 2, 16}, {6, 3, 33}, {4, 6, 8}, {6, 1, 3}};
        for (double l1 : new double[] {0, L1}) {
            for (ModelKind kind : ModelKind.values()) {
                for (int[] s : sizes) {
                    out.add(Arguments.of(kind, s[0], s[1], s[2], l1));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} n={1} m={2} B={3} l1={4}")
    @MethodSource("cases")
    void forwardLossAndGradientsMatchTheDefinition(ModelKind kind, int n, int m, int batch, double l1) {
        assumeTrue(supports(kind, l1 > 0), "not covered by this implementation");
        ModelFixtures.Problem p = ModelFixtures.problem(kind, n, m, batch,
                1000L * n + 10L * m + batch + kind.ordinal(), 1e-3, l1);
        Evaluation e = evaluate(p);

        double[][] out = ModelFixtures.definitionOutput(p);
        for (int s = 0; s < batch; s++) {
            for (int f = 0; f < n; f++) {
                assertTrue(relErr(e.output()[s][f], out[s][f], 1.0) < valueTolerance(),
                        "output[" + s + "][" + f + "] " + e.output()[s][f] + " vs " + out[s][f]);
            }
        }
        double loss = ModelFixtures.definitionLoss(p);
        assertTrue(relErr(e.loss(), loss, 0) < valueTolerance(), "loss " + e.loss() + " vs " + loss);

        double[][][] fd = ModelFixtures.finiteDifferenceGradient(p, FD_STEP);
        double scale = 1e-12;
        for (double[] row : fd[0]) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (double v : fd[1][0]) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (kind.untied()) {
            for (double[] row : fd[2]) {
                for (double v : row) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
        }
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < m; k++) {
                assertEquals(fd[0][f][k], e.dw()[f][k], gradientTolerance() * scale, "dW[" + f + "][" + k + "]");
            }
            assertEquals(fd[1][0][f], e.db()[f], gradientTolerance() * scale, "db[" + f + "]");
        }
        assertEquals(kind.untied(), e.dw2() != null, "dW2 present iff untied");
        if (kind.untied()) {
            for (int f = 0; f < n; f++) {
                for (int k = 0; k < m; k++) {
                    assertEquals(fd[2][f][k], e.dw2()[f][k], gradientTolerance() * scale, "dW2[" + f + "][" + k + "]");
                }
            }
        }
    }
}
