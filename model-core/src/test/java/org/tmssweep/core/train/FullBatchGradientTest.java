package org.tmssweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tmssweep.core.RequiresNd4jNatives;
import org.tmssweep.core.config.DatasetConfig;
import org.tmssweep.core.config.DatasetNormalization;
import org.tmssweep.core.config.FeatureSets;
import org.tmssweep.core.config.LossNormalization;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.data.FiniteDataset;
import org.tmssweep.core.model.PackedModel;
import org.tmssweep.core.model.ReferenceToyModel;
import org.tmssweep.core.rng.Rng;

/**
 * Full-batch training computes the gradient of the loss over the whole training set: for every kernel
 * PackRun routes a dataset model to (Java and ND4J in dense-input mode, the fused-row model in sparse-input
 * mode, the general model through the L1 penalty), the kernel's loss and gradients after one forward/backward
 * pass on the training set match
 * the loss written out below in double and its central differences; so do ReferenceToyModel's. Under
 * FEATURE_SUM the loss is Henighan et al.'s (1/T) sum_i ||x_i - x'_i||^2 (+ the penalty), under MEAN that
 * over n.
 */
class FullBatchGradientTest {
    /** Central-difference step, in double. */
    static final double FD_STEP = 1e-6;
    /** float32 kernel gradients against the double central differences, relative to the largest entry. */
    static final double KERNEL_GRAD_REL = 1e-5;
    /** float32 kernel loss against the double definition, relative. */
    static final double KERNEL_LOSS_REL = 1e-5;
    /**
     * ReferenceToyModel's double gradient against the central differences, relative to the largest entry: the
     * differences' rounding error is about 1e-16 L / FD_STEP, below 1e-8 for these losses.
     */
    static final double REFERENCE_GRAD_REL = 1e-7;
    /** Two double evaluations of the same sum in different orders. */
    static final double DOUBLE_REL = 1e-12;
    /** Every pre-activation stays this far from the output ReLU's kink (and every h from |h|'s), so FD is smooth. */
    static final double KINK_MARGIN = 1e-3;

    /** The training loss written out: (scale / T) sum_i sum_f (x_if - ReLU(W_f . h_i + b_f))^2 + l1/T sum_i |h_i|_1. */
    private static double loss(double[][] x, double[][] w, double[] b, double scale, double l1) {
        int n = w.length;
        int m = w[0].length;
        double sum = 0;
        double penalty = 0;
        for (double[] xi : x) {
            double[] h = new double[m];
            for (int f = 0; f < n; f++) {
                for (int k = 0; k < m; k++) {
                    h[k] += xi[f] * w[f][k];
                }
            }
            for (int f = 0; f < n; f++) {
                double z = b[f];
                for (int k = 0; k < m; k++) {
                    z += w[f][k] * h[k];
                }
                double d = xi[f] - Math.max(z, 0);
                sum += d * d;
            }
            for (double hk : h) {
                penalty += Math.abs(hk);
            }
        }
        return scale * sum / x.length + l1 * penalty / x.length;
    }

    /** Smallest |z| and |h| over the points: the distance to the nearest kink. */
    private static double margin(double[][] x, double[][] w, double[] b) {
        double min = Double.POSITIVE_INFINITY;
        for (double[] xi : x) {
            ReferenceToyModel ref = new ReferenceToyModel(ModelKind.RELU_OUTPUT, w, b);
            for (double z : ref.preActivation(xi)) {
                min = Math.min(min, Math.abs(z));
            }
            for (double h : ref.hidden(xi)) {
                min = Math.min(min, Math.abs(h));
            }
        }
        return min;
    }

