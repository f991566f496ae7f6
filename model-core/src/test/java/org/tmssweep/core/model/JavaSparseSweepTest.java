package org.tmssweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tmssweep.core.config.ModelKind;

/**
 * In sparse-input mode the plain-Java model gathers x^T g from the recorded non-zeros, and (very sparse
 * batches) scatters them into h, for up to five hidden units per sweep over a feature's entries, each
 * unit with its own accumulator or updates; one unit at a time must give the same bits (loss, so h,
 * and dW). Hidden sizes cover every split into sweeps of five, two and one units, at the paper's batch
 * and at another, with h from the dense rows and scattered.
 */
class JavaSparseSweepTest {
    private static final int N = 9;

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (ModelKind kind : ModelKind.values()) {
            if (kind.untied()) {
                continue;
            }
            for (int m : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 12}) {
                out.add(Arguments.of(kind, m, JavaToyModel.WIDE_BATCH, false));
                out.add(Arguments.of(kind, m, JavaToyModel.WIDE_BATCH, true));
            }
            out.add(Arguments.of(kind, 5, 300, true));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} m={1} B={2} scatter={3}")
    @MethodSource("cases")
    void sweepsOfSeveralUnitsAgreeWithOneUnitAtATime(ModelKind kind, int m, int batch, boolean scatter) {
        JavaToyModel grouped = new JavaToyModel(kind, 2, batch, N, m, true);
        JavaToyModel single = new JavaToyModel(kind, 2, batch, N, m, true);
        single.sweepUnits = 1;
        if (scatter) {
            grouped.denseHiddenBelow = 0;
            single.denseHiddenBelow = 0;
        }
        for (int i = 0; i < 2; i++) {
            ModelFixtures.Problem p = ModelFixtures.problem(kind, N, m, batch, 900 + 10L * m + i, 0);
            for (JavaToyModel model : new JavaToyModel[] {grouped, single}) {
                model.setParams(i, p.w(), p.b());
                model.setImportance(i, p.importance());
                model.setInput(i, p.x());
            }
        }
        double[] lg = new double[2];
        double[] ls = new double[2];
        grouped.forwardBackward(lg);
        single.forwardBackward(ls);
        for (int i = 0; i < 2; i++) {
            assertEquals(Double.doubleToRawLongBits(ls[i]), Double.doubleToRawLongBits(lg[i]), "loss " + i);
            double[][] a = grouped.weightGradient(i);
            double[][] b = single.weightGradient(i);
            boolean nonZero = false;
            for (int f = 0; f < N; f++) {
                for (int k = 0; k < m; k++) {
                    assertEquals(Double.doubleToRawLongBits(b[f][k]), Double.doubleToRawLongBits(a[f][k]),
                            "dW[" + f + "][" + k + "] of instance " + i);
                    nonZero |= a[f][k] != 0;
                }
            }
            assertTrue(nonZero, "some gradient is non-zero");
        }
    }
}
