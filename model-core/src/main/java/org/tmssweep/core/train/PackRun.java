package org.tmssweep.core.train;

import java.util.List;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.data.BatchSource;
import org.tmssweep.core.model.FusedRowToyModel;
import org.tmssweep.core.model.JavaToyModel;
import org.tmssweep.core.model.Nd4jGeneralModel;
import org.tmssweep.core.model.Nd4jToyModel;
import org.tmssweep.core.model.PackedModel;

/**
 * The training loop of one group of specs sharing a shape key, one step at a time: what
 * {@link Trainer#train} runs, exposed so that benchmarks time exactly the production step. Every buffer
 * (model tensors, input, moments) is allocated in the constructor; {@link #step} allocates nothing
 * unless an instance diverges.
 *
 * <p>Step t: the next batch of every active model from its {@link BatchSource} (fresh samples of its data
 * rule, or the points of its finite training set: {@link BatchSource#forSpec}), forward/backward, then AdamW
 * with {@link TrainConfig#lrAt}(t); a model whose training loss is non-finite is frozen. A full-batch source
 * ({@link BatchSource#fixed()}) is written into the model's input once, before the first step: the kernels
 * only read their input. Not thread-safe; close it to release the off-heap memory.
 *
 * <p>The model, for the tied kinds without penalty: for models trained on a finite dataset in sparse-input
 * mode, a {@link FusedRowToyModel} (plain Java, two passes over the batch per feature row; at the sequel's
 * shapes, n = 1,000 and m = 2 with T from 3 to 2,000 points, it runs a step several times faster than
 * {@link Nd4jToyModel}, whose products are bound by memory at m = 2: docs/performance.md). Models on fresh
 * batches never use it, so their numbers do not depend on it. Otherwise a {@link JavaToyModel} (plain Java,
 * vectorised by the JIT) when {@code n * m <= 500}, else an {@link Nd4jToyModel} (batched ND4J products). ND4J's
 * cost is mostly per call below n*m of a few hundred, while the Java kernel's grows with n*m*B at a fraction of
 * BLAS speed, so there is a crossover: one model's forward/backward (B = 1024, thread CPU time) was
 * measured faster in Java up to n=50, m=10 and faster in ND4J from n=100, m=20 on, in both input modes,
 * and the threshold sits at the largest measured Java win. It has not been measured again against the
 * present Java kernel, whose crossover may lie higher (docs/performance.md, "Left to do").
 * The two models sum in different orders, so a shape's results change by float rounding if the rule
 * moves; they never depend on the pack. Otherwise (the untied
 * {@link org.tmssweep.core.config.ModelKind#ABS} model, or {@code train.l1 > 0}) an {@link Nd4jGeneralModel},
 * whose W2 is initialised by {@link Trainer#initialReadout} and updated by AdamW after W and b. ND4J is
 * loaded, and pinned to one native thread, only by a pack that builds one of its two models.
 */
public final class PackRun implements AutoCloseable {
    private final TrainConfig cfg;
    private final int count;
    private final int n;
    private final int m;
    private final int batch;
    private final PackedModel model;
    /** The same object as {@link #model} when it is an {@link Nd4jGeneralModel} with a W2, else null. */
    private final Nd4jGeneralModel untied;
    /** Each instance's training batches ({@link BatchSource#forSpec}). */
    private final BatchSource[] sources;
    /** Whether instance i's input already holds its fixed (full) batch. */
    private final boolean[] filled;
    private final AdamW adam;
    private final double[] mW;
    private final double[] vW;
    private final double[] mB;
    private final double[] vB;
    private final double[] loss;
    private final double[][][] frozenW;
    private final double[][] frozenB;
    private final double[] mW2;
    private final double[] vW2;
    private final double[][][] frozenW2;

    /** @param specs non-empty, one shape key (checked by the caller) */
    public PackRun(List<ModelSpec> specs, boolean sparseInput) {
        this(specs, sparseInput, specs.stream().map(BatchSource::forSpec).toList());
    }

    /**
     * With the given batch sources, one per spec, in place of {@link BatchSource#forSpec} (the trainer's, built
     * from the training sets it draws once; tests of the sources' contract); each must deliver batches of
     * {@link TrainConfig#stepBatch()} samples.
     */
    PackRun(List<ModelSpec> specs, boolean sparseInput, List<BatchSource> batchSources) {
        ModelSpec.ShapeKey key = specs.get(0).shapeKey();
        cfg = key.train();
        count = specs.size();
        n = key.nFeatures();
        m = key.nHidden();
        batch = cfg.stepBatch();
        if (batchSources.size() != count) {
            throw new IllegalArgumentException("batchSources: must have one per spec (" + count + "), got "
                    + batchSources.size());
        }
        if (usesNd4j(key, sparseInput)) {
            NativeThreads.useOne();
        }
        if (key.kind().untied() || cfg.l1() > 0) {
            Nd4jGeneralModel general = new Nd4jGeneralModel(key.kind(), count, batch, n, m, cfg.l1());
            model = general;
            untied = key.kind().untied() ? general : null;
        } else if (useFusedRowModel(cfg, sparseInput)) {
            model = new FusedRowToyModel(key.kind(), count, batch, n, m);
            untied = null;
        } else if (useJavaModel(n, m)) {
            model = new JavaToyModel(key.kind(), count, batch, n, m, sparseInput);
            untied = null;
        } else {
            model = new Nd4jToyModel(key.kind(), count, batch, n, m, sparseInput);
            untied = null;
        }
        sources = batchSources.toArray(new BatchSource[0]);
        filled = new boolean[count];
        for (int i = 0; i < count; i++) {
            ModelSpec spec = specs.get(i);
            model.setParams(i, Trainer.initialWeights(spec), new float[n]);
            if (untied != null) {
                untied.setReadout(i, Trainer.initialReadout(spec));
            }
            model.setImportance(i, spec.lossImportance());
        }
        adam = AdamW.of(cfg);
        mW = new double[count * n * m];
        vW = new double[count * n * m];
        mB = new double[count * n];
        vB = new double[count * n];
        loss = new double[count];
        frozenW = new double[count][][];
        frozenB = new double[count][];
        mW2 = untied != null ? new double[count * n * m] : null;
        vW2 = untied != null ? new double[count * n * m] : null;
        frozenW2 = new double[count][][];
    }

