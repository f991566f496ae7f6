package org.tmssweep.core.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
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
 * own loss, for every kind and sizes n, m in 1..6 (problems are drawn away from ReLU kinks).
 */
class ReferenceGradientCheckTest {

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int[][] sizes = {{1, 1}, {2, 1}, {1, 3}, {3, 2}, {5, 2}, {6, 6}, {4, 5}};
        for (ModelKind kind : ModelKind.values()) {
            for (int[] s : sizes) {
                out.add(Arguments.of(kind, s[0], s[1]));
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gradientMatchesCentralDifferences(ModelKind kind, int n, int m) {
        ModelFixtures.Problem p = ModelFixtures.problem(kind, n, m, 9, 31L * n + m + kind.ordinal(), 1e-3);
        ReferenceToyModel model = new ReferenceToyModel(kind, p.w(), p.b());
        ReferenceToyModel.Gradient g = model.lossAndGradient(p.x(), p.importance());
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < m; k++) {
                double[][] plus = ModelFixtures.copy(p.w());
                double[][] minus = ModelFixtures.copy(p.w());
                plus[f][k] += FD_STEP;
                minus[f][k] -= FD_STEP;
                double fd = (new ReferenceToyModel(kind, plus, p.b()).loss(p.x(), p.importance())
                        - new ReferenceToyModel(kind, minus, p.b()).loss(p.x(), p.importance())) / (2 * FD_STEP);
                assertTrue(relErr(g.dw()[f][k], fd, FD_FLOOR) < FD_REL,
                        "dW[" + f + "][" + k + "] analytic " + g.dw()[f][k] + " vs fd " + fd);
            }
            double[] bp = p.b().clone();
            double[] bm = p.b().clone();
            bp[f] += FD_STEP;
            bm[f] -= FD_STEP;
            double fd = (new ReferenceToyModel(kind, p.w(), bp).loss(p.x(), p.importance())
                    - new ReferenceToyModel(kind, p.w(), bm).loss(p.x(), p.importance())) / (2 * FD_STEP);
            assertTrue(relErr(g.db()[f], fd, FD_FLOOR) < FD_REL, "db[" + f + "] analytic " + g.db()[f] + " vs fd " + fd);
        }
    }
}
