package org.tmssweep.core.data;

import java.util.List;
import org.tmssweep.core.config.AnticorrelationRule;
import org.tmssweep.core.config.FeatureSets;
import org.tmssweep.core.rng.Rng;

/**
 * The data of a model with correlated or anticorrelated feature sets ({@link FeatureSets}); the
 * sampler of every spec that has sets (a spec without sets uses {@link SparseSampler} alone, so its
 * stream is unchanged). Writes into caller-owned buffers and allocates nothing per call.
 *
 * <p>Features are visited in index order. An independent feature is filled exactly as
 * {@link SparseSampler} fills a one-feature batch (dense or geometric-skip rule by its density). A set
 * is filled when its lowest-index member comes up, sample by sample, with one uniform u per sample:
 * <ul>
 *   <li>correlated: active iff u &lt; p; then every member gets a fresh 24-bit uniform, else all 0;</li>
 *   <li>anticorrelated: active iff u &lt; q with q = {@link AnticorrelationRule#setProbability}; then one
 *       member, floor(u / q * k), gets a fresh 24-bit uniform (given u &lt; q, u / q is uniform on [0, 1),
 *       so the member is uniform), the others 0.</li>
 * </ul>
 * Sets cost one draw per sample whatever their density (no sparse fast path: the set experiments are
 * small).
 */
public final class FeatureSetSampler implements DataSampler {
    private final int n;
    /** fillColumns' dense batch; allocated on first use. */
    private float[] scratch;
    private final SparseSampler[] single;
    private final int[][] members;
    private final boolean[] correlated;
    private final double[] setProbability;
    private final int[] firstMember;

    /**
     * @param probability per-feature density in (0, 1]; copied
     * @param sets        validated against the densities ({@link FeatureSets#check})
     */
    public FeatureSetSampler(double[] probability, FeatureSets sets) {
        n = probability.length;
        sets.check(n, probability);
        single = new SparseSampler[n];
        int[] setOf = sets.setIndex(n);
        List<FeatureSets.FeatureSet> list = sets.sets();
        members = new int[list.size()][];
        correlated = new boolean[list.size()];
        setProbability = new double[list.size()];
        firstMember = new int[n];
        java.util.Arrays.fill(firstMember, -1);
        for (int i = 0; i < list.size(); i++) {
            FeatureSets.FeatureSet s = list.get(i);
            members[i] = s.members().stream().mapToInt(Integer::intValue).toArray();
            correlated[i] = s.kind() == FeatureSets.Kind.CORRELATED;
            double p = probability[members[i][0]];
            setProbability[i] = correlated[i] ? p : sets.anticorrelation().setProbability(members[i].length, p);
            firstMember[java.util.Arrays.stream(members[i]).min().getAsInt()] = i;
        }
        for (int f = 0; f < n; f++) {
            if (setOf[f] < 0) {
                single[f] = new SparseSampler(new double[] {probability[f]});
            }
        }
    }

    @Override
    public int nFeatures() {
        return n;
    }

    /** Fills a row-major [rows, n] batch starting at {@code offset}. */
    @Override
    public void fillRowMajor(Rng rng, float[] dst, int offset, int rows) {
        fill(rng, dst, offset, rows, n, 1);
    }

    /** Fills a feature-major [n, rows] batch starting at {@code offset}. */
    @Override
    public void fillFeatureMajor(Rng rng, float[] dst, int offset, int rows) {
        fill(rng, dst, offset, rows, 1, rows);
    }

    /** As {@link #fillFeatureMajor(Rng, float[], int, int)}, recording the non-zero pattern in {@code cols}. */
    @Override
    public void fillFeatureMajor(Rng rng, float[] dst, int offset, int rows, SparseColumns cols) {
        if (cols.nFeatures() != n || cols.rows() != rows) {
            throw new IllegalArgumentException("cols: shape " + cols.nFeatures() + " x " + cols.rows()
                    + " does not match " + n + " x " + rows);
        }
        fill(rng, dst, offset, rows, 1, rows);
        cols.scan(dst, offset);
    }

    /** Draws into a scratch dense batch (kept between calls) and scans it: the set rule is not sparse-aware. */
    @Override
    public void fillColumns(Rng rng, int rows, SparseColumns cols) {
        if (scratch == null || scratch.length != n * rows) {
            scratch = new float[n * rows];
        }
        fillFeatureMajor(rng, scratch, 0, rows, cols);
    }

    /**
     * Fills {@code rows} samples; entry (sample s, feature f) goes to
     * {@code dst[offset + s * sampleStride + f * featureStride]}. Every addressed entry is written.
     */
    public void fill(Rng rng, float[] dst, int offset, int rows, int sampleStride, int featureStride) {
        for (int f = 0; f < n; f++) {
            if (single[f] != null) {
                single[f].fill(rng, dst, offset + f * featureStride, rows, sampleStride, featureStride);
            } else if (firstMember[f] >= 0) {
                fillSet(rng, dst, offset, rows, sampleStride, featureStride, firstMember[f]);
            }
        }
    }

    private void fillSet(Rng rng, float[] dst, int offset, int rows, int sampleStride, int featureStride, int set) {
        int[] mem = members[set];
        int k = mem.length;
        double q = setProbability[set];
        for (int s = 0; s < rows; s++) {
            int base = offset + s * sampleStride;
            double u = rng.nextDouble();
            boolean active = u < q;
            if (correlated[set]) {
                for (int f : mem) {
                    dst[base + f * featureStride] = active ? rng.nextFloat() : 0f;
                }
            } else {
                int chosen = active ? Math.min(k - 1, (int) (u / q * k)) : -1;
                for (int j = 0; j < k; j++) {
                    dst[base + mem[j] * featureStride] = j == chosen ? rng.nextFloat() : 0f;
                }
            }
        }
    }
}
