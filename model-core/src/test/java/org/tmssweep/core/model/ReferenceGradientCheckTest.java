package org.tmssweep.core.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.core.Tolerances.F64;
import static org.tmssweep.core.Tolerances.FD_FLOOR;
import static org.tmssweep.core.Tolerances.FD_REL;
import static org.tmssweep.core.Tolerances.FD_STEP;
import static org.tmssweep.core.Tolerances.relErr;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tmssweep.core.config.ModelKind;

/**
 * Central-difference check of ReferenceToyModel's hand-written backward pass, in double, against its
 * own loss, for every kind (W2 too for the untied ABS), without and with the L1 penalty, and sizes n, m
 * in 1..6 (problems are drawn away from ReLU and |h| kinks).
 */
class ReferenceGradientCheckTest {

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int[][] sizes = {{1, 1}, {2, 1}, {1, 3}, {3, 2}, {5, 2}, {6, 6}, {4, 5}};
        for (double l1 : new double[] {0, 0.05}) {
            for (ModelKind kind : ModelKind.values()) {
                for (int[] s : sizes) {
                    out.add(Arguments.of(kind, s[0], s[1], l1));
                }
            }
        }
        return out;
    }

    private static double loss(ModelFixtures.Problem p, double[][] w, double[][] w2, double[] b) {
        return new ReferenceToyModel(p.kind(), w, w2, b, p.l1()).loss(p.x(), p.importance());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gradientMatchesCentralDifferences(ModelKind kind, int n, int m, double l1) {
        ModelFixtures.Problem p = ModelFixtures.problem(kind, n, m, 9, 31L * n + m + kind.ordinal(), 1e-3, l1);
        ReferenceToyModel model = new ReferenceToyModel(kind, p.w(), p.w2(), p.b(), l1);
        ReferenceToyModel.Gradient g = model.lossAndGradient(p.x(), p.importance());
        assertTrue(relErr(g.loss(), model.loss(p.x(), p.importance()), 0) < F64, "loss of lossAndGradient");
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < m; k++) {
                double[][] plus = ModelFixtures.copy(p.w());
                double[][] minus = ModelFixtures.copy(p.w());
                plus[f][k] += FD_STEP;
                minus[f][k] -= FD_STEP;
                double fd = (loss(p, plus, p.w2(), p.b()) - loss(p, minus, p.w2(), p.b())) / (2 * FD_STEP);
                assertTrue(relErr(g.dw()[f][k], fd, FD_FLOOR) < FD_REL,
                        "dW[" + f + "][" + k + "] analytic " + g.dw()[f][k] + " vs fd " + fd);
                if (kind.untied()) {
                    double[][] vp = ModelFixtures.copy(p.w2());
                    double[][] vm = ModelFixtures.copy(p.w2());
                    vp[f][k] += FD_STEP;
                    vm[f][k] -= FD_STEP;
                    double fd2 = (loss(p, p.w(), vp, p.b()) - loss(p, p.w(), vm, p.b())) / (2 * FD_STEP);
                    assertTrue(relErr(g.dw2()[f][k], fd2, FD_FLOOR) < FD_REL,
                            "dW2[" + f + "][" + k + "] analytic " + g.dw2()[f][k] + " vs fd " + fd2);
                }
            }
            double[] bp = p.b().clone();
            double[] bm = p.b().clone();
            bp[f] += FD_STEP;
            bm[f] -= FD_STEP;
            double fd = (loss(p, p.w(), p.w2(), bp) - loss(p, p.w(), p.w2(), bm)) / (2 * FD_STEP);
            assertTrue(relErr(g.db()[f], fd, FD_FLOOR) < FD_REL, "db[" + f + "] analytic " + g.db()[f] + " vs fd " + fd);
        }
    }
}
