package org.tmssweep.spark.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import org.tmssweep.core.config.InitScheme;
import org.tmssweep.core.config.LrSchedule;
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

    /** @return RSS in MB after each tenth (11 samples, the first before training) */
    public static long[] run(int models, int steps, LongConsumer progress) {
        TrainConfig cfg = new TrainConfig(steps, 1024, 1e-3, 0.01, 0.9, 0.999, 1e-8, LrSchedule.CONSTANT,
                InitScheme.NOTEBOOK, 20, 256);
        Trainer trainer = new Trainer();
        long[] rss = new long[11];
        rss[0] = Rss.megabytes();
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
                rss[next++] = Rss.megabytes();
                progress.accept(done);
            }
        }
        return rss;
    }
}
