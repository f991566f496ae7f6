package org.tmssweep.core.sae;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import org.tmssweep.core.rng.Rng;
import org.tmssweep.core.rng.RngStream;

/**
 * The toy of feature absorption (Chanin et al. 2024, "A is for Absorption", arXiv 2409.14507): four orthonormal
 * features g_0..g_3 in 50 dimensions, each active feature at value 1, x = sum of the active g_i. Feature 0
 * fires with probability 0.25 and features 2 and 3 with probability 0.05, independently. With the hierarchy
 * (the absorption setting), feature 1 fires only together with feature 0: given f0 it fires with probability
 * 0.2, so p(f1) = 0.05 and p(f1 | not f0) = 0; without it, feature 1 is independent with probability 0.05.
 *
 * <p>The directions are Gram-Schmidt of four Gaussian rows from
 * {@code Rng.derive(truthSeed, RngStream.SAE_FEATURES)}. Each sample takes four draws
 * u_0..u_3 = {@link Rng#nextDouble()} (feature i is active iff u_i is below its threshold; u_1 is drawn even when
 * feature 0 is off, so the stream does not depend on the outcomes).
 */
public final class AbsorptionToy implements SaeSource {
    private static final long serialVersionUID = 1L;
    public static final int DIM = 50;
    public static final int FEATURES = 4;
    /** p(f0). */
    public static final double PARENT_PROBABILITY = 0.25;
    /** p(f1), p(f2), p(f3). */
    public static final double OTHER_PROBABILITY = 0.05;

    private final long truthSeed;
    private final boolean hierarchy;
    private final transient double[][] directions;

    /**
     * @param truthSeed the seed of the four directions
     * @param hierarchy feature 1 fires only with feature 0 (the absorption setting); false: all independent
     */
    public AbsorptionToy(long truthSeed, boolean hierarchy) {
        this.truthSeed = truthSeed;
        this.hierarchy = hierarchy;
        this.directions = Vectors.orthonormalRows(Rng.derive(truthSeed, RngStream.SAE_FEATURES), FEATURES, DIM);
    }

    public long truthSeed() {
        return truthSeed;
    }

    public boolean hierarchy() {
        return hierarchy;
    }

    @Override
    public int dim() {
        return DIM;
    }

    @Override
    public double[][] truth() {
        return Vectors.copy(directions);
    }

    @Override
    public void fill(Rng rng, float[] dst, int offset, int rows) {
        double childGivenParent = OTHER_PROBABILITY / PARENT_PROBABILITY;
        double[] acc = new double[DIM];
        for (int s = 0; s < rows; s++) {
            boolean f0 = rng.nextDouble() < PARENT_PROBABILITY;
            double u1 = rng.nextDouble();
            boolean f1 = hierarchy ? f0 && u1 < childGivenParent : u1 < OTHER_PROBABILITY;
            boolean f2 = rng.nextDouble() < OTHER_PROBABILITY;
            boolean f3 = rng.nextDouble() < OTHER_PROBABILITY;
            Arrays.fill(acc, 0.0);
            boolean[] on = {f0, f1, f2, f3};
            for (int i = 0; i < FEATURES; i++) {
                if (on[i]) {
                    for (int t = 0; t < DIM; t++) {
                        acc[t] += directions[i][t];
                    }
                }
            }
            int at = offset + s * DIM;
            for (int t = 0; t < DIM; t++) {
                dst[at + t] = (float) acc[t];
            }
        }
    }

    /** Equal iff the truth seed and the hierarchy setting are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AbsorptionToy a && truthSeed == a.truthSeed && hierarchy == a.hierarchy;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(truthSeed) * 31 + Boolean.hashCode(hierarchy);
    }

    private Object writeReplace() {
        return new Proxy(truthSeed, hierarchy);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("AbsorptionToy: deserialised through its proxy only");
    }

    /** The serialised form. */
    private record Proxy(long truthSeed, boolean hierarchy) implements Serializable {
        private Object readResolve() {
            return new AbsorptionToy(truthSeed, hierarchy);
        }
    }
}
