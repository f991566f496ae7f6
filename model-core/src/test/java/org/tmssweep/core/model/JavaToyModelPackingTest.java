package org.tmssweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.train.AdamW;

import java.util.ArrayList;
import java.util.List;

/**
 * An instance of the plain-Java model computes the same bits alone and packed: the same problem trained
 * for a few AdamW steps as a pack of one and as instance 2 of 4 (next to unrelated instances, one of them
 * frozen after the first step) ends with identical W, b and losses.
 */
class JavaToyModelPackingTest {
    private static final int N = 7;
    private static final int M = 3;
    private static final int B = 37;
    private static final int STEPS = 4;

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (ModelKind kind : ModelKind.values()) {
            if (!kind.untied()) {
                out.add(Arguments.of(kind, false));
                out.add(Arguments.of(kind, true));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} sparse={1}")
    @MethodSource("cases")
    void packedInstanceMatchesItselfAloneBitForBit(ModelKind kind, boolean sparse) {
        JavaToyModel alone = new JavaToyModel(kind, 1, B, N, M, sparse);
        JavaToyModel pack = new JavaToyModel(kind, 4, B, N, M, sparse);
        ModelFixtures.Problem p = ModelFixtures.problem(kind, N, M, B, 4242, 1e-3);
        alone.setParams(0, p.w(), p.b());
        alone.setImportance(0, p.importance());
        for (int i = 0; i < 4; i++) {
            ModelFixtures.Problem q = i == 2 ? p : ModelFixtures.problem(kind, N, M, B, 900 + i, 1e-3);
            pack.setParams(i, q.w(), q.b());
            pack.setImportance(i, q.importance());
        }
        AdamW adam = new AdamW(0.01, 0.9, 0.999, 1e-8);
        double[][] moments = new double[8][4 * N * M];
        double[] lossAlone = new double[1];
        double[] lossPack = new double[4];
        for (int t = 0; t < STEPS; t++) {
            ModelFixtures.Problem data = ModelFixtures.problem(kind, N, M, B, 7000 + t, 1e-3);
            alone.setInput(0, data.x());
            for (int i = 0; i < 4; i++) {
                pack.setInput(i, i == 2 ? data.x() : ModelFixtures.problem(kind, N, M, B, 8000 + 10 * t + i, 1e-3).x());
            }
            alone.forwardBackward(lossAlone);
            pack.forwardBackward(lossPack);
            assertEquals(Double.doubleToRawLongBits(lossAlone[0]), Double.doubleToRawLongBits(lossPack[2]), "loss, step " + t);
            AdamW.StepConstants c = adam.constants(t + 1, 1e-2);
            int wl = N * M;
            adam.update(c, alone.weightBuffer(), 0, alone.weightGradientBuffer(), 0, moments[0], moments[1], 0, wl);
            adam.update(c, alone.biasArray(), 0, alone.biasGradientArray(), 0, moments[2], moments[3], 0, N);
            for (int i = 0; i < 4; i++) {
                if (pack.isActive(i)) {
                    adam.update(c, pack.weightBuffer(), i * wl, pack.weightGradientBuffer(), i * wl, moments[4],
                            moments[5], i * wl, wl);
                    adam.update(c, pack.biasArray(), i * N, pack.biasGradientArray(), i * N, moments[6], moments[7],
                            i * N, N);
                }
            }
            if (t == 0) {
                pack.deactivate(0);
            }
        }
        assertSame(alone, pack, 2);
    }

    /** In sparse-input mode the scattered and the vectorised computation of h give the same bits. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scatteredAndVectorisedHiddenAgreeBitForBit(ModelKind kind, boolean sparse) {
        if (!sparse) {
            return;
        }
        JavaToyModel scatter = new JavaToyModel(kind, 1, B, N, M, true,
                JavaKernelOptions.DEFAULT.withDenseHiddenBelow(0));
        JavaToyModel dense = new JavaToyModel(kind, 1, B, N, M, true,
                JavaKernelOptions.DEFAULT.withDenseHiddenBelow(Integer.MAX_VALUE));
        ModelFixtures.Problem p = ModelFixtures.problem(kind, N, M, B, 31337, 1e-3);
        double[] ls = new double[1];
        double[] ld = new double[1];
        for (JavaToyModel model : new JavaToyModel[] {scatter, dense}) {
            model.setParams(0, p.w(), p.b());
            model.setImportance(0, p.importance());
            model.setInput(0, p.x());
        }
        scatter.forwardBackward(ls);
        dense.forwardBackward(ld);
        assertEquals(Double.doubleToRawLongBits(ls[0]), Double.doubleToRawLongBits(ld[0]), "loss");
        double[][] gs = scatter.weightGradient(0);
        double[][] gd = dense.weightGradient(0);
        for (int f = 0; f < N; f++) {
            for (int k = 0; k < M; k++) {
                assertEquals(Double.doubleToRawLongBits(gs[f][k]), Double.doubleToRawLongBits(gd[f][k]), "dW[" + f + "][" + k + "]");
            }
        }
    }

    private static void assertSame(JavaToyModel alone, JavaToyModel pack, int slot) {
        double[][] wa = alone.weights(0);
        double[][] wp = pack.weights(slot);
        double[] ba = alone.bias(0);
        double[] bp = pack.bias(slot);
        for (int f = 0; f < N; f++) {
            for (int k = 0; k < M; k++) {
                assertEquals(Double.doubleToRawLongBits(wa[f][k]), Double.doubleToRawLongBits(wp[f][k]), "W[" + f + "][" + k + "]");
            }
            assertEquals(Double.doubleToRawLongBits(ba[f]), Double.doubleToRawLongBits(bp[f]), "b[" + f + "]");
        }
    }
}
