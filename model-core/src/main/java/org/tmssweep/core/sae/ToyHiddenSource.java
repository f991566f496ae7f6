package org.tmssweep.core.sae;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import org.tmssweep.core.config.FeatureSets;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.data.DataSampler;
import org.tmssweep.core.data.FeatureSetSampler;
import org.tmssweep.core.data.SparseSampler;
import org.tmssweep.core.rng.Rng;
import org.tmssweep.core.train.TrainedModel;

/**
 * The hidden vectors of a toy model as an SAE's inputs (ARENA's "SAEs in toy models"): x drawn by the toy
 * model's data rule ({@link SparseSampler}, or {@link FeatureSetSampler} with feature sets), then
 * h = sum_f x_f W_f, with W_f the row of feature f of the toy model's n x m matrix W (its embedding), summed
 * over f ascending in double and rounded to float; for the kinds with a ReLU hidden layer, h = ReLU of that.
 * d = m. The true directions are the normalised embeddings W_f / ||W_f||.
 *
 * <p>Each batch of B samples draws B x n feature values row-major ({@link DataSampler#fillRowMajor}), so for a
 * given generator the x behind the batch are those of {@code sampler.rows(rng, B)}. Allocates a B x n scratch
 * per call, so it is safe to share across threads.
 */
public final class ToyHiddenSource implements SaeSource {
    private static final long serialVersionUID = 1L;

    private final double[][] w;
    private final double[] probability;
    private final boolean signed;
    private final FeatureSets featureSets;
    private final boolean reluHidden;
    private final transient DataSampler sampler;

    /**
     * A linear hidden layer h = W x over independent features, feature f non-zero with probability
     * {@code probability[f]} and then uniform on [0, 1) (the paper's data rule).
     *
     * @param w           n x m, row f = feature f's embedding; copied
     * @param probability per-feature density in (0, 1], length n
     */
    public ToyHiddenSource(double[][] w, double[] probability) {
        this(w, probability, false, FeatureSets.NONE, false);
    }

    private ToyHiddenSource(double[][] w, double[] probability, boolean signed, FeatureSets featureSets,
            boolean reluHidden) {
        if (w == null || w.length == 0) {
            throw new IllegalArgumentException("w: must have at least one row");
        }
        int m = w[0] == null ? 0 : w[0].length;
        if (m < 1) {
            throw new IllegalArgumentException("w: rows must have at least one column");
        }
        for (int f = 0; f < w.length; f++) {
            if (w[f] == null || w[f].length != m) {
                throw new IllegalArgumentException("w[" + f + "]: must have " + m + " columns, got "
                        + (w[f] == null ? "null" : w[f].length));
            }
            for (int k = 0; k < m; k++) {
                if (!Double.isFinite(w[f][k])) {
                    throw new IllegalArgumentException("w[" + f + "][" + k + "]: must be finite, got " + w[f][k]);
                }
            }
        }
        if (probability == null || probability.length != w.length) {
            throw new IllegalArgumentException("probability: must have n = " + w.length + " entries, got "
                    + (probability == null ? "null" : probability.length));
        }
        this.w = Vectors.copy(w);
        this.probability = probability.clone();
        this.signed = signed;
        this.featureSets = featureSets;
        this.reluHidden = reluHidden;
        this.sampler = featureSets.isEmpty() ? new SparseSampler(this.probability, signed)
                : new FeatureSetSampler(this.probability, featureSets);
    }

    /**
     * The hidden layer of a trained toy model under its own data rule ({@link DataSampler#forSpec}): its
     * densities, feature sets and value range (signed for {@link ModelKind#ABS}), h = W x for the kinds with a
     * linear hidden layer, ReLU(W x) for {@link ModelKind#RELU_HIDDEN} and {@link ModelKind#ABS} (whose
     * {@code w} is W1^T). Refuses a model trained on a finite dataset (its hidden vectors are its T points).
     */
    public static ToyHiddenSource of(TrainedModel model) {
        ModelSpec spec = model.spec();
        if (spec.finiteData()) {
            throw new IllegalArgumentException("model: must be trained on fresh samples, not a finite dataset");
        }
        ModelKind kind = spec.kind();
        return new ToyHiddenSource(model.w(), spec.probability(), kind.absoluteValue(), spec.featureSets(),
                kind.reluHidden());
    }

    @Override
    public int dim() {
        return w[0].length;
    }

    /** n, the toy model's feature count. */
    public int nFeatures() {
        return w.length;
    }

    @Override
    public void fill(Rng rng, float[] dst, int offset, int rows) {
        int n = w.length;
        int m = w[0].length;
        float[] x = new float[rows * n];
        sampler.fillRowMajor(rng, x, 0, rows);
        double[] h = new double[m];
        for (int s = 0; s < rows; s++) {
            Arrays.fill(h, 0.0);
            for (int f = 0; f < n; f++) {
                float v = x[s * n + f];
                if (v != 0f) {
                    double[] wf = w[f];
                    for (int k = 0; k < m; k++) {
                        h[k] += v * wf[k];
                    }
                }
            }
            int base = offset + s * m;
            for (int k = 0; k < m; k++) {
                double hk = reluHidden ? Math.max(h[k], 0.0) : h[k];
                dst[base + k] = (float) hk;
            }
        }
    }

    @Override
    public double[][] truth() {
        return Vectors.unitRows(w);
    }

    /** Equal iff W, the densities, the value range, the feature sets and the hidden ReLU are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ToyHiddenSource t && Arrays.deepEquals(w, t.w) && Arrays.equals(probability, t.probability)
                && signed == t.signed && featureSets.equals(t.featureSets) && reluHidden == t.reluHidden;
    }

    @Override
    public int hashCode() {
        return ((Arrays.deepHashCode(w) * 31 + Arrays.hashCode(probability)) * 31 + featureSets.hashCode()) * 31
                + Boolean.hashCode(signed) * 2 + Boolean.hashCode(reluHidden);
    }

    private Object writeReplace() {
        return new Proxy(w, probability, signed, featureSets, reluHidden);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("ToyHiddenSource: deserialised through its proxy only");
    }

    /** The serialised form: the values the sampler is rebuilt from. */
    private record Proxy(double[][] w, double[] probability, boolean signed, FeatureSets featureSets,
                         boolean reluHidden) implements Serializable {
        private Object readResolve() {
            return new ToyHiddenSource(w, probability, signed, featureSets, reluHidden);
        }
    }
}
