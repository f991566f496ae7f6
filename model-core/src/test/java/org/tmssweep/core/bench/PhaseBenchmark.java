package org.tmssweep.core.bench;

import java.util.Arrays;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.data.SparseSampler;
import org.tmssweep.core.model.Nd4jToyModel;
import org.tmssweep.core.rng.Rng;
import org.tmssweep.core.train.AdamW;
import org.tmssweep.core.train.Trainer;

/** Not a test: per-phase timing of one training step. Usage: {@code PhaseBenchmark instances steps}. */
public final class PhaseBenchmark {
    private PhaseBenchmark() {
    }

    public static void main(String[] args) {
        int instances = Integer.parseInt(args[0]);
        int steps = Integer.parseInt(args[1]);
        int n = 20;
        int m = 5;
        int batch = 1024;
        Trainer.useOneNativeThread();
        Nd4jToyModel model = new Nd4jToyModel(ModelKind.RELU_OUTPUT, instances, batch, n, m);
        SparseSampler[] samplers = new SparseSampler[instances];
        Rng[] rngs = new Rng[instances];
        Rng init = new Rng(1);
        for (int i = 0; i < instances; i++) {
            double[] p = new double[n];
            Arrays.fill(p, instances == 1 ? 1.0 : Math.pow(20, -(double) i / (instances - 1)));
            samplers[i] = new SparseSampler(p);
            rngs[i] = new Rng(i);
            float[] w = new float[n * m];
            for (int j = 0; j < w.length; j++) {
                w[j] = (float) (0.3 * init.nextGaussian());
            }
            model.setParams(i, w, new float[n]);
        }
        AdamW adam = new AdamW(0.01, 0.9, 0.999, 1e-8);
        double[] mw = new double[instances * n * m];
        double[] vw = new double[instances * n * m];
        double[] mb = new double[instances * n];
        double[] vb = new double[instances * n];
        double[] loss = new double[instances];
        for (int rep = 0; rep < 3; rep++) {
            long tSample = 0;
            long tFb = 0;
            long tAdam = 0;
            for (int s = 0; s < steps; s++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < instances; i++) {
                    samplers[i].fillFeatureMajor(rngs[i], model.input(), model.inputOffset(i), batch);
                }
                long t1 = System.nanoTime();
                model.forwardBackward(loss);
                long t2 = System.nanoTime();
                AdamW.StepConstants c = adam.constants(s + 1, 1e-3);
                for (int i = 0; i < instances; i++) {
                    adam.update(c, model.weightBuffer(), i * n * m, model.weightGradientBuffer(), i * n * m, mw, vw,
                            i * n * m, n * m);
                    adam.update(c, model.biasArray(), i * n, model.biasGradientArray(), i * n, mb, vb, i * n, n);
                }
                long t3 = System.nanoTime();
                tSample += t1 - t0;
                tFb += t2 - t1;
                tAdam += t3 - t2;
            }
            double d = 1e3 * steps * instances;
            System.out.printf("I=%d: sample %.1f  fwd/bwd %.1f  adam %.1f  total %.1f us/model-step%n", instances,
                    tSample / d, tFb / d, tAdam / d, (tSample + tFb + tAdam) / d);
        }
    }
}
