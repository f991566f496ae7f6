package org.tmssweep.core.data;

import java.util.Arrays;
import org.tmssweep.core.config.DatasetConfig;
import org.tmssweep.core.config.DatasetNormalization;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.rng.Rng;
import org.tmssweep.core.rng.RngStream;

/**
 * A fixed set of points of a model's data rule, drawn once (the finite-data regime of Henighan et al.
 * 2023, "Superposition, Memorization, and Double Descent"): the training set the model sees at every step,
 * or its test set of further points. Immutable; stored sparsely, one row per point (CSR: each point's
 * non-zero features ascending, with their float32 values).
 *
 * <p>Drawing ({@link #draw}), a pure function of the sampler's rule, the size, the normalisation and the
 * generator: the points are drawn in chunks of {@link #DRAW_CHUNK}, each chunk as one batch of the
 * sampler ({@link DataSampler#fillColumns}, the same rule and values as a training batch of that size),
 * point s of a chunk being sample s of that batch. Entries whose value is exactly 0 are not stored.
 * Under {@link DatasetNormalization#UNIT} each point is then rescaled to unit L2 norm (in double, rounded
 * to float), and an all-zero point, which has no direction, is replaced: after its chunk, the chunk's
 * all-zero points are redrawn in order, each from single-point batches of the same stream until one is
 * non-zero ({@link #zeroDraws()} counts the discarded draws; more than {@link #MAX_ZERO_DRAWS} in a row
 * for one point is an error, a data rule that is almost always zero). Under
 * {@link DatasetNormalization#NONE} an all-zero point is kept.
 *
 * <p>The training set of a spec comes from {@code Rng.derive(spec.datasetSeed(), RngStream.DATASET)}
 * ({@link #training}), its test set from {@code RngStream.TEST_SET} of the same seed ({@link #test}); they
 * do not depend on the model's own seed, so models that differ only in their init seed share them. A
 * dataset of T points is not a prefix of one of more points: chunk boundaries and redraws depend on T.
 */
public final class FiniteDataset {
    /**
     * Points drawn per sampler batch. Part of the definition of every dataset (changing it changes every
     * drawn point, like renaming a stream); it bounds the drawing's scratch memory (n x 1024 floats for a
     * sampler with feature sets).
     */
    public static final int DRAW_CHUNK = 1024;
    /** All-zero draws in a row after which {@link DatasetNormalization#UNIT} gives up on a point. */
    public static final int MAX_ZERO_DRAWS = 1 << 20;

    private final int nFeatures;
    private final int[] start;
    private final int[] feature;
    private final float[] value;
    private final long zeroDraws;

    private FiniteDataset(int nFeatures, int[] start, int[] feature, float[] value, long zeroDraws) {
        this.nFeatures = nFeatures;
        this.start = start;
        this.feature = feature;
        this.value = value;
        this.zeroDraws = zeroDraws;
    }

    /**
     * The training set of a spec with a dataset: {@code train.dataset().size()} points of its data rule,
     * normalised as configured, from its dataset seed's {@link RngStream#DATASET} stream.
     */
    public static FiniteDataset training(ModelSpec spec) {
        DatasetConfig d = datasetOf(spec);
        return draw(DataSampler.forSpec(spec), d.size(), d.normalization(), Rng.derive(spec.datasetSeed(), RngStream.DATASET));
    }

    /**
     * The test set of a spec with a dataset: {@code train.dataset().testSize()} further points of the same
     * rule and normalisation, from its dataset seed's {@link RngStream#TEST_SET} stream.
     */
    public static FiniteDataset test(ModelSpec spec) {
        DatasetConfig d = datasetOf(spec);
        return draw(DataSampler.forSpec(spec), d.testSize(), d.normalization(), Rng.derive(spec.datasetSeed(), RngStream.TEST_SET));
    }

    private static DatasetConfig datasetOf(ModelSpec spec) {
        if (!spec.finiteData()) {
            throw new IllegalArgumentException("dataset.size: the spec has no dataset (size 0): " + spec);
        }
        return spec.train().dataset();
    }

