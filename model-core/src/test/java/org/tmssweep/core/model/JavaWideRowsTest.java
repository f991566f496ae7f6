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
 * At the paper's batch size the plain-Java model reduces its rows in place, two reductions per pass
 * ({@link JavaToyModel#WIDE_BATCH}); with that switched off it takes the block-copy path that every
 * other batch size takes. Both must give the same bits: loss, dW and db of one forward/backward, for
 * every tied kind, both input modes, and hidden sizes that leave 0 or 1 reductions for the last pass.
 */
class JavaWideRowsTest {
    private static final int N = 9;
    private static final int B = JavaToyModel.WIDE_BATCH;

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (ModelKind kind : ModelKind.values()) {
            if (kind.untied()) {
                continue;
            }
            for (int m : new int[] {1, 2, 3, 5}) {
                out.add(Arguments.of(kind, m, false));
                out.add(Arguments.of(kind, m, true));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} m={1} sparse={2}")
    @MethodSource("cases")
    void wideAndBlockCopyReductionsAgreeBitForBit(ModelKind kind, int m, boolean sparse) {
        JavaToyModel wide = new JavaToyModel(kind, 2, B, N, m, sparse);
        JavaToyModel blocks = new JavaToyModel(kind, 2, B, N, m, sparse);
        assertTrue(wide.wideRows, "the paper's batch size takes the wide path");
        blocks.wideRows = false;
        double[] lw = new double[2];
        double[] lb = new double[2];
        for (int i = 0; i < 2; i++) {
            ModelFixtures.Problem p = ModelFixtures.problem(kind, N, m, B, 500 + 10L * m + i, 0);
            for (JavaToyModel model : new JavaToyModel[] {wide, blocks}) {
                model.setParams(i, p.w(), p.b());
                model.setImportance(i, p.importance());
                model.setInput(i, p.x());
            }
        }
        wide.forwardBackward(lw);
        blocks.forwardBackward(lb);
        for (int i = 0; i < 2; i++) {
            assertEquals(Double.doubleToRawLongBits(lb[i]), Double.doubleToRawLongBits(lw[i]), "loss " + i);
            double[][] gw = wide.weightGradient(i);
            double[][] gb = blocks.weightGradient(i);
            double[] bw = wide.biasGradient(i);
            double[] bb = blocks.biasGradient(i);
            boolean nonZero = false;
            for (int f = 0; f < N; f++) {
                for (int k = 0; k < m; k++) {
                    assertEquals(Double.doubleToRawLongBits(gb[f][k]), Double.doubleToRawLongBits(gw[f][k]),
                            "dW[" + f + "][" + k + "] of instance " + i);
                    nonZero |= gw[f][k] != 0;
                }
                assertEquals(Double.doubleToRawLongBits(bb[f]), Double.doubleToRawLongBits(bw[f]), "db[" + f + "] of instance " + i);
            }
            assertTrue(nonZero, "some gradient is non-zero");
        }
    }
}
