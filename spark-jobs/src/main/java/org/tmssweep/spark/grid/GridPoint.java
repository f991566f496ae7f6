package org.tmssweep.spark.grid;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.tmssweep.core.config.FeatureSets;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;

/**
 * One model to train: a grid point's parameters plus a seed index. Plain serializable values only;
 * this is what a Spark task receives.
 *
 * <p>Identity: {@code pointId} is a hash of the canonical parameter text (which includes the spec
 * semantics version and excludes the seed index); {@code rngSeed} hashes the same text plus the seed
 * index. Neither depends on the partition, attempt, thread, clock or the order of spec keys.
 *
 * @param index           position in the expanded grid (points x seeds)
 * @param pointId         16 hex digits
 * @param seedIndex       0..seeds-1
 * @param rngSeed         the model's 64-bit seed
 * @param canonical       canonical parameter text the ids are hashed from
 * @param model           variant
 * @param nFeatures       n
 * @param nHidden         m
 * @param sparsity        S (all features)
 * @param importanceDecay r of I_f = r^f, or NaN when an explicit vector was given
 * @param importance      resolved importance vector, length n
 * @param train           training recipe
 * @param sparsityFirst   S of feature 0 alone ({@code sparsity_first}), NaN when not given
 * @param featureSets     correlated / anticorrelated sets, {@link FeatureSets#NONE} when not given
 * @param datasetSeed     seed of the finite dataset, 0 without one ({@code train.dataset()} NONE): a hash of the
 *                        data rule, the dataset's size, normalisation and seed index K, never of the init seed
 *                        index (Grid#datasetSeed)
 * @param datasetSeedIndex K, the dataset's seed index ({@code dataset.seed}); 0 without a dataset
 */
public record GridPoint(
        long index,
        String pointId,
        int seedIndex,
        long rngSeed,
        String canonical,
        ModelKind model,
        int nFeatures,
        int nHidden,
        double sparsity,
        double importanceDecay,
        double[] importance,
        TrainConfig train,
        double sparsityFirst,
        FeatureSets featureSets,
        long datasetSeed,
        int datasetSeedIndex) implements Serializable {

    public GridPoint {
        importance = importance.clone();
        if (featureSets == null) {
            featureSets = FeatureSets.NONE;
        }
    }

    /** Builds a point, deriving its ids from the canonical text. */
    public static GridPoint of(long index, String canonical, int seedIndex, ModelKind model, int nFeatures,
            int nHidden, double sparsity, double importanceDecay, double[] importance, TrainConfig train) {
        return of(index, canonical, seedIndex, model, nFeatures, nHidden, sparsity, importanceDecay, importance, train,
                Double.NaN, FeatureSets.NONE);
    }

    /** Builds a point with a per-feature data rule ({@code sparsity_first}, feature sets). */
    public static GridPoint of(long index, String canonical, int seedIndex, ModelKind model, int nFeatures,
            int nHidden, double sparsity, double importanceDecay, double[] importance, TrainConfig train,
            double sparsityFirst, FeatureSets featureSets) {
        return of(index, canonical, seedIndex, model, nFeatures, nHidden, sparsity, importanceDecay, importance, train,
                sparsityFirst, featureSets, 0L, 0);
    }

    /** Builds a point that may train on a finite dataset with the given seed and seed index (0 without one). */
    public static GridPoint of(long index, String canonical, int seedIndex, ModelKind model, int nFeatures,
            int nHidden, double sparsity, double importanceDecay, double[] importance, TrainConfig train,
            double sparsityFirst, FeatureSets featureSets, long datasetSeed, int datasetSeedIndex) {
        byte[] pointHash = sha256(canonical);
        String pointId = HexFormat.of().formatHex(pointHash, 0, 8);
        long rngSeed = ByteBuffer.wrap(sha256(canonical + ";seed=" + seedIndex)).getLong();
        return new GridPoint(index, pointId, seedIndex, rngSeed, canonical, model, nFeatures, nHidden, sparsity,
                importanceDecay, importance, train, sparsityFirst, featureSets, datasetSeed, datasetSeedIndex);
    }

    /** The first 8 bytes, big-endian, of the SHA-256 of {@code text}. */
    static long hash64(String text) {
        return ByteBuffer.wrap(sha256(text)).getLong();
    }

    @Override
    public double[] importance() {
        return importance.clone();
    }

    /** Feature density 1 - S (of every feature but feature 0 when {@code sparsity_first} is given). */
    public double probability() {
        return 1.0 - sparsity;
    }

    /** Density of feature f: 1 - sparsity_first for feature 0 when given, else 1 - S. */
    public double probability(int feature) {
        return feature == 0 && !Double.isNaN(sparsityFirst) ? 1.0 - sparsityFirst : probability();
    }

    /** The model-core spec this point trains. */
    public ModelSpec toModelSpec() {
        double[] p = new double[nFeatures];
        Arrays.fill(p, probability());
        if (!Double.isNaN(sparsityFirst)) {
            p[0] = 1.0 - sparsityFirst;
        }
        return new ModelSpec(model, nFeatures, nHidden, p, importance, train, rngSeed, featureSets, datasetSeed);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GridPoint g && index == g.index && canonical.equals(g.canonical) && seedIndex == g.seedIndex;
    }

    @Override
    public int hashCode() {
        return canonical.hashCode() * 31 + seedIndex;
    }

    @Override
    public String toString() {
        return "GridPoint[" + pointId + "/" + seedIndex + " " + canonical + "]";
    }
}
