package org.tmssweep.core.model;

import org.tmssweep.core.config.ModelKind;

/**
 * Plain-Java, double-precision toy model with obviously-correct loops: the reference the ND4J models are
 * tested against, and the evaluator of {@code final_loss}.
 *
 * <p>Per sample x (length n), with W stored n x m (row f = feature f's embedding) and V the read-out
 * matrix (V = W for the tied kinds, V = W2 for {@link ModelKind#ABS}, also n x m):
 * <pre>
 *   h   = x W                      (m)      RELU_HIDDEN, ABS: h = ReLU(x W)
 *   z   = h V^T + b                (n)
 *   out = z (LINEAR) or ReLU(z)
 *   t   = x, or |x| for ABS        target
 * </pre>
 * Loss with the notebook's normalisation (mean over batch and features) plus the optional L1 penalty
 * on h (batch mean of ||h||_1):
 * {@code L = 1/(B n) sum_b sum_f I_f (t_bf - out_bf)^2 + l1/B sum_b sum_k |h_bk|}.
 * Backward: {@code dz = -2 I (t - out)/(B n) [z > 0]}, {@code db = sum_b dz},
 * {@code g = (dz V + l1/B sign(h)) [h > 0]}; tied: {@code dW = dz^T h + x^T g}; untied:
 * {@code dW = x^T g}, {@code dW2 = dz^T h}. The float models compute the same loss ({@link ToyLoss}).
 */
public final class ReferenceToyModel {
    private final ModelKind kind;
    private final double[][] w;
    private final double[][] v;
    private final double[] b;
    private final double l1;
    private final int n;
    private final int m;

    /** Tied kinds without the L1 penalty. @param w n x m, copied; @param b length n, copied */
    public ReferenceToyModel(ModelKind kind, double[][] w, double[] b) {
        this(kind, w, null, b, 0);
    }

    /**
     * @param w  n x m, copied (W, or W1^T for ABS)
     * @param w2 n x m, copied: W2 for ABS; must be null for the tied kinds
     * @param b  length n, copied
     * @param l1 L1 penalty weight on h, &ge; 0
     */
    public ReferenceToyModel(ModelKind kind, double[][] w, double[][] w2, double[] b, double l1) {
        this.kind = kind;
        this.n = w.length;
        this.m = w[0].length;
        if (b.length != n) {
            throw new IllegalArgumentException("b: must have n = " + n + " entries, got " + b.length);
        }
        if (kind.untied() != (w2 != null)) {
            throw new IllegalArgumentException("w2: " + kind.specName() + (kind.untied() ? " needs" : " takes no")
                    + " second weight matrix");
        }
        if (!(l1 >= 0 && Double.isFinite(l1))) {
            throw new IllegalArgumentException("l1: must be >= 0 and finite, got " + l1);
        }
        this.w = copy("w", w, n, m);
        this.v = w2 == null ? this.w : copy("w2", w2, n, m);
        this.b = b.clone();
        this.l1 = l1;
    }

    private static double[][] copy(String name, double[][] a, int rows, int cols) {
        if (a.length != rows) {
            throw new IllegalArgumentException(name + ": must have n = " + rows + " rows, got " + a.length);
        }
        double[][] c = new double[rows][];
        for (int f = 0; f < rows; f++) {
            if (a[f].length != cols) {
                throw new IllegalArgumentException(name + "[" + f + "]: must have m = " + cols + " entries, got "
                        + a[f].length);
            }
            c[f] = a[f].clone();
        }
        return c;
    }

    /** Loss value and gradients of one batch; {@code dw2} is null for the tied kinds. */
    public record Gradient(double loss, double[][] dw, double[] db, double[][] dw2) {
        /** Tied kinds. */
        public Gradient(double loss, double[][] dw, double[] db) {
            this(loss, dw, db, null);
        }
    }

    public ModelKind kind() {
        return kind;
    }

    /** Hidden activations of one sample. */
    public double[] hidden(double[] x) {
        double[] h = new double[m];
        for (int k = 0; k < m; k++) {
            double s = 0;
            for (int f = 0; f < n; f++) {
                s += x[f] * w[f][k];
            }
            h[k] = kind.reluHidden() ? Math.max(s, 0) : s;
        }
        return h;
    }