    /**
     * {@code size} points of {@code sampler}'s rule from {@code rng}, rescaled by {@code normalization}; see
     * the class comment.
     *
     * @throws IllegalArgumentException if {@code size < 1}, or under UNIT if a point stays all zero for
     *                                  {@link #MAX_ZERO_DRAWS} draws
     */
    public static FiniteDataset draw(DataSampler sampler, int size, DatasetNormalization normalization, Rng rng) {
        if (size < 1) {
            throw new IllegalArgumentException("dataset.size: must be >= 1, got " + size);
        }
        int n = sampler.nFeatures();
        boolean unit = normalization == DatasetNormalization.UNIT;
        Builder out = new Builder(n, size);
        SparseColumns cols = null;
        SparseColumns single = null;
        long zeroDraws = 0;
        for (int done = 0; done < size; ) {
            int rows = Math.min(DRAW_CHUNK, size - done);
            if (cols == null || cols.rows() != rows) {
                cols = new SparseColumns(n, rows);
            }
            sampler.fillColumns(rng, rows, cols);
            Chunk chunk = Chunk.of(cols);
            for (int s = 0; s < rows; s++) {
                if (unit && chunk.count(s) == 0) {
                    if (single == null) {
                        single = new SparseColumns(n, 1);
                    }
                    Chunk redraw;
                    int tries = 0;
                    do {
                        if (++tries > MAX_ZERO_DRAWS) {
                            throw new IllegalArgumentException("dataset.normalize: unit needs non-zero points, but "
                                    + MAX_ZERO_DRAWS + " draws in a row were all zero (densities too low for n = " + n + ")");
                        }
                        sampler.fillColumns(rng, 1, single);
                        redraw = Chunk.of(single);
                    } while (redraw.count(0) == 0);
                    zeroDraws += tries - 1;
                    chunk.replace(s, redraw);
                }
            }
            for (int s = 0; s < rows; s++) {
                out.add(chunk, s, unit);
            }
            done += rows;
        }
        return out.build(zeroDraws);
    }

    /** The points of one sampler batch, transposed to one row per point (features ascending), zeros dropped. */
    private static final class Chunk {
        final int[][] features;
        final float[][] values;

        private Chunk(int[][] features, float[][] values) {
            this.features = features;
            this.values = values;
        }

        static Chunk of(SparseColumns cols) {
            int rows = cols.rows();
            int[] count = new int[rows];
            int[] idx = cols.index();
            float[] vals = cols.values();
            for (int j = 0; j < cols.nonZeros(); j++) {
                if (vals[j] != 0f) {
                    count[idx[j]]++;
                }
            }
            int[][] features = new int[rows][];
            float[][] values = new float[rows][];
            for (int s = 0; s < rows; s++) {
                features[s] = new int[count[s]];
                values[s] = new float[count[s]];
            }
            int[] fill = new int[rows];
            for (int f = 0; f < cols.nFeatures(); f++) {
                for (int j = cols.start(f); j < cols.start(f + 1); j++) {
                    if (vals[j] != 0f) {
                        int s = idx[j];
                        features[s][fill[s]] = f;
                        values[s][fill[s]++] = vals[j];
                    }
                }
            }
            return new Chunk(features, values);
        }

        int count(int s) {
            return features[s].length;
        }

        void replace(int s, Chunk single) {
            features[s] = single.features[0];
            values[s] = single.values[0];
        }
    }

    /** Appends points to growing CSR arrays. */
    private static final class Builder {
        private final int n;
        private final int[] start;
        private int[] feature;
        private float[] value;
        private int points;

        Builder(int n, int size) {
            this.n = n;
            this.start = new int[size + 1];
            this.feature = new int[Math.max(16, size)];
            this.value = new float[feature.length];
        }

        void add(Chunk chunk, int s, boolean unit) {
            int[] f = chunk.features[s];
            float[] v = chunk.values[s];
            int at = start[points];
            if (at + f.length > feature.length) {
                int len = Math.max(at + f.length, 2 * feature.length);
                feature = Arrays.copyOf(feature, len);
                value = Arrays.copyOf(value, len);
            }
            double norm = 1;
            if (unit) {
                double sq = 0;
                for (float x : v) {
                    sq += (double) x * x;
                }
                norm = Math.sqrt(sq);
            }
            for (int j = 0; j < f.length; j++) {
                feature[at + j] = f[j];
                value[at + j] = unit ? (float) (v[j] / norm) : v[j];
            }
            start[++points] = at + f.length;
        }

