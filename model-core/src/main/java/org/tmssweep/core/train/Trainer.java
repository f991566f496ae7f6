package org.tmssweep.core.train;

import java.util.ArrayList;
import java.util.List;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.data.BatchSource;
import org.tmssweep.core.data.DataSampler;
import org.tmssweep.core.data.FiniteDataset;
import org.tmssweep.core.data.SparseSampler;
import org.tmssweep.core.model.ReferenceToyModel;
import org.tmssweep.core.rng.Rng;
import org.tmssweep.core.rng.RngStream;

/**
 * Trains packs of toy models. A pack is any list of specs sharing one {@link ModelSpec#shapeKey()};
 * it is trained as (at most two) batched {@link PackRun}s, dense-input and sparse-input instances apart
 * (see {@link #useSparseInput}; PackRun picks the model kernel), but each model's result depends only on
 * its own spec: its init comes from {@code Rng.derive(seed, RngStream.INIT)}, its data from
 * {@code Rng.derive(seed, RngStream.DATA)}, its evaluation data from {@code Rng.derive(seed, RngStream.EVAL)},
 * and the batched computation never mixes instances (tested bit-for-bit). A model with a finite dataset
 * ({@code train.dataset}) trains on its own training set and is evaluated on its own test set, both drawn
 * from its {@link ModelSpec#datasetSeed()} ({@link FiniteDataset}), so models with different dataset seeds
 * share a pack as freely as models with different seeds. Its training set is drawn once, and the trained
 * model carries it ({@link TrainedModel#trainingSet}).
 *
 * <p>Recipe per step t = 0..steps-1: the next batch for every model (fresh samples, or its training set:
 * {@link org.tmssweep.core.data.BatchSource#forSpec}), forward/backward, then AdamW with
 * {@link TrainConfig#lrAt}(t). A model whose training loss becomes non-finite is
 * frozen at that step and reported as {@link TrainStatus#DIVERGED}; the others carry on untouched.
 *
 * <p>A pack that runs an ND4J kernel pins ND4J to one native thread first (one thread per Spark task slot);
 * a pack on the plain-Java kernels never loads ND4J. Stateless and therefore safe to share; {@link #train}
 * may run concurrently in several threads.
 */
public final class Trainer {
    private static final int EVAL_CHUNK = 4096;

    public Trainer() {
    }

    /** Limits ND4J to one native thread for the calling task; idempotent. Loads ND4J. */
    public static void useOneNativeThread() {
        NativeThreads.useOne();
    }

    /**
     * Trains every spec of the pack in one batched computation per input mode (see {@link PackRun}). All specs must share
     * {@code spec.shapeKey()}, else {@link IllegalArgumentException}. Results in the same order.
     * Pure: depends only on the specs.
     */
    public List<TrainedModel> train(List<ModelSpec> pack) {
        return train(pack, TrainListener.NONE);
    }

