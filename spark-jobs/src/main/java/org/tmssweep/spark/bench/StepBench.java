package org.tmssweep.spark.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tmssweep.core.config.InitScheme;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.data.SparseSampler;
import org.tmssweep.core.model.ReferenceToyModel;
import org.tmssweep.core.rng.Rng;
import org.tmssweep.core.train.PackRun;
import org.tmssweep.core.train.Trainer;

/**
 * Times the production training step ({@link PackRun#step}: sample, forward/backward, AdamW) of one
 * pack of identical-shape ReLU-output models, and, in the same run, two yardsticks: a single-thread
 * ND4J SGEMM of the same FLOP count as one step's output product, and the plain-Java
 * {@link ReferenceToyModel} (double) doing one model's forward/backward on one batch.
 */
public final class StepBench {
    /** One benchmark case: a pack of {@code instances} models n x m at sparsity S (density 1 - S). */
    public record Case(String name, int nFeatures, int nHidden, int batch, int instances, double sparsity) {
    }

    /** The standard cases (docs/performance.md, "Measuring"). */
    public static final List<Case> CASES = List.of(
            new Case("n20_m5_s0.9_i20", 20, 5, 1024, 20, 0.9),
            new Case("n5_m2_s0.9_i20", 5, 2, 1024, 20, 0.9),
            new Case("n2_m1_s0.9_i400", 2, 1, 1024, 400, 0.9),
            new Case("n400_m30_s0.99_i4", 400, 30, 1024, 4, 0.99),
            new Case("n1000_m100_s0.999_i1", 1000, 100, 1024, 1, 0.999));

    private StepBench() {
    }

    /** Nominal dense FLOPs of one model-step: five B x n x m products (h, z, g, dz^T h, x^T g), 2 FLOP per MAC. */
    public static double denseFlops(Case c) {
        return 10.0 * c.batch() * c.nFeatures() * c.nHidden();
    }

    static List<ModelSpec> specs(Case c) {
        TrainConfig cfg = TrainConfig.builder().steps(1_000_000).batchSize(c.batch()).lr(1e-3)
                .init(InitScheme.NOTEBOOK).notebookInstances(Math.max(1, c.instances())).evalSamples(1024).build();
        double[] prob = new double[c.nFeatures()];
        Arrays.fill(prob, 1 - c.sparsity());
        double[] imp = new double[c.nFeatures()];
        for (int f = 0; f < imp.length; f++) {
            imp[f] = Math.pow(0.7, f);
        }
        List<ModelSpec> out = new ArrayList<>();
        for (int i = 0; i < c.instances(); i++) {
            out.add(new ModelSpec(ModelKind.RELU_OUTPUT, c.nFeatures(), c.nHidden(), prob, imp, cfg, 1000 + i));
        }
        return out;
    }

    /** Microseconds per model-step, medians over the repeats: thread CPU time and wall time. */
    public record Timing(double cpuMicros, double wallMicros) {
    }

    /**
     * Times {@code repeats} runs of {@code steps} steps each after a warm-up of at least
     * {@code minWarmupSteps} steps and {@code warmupCpuMillis} of CPU time. CPU time is the
     * calling thread's (ND4J runs on it: one native thread), so it is the cost per core even when the
     * host is oversubscribed; wall time includes time spent waiting for a core.
     */
    public static Timing stepMicros(Case c, int minWarmupSteps, long warmupCpuMillis, int steps, int repeats) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Trainer.useOneNativeThread();
        List<ModelSpec> specs = specs(c);
        try (PackRun run = new PackRun(specs, Trainer.useSparseInput(specs.get(0)))) {
            int t = 0;
            long warmEnd = mx.getCurrentThreadCpuTime() + warmupCpuMillis * 1_000_000L;
            while (t < minWarmupSteps || mx.getCurrentThreadCpuTime() < warmEnd) { // until JIT-compiled
                run.step(t++);
            }
            double[] cpu = new double[repeats];
            double[] wall = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    run.step(t++);
                }
                wall[r] = (System.nanoTime() - t0) / 1e3 / steps / c.instances();
                cpu[r] = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / steps / c.instances();
            }
            return new Timing(median(cpu), median(wall));
        }
    }

    /**
     * Single-thread SGEMM rate (GFLOP/s of thread CPU time, median) of ND4J/OpenBLAS on C[n, B*I] = A[n, m] X[m, B*I], the
     * output product of one pack step done as one call.
     */
    public static double sgemmGflops(Case c, int repeats) {
        Trainer.useOneNativeThread();
        long cols = (long) c.batch() * c.instances();
        INDArray a = Nd4j.rand(DataType.FLOAT, c.nFeatures(), c.nHidden());
        INDArray x = Nd4j.rand(DataType.FLOAT, c.nHidden(), cols);
        INDArray out = Nd4j.create(DataType.FLOAT, c.nFeatures(), cols);
        double flops = 2.0 * c.nFeatures() * c.nHidden() * cols;
        int calls = (int) Math.max(3, Math.min(200, 2e8 / flops));
        for (int i = 0; i < calls; i++) {
            Nd4j.gemm(a, x, out, false, false, 1.0, 0.0);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] g = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                Nd4j.gemm(a, x, out, false, false, 1.0, 0.0);
            }
            g[r] = flops * calls / (mx.getCurrentThreadCpuTime() - t0);
        }
        for (INDArray arr : new INDArray[] {a, x, out}) {
            arr.close();
        }
        return median(g);
    }

    /**
     * Median thread-CPU microseconds of one model-step of the plain-Java reference: sampling one batch
     * and its forward/backward (no optimiser), after at least three warm-up batches and
     * {@code warmupCpuMillis} of CPU time.
     */
    public static double referenceMicros(Case c, int repeats, long warmupCpuMillis) {
        ModelSpec spec = specs(c).get(0);
        int n = c.nFeatures();
        int m = c.nHidden();
        float[] w0 = Trainer.initialWeights(spec);
        double[][] w = new double[n][m];
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < m; k++) {
                w[f][k] = w0[f * m + k];
            }
        }
        SparseSampler sampler = new SparseSampler(spec.probability());
        Rng rng = new Rng(7);
        float[] buf = new float[c.batch() * n];
        double[][] x = new double[c.batch()][n];
        double[] us = new double[repeats];
        double sink = 0;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long warmEnd = mx.getCurrentThreadCpuTime() + warmupCpuMillis * 1_000_000L;
        int warm = 0;
        for (int r = -1; r < repeats; r++) {
            if (r == 0 && (warm++ < 2 || mx.getCurrentThreadCpuTime() < warmEnd)) {
                r = -1; // untimed warm-up batches until JIT-compiled
            }
            long t0 = mx.getCurrentThreadCpuTime();
            sampler.fillRowMajor(rng, buf, 0, c.batch());
            for (int s = 0; s < c.batch(); s++) {
                for (int f = 0; f < n; f++) {
                    x[s][f] = buf[s * n + f];
                }
            }
            ReferenceToyModel ref = new ReferenceToyModel(spec.kind(), w, new double[n]);
            sink += ref.lossAndGradient(x, spec.importance()).loss();
            if (r >= 0) {
                us[r] = (mx.getCurrentThreadCpuTime() - t0) / 1e3;
            }
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("reference produced NaN");
        }
        return median(us);
    }

    /** Median of v (v itself is left as it is). */
    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int k = s.length;
        return k % 2 == 1 ? s[k / 2] : 0.5 * (s[k / 2 - 1] + s[k / 2]);
    }
}