        FiniteDataset build(long zeroDraws) {
            int nnz = start[points];
            return new FiniteDataset(n, start, Arrays.copyOf(feature, nnz), Arrays.copyOf(value, nnz), zeroDraws);
        }
    }

    /** T, the number of points. */
    public int size() {
        return start.length - 1;
    }

    public int nFeatures() {
        return nFeatures;
    }

    /** Stored (non-zero) entries of all points. */
    public int nonZeros() {
        return start[start.length - 1];
    }

    /** Non-zero features of point i. */
    public int nonZeros(int point) {
        return start[point + 1] - start[point];
    }

    /** The non-zero features of point i, ascending (a copy). */
    public int[] features(int point) {
        return Arrays.copyOfRange(feature, start[point], start[point + 1]);
    }

    /** The values of point i's non-zero features, parallel to {@link #features} (a copy). */
    public float[] values(int point) {
        return Arrays.copyOfRange(value, start[point], start[point + 1]);
    }

    /** Point i as a dense vector of length n, widened to double. */
    public double[] dense(int point) {
        double[] x = new double[nFeatures];
        for (int j = start[point]; j < start[point + 1]; j++) {
            x[feature[j]] = value[j];
        }
        return x;
    }

    /** All-zero draws discarded under {@link DatasetNormalization#UNIT} (0 under NONE). */
    public long zeroDraws() {
        return zeroDraws;
    }

    /**
     * h_i = x_i W for every point (W n x m, row f = feature f's embedding), in double, the point's features
     * ascending: [size][m]. Linear; a ReLU-hidden model's caller applies its ReLU.
     */
    public double[][] project(double[][] w) {
        if (w.length != nFeatures) {
            throw new IllegalArgumentException("w: must have n = " + nFeatures + " rows, got " + w.length);
        }
        int m = nFeatures == 0 ? 0 : w[0].length;
        double[][] h = new double[size()][m];
        for (int i = 0; i < size(); i++) {
            double[] hi = h[i];
            for (int j = start[i]; j < start[i + 1]; j++) {
                double x = value[j];
                double[] wf = w[feature[j]];
                for (int k = 0; k < m; k++) {
                    hi[k] += x * wf[k];
                }
            }
        }
        return h;
    }

    /**
     * Writes points {@code from .. from + rows - 1}, feature-major: point {@code from + s}'s value of feature f
     * at {@code dst[offset + f * rows + s]}, every other entry of the block 0.
     */
    public void fillFeatureMajor(int from, int rows, float[] dst, int offset) {
        if (from < 0 || rows < 1 || from + rows > size()) {
            throw new IllegalArgumentException("points " + from + " .. " + (from + rows - 1) + ": outside 0 .. "
                    + (size() - 1));
        }
        Arrays.fill(dst, offset, offset + nFeatures * rows, 0f);
        for (int s = 0; s < rows; s++) {
            int p = from + s;
            for (int j = start[p]; j < start[p + 1]; j++) {
                dst[offset + feature[j] * rows + s] = value[j];
            }
        }
    }

    /** Every step trains on all points, in index order: sample s of the batch is point s. */
    public BatchSource fullBatch() {
        return new Batches(null, null);
    }

    /**
     * Minibatch epochs: each step trains on the next {@code minibatch} points of a sequence of epochs, each
     * epoch a fresh Fisher-Yates shuffle of the points (of the previous epoch's order) drawn from
     * {@code shuffle}. A batch may span two epochs, so that every batch has {@code minibatch} points and every
     * point is visited once per epoch.
     */
    public BatchSource epochs(int minibatch, Rng shuffle) {
        if (minibatch < 1 || minibatch > size()) {
            throw new IllegalArgumentException("dataset.minibatch: must be in [1, dataset.size = " + size() + "], got "
                    + minibatch);
        }
        return new Batches(shuffle, new int[minibatch]);
    }

    /** A uniform index in [0, bound) from 31 bits of {@code rng}, without modulo bias (java.util.Random's rule). */
    static int uniformIndex(Rng rng, int bound) {
        int bits;
        int val;
        do {
            bits = (int) (rng.nextLong() >>> 33);
            val = bits % bound;
        } while (bits - val + (bound - 1) < 0);
        return val;
    }

