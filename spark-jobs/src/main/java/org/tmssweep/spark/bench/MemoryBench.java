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
 * Trains {@code models} consecutive small models (n=20, m=5, packs of 20, alternating dense and sparse
 * inputs) through {@link Trainer#train} in this JVM and samples the process RSS after every tenth of
 * them: native memory must stay flat.
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
            double[] prob = new double[20];
            Arrays.fill(prob, (done / 20) % 2 == 0 ? 0.3 : 0.01);
            double[] imp = new double[20];
            Arrays.fill(imp, 1.0);
            List<ModelSpec> pack = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                pack.add(new ModelSpec(ModelKind.RELU_OUTPUT, 20, 5, prob, imp, cfg, seed++));
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
