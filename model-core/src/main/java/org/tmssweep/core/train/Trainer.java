package org.tmssweep.core.train;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.data.SparseSampler;
import org.tmssweep.core.model.Nd4jToyModel;
import org.tmssweep.core.model.ReferenceToyModel;
import org.tmssweep.core.rng.Rng;

/**
 * Trains packs of toy models. A pack is any list of specs sharing one {@link ModelSpec#shapeKey()};
 * it is trained as one batched {@link Nd4jToyModel}, but each model's result depends only on its own
 * spec: its init comes from {@code Rng.derive(seed, "init")}, its data from
 * {@code Rng.derive(seed, "data")}, its evaluation data from {@code Rng.derive(seed, "eval")}, and the
 * batched computation never mixes instances (tested bit-for-bit).
 *
 * <p>Recipe per step t = 0..steps-1: fresh batch for every model, forward/backward, then AdamW with
 * {@code lr * schedule.multiplier(t, steps)}. A model whose training loss becomes non-finite is
 * frozen at that step and reported as {@link TrainStatus#DIVERGED}; the others carry on untouched.
 *
 * <p>Every call pins ND4J to one native thread (one thread per Spark task slot). Stateless and
 * therefore safe to share; {@link #train} may run concurrently in several threads.
 */
public final class Trainer {
    private static final int EVAL_CHUNK = 4096;

    public Trainer() {
    }

    /** Limits ND4J to one native thread for the calling task; idempotent. */
    public static void useOneNativeThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
    }

    /**
     * Trains every spec of the pack in ONE batched computation. All specs must share
     * {@code spec.shapeKey()}, else {@link IllegalArgumentException}. Results in the same order.
     * Pure: depends only on the specs.
     */
    public List<TrainedModel> train(List<ModelSpec> pack) {
        if (pack == null || pack.isEmpty()) {
            throw new IllegalArgumentException("pack: must contain at least one spec");
        }
        ModelSpec.ShapeKey key = pack.get(0).shapeKey();
        for (int i = 1; i < pack.size(); i++) {
            if (!pack.get(i).shapeKey().equals(key)) {
                throw new IllegalArgumentException("pack: all specs must share one shape key, spec " + i
                        + " has " + pack.get(i).shapeKey() + " but spec 0 has " + key);
            }
        }
        useOneNativeThread();
        long start = System.nanoTime();
        int count = pack.size();
        TrainConfig cfg = key.train();
        int n = key.nFeatures();
        int m = key.nHidden();
        int batch = cfg.batchSize();

        double[][][] frozenW = new double[count][][];
        double[][] frozenB = new double[count][];
        List<double[][]> finalW = new ArrayList<>();
        List<double[]> finalB = new ArrayList<>();
        try (Nd4jToyModel model = new Nd4jToyModel(key.kind(), count, batch, n, m)) {
            SparseSampler[] samplers = new SparseSampler[count];
            Rng[] data = new Rng[count];
            for (int i = 0; i < count; i++) {
                ModelSpec spec = pack.get(i);
                model.setParams(i, initialWeights(spec), new float[n]);
                model.setImportance(i, spec.importance());
                samplers[i] = new SparseSampler(spec.probability());
                data[i] = Rng.derive(spec.seed(), "data");
            }
            AdamW adam = AdamW.of(cfg);
            int wLen = n * m;
            double[] mW = new double[count * wLen];
            double[] vW = new double[count * wLen];
            double[] mB = new double[count * n];
            double[] vB = new double[count * n];
            double[] loss = new double[count];
            float[] input = model.input();
            for (int step = 0; step < cfg.steps(); step++) {
                for (int i = 0; i < count; i++) {
                    if (model.isActive(i)) {
                        samplers[i].fillFeatureMajor(data[i], input, model.inputOffset(i), batch);
                    }
                }
                model.forwardBackward(loss);
                AdamW.StepConstants c = adam.constants(step + 1, cfg.lr() * cfg.schedule().multiplier(step, cfg.steps()));
                for (int i = 0; i < count; i++) {
                    if (!model.isActive(i)) {
                        continue;
                    }
                    if (!Double.isFinite(loss[i])) {
                        frozenW[i] = model.weights(i);
                        frozenB[i] = model.bias(i);
                        model.deactivate(i);
                        continue;
                    }
                    adam.update(c, model.weightBuffer(), i * wLen, model.weightGradientBuffer(), i * wLen, mW, vW,
                            i * wLen, wLen);
                    adam.update(c, model.biasArray(), i * n, model.biasGradientArray(), i * n, mB, vB, i * n, n);
                }
            }
            for (int i = 0; i < count; i++) {
                finalW.add(frozenW[i] != null ? frozenW[i] : model.weights(i));
                finalB.add(frozenB[i] != null ? frozenB[i] : model.bias(i));
            }
        }
        double[] finalLoss = new double[count];
        TrainStatus[] status = new TrainStatus[count];
        for (int i = 0; i < count; i++) {
            boolean ok = frozenW[i] == null && allFinite(finalW.get(i), finalB.get(i));
            finalLoss[i] = ok ? evalLoss(pack.get(i), finalW.get(i), finalB.get(i)) : Double.NaN;
            status[i] = ok && Double.isFinite(finalLoss[i]) ? TrainStatus.OK : TrainStatus.DIVERGED;
            if (status[i] == TrainStatus.DIVERGED) {
                finalLoss[i] = Double.NaN;
            }
        }
        long each = (System.nanoTime() - start) / count;
        List<TrainedModel> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new TrainedModel(pack.get(i), finalW.get(i), finalB.get(i), finalLoss[i], status[i], each));
        }
        return out;
    }

    /** W at initialisation, n x m row-major: N(0, std^2) from the seed's {@code "init"} stream, row by row. */
    public static float[] initialWeights(ModelSpec spec) {
        int n = spec.nFeatures();
        int m = spec.nHidden();
        double std = spec.train().init().std(n, m, spec.train().notebookInstances());
        Rng rng = Rng.derive(spec.seed(), "init");
        float[] w = new float[n * m];
        for (int j = 0; j < w.length; j++) {
            w[j] = (float) (std * rng.nextGaussian());
        }
        return w;
    }

    /**
     * Loss of (w, b) for the spec's model on {@code train.evalSamples} fresh samples of the seed's
     * {@code "eval"} stream, in double precision with the notebook normalisation.
     */
    public static double evalLoss(ModelSpec spec, double[][] w, double[] b) {
        ReferenceToyModel ref = new ReferenceToyModel(spec.kind(), w, b);
        SparseSampler sampler = new SparseSampler(spec.probability());
        Rng rng = Rng.derive(spec.seed(), "eval");
        int n = spec.nFeatures();
        int total = spec.train().evalSamples();
        double[] importance = spec.importance();
        float[] buf = new float[Math.min(total, EVAL_CHUNK) * n];
        double sum = 0;
        for (int done = 0; done < total; ) {
            int rows = Math.min(EVAL_CHUNK, total - done);
            sampler.fillRowMajor(rng, buf, 0, rows);
            double[][] x = new double[rows][n];
            for (int s = 0; s < rows; s++) {
                for (int f = 0; f < n; f++) {
                    x[s][f] = buf[s * n + f];
                }
            }
            sum += ref.loss(x, importance) * rows;
            done += rows;
        }
        return sum / total;
    }

    private static boolean allFinite(double[][] w, double[] b) {
        for (double[] row : w) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        for (double v : b) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