    @ParameterizedTest(name = "n={0} m={1} p={2} T={3} l1={4} {5} {6}")
    @CsvSource({
        "12, 3, 0.3, 40, 0, FEATURE_SUM, JavaToyModel",       // dense input
        "12, 3, 0.05, 40, 0, FEATURE_SUM, FusedRowToyModel",  // sparse input
        "120, 6, 0.2, 30, 0, FEATURE_SUM, Nd4jToyModel",      // dense input
        "120, 6, 0.05, 30, 0, FEATURE_SUM, FusedRowToyModel", // sparse input
        "12, 3, 0.3, 40, 0.01, FEATURE_SUM, Nd4jGeneralModel", // the penalty
        "12, 3, 0.05, 40, 0, MEAN, FusedRowToyModel"})
    void kernelGradientIsTheFullBatchGradient(int n, int m, double p, int size, double l1, LossNormalization norm,
            String kernel) {
        TrainConfig cfg = TrainConfig.builder().steps(10).l1(l1).lossNormalization(norm)
                .dataset(new DatasetConfig(size, 10, DatasetNormalization.UNIT, 0)).build();
        double[] prob = new double[n];
        Arrays.fill(prob, p);
        double[] imp = new double[n];
        Arrays.fill(imp, 1.0);
        ModelSpec spec = new ModelSpec(ModelKind.RELU_OUTPUT, n, m, prob, imp, cfg, 3, FeatureSets.NONE, 41);
        assertEquals(kernel.startsWith("Nd4j"), Trainer.usesNd4j(spec), "Trainer.usesNd4j names the kernel's library");
        RequiresNd4jNatives.Condition.assumeFor(Trainer.usesNd4j(spec));
        double[][] x = new double[size][];
        FiniteDataset data = FiniteDataset.training(spec);
        for (int i = 0; i < size; i++) {
            x[i] = data.dense(i);
        }
        // W, b drawn until every pre-activation (and h) is KINK_MARGIN from a kink
        double[][] w = new double[n][m];
        double[] b = new double[n];
        Rng rng = new Rng(5);
        do {
            for (int f = 0; f < n; f++) {
                for (int k = 0; k < m; k++) {
                    w[f][k] = (float) (0.5 * rng.nextGaussian());
                }
                b[f] = (float) (0.4 * rng.nextDouble() - 0.2);
            }
        } while (margin(x, w, b) < KINK_MARGIN);
        double scale = norm.importanceScale(n) / n;

        float[] wFlat = new float[n * m];
        float[] bFloat = new float[n];
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < m; k++) {
                wFlat[f * m + k] = (float) w[f][k];
            }
            bFloat[f] = (float) b[f];
        }
        double[] kernelLoss = new double[1];
        double[][] dw = new double[n][m];
        double[] db = new double[n];
        try (PackRun run = new PackRun(List.of(spec), Trainer.useSparseInput(spec))) {
            PackedModel model = run.model();
            assertEquals(kernel, model.getClass().getSimpleName(), "the kernel PackRun picks");
            model.setParams(0, wFlat, bFloat);
            run.sample();
            model.forwardBackward(kernelLoss);
            FloatBuffer g = model.weightGradientBuffer();
            for (int f = 0; f < n; f++) {
                for (int k = 0; k < m; k++) {
                    dw[f][k] = g.get(f * m + k);
                }
                db[f] = model.biasGradientArray()[f];
            }
        }
        double expectedLoss = loss(x, w, b, scale, l1);
        assertTrue(Math.abs(kernelLoss[0] - expectedLoss) <= KERNEL_LOSS_REL * expectedLoss,
                "kernel loss " + kernelLoss[0] + " vs " + expectedLoss);
        assertEquals(expectedLoss, Trainer.datasetLoss(spec, w, null, b, data), DOUBLE_REL * expectedLoss,
                "Trainer.datasetLoss is the same loss");

        ReferenceToyModel.Gradient ref = new ReferenceToyModel(ModelKind.RELU_OUTPUT, w, null, b, l1)
                .lossAndGradient(x, spec.lossImportance());
        assertEquals(expectedLoss, ref.loss(), DOUBLE_REL * expectedLoss, "reference loss");
        double[][] fdW = new double[n][m];
        double[] fdB = new double[n];
        double largest = 0;
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < m; k++) {
                double keep = w[f][k];
                w[f][k] = keep + FD_STEP;
                double plus = loss(x, w, b, scale, l1);
                w[f][k] = keep - FD_STEP;
                double minus = loss(x, w, b, scale, l1);
                w[f][k] = keep;
                fdW[f][k] = (plus - minus) / (2 * FD_STEP);
                largest = Math.max(largest, Math.abs(fdW[f][k]));
            }
            double keep = b[f];
            b[f] = keep + FD_STEP;
            double plus = loss(x, w, b, scale, l1);
            b[f] = keep - FD_STEP;
            double minus = loss(x, w, b, scale, l1);
            b[f] = keep;
            fdB[f] = (plus - minus) / (2 * FD_STEP);
            largest = Math.max(largest, Math.abs(fdB[f]));
        }
        assertTrue(largest > 0, "some gradient is non-zero");
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < m; k++) {
                assertEquals(fdW[f][k], dw[f][k], KERNEL_GRAD_REL * largest, "kernel dW[" + f + "][" + k + "]");
                assertEquals(fdW[f][k], ref.dw()[f][k], REFERENCE_GRAD_REL * largest, "reference dW[" + f + "][" + k + "]");
            }
            assertEquals(fdB[f], db[f], KERNEL_GRAD_REL * largest, "kernel db[" + f + "]");
            assertEquals(fdB[f], ref.db()[f], REFERENCE_GRAD_REL * largest, "reference db[" + f + "]");
        }
    }
}
