package org.tmssweep.core.model;

import org.tmssweep.core.config.ModelKind;

/**
 * Plain-Java, double-precision toy model with obviously-correct loops: the reference the ND4J model is
 * tested against, and the evaluator of {@code final_loss}.
 *
 * <p>Per sample x (length n), with W stored n x m (row f = feature f's embedding):
 * <pre>
 *   h   = x W                      (m)      RELU_HIDDEN: h = ReLU(x W)
 *   z   = h W^T + b                (n)
 *   out = z (LINEAR) or ReLU(z)
 * </pre>
 * Loss with the notebook's normalisation (mean over batch and features):
 * {@code L = 1/(B n) sum_b sum_f I_f (x_bf - out_bf)^2}.
 * Backward: {@code dz = -2 I (x - out)/(B n) [z > 0]}, {@code db = sum_b dz},
 * {@code g = dz W [h > 0]}, {@code dW = dz^T h + x^T g}.
 */
public final class ReferenceToyModel {
    private final ModelKind kind;
    private final double[][] w;
    private final double[] b;
    private final int n;
    private final int m;

    /** @param w n x m, copied; @param b length n, copied */
    public ReferenceToyModel(ModelKind kind, double[][] w, double[] b) {
        this.kind = kind;
        this.n = w.length;
        this.m = w[0].length;
        if (b.length != n) {
            throw new IllegalArgumentException("b: must have n = " + n + " entries, got " + b.length);
        }
        this.w = new double[n][];
        for (int f = 0; f < n; f++) {
            if (w[f].length != m) {
                throw new IllegalArgumentException("w[" + f + "]: must have m = " + m + " entries, got " + w[f].length);
            }
            this.w[f] = w[f].clone();
        }
        this.b = b.clone();
    }

    /** Loss value and gradients of one batch. */
    public record Gradient(double loss, double[][] dw, double[] db) {
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

    /** Pre-activation output z = h W^T + b of one sample. */
    public double[] preActivation(double[] x) {
        double[] h = hidden(x);
        double[] z = new double[n];
        for (int f = 0; f < n; f++) {
            double s = b[f];
            for (int k = 0; k < m; k++) {
                s += h[k] * w[f][k];
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

    /** What the model should reproduce from input x: x itself for every variant implemented so far. */
    static double target(double xf) {
        return xf;
    }

    /** Loss of a batch [B][n] under the notebook normalisation. */
    public double loss(double[][] x, double[] importance) {
        double sum = 0;
        for (double[] xb : x) {
            double[] out = forward(xb);
            for (int f = 0; f < n; f++) {
                double d = target(xb[f]) - out[f];
                sum += importance[f] * d * d;
            }
        }
        return sum / ((double) x.length * n);
    }

    /** Loss and its gradient with respect to W and b for a batch [B][n]. */
    public Gradient lossAndGradient(double[][] x, double[] importance) {
        int batch = x.length;
        double scale = 1.0 / ((double) batch * n);
        double[][] dw = new double[n][m];
        double[] db = new double[n];
        double sum = 0;
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
                    s += dz[f] * w[f][k];
                }
                g[k] = (!kind.reluHidden() || h[k] > 0) ? s : 0;
            }
            for (int f = 0; f < n; f++) {
                for (int k = 0; k < m; k++) {
                    dw[f][k] += dz[f] * h[k] + xb[f] * g[k];
                }
            }
        }
        return new Gradient(sum * scale, dw, db);
    }
}