    /** Pre-activation output z = h V^T + b of one sample. */
    public double[] preActivation(double[] x) {
        double[] h = hidden(x);
        double[] z = new double[n];
        for (int f = 0; f < n; f++) {
            double s = b[f];
            for (int k = 0; k < m; k++) {
                s += h[k] * v[f][k];
            }
            z[f] = s;
        }
        return z;
    }

    /** Output of one sample. */
    public double[] forward(double[] x) {
        double[] z = preActivation(x);
        if (kind.reluOutput()) {
            for (int f = 0; f < n; f++) {
                z[f] = Math.max(z[f], 0);
            }
        }
        return z;
    }

    /** What the model should reproduce from input x: x itself, or |x| for ABS. */
    double target(double xf) {
        return kind.absoluteValue() ? Math.abs(xf) : xf;
    }

    /** Loss of a batch [B][n]: the notebook normalisation plus the L1 penalty. */
    public double loss(double[][] x, double[] importance) {
        double sum = 0;
        double penalty = 0;
        for (double[] xb : x) {
            double[] out = forward(xb);
            for (int f = 0; f < n; f++) {
                double d = target(xb[f]) - out[f];
                sum += importance[f] * d * d;
            }
            if (l1 > 0) {
                for (double hk : hidden(xb)) {
                    penalty += Math.abs(hk);
                }
            }
        }
        return sum / ((double) x.length * n) + (l1 > 0 ? l1 * penalty / x.length : 0);
    }

    /**
     * {@link #loss} for batches of up to {@code maxRows} samples, the same bits, without per-sample arrays
     * and several times faster: the batch is transposed so that each per-sample sum runs lane-wise over
     * the samples (every sample's sums keep their order), and the loss terms are then added in
     * {@link #loss}'s order (sample by sample, features ascending). For {@code final_loss} (Trainer),
     * where one model's 16,384 evaluation samples cost as much as hundreds of training steps of a
     * small model. Not thread-safe; holds its scratch arrays.
     */
    public BatchLoss batchLoss(int maxRows) {
        return new BatchLoss(maxRows);
    }

    /** See {@link #batchLoss}. */
    public final class BatchLoss {
        /**
         * Samples per pass: the scratch is [n][TILE] and [m][TILE] whatever maxRows is, so it stays in cache
         * for large n; the tiles are visited in order, so the terms are still added in loss()'s order.
         */
        static final int TILE = 256;

        private final int maxRows;
        private final double[][] xT;
        private final double[][] h;
        private final double[][] terms;
        private final double[] z;
        private double sum;
        private double penalty;

        private BatchLoss(int maxRows) {
            if (maxRows < 1) {
                throw new IllegalArgumentException("maxRows: must be >= 1, got " + maxRows);
            }
            this.maxRows = maxRows;
            int tile = Math.min(maxRows, TILE);
            xT = new double[n][tile];
            h = new double[m][tile];
            terms = new double[n][tile];
            z = new double[tile];
        }

        /** {@link ReferenceToyModel#loss}{@code (x, importance)}, bit for bit, for at most maxRows rows. */
        public double loss(double[][] x, double[] importance) {
            int rows = start(x.length);
            for (int s0 = 0; s0 < rows; s0 += z.length) {
                int len = Math.min(z.length, rows - s0);
                for (int s = 0; s < len; s++) {
                    double[] xs = x[s0 + s];
                    for (int f = 0; f < n; f++) {
                        xT[f][s] = xs[f];
                    }
                }
                accumulate(len, importance);
            }
            return finish(rows);
        }

        /**
         * The same for a feature-major float batch (feature f's {@code rows} values at {@code x[f * rows]}, as
         * {@link org.tmssweep.core.data.DataSampler#fillFeatureMajor} writes it), widened to double: equal to
         * {@link ReferenceToyModel#loss} of the rows x[s][f] = (double) x[f * rows + s].
         */
        public double lossFeatureMajor(float[] x, int rows, double[] importance) {
            start(rows);
            for (int s0 = 0; s0 < rows; s0 += z.length) {
                int len = Math.min(z.length, rows - s0);
                for (int f = 0; f < n; f++) {
                    double[] xf = xT[f];
                    int base = f * rows + s0;
                    for (int s = 0; s < len; s++) {
                        xf[s] = x[base + s];
                    }
                }
                accumulate(len, importance);
            }
            return finish(rows);
        }

