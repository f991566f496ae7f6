package org.tmssweep.core.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tmssweep.core.config.InitScheme;
import org.tmssweep.core.config.LrSchedule;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.train.TrainedModel;
import org.tmssweep.core.train.Trainer;

/**
 * Not a test: a manual timing harness. Usage: {@code TrainBenchmark instances steps [n m kind]}.
 * Trains one pack of ReLU-output models (importance 0.7^i, densities 20^-linspace(0,1,I)) and prints
 * microseconds per model-step.
 */
public final class TrainBenchmark {
    private TrainBenchmark() {
    }

    public static void main(String[] args) {
        int instances = Integer.parseInt(args[0]);
        int steps = Integer.parseInt(args[1]);
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int m = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        ModelKind kind = args.length > 4 ? ModelKind.parse(args[4]) : ModelKind.RELU_OUTPUT;
        int repeats = args.length > 5 ? Integer.parseInt(args[5]) : 2;
        TrainConfig cfg = new TrainConfig(steps, 1024, 1e-3, 0.01, 0.9, 0.999, 1e-8, LrSchedule.CONSTANT,
                InitScheme.NOTEBOOK, instances, 16_384);
        List<ModelSpec> pack = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            double p = instances == 1 ? 1.0 : Math.pow(20, -(double) i / (instances - 1));
            double[] prob = new double[n];
            double[] imp = new double[n];
            Arrays.fill(prob, p);
            for (int f = 0; f < n; f++) {
                imp[f] = Math.pow(0.7, f);
            }
            pack.add(new ModelSpec(kind, n, m, prob, imp, cfg, 1000 + i));
        }
        Trainer trainer = new Trainer();
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            List<TrainedModel> out = trainer.train(pack);
            long t1 = System.nanoTime();
            System.out.printf("I=%d steps=%d n=%d m=%d %s: wall %.2f s, %.1f us/model-step, loss[0]=%.6f loss[last]=%.6f%n",
                    instances, steps, n, m, kind.specName(), (t1 - t0) / 1e9, (t1 - t0) / 1e3 / steps / instances,
                    out.get(0).finalLoss(), out.get(instances - 1).finalLoss());
        }
    }
}
