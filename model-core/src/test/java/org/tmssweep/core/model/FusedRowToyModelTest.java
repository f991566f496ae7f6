package org.tmssweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tmssweep.core.Tolerances;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.rng.Rng;
import org.tmssweep.core.train.AdamW;

/**
 * The fused-row model beyond the contract, in both layouts: skipping the rows whose outputs are provably off
 * and fusing the m = 2 passes change no bit; batches and feature sets of several lane blocks (the last one
 * partial) give the gradient of the double-precision reference; a packed instance computes the same bits as the
 * instance alone.
 */
class FusedRowToyModelTest {
    /** Density of the random sparse inputs. */
    static final double DENSITY = 0.15;

    static List<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        int[][] sizes = {{40, 2, 600}, {30, 3, 70}, {25, 1, 5}, {20, 2, 1}, {12, 2, 257}, {300, 2, 9}, {260, 3, 4}};
        for (ModelKind kind : ModelKind.values()) {
            if (!kind.untied()) {
                for (int[] s : sizes) {
                    for (FusedRowToyModel.Layout layout : List.of(FusedRowToyModel.Layout.FEATURE_ROWS,
                            FusedRowToyModel.Layout.SAMPLES)) {
                        out.add(Arguments.of(kind, s[0], s[1], s[2], layout));
                    }
                }
            }
        }
        return out;
    }

    /** A random problem with sparse non-negative inputs (ABS-free kinds) as [B][n] rows. */
    record Problem(double[][] w, double[] b, double[] importance, double[][] x) {
    }

    /**
     * W ~ N(0, 0.5^2), inputs non-zero with probability {@link #DENSITY}, uniform on [0, 1); every third row's
     * bias below minus its bound on |z| (all its outputs off, so the kernel may skip it), the others
     * N(0, 0.3^2) (mixed rows; for a linear output every row is computed).
     */
    static Problem problem(ModelKind kind, int n, int m, int batch, long seed) {
        Rng rng = new Rng(seed);
        double[][] w = new double[n][m];
        double[] b = new double[n];
        double[] imp = new double[n];
        double[][] x = new double[batch][n];
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < m; k++) {
                w[f][k] = (float) (0.5 * rng.nextGaussian());
            }
            imp[f] = (float) (0.2 + rng.nextDouble());
        }
        double[] hMax = new double[m];
        for (double[] row : x) {
            for (int f = 0; f < n; f++) {
                row[f] = rng.nextDouble() < DENSITY ? (float) rng.nextDouble() : 0.0;
            }
            for (int k = 0; k < m; k++) {
                double h = 0;
                for (int f = 0; f < n; f++) {
                    h += row[f] * w[f][k];
                }
                hMax[k] = Math.max(hMax[k], Math.abs(h));
            }
        }
        for (int f = 0; f < n; f++) {
            double bound = 0;
            for (int k = 0; k < m; k++) {
                bound += Math.abs(w[f][k]) * hMax[k];
            }
            b[f] = (float) (f % 3 == 0 ? -1.01 * bound - 0.01 : 0.3 * rng.nextGaussian());
        }
        return new Problem(w, b, imp, x);
    }

    static FusedRowToyModel load(ModelKind kind, Problem p, FusedRowToyModel.Options options) {
        int n = p.w().length;
        FusedRowToyModel model = new FusedRowToyModel(kind, 1, p.x().length, n, p.w()[0].length, options);
        model.setParams(0, p.w(), p.b());
        model.setImportance(0, p.importance());
        model.setInput(0, p.x());
        return model;
    }

    static void assertSameBits(FusedRowToyModel expected, FusedRowToyModel actual, int n, int m, String what) {
        double[] le = new double[1];
        double[] la = new double[1];
        expected.forwardBackward(le);
        actual.forwardBackward(la);
        assertEquals(Double.doubleToRawLongBits(le[0]), Double.doubleToRawLongBits(la[0]), what + ": loss");
        double[][] ge = expected.weightGradient(0);
        double[][] ga = actual.weightGradient(0);
        double[] be = expected.biasGradient(0);
        double[] ba = actual.biasGradient(0);
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < m; k++) {
                assertEquals(Double.doubleToRawLongBits(ge[f][k]), Double.doubleToRawLongBits(ga[f][k]),
                        what + ": dW[" + f + "][" + k + "]");
            }
            assertEquals(Double.doubleToRawLongBits(be[f]), Double.doubleToRawLongBits(ba[f]), what + ": db[" + f + "]");
        }
    }

    @ParameterizedTest(name = "{0} n={1} m={2} B={3} {4}")
    @MethodSource("shapes")
    void skippingAndFusingChangeNoBit(ModelKind kind, int n, int m, int batch, FusedRowToyModel.Layout layout) {
        Problem p = problem(kind, n, m, batch, 31L * n + m + batch + kind.ordinal());
        FusedRowToyModel plain = load(kind, p, FusedRowToyModel.Options.PLAIN.withLayout(layout));
        FusedRowToyModel fast = load(kind, p, FusedRowToyModel.Options.DEFAULT.withLayout(layout));
        assertSameBits(plain, fast, n, m, "default");
        assertSameBits(plain, load(kind, p, new FusedRowToyModel.Options(true, false, layout)), n, m, "skip only");
        assertSameBits(plain, load(kind, p, new FusedRowToyModel.Options(false, true, layout)), n, m, "fused only");
        assertEquals(0, plain.skippedRows(), "the plain route skips nothing");
        if (layout == FusedRowToyModel.Layout.SAMPLES) {
            assertEquals(0, fast.skippedRows(), "walked by samples, no row is skipped");
        } else if (kind.reluOutput()) {
            assertTrue(fast.skippedRows() >= (n + 2) / 3, "every third row is off and skipped: " + fast.skippedRows());
        } else {
            assertEquals(0, fast.skippedRows(), "a linear output is never off");
        }
    }

    @ParameterizedTest(name = "{0} n={1} m={2} B={3} {4}")
    @MethodSource("shapes")
    void lossAndGradientAreTheReferences(ModelKind kind, int n, int m, int batch, FusedRowToyModel.Layout layout) {
        Problem p = problem(kind, n, m, batch, 97L * n + m + batch + kind.ordinal());
        FusedRowToyModel model = load(kind, p, FusedRowToyModel.Options.DEFAULT.withLayout(layout));
        double[] loss = new double[1];
        model.forwardBackward(loss);
        ReferenceToyModel.Gradient ref = new ReferenceToyModel(kind, p.w(), p.b()).lossAndGradient(p.x(), p.importance());
        assertTrue(Tolerances.relErr(loss[0], ref.loss(), 0) < Tolerances.F32, "loss " + loss[0] + " vs " + ref.loss());
        double scale = 1e-12;
        for (int f = 0; f < n; f++) {
            scale = Math.max(scale, Math.abs(ref.db()[f]));
            for (int k = 0; k < m; k++) {
                scale = Math.max(scale, Math.abs(ref.dw()[f][k]));
            }
        }
        double[][] dw = model.weightGradient(0);
        double[] db = model.biasGradient(0);
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < m; k++) {
                assertEquals(ref.dw()[f][k], dw[f][k], Tolerances.F32_GRAD * scale, "dW[" + f + "][" + k + "]");
            }
            assertEquals(ref.db()[f], db[f], Tolerances.F32_GRAD * scale, "db[" + f + "]");
        }
    }

    @ParameterizedTest(name = "{0} n={1} m={2} B={3} {4}")
    @MethodSource("shapes")
    void packedInstanceMatchesItselfAloneBitForBit(ModelKind kind, int n, int m, int batch,
            FusedRowToyModel.Layout layout) {
        int steps = 3;
        Problem p = problem(kind, n, m, batch, 4242);
        FusedRowToyModel.Options options = FusedRowToyModel.Options.DEFAULT.withLayout(layout);
        FusedRowToyModel alone = load(kind, p, options);
        FusedRowToyModel pack = new FusedRowToyModel(kind, 4, batch, n, m, options);
        for (int i = 0; i < 4; i++) {
            Problem q = i == 2 ? p : problem(kind, n, m, batch, 900 + i);
            pack.setParams(i, q.w(), q.b());
            pack.setImportance(i, q.importance());
            pack.setInput(i, q.x());
        }
        AdamW adam = new AdamW(0.01, 0.9, 0.999, 1e-8);
        int wl = n * m;
        double[][] moments = new double[8][4 * wl];
        double[] lossAlone = new double[1];
        double[] lossPack = new double[4];
        for (int t = 0; t < steps; t++) {
            alone.forwardBackward(lossAlone);
            pack.forwardBackward(lossPack);
            assertEquals(Double.doubleToRawLongBits(lossAlone[0]), Double.doubleToRawLongBits(lossPack[2]), "loss, step " + t);
            AdamW.StepConstants c = adam.constants(t + 1, 1e-2);
            adam.update(c, alone.weightBuffer(), 0, alone.weightGradientBuffer(), 0, moments[0], moments[1], 0, wl);
            adam.update(c, alone.biasArray(), 0, alone.biasGradientArray(), 0, moments[2], moments[3], 0, n);
            for (int i = 0; i < 4; i++) {
                if (pack.isActive(i)) {
                    adam.update(c, pack.weightBuffer(), i * wl, pack.weightGradientBuffer(), i * wl, moments[4],
                            moments[5], i * wl, wl);
                    adam.update(c, pack.biasArray(), i * n, pack.biasGradientArray(), i * n, moments[6], moments[7],
                            i * n, n);
                }
            }
            if (t == 0) {
                pack.deactivate(0);
            }
        }
        double[][] wa = alone.weights(0);
        double[][] wp = pack.weights(2);
        double[] ba = alone.bias(0);
        double[] bp = pack.bias(2);
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < m; k++) {
                assertEquals(Double.doubleToRawLongBits(wa[f][k]), Double.doubleToRawLongBits(wp[f][k]),
                        "W[" + f + "][" + k + "]");
            }
            assertEquals(Double.doubleToRawLongBits(ba[f]), Double.doubleToRawLongBits(bp[f]), "b[" + f + "]");
        }
    }

    @Test
    void lanesAreTheSmallestPowerOfTwoCoveringTheBatchUpTo256() {
        assertEquals(1, FusedRowToyModel.lanes(1));
        assertEquals(4, FusedRowToyModel.lanes(3));
        assertEquals(128, FusedRowToyModel.lanes(100));
        assertEquals(256, FusedRowToyModel.lanes(256));
        assertEquals(256, FusedRowToyModel.lanes(2000));
    }

    @Test
    void trainingWalksBySamplesIffTheBatchIsAtMostHalfTheFeatures() {
        assertTrue(FusedRowToyModel.Layout.BY_SHAPE.samples(500, 1000));
        assertTrue(FusedRowToyModel.Layout.BY_SHAPE.samples(3, 1000));
        assertFalse(FusedRowToyModel.Layout.BY_SHAPE.samples(501, 1000));
        assertFalse(FusedRowToyModel.Layout.BY_SHAPE.samples(2000, 1000));
        assertFalse(FusedRowToyModel.Layout.FEATURE_ROWS.samples(3, 1000));
        assertTrue(FusedRowToyModel.Layout.SAMPLES.samples(2000, 1000));
    }

    @Test
    void theUntiedModelIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FusedRowToyModel(ModelKind.ABS, 1, 4, 3, 2));
        assertTrue(e.getMessage().contains("kind"), e.getMessage());
    }
}