        private int start(int rows) {
            if (rows < 1 || rows > maxRows) {
                throw new IllegalArgumentException("x: 1 to " + maxRows + " rows, got " + rows);
            }
            sum = 0;
            penalty = 0;
            return rows;
        }

        /** Adds the loss terms (and penalty) of the {@code len} samples in xT to the running sums, in order. */
        private void accumulate(int len, double[] importance) {
            // h[k][s] = sum_f x[s][f] w[f][k], f ascending from 0 (ReLU for the ReLU-hidden kinds)
            for (int k = 0; k < m; k++) {
                double[] hk = h[k];
                java.util.Arrays.fill(hk, 0, len, 0.0);
                for (int f = 0; f < n; f++) {
                    double wfk = w[f][k];
                    double[] xf = xT[f];
                    for (int s = 0; s < len; s++) {
                        hk[s] += xf[s] * wfk;
                    }
                }
                if (kind.reluHidden()) {
                    for (int s = 0; s < len; s++) {
                        hk[s] = Math.max(hk[s], 0);
                    }
                }
            }
            // z[s] = b[f] + sum_k h[k][s] v[f][k], k ascending; the term importance[f] * d * d
            boolean reluOut = kind.reluOutput();
            boolean abs = kind.absoluteValue();
            for (int f = 0; f < n; f++) {
                java.util.Arrays.fill(z, 0, len, b[f]);
                for (int k = 0; k < m; k++) {
                    double vfk = v[f][k];
                    double[] hk = h[k];
                    for (int s = 0; s < len; s++) {
                        z[s] += hk[s] * vfk;
                    }
                }
                double imp = importance[f];
                double[] xf = xT[f];
                double[] tf = terms[f];
                for (int s = 0; s < len; s++) {
                    double out = reluOut ? Math.max(z[s], 0) : z[s];
                    double d = (abs ? Math.abs(xf[s]) : xf[s]) - out;
                    tf[s] = imp * d * d;
                }
            }
            for (int s = 0; s < len; s++) {
                for (int f = 0; f < n; f++) {
                    sum += terms[f][s];
                }
                if (l1 > 0) {
                    for (int k = 0; k < m; k++) {
                        penalty += Math.abs(h[k][s]);
                    }
                }
            }
        }

        private double finish(int rows) {
            return sum / ((double) rows * n) + (l1 > 0 ? l1 * penalty / rows : 0);
        }
    }

    /** Loss and its gradients with respect to W (and W2) and b for a batch [B][n]. */
    public Gradient lossAndGradient(double[][] x, double[] importance) {
        int batch = x.length;
        double scale = 1.0 / ((double) batch * n);
        double[][] dw = new double[n][m];
        double[][] dw2 = kind.untied() ? new double[n][m] : null;
        double[] db = new double[n];
        double sum = 0;
        double penalty = 0;
        for (double[] xb : x) {
            double[] h = hidden(xb);
            double[] z = preActivation(xb);
            double[] dz = new double[n];
            for (int f = 0; f < n; f++) {
                double out = kind.reluOutput() ? Math.max(z[f], 0) : z[f];
                double d = target(xb[f]) - out;
                sum += importance[f] * d * d;
                boolean pass = !kind.reluOutput() || z[f] > 0;
                dz[f] = pass ? -2 * importance[f] * d * scale : 0;
                db[f] += dz[f];
            }
            double[] g = new double[m];
            for (int k = 0; k < m; k++) {
                double s = 0;
                for (int f = 0; f < n; f++) {
                    s += dz[f] * v[f][k];
                }
                if (l1 > 0) {
                    penalty += Math.abs(h[k]);
                    s += l1 / batch * Math.signum(h[k]);
                }
                g[k] = (!kind.reluHidden() || h[k] > 0) ? s : 0;
            }
            for (int f = 0; f < n; f++) {
                for (int k = 0; k < m; k++) {
                    if (dw2 == null) {
                        dw[f][k] += dz[f] * h[k] + xb[f] * g[k];
                    } else {
                        dw[f][k] += xb[f] * g[k];
                        dw2[f][k] += dz[f] * h[k];
                    }
                }
            }
        }
        double loss = sum * scale + (l1 > 0 ? l1 * penalty / batch : 0);
        return new Gradient(loss, dw, db, dw2);
    }
}
