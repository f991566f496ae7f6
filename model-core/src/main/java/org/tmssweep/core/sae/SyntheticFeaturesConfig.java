package org.tmssweep.core.sae;

import java.io.Serializable;
import org.tmssweep.core.config.Checks;

/**
 * The settings of {@link SyntheticFeatures}, the data of Sharkey, Braun and Millidge's interim report "Taking
 * features out of superposition with sparse autoencoders" (2022): G ground-truth unit vectors in d dimensions,
 * about E of them active per sample, feature i (0-based) with a frequency that decays with i. A pure value:
 * {@link #build()} gives the source, whose directions and correlation matrix come from {@code truthSeed}.
 *
 * @param features    G, the number of ground-truth features, at least 1
 * @param dim         d, at least 1
 * @param meanActive  E, the mean number of active features per sample, in (0, G]; sets the scale of the
 *                    probabilities of {@link FeatureFrequencies#INDEPENDENT} and
 *                    {@link FeatureFrequencies#CDF_TIMES_DECAY}; not used by {@link FeatureFrequencies#CDF_POWER}
 * @param decay       lambda_f in (0, 1], the per-index decay of the frequencies
 * @param frequencies how feature probabilities are set (and whether features are correlated)
 * @param alphaDraw   how often the correlated Gaussian alpha is drawn; not used by
 *                    {@link FeatureFrequencies#INDEPENDENT}
 * @param emptySamples what happens to a sample in which no feature fired
 * @param truthSeed   the seed of the directions and of the correlation matrix (stream
 *                    {@link org.tmssweep.core.rng.RngStream#SAE_FEATURES}); SAEs of different sizes, penalties and
 *                    seeds that share it see the same features
 */
public record SyntheticFeaturesConfig(
        int features,
        int dim,
        double meanActive,
        double decay,
        FeatureFrequencies frequencies,
        AlphaDraw alphaDraw,
        EmptySamples emptySamples,
        long truthSeed) implements Serializable {

    /** The report's G = 512. */
    public static final int SHARKEY_FEATURES = 512;
    /** The report's d = 256. */
    public static final int SHARKEY_DIM = 256;
    /** The report's "about 5 features active per sample". */
    public static final double SHARKEY_MEAN_ACTIVE = 5;
    /** The report's frequency decay 0.99. */
    public static final double SHARKEY_DECAY = 0.99;

    /**
     * How the probability p_i that feature i fires in a sample is set. With correlation, alpha ~ N(0, Sigma) is a
     * G-vector and Phi the standard normal CDF; Sigma is the replication code's: a G x G matrix of U[0, 1)
     * entries, symmetrised as (A + A^T)/2 and, if its smallest eigenvalue e is negative, shifted by -1.001 e on
     * the diagonal (so its diagonal is far from 1 and Phi(alpha_i) is not uniform).
     */
    public enum FeatureFrequencies {
        /** Independent features, p_i = c lambda_f^i with c such that the mean of p is E/G (the report's default). */
        INDEPENDENT,
        /**
         * The replication code's correlated rule: p_i = c Phi(alpha_i) lambda_f^i, with c, for each alpha, such
         * that the mean of p is E/G; any p_i above 1 is taken as 1.
         */
        CDF_TIMES_DECAY,
        /**
         * The rule of the 2025 re-implementation (arXiv 2501.17727): p_i = Phi(alpha_i)^(lambda_f i), not rescaled,
         * so E does not enter. Here i counts from 1 (1..G) in the exponent; from 0 the first feature would fire
         * in every sample (Phi^0 = 1).
         */
        CDF_POWER;

        public String specName() {
            return Checks.specName(this);
        }
    }

    /** How often alpha is drawn for the correlated rules. */
    public enum AlphaDraw {
        /** Once per batch, at the start of each {@link SaeSource#fill} call (the replication code). */
        PER_BATCH,
        /** Afresh for every sample (the 2025 re-implementation). */
        PER_SAMPLE;

        public String specName() {
            return Checks.specName(this);
        }
    }

    /** What a sample in which no feature fired becomes. */
    public enum EmptySamples {
        /** The zero vector (the report's uncorrelated generator). */
        KEEP,
        /**
         * One feature, chosen uniformly, at value 1 (the replication code's correlated generator, which makes sure
         * no data point has zero features).
         */
        ONE_FEATURE;

        public String specName() {
            return Checks.specName(this);
        }
    }

    public SyntheticFeaturesConfig {
        Checks.positive("synthetic.features", features);
        Checks.positive("synthetic.dim", dim);
        if (!(meanActive > 0 && meanActive <= features)) {
            throw new IllegalArgumentException("synthetic.mean_active: must be in (0, features = " + features
                    + "], got " + meanActive);
        }
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("synthetic.decay: must be in (0, 1], got " + decay);
        }
        Checks.notNull("synthetic.frequencies", frequencies);
        Checks.notNull("synthetic.alpha_draw", alphaDraw);
        Checks.notNull("synthetic.empty_samples", emptySamples);
    }

    /**
     * The report's setup: G = 512 features in d = 256, E = 5, lambda_f = 0.99, independent features, empty
     * samples kept.
     */
    public static SyntheticFeaturesConfig sharkey(long truthSeed) {
        return new SyntheticFeaturesConfig(SHARKEY_FEATURES, SHARKEY_DIM, SHARKEY_MEAN_ACTIVE, SHARKEY_DECAY,
                FeatureFrequencies.INDEPENDENT, AlphaDraw.PER_BATCH, EmptySamples.KEEP, truthSeed);
    }

    /** True iff the features are correlated through alpha (every rule but {@link FeatureFrequencies#INDEPENDENT}). */
    public boolean correlated() {
        return frequencies != FeatureFrequencies.INDEPENDENT;
    }

    /** The source (draws the directions and, when correlated, factors the correlation matrix). */
    public SyntheticFeatures build() {
        return new SyntheticFeatures(this);
    }
}
