package org.tmssweep.core.config;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Everything that determines one trained model: a pure value. Two specs that are equal train to
 * bit-identical weights, whatever task, thread or instance slot they are trained in.
 *
 * <p>Data rule: feature f is non-zero with probability {@code probability[f]} (density, 1 - S_f),
 * and then uniform on [0, 1) (on [-1, 1) for {@link ModelKind#ABS}). The loss weights feature f by
 * {@code importance[f]} (times n under {@link LossNormalization#FEATURE_SUM}: {@link #lossImportance()}). Features in a set of {@code featureSets} are drawn together instead
 * (correlated or anticorrelated, see {@link FeatureSets}); with {@link FeatureSets#NONE} every feature
 * is independent.
 *
 * @param kind        model variant
 * @param nFeatures   n, at least 1
 * @param nHidden     m, at least 1
 * @param probability per-feature density 1 - S_f, each in (0, 1]; length n
 * @param importance  per-feature importance I_f, each &gt; 0 and finite; length n
 * @param train       training recipe
 * @param seed        64-bit seed; init, training-batch, minibatch-order and evaluation streams are derived from it
 * @param featureSets correlated / anticorrelated feature sets; {@link FeatureSets#NONE} for independent features
 * @param datasetSeed the seed of the finite training and test sets when {@code train.dataset()} has points, else
 *                    0. Contract for the caller: a pure function of the data rule, the dataset settings and
 *                    the dataset's seed index K, never of the init seed index, so that the models of one
 *                    grid point that differ only in their init seed train on the same points (and models in
 *                    one pack with different dataset seeds on different points). The points come from its
 *                    {@link org.tmssweep.core.rng.RngStream#DATASET} and
 *                    {@link org.tmssweep.core.rng.RngStream#TEST_SET} streams; init, minibatch order and
 *                    everything else still come from {@code seed}.
 */
public record ModelSpec(
        ModelKind kind,
        int nFeatures,
        int nHidden,
        double[] probability,
        double[] importance,
        TrainConfig train,
        long seed,
        FeatureSets featureSets,
        long datasetSeed) implements Serializable {

    /** Independent features (no sets): the spec of every experiment but rows 10-12 and 14. */
    public ModelSpec(ModelKind kind, int nFeatures, int nHidden, double[] probability, double[] importance,
                     TrainConfig train, long seed) {
        this(kind, nFeatures, nHidden, probability, importance, train, seed, FeatureSets.NONE);
    }

    /** Infinite data (no dataset seed), with feature sets. */
    public ModelSpec(ModelKind kind, int nFeatures, int nHidden, double[] probability, double[] importance,
                     TrainConfig train, long seed, FeatureSets featureSets) {
        this(kind, nFeatures, nHidden, probability, importance, train, seed, featureSets, 0L);
    }

    public ModelSpec {
        Checks.notNull("model", kind);
        Checks.positive("n_features", nFeatures);
        Checks.positive("n_hidden", nHidden);
        Checks.notNull("probability", probability);
        Checks.notNull("importance", importance);
        Checks.notNull("train", train);
        if (probability.length != nFeatures) {
            throw new IllegalArgumentException("probability: must have n_features = " + nFeatures
                    + " entries, got " + probability.length);
        }
        if (importance.length != nFeatures) {
            throw new IllegalArgumentException("importance: must have n_features = " + nFeatures
                    + " entries, got " + importance.length);
        }
        for (int f = 0; f < nFeatures; f++) {
            double p = probability[f];
            if (!(p > 0 && p <= 1)) {
                throw new IllegalArgumentException("probability[" + f + "]: must be in (0, 1] (sparsity in [0, 1)), got " + p);
            }
            Checks.positiveFinite("importance[" + f + "]", importance[f]);
        }
        Checks.notNull("feature_sets", featureSets);
        featureSets.check(nFeatures, probability);
        if (!train.dataset().finite() && datasetSeed != 0) {
            throw new IllegalArgumentException("dataset_seed: must be 0 without a dataset (dataset.size 0), got "
                    + datasetSeed);
        }
        probability = probability.clone();
        importance = importance.clone();
    }

    /** Defensive copy. */
    @Override
    public double[] probability() {
        return probability.clone();
    }

    /** Defensive copy. */
    @Override
    public double[] importance() {
        return importance.clone();
    }

    public double probability(int feature) {
        return probability[feature];
    }

    public double importance(int feature) {
        return importance[feature];
    }

    /**
     * The importances the training loss weights the features with, in the notebook's 1/(B n) normalisation:
     * I_f times {@link LossNormalization#importanceScale} (so I_f itself under the default
     * {@link LossNormalization#MEAN}, n I_f under {@link LossNormalization#FEATURE_SUM}). The kernels and every
     * loss evaluation of the model read these.
     */
    public double[] lossImportance() {
        double scale = train.lossNormalization().importanceScale(nFeatures);
        double[] out = importance.clone();
        if (scale != 1.0) {
            for (int f = 0; f < nFeatures; f++) {
                out[f] *= scale;
            }
        }
        return out;
    }

    /** True iff the model trains on a finite dataset ({@code train.dataset().finite()}). */
    public boolean finiteData() {
        return train.dataset().finite();
    }

    /**
     * Specs with equal shape keys can share one batched tensor: same variant, sizes and training
     * recipe (everything but data rule, importance and seed).
     */
    public ShapeKey shapeKey() {
        return new ShapeKey(kind, nFeatures, nHidden, train);
    }

    /** The part of a spec that decides whether two models can be packed together. */
    public record ShapeKey(ModelKind kind, int nFeatures, int nHidden, TrainConfig train) implements Serializable {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec s && kind == s.kind && nFeatures == s.nFeatures && nHidden == s.nHidden
                && seed == s.seed && train.equals(s.train) && Arrays.equals(probability, s.probability)
                && Arrays.equals(importance, s.importance) && featureSets.equals(s.featureSets)
                && datasetSeed == s.datasetSeed;
    }

    @Override
    public int hashCode() {
        int h = kind.hashCode();
        h = 31 * h + nFeatures;
        h = 31 * h + nHidden;
        h = 31 * h + Arrays.hashCode(probability);
        h = 31 * h + Arrays.hashCode(importance);
        h = 31 * h + train.hashCode();
        h = 31 * h + Long.hashCode(seed);
        if (!featureSets.isEmpty()) { // specs without sets keep the hash they had before sets existed
            h = 31 * h + featureSets.hashCode();
        }
        if (datasetSeed != 0) { // likewise for specs without a dataset
            h = 31 * h + Long.hashCode(datasetSeed);
        }
        return h;
    }

    @Override
    public String toString() {
        return "ModelSpec[" + kind.specName() + " n=" + nFeatures + " m=" + nHidden + " p="
                + Arrays.toString(probability) + " I=" + Arrays.toString(importance) + " " + train + " seed=" + seed
                + (featureSets.isEmpty() ? "" : " sets=" + featureSets.describe())
                + (finiteData() ? " dataset_seed=" + datasetSeed : "") + "]";
    }
}