    /** The batches of {@link #fullBatch} ({@code shuffle} null) or {@link #epochs}. */
    private final class Batches implements BatchSource {
        private final Rng shuffle;
        /** The points of the current batch (epochs only). */
        private final int[] points;
        private final int[] order;
        private int position;
        private int[] counts;

        Batches(Rng shuffle, int[] points) {
            this.shuffle = shuffle;
            this.points = points;
            this.order = shuffle == null ? null : identity(size());
            this.position = size();
        }

        private static int[] identity(int size) {
            int[] a = new int[size];
            for (int i = 0; i < size; i++) {
                a[i] = i;
            }
            return a;
        }

        @Override
        public boolean fixed() {
            return shuffle == null;
        }

        private int rows() {
            return shuffle == null ? size() : points.length;
        }

        /** The point at batch position s of the current batch. */
        private int point(int s) {
            return shuffle == null ? s : points[s];
        }

        /** Advances to the next batch (epochs only; the full batch never changes). */
        private void next(int rows) {
            if (rows != rows()) {
                throw new IllegalArgumentException("rows: the batch has " + rows() + " points, got " + rows);
            }
            if (shuffle == null) {
                return;
            }
            for (int s = 0; s < points.length; s++) {
                if (position == order.length) {
                    for (int i = order.length - 1; i > 0; i--) {
                        int j = uniformIndex(shuffle, i + 1);
                        int t = order[i];
                        order[i] = order[j];
                        order[j] = t;
                    }
                    position = 0;
                }
                points[s] = order[position++];
            }
        }

        @Override
        public void fillFeatureMajor(float[] dst, int offset, int rows) {
            next(rows);
            Arrays.fill(dst, offset, offset + nFeatures * rows, 0f);
            for (int s = 0; s < rows; s++) {
                int p = point(s);
                for (int j = start[p]; j < start[p + 1]; j++) {
                    dst[offset + feature[j] * rows + s] = value[j];
                }
            }
        }

        @Override
        public void fillFeatureMajor(float[] dst, int offset, int rows, SparseColumns cols) {
            checkShape(cols, rows);
            int[] idx = cols.index();
            for (int f = 0; f < nFeatures; f++) {
                int base = offset + f * rows;
                for (int j = cols.start(f), end = cols.start(f + 1); j < end; j++) {
                    dst[base + idx[j]] = 0f;
                }
            }
            fillColumns(rows, cols);
            idx = cols.index();
            float[] vals = cols.values();
            for (int f = 0; f < nFeatures; f++) {
                int base = offset + f * rows;
                for (int j = cols.start(f), end = cols.start(f + 1); j < end; j++) {
                    dst[base + idx[j]] = vals[j];
                }
            }
        }

        /** Records the batch feature by feature, samples ascending within a feature (a counting sort). */
        @Override
        public void fillColumns(int rows, SparseColumns cols) {
            checkShape(cols, rows);
            next(rows);
            if (counts == null) {
                counts = new int[nFeatures];
            }
            Arrays.fill(counts, 0);
            int total = 0;
            for (int s = 0; s < rows; s++) {
                int p = point(s);
                for (int j = start[p]; j < start[p + 1]; j++) {
                    counts[feature[j]]++;
                }
                total += start[p + 1] - start[p];
            }
            int[] idx = cols.reserve(total);
            float[] vals = cols.values();
            int c = 0;
            for (int f = 0; f < nFeatures; f++) {
                cols.beginFeature(f, c);
                int k = counts[f];
                counts[f] = c; // from here on: the next free position of feature f
                c += k;
            }
            cols.end(c);
            for (int s = 0; s < rows; s++) {
                int p = point(s);
                for (int j = start[p]; j < start[p + 1]; j++) {
                    int at = counts[feature[j]]++;
                    idx[at] = s;
                    vals[at] = value[j];
                }
            }
        }

        private void checkShape(SparseColumns cols, int rows) {
            if (cols.nFeatures() != nFeatures || cols.rows() != rows) {
                throw new IllegalArgumentException("cols: shape " + cols.nFeatures() + " x " + cols.rows()
                        + " does not match " + nFeatures + " x " + rows);
            }
        }
    }
}
