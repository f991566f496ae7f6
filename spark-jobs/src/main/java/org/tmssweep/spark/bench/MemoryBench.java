package org.tmssweep.spark.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import org.tmssweep.core.config.InitScheme;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.train.Trainer;

/**
 * Trains {@code models} consecutive small models (packs of 20) through {@link Trainer#train} in this JVM
 * and samples the process RSS after every tenth of them: native memory must stay flat. The packs
 * alternate between n=20, m=5 (the plain-Java kernel) and n=40, m=20 (ND4J's batched products and
 * native buffers), each with dense and with sparse inputs in turn.
 */
public final class MemoryBench {
    private MemoryBench() {
    }

    /**
     * MB at each sample (11: before training, then after each tenth): the process RSS and what the JVM has
     * committed for its heap, which can grow after earlier work in the same JVM (the bench's other cases)
     * without any leak, so RSS growth that the heap explains is not native memory. (JavaCPP's
     * {@code Pointer.totalBytes()} does not count ND4J's buffers, so it cannot stand in for them.)
     */
    public record Trace(long[] rss, long[] heap) {
    }

    private static void sample(Trace t, int i) {
        t.rss()[i] = Rss.megabytes();
        t.heap()[i] = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 20;
    }

    /** @return the samples after each tenth (11, the first before training) */
    public static Trace run(int models, int steps, LongConsumer progress) {
        TrainConfig cfg = TrainConfig.builder().steps(steps).batchSize(1024).lr(1e-3).init(InitScheme.NOTEBOOK)
                .notebookInstances(20).evalSamples(256).build();
        Trainer trainer = new Trainer();
        Trace trace = new Trace(new long[11], new long[11]);
        sample(trace, 0);
        int done = 0;
        int next = 1;
        long seed = 0;
        while (done < models) {
            int size = Math.min(20, models - done);
            int packIndex = done / 20;
            boolean nd4j = packIndex % 2 == 1;
            int n = nd4j ? 40 : 20;
            int m = nd4j ? 20 : 5;
            double[] prob = new double[n];
            Arrays.fill(prob, (packIndex / 2) % 2 == 0 ? 0.3 : 0.01);
            double[] imp = new double[n];
            Arrays.fill(imp, 1.0);
            List<ModelSpec> pack = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                pack.add(new ModelSpec(ModelKind.RELU_OUTPUT, n, m, prob, imp, cfg, seed++));
            }
            trainer.train(pack);
            done += size;
            while (next <= 10 && done >= (long) models * next / 10) {
                sample(trace, next++);
                progress.accept(done);
            }
        }
        return trace;
    }
}