    /**
     * True iff a pack of this shape key and input mode builds an ND4J model ({@link Nd4jGeneralModel} or
     * {@link Nd4jToyModel}), the choice the constructor makes, and so loads ND4J and needs its natives.
     */
    static boolean usesNd4j(ModelSpec.ShapeKey key, boolean sparseInput) {
        return key.kind().untied() || key.train().l1() > 0
                || !(useFusedRowModel(key.train(), sparseInput) || useJavaModel(key.nFeatures(), key.nHidden()));
    }

    /** Largest n * m trained by {@link JavaToyModel}; see the class comment. */
    static final long JAVA_MODEL_MAX_NM = 500;

    /**
     * True iff a pack of this shape (tied kind, no penalty, not a dataset pack in sparse-input mode) runs on
     * {@link JavaToyModel}.
     */
    static boolean useJavaModel(int n, int m) {
        return (long) n * m <= JAVA_MODEL_MAX_NM;
    }

    /**
     * True iff a pack with this recipe (tied kind, no penalty) runs on {@link FusedRowToyModel}: models trained
     * on a finite dataset, in sparse-input mode. Models on fresh batches never do, so their kernels (and
     * numbers) are those of {@link #useJavaModel}.
     */
    static boolean useFusedRowModel(TrainConfig cfg, boolean sparseInput) {
        return sparseInput && cfg.dataset().finite();
    }

    public PackedModel model() {
        return model;
    }

    /** Writes the batch of every active instance for the next step (once for a full-batch source). */
    public void sample() {
        for (int i = 0; i < count; i++) {
            if (model.isActive(i) && !(filled[i] && sources[i].fixed())) {
                BatchSource source = sources[i];
                if (model.sparseInput() && !model.readsDenseInput()) {
                    source.fillColumns(batch, model.sparseColumns(i));
                } else if (model.sparseInput()) {
                    source.fillFeatureMajor(model.input(), model.inputOffset(i), batch, model.sparseColumns(i));
                } else {
                    source.fillFeatureMajor(model.input(), model.inputOffset(i), batch);
                }
                filled[i] = true;
            }
        }
    }

    /** Forward and backward pass on the sampled batch. */
    public void forwardBackward() {
        model.forwardBackward(loss);
    }

    /** AdamW update of 0-based step {@code step}, freezing instances whose loss is non-finite. */
    public void update(int step) {
        int wLen = n * m;
        AdamW.StepConstants c = adam.constants(step + 1, cfg.lrAt(step));
        for (int i = 0; i < count; i++) {
            if (!model.isActive(i)) {
                continue;
            }
            if (!Double.isFinite(loss[i])) {
                frozenW[i] = model.weights(i);
                frozenB[i] = model.bias(i);
                if (untied != null) {
                    frozenW2[i] = untied.readout(i);
                }
                model.deactivate(i);
                continue;
            }
            adam.update(c, model.weightBuffer(), i * wLen, model.weightGradientBuffer(), i * wLen, mW, vW, i * wLen, wLen);
            adam.update(c, model.biasArray(), i * n, model.biasGradientArray(), i * n, mB, vB, i * n, n);
            if (untied != null) {
                adam.update(c, untied.readoutBuffer(), i * wLen, untied.readoutGradientBuffer(), i * wLen, mW2, vW2,
                        i * wLen, wLen);
            }
        }
    }

    /** One whole training step {@code step} (0-based). */
    public void step(int step) {
        sample();
        forwardBackward();
        update(step);
    }

    /** Current or frozen W of instance i. */
    public double[][] weights(int i) {
        return frozenW[i] != null ? frozenW[i] : model.weights(i);
    }

    /** Current or frozen b of instance i. */
    public double[] bias(int i) {
        return frozenB[i] != null ? frozenB[i] : model.bias(i);
    }

    /** Current or frozen W2 of instance i; null for the tied kinds. */
    public double[][] readout(int i) {
        if (untied == null) {
            return null;
        }
        return frozenW2[i] != null ? frozenW2[i] : untied.readout(i);
    }

    /** True iff instance i was frozen after a non-finite loss. */
    public boolean diverged(int i) {
        return frozenW[i] != null;
    }

    @Override
    public void close() {
        model.close();
    }
}