    /**
     * {@link #train(List)}, showing {@code listener} the state of every model after each step it wants
     * (0 = initialisation .. steps). The listener gets copies; the trained models are bit-identical to
     * those of {@link #train(List)}.
     */
    public List<TrainedModel> train(List<ModelSpec> pack, TrainListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener: must not be null (use TrainListener.NONE)");
        }
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
        long start = System.nanoTime();
        int count = pack.size();
        TrainConfig cfg = key.train();
        double[][][] finalW = new double[count][][];
        double[][] finalB = new double[count][];
        double[][][] finalW2 = new double[count][][];
        boolean[] frozen = new boolean[count];
        FiniteDataset[] training = new FiniteDataset[count]; // drawn once: batches, train loss, the caller's view
        for (int i = 0; i < count; i++) {
            training[i] = pack.get(i).finiteData() ? FiniteDataset.training(pack.get(i)) : null;
        }
        for (boolean sparse : new boolean[] {false, true}) {
            List<Integer> group = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (useSparseInput(pack.get(i)) == sparse) {
                    group.add(i);
                }
            }
            if (group.isEmpty()) {
                continue;
            }
            List<ModelSpec> specs = new ArrayList<>(group.size());
            List<BatchSource> sources = new ArrayList<>(group.size());
            for (int i : group) {
                specs.add(pack.get(i));
                sources.add(BatchSource.forSpec(pack.get(i), training[i]));
            }
            try (PackRun run = new PackRun(specs, sparse, sources)) {
                for (int step = 0; step < cfg.steps(); step++) {
                    show(listener, run, group, pack, step, cfg.steps());
                    run.step(step);
                }
                show(listener, run, group, pack, cfg.steps(), cfg.steps());
                for (int g = 0; g < group.size(); g++) {
                    int i = group.get(g);
                    finalW[i] = run.weights(g);
                    finalB[i] = run.bias(g);
                    finalW2[i] = run.readout(g);
                    frozen[i] = run.diverged(g);
                }
            }
        }
        double[] finalLoss = new double[count];
        double[] trainLoss = new double[count];
        TrainStatus[] status = new TrainStatus[count];
        for (int i = 0; i < count; i++) {
            ModelSpec spec = pack.get(i);
            boolean ok = !frozen[i] && allFinite(finalW[i], finalB[i])
                    && (finalW2[i] == null || allFinite(finalW2[i], finalB[i]));
            finalLoss[i] = ok ? evalLoss(spec, finalW[i], finalW2[i], finalB[i]) : Double.NaN;
            trainLoss[i] = ok && spec.finiteData()
                    ? datasetLoss(spec, finalW[i], finalW2[i], finalB[i], training[i]) : Double.NaN;
            status[i] = ok && Double.isFinite(finalLoss[i]) ? TrainStatus.OK : TrainStatus.DIVERGED;
            if (status[i] == TrainStatus.DIVERGED) {
                finalLoss[i] = Double.NaN;
                trainLoss[i] = Double.NaN;
            }
        }
        long each = (System.nanoTime() - start) / count;
        List<TrainedModel> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new TrainedModel(pack.get(i), finalW[i], finalB[i], finalLoss[i], status[i], each, finalW2[i],
                    trainLoss[i], training[i]));
        }
        return out;
    }

    private static void show(TrainListener listener, PackRun run, List<Integer> group, List<ModelSpec> pack, int step,
            int steps) {
        if (!listener.wants(step, steps)) {
            return;
        }
        for (int g = 0; g < group.size(); g++) {
            int i = group.get(g);
            listener.onState(i, pack.get(i), step, run.weights(g), run.bias(g));
        }
    }

    /**
     * Whether the spec trains on an ND4J kernel ({@link PackRun} picks it from the shape key and input mode):
     * then its pack loads ND4J and needs ND4J's native jars for the platform ({@link Nd4jNatives}).
     */
    public static boolean usesNd4j(ModelSpec spec) {
        return PackRun.usesNd4j(spec.shapeKey(), useSparseInput(spec));
    }

    /**
     * Whether a spec trains in the model's sparse-input mode: iff every feature's density is below
     * {@link SparseSampler#SPARSE_BELOW} (all features use the geometric-skip rule). A function of the
     * spec alone, so a model's numbers never depend on its pack: a pack is split into a dense and a
     * sparse group, trained one after the other (instances are independent, so this is exact).
     * Always false for {@link org.tmssweep.core.config.ModelKind#ABS} and for {@code train.l1 > 0}.
     */
    public static boolean useSparseInput(ModelSpec spec) {
        if (spec.kind().untied() || spec.train().l1() > 0) {
            return false; // Nd4jGeneralModel (ABS, L1 penalty) is dense-input only
        }
        for (double p : spec.probability()) {
            if (!(p < SparseSampler.SPARSE_BELOW)) {
                return false;
            }
        }
        return true;
    }

    /** W at initialisation, n x m row-major: N(0, std^2) from the seed's {@link RngStream#INIT} stream, by row. */
    public static float[] initialWeights(ModelSpec spec) {
        return gaussianMatrix(spec, RngStream.INIT);
    }

    /**
     * W2 at initialisation for the untied kinds, n x m row-major: N(0, std^2) with the same std as W, from
     * the seed's {@link RngStream#INIT_W2} stream, row by row.
     */
    public static float[] initialReadout(ModelSpec spec) {
        return gaussianMatrix(spec, RngStream.INIT_W2);
    }

    /** n x m row-major N(0, std^2) of the spec's init scheme, drawn from the seed's {@code stream}. */
    private static float[] gaussianMatrix(ModelSpec spec, RngStream stream) {
        int n = spec.nFeatures();
        int m = spec.nHidden();
        double std = spec.train().init().std(n, m, spec.train().notebookInstances());
        Rng rng = Rng.derive(spec.seed(), stream);
        float[] w = new float[n * m];
        for (int j = 0; j < w.length; j++) {
            w[j] = (float) (std * rng.nextGaussian());
        }
        return w;
    }

    /** {@link #evalLoss(ModelSpec, double[][], double[][], double[])} for the tied kinds. */
    public static double evalLoss(ModelSpec spec, double[][] w, double[] b) {
        return evalLoss(spec, w, null, b);
    }

    /**
     * Loss of (w, b) for the spec's model on {@code train.evalSamples} fresh samples of the seed's
     * {@link RngStream#EVAL} stream, in double precision with the spec's loss normalisation
     * ({@link ModelSpec#lossImportance()}), plus the L1 penalty when {@code train.l1 > 0} (the training
     * objective). {@code w2} is W2 for ABS, null otherwise. For a spec with a finite dataset, the loss on its
     * test set instead ({@link #datasetLoss} on {@link FiniteDataset#test}).
     */
    public static double evalLoss(ModelSpec spec, double[][] w, double[][] w2, double[] b) {
        if (spec.finiteData()) {
            return datasetLoss(spec, w, w2, b, FiniteDataset.test(spec));
        }
        ReferenceToyModel ref = new ReferenceToyModel(spec.kind(), w, w2, b, spec.train().l1());
        DataSampler sampler = DataSampler.forSpec(spec);
        Rng rng = Rng.derive(spec.seed(), RngStream.EVAL);
        int total = spec.train().evalSamples();
        double[] importance = spec.lossImportance();
        // ref.loss over sampler.rows, bit for bit: the feature-major fill draws the same values (transposed)
        int chunk = Math.min(EVAL_CHUNK, total);
        ReferenceToyModel.BatchLoss loss = ref.batchLoss(chunk);
        float[] batch = new float[spec.nFeatures() * chunk];
        double sum = 0;
        for (int done = 0; done < total; ) {
            int rows = Math.min(EVAL_CHUNK, total - done);
            sampler.fillFeatureMajor(rng, batch, 0, rows);
            sum += loss.lossFeatureMajor(batch, rows, importance) * rows;
            done += rows;
        }
        return sum / total;
    }

    /**
     * Loss of (w, b) for the spec's model on the points of {@code data} (its training or test set), in double
     * precision with the spec's loss normalisation, plus the L1 penalty when {@code train.l1 > 0}: the mean over
     * the points, as {@link ReferenceToyModel#loss} defines it. Under
     * {@link org.tmssweep.core.config.LossNormalization#FEATURE_SUM} with importance 1 this is the loss of
     * Henighan et al. 2023, (1/T) sum_i ||x_i - x'_i||^2, which is 1 at x' = 0 for unit-norm points.
     * Evaluated in chunks of at most {@link #DATASET_CHUNK_ENTRIES} dense entries.
     */
    public static double datasetLoss(ModelSpec spec, double[][] w, double[][] w2, double[] b, FiniteDataset data) {
        int n = spec.nFeatures();
        if (data.nFeatures() != n) {
            throw new IllegalArgumentException("data: must have n = " + n + " features, got " + data.nFeatures());
        }
        ReferenceToyModel ref = new ReferenceToyModel(spec.kind(), w, w2, b, spec.train().l1());
        int total = data.size();
        int chunk = Math.max(1, Math.min(total, Math.min(EVAL_CHUNK, DATASET_CHUNK_ENTRIES / n)));
        ReferenceToyModel.BatchLoss loss = ref.batchLoss(chunk);
        double[] importance = spec.lossImportance();
        float[] batch = new float[n * chunk];
        double sum = 0;
        for (int done = 0; done < total; ) {
            int rows = Math.min(chunk, total - done);
            data.fillFeatureMajor(done, rows, batch, 0);
            sum += loss.lossFeatureMajor(batch, rows, importance) * rows;
            done += rows;
        }
        return sum / total;
    }

    /** The dense scratch of {@link #datasetLoss}: at most this many floats (4 MB) per chunk of points. */
    static final int DATASET_CHUNK_ENTRIES = 1 << 20;

    /** {@code samples} fresh samples [samples][n] of the spec's data rule from the seed's {@code stream}. */
    public static double[][] evalSet(ModelSpec spec, RngStream stream, int samples) {
        return DataSampler.forSpec(spec).rows(Rng.derive(spec.seed(), stream), samples);
    }

    /** Loss of (w, b) for the spec's model and loss normalisation on the samples x, double precision. */
    public static double loss(ModelSpec spec, double[][] w, double[] b, double[][] x) {
        return new ReferenceToyModel(spec.kind(), w, b).loss(x, spec.lossImportance());
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
