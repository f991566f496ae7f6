package org.tmssweep.core.sae;

import java.io.Serializable;
import org.tmssweep.core.rng.Rng;

/**
 * Where a sparse autoencoder's inputs come from: a rule for drawing d-dimensional vectors with known feature
 * directions. Implementations: {@link ToyHiddenSource} (hidden vectors h = W x of a toy model),
 * {@link SyntheticFeatures} (Sharkey et al.'s sums of random unit vectors) and {@link AbsorptionToy} (Chanin et
 * al.'s four orthogonal features). A source holds no random state: every draw comes from the {@link Rng} the
 * caller passes, so the same generator state gives the same batch, and one source may serve any number of
 * SAEs (and threads) at once. Sources are serializable, as small values (the larger derived arrays are rebuilt
 * on deserialisation), so a spec that holds one can be shipped to a Spark executor; two sources are equal iff
 * they draw the same data from the same generator state.
 */
public interface SaeSource extends Serializable {
    /** d, the dimension of a sample. */
    int dim();

    /**
     * Fills {@code rows} fresh samples, row-major [rows][d], into {@code dst} from {@code offset}, drawing from
     * {@code rng} only. One call is one batch for the sources whose rule draws something once per batch
     * ({@link SyntheticFeaturesConfig.AlphaDraw#PER_BATCH}).
     */
    void fill(Rng rng, float[] dst, int offset, int rows);

    /**
     * The ground-truth feature directions, one row (length d) per feature, each of unit norm (a feature that is
     * never represented, a zero row of a toy model's W, stays zero): a fresh copy.
     */
    double[][] truth();
}
