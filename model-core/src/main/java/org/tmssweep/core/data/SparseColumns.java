package org.tmssweep.core.data;

import java.util.Arrays;

/**
 * The non-zero pattern of one feature-major [n, rows] batch: for feature f, the sample indices of its
 * non-zero entries are {@code index()[start(f)] .. index()[start(f + 1) - 1]}, ascending. Filled by
 * {@link SparseSampler#fillFeatureMajor(org.tmssweep.core.rng.Rng, float[], int, int, SparseColumns)};
 * reused from batch to batch (the index array grows when needed and is never shrunk, so a steady
 * state allocates nothing).
 */
public final class SparseColumns {
    private final int nFeatures;
    private final int rows;
    private final int[] start;
    private int[] index;
    private float[] values;

    public SparseColumns(int nFeatures, int rows) {
        this.nFeatures = nFeatures;
        this.rows = rows;
        this.start = new int[nFeatures + 1];
        this.index = new int[Math.max(16, nFeatures * Math.min(rows, 64))];
        this.values = new float[index.length];
    }

    public int nFeatures() {
        return nFeatures;
    }

    public int rows() {
        return rows;
    }

    /** First position of feature f's indices; {@code start(nFeatures())} is the total count. */
    public int start(int feature) {
        return start[feature];
    }

    /** Sample indices, valid up to {@code start(nFeatures())}. */
    public int[] index() {
        return index;
    }

    /**
     * The entries' values, parallel to {@link #index()}: {@code values()[j]} is the batch entry at
     * feature f, sample {@code index()[j]}, for j in [start(f), start(f + 1)). Sequential reads of these
     * replace scattered reads of the dense batch (at n = 400 the batches of a pack outgrow the L2 cache).
     */
    public float[] values() {
        return values;
    }

    /** Number of non-zero entries. */
    public int nonZeros() {
        return start[nFeatures];
    }

    void beginFeature(int feature, int count) {
        start[feature] = count;
    }

    /**
     * The index array, grown if needed so that it holds at least {@code needed} entries (at most
     * {@code nFeatures * rows} are ever needed). Lets a fill check the capacity once per feature
     * ({@code count + rows}) instead of once per non-zero.
     */
    int[] reserve(int needed) {
        if (needed > index.length) {
            index = Arrays.copyOf(index, Math.min(nFeatures * rows, Math.max(needed, 2 * index.length)));
            values = Arrays.copyOf(values, index.length);
        }
        return index;
    }

    /** Appends sample s with value v at position count; returns count + 1. */
    int add(int count, int s, float v) {
        if (count == index.length) {
            index = Arrays.copyOf(index, Math.min(nFeatures * rows, 2 * index.length));
            values = Arrays.copyOf(values, index.length);
        }
        index[count] = s;
        values[count] = v;
        return count + 1;
    }

    void end(int count) {
        start[nFeatures] = count;
    }

    /** Records the pattern of an existing feature-major batch by scanning it. */
    public void scan(float[] src, int offset) {
        int c = 0;
        for (int f = 0; f < nFeatures; f++) {
            beginFeature(f, c);
            int base = offset + f * rows;
            for (int s = 0; s < rows; s++) {
                if (src[base + s] != 0f) {
                    c = add(c, s, src[base + s]);
                }
            }
        }
        end(c);
    }
}
