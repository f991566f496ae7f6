package org.tmssweep.core.model;

import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.rng.Rng;

/**
 * Random problems for model tests, plus the straightforward definition of the model written
 * independently of the implementations (matrix-product form, P = W W^T for the linear hidden layer).
 */
final class ModelFixtures {
    private ModelFixtures() {
    }

    /** A random problem whose pre-activations stay at least {@code margin} away from every ReLU kink. */
    record Problem(ModelKind kind, double[][] w, double[] b, double[] importance, double[][] x) {
    }

    static Problem problem(ModelKind kind, int n, int m, int batch, long seed, double margin) {
        Rng rng = new Rng(seed);
        for (int attempt = 0; attempt < 10_000; attempt++) {
            double[][] w = new double[n][m];
            double[] b = new double[n];
            double[] imp = new double[n];
            double[][] x = new double[batch][n];
            for (int f = 0; f < n; f++) {
                for (int k = 0; k < m; k++) {
                    w[f][k] = rng.nextGaussian() * 0.7;
                }
                b[f] = 0.3 * rng.nextGaussian();
                imp[f] = 0.2 + rng.nextDouble();
            }
            for (double[] row : x) {
                for (int f = 0; f < n; f++) {
                    row[f] = rng.nextDouble() < 0.6 ? rng.nextDouble() : 0.0;
                }
            }
            if (awayFromKinks(kind, w, b, x, margin)) {
                return new Problem(kind, w, b, imp, x);
            }
        }
        throw new IllegalStateException("no kink-free problem found");
    }

    static boolean awayFromKinks(ModelKind kind, double[][] w, double[] b, double[][] x, double margin) {
        for (double[] xb : x) {
            double[] pre = hiddenPre(w, xb);
            for (double v : pre) {
                if (kind.reluHidden() && Math.abs(v) < margin) {
                    return false;
                }
            }
            double[] z = outputPre(kind, w, b, xb);
            for (double v : z) {
                if (kind.reluOutput() && Math.abs(v) < margin) {
                    return false;
                }
            }
        }
        return true;
    }

    static double[] hiddenPre(double[][] w, double[] x) {
        int n = w.length;
        int m = w[0].length;
        double[] h = new double[m];
        for (int k = 0; k < m; k++) {
            for (int f = 0; f < n; f++) {
                h[k] += w[f][k] * x[f];
            }
        }
        return h;
    }

    /** Definition: z = W act(W^T x) + b, written with W as n x m. */
    static double[] outputPre(ModelKind kind, double[][] w, double[] b, double[] x) {
        double[] h = hiddenPre(w, x);
        if (kind.reluHidden()) {
            for (int k = 0; k < h.length; k++) {
                h[k] = Math.max(0, h[k]);
            }
        }
        double[] z = b.clone();
        for (int f = 0; f < w.length; f++) {
            for (int k = 0; k < h.length; k++) {
                z[f] += w[f][k] * h[k];
            }
        }
        return z;
    }

    static double[][] definitionOutput(ModelKind kind, double[][] w, double[] b, double[][] x) {
        double[][] out = new double[x.length][];
        for (int s = 0; s < x.length; s++) {
            out[s] = outputPre(kind, w, b, x[s]);
            if (kind.reluOutput()) {
                for (int f = 0; f < out[s].length; f++) {
                    out[s][f] = Math.max(0, out[s][f]);
                }
            }
        }
        return out;
    }

    /** Definition of the loss: mean over batch and features of I_f (x - out)^2. */
    static double definitionLoss(ModelKind kind, double[][] w, double[] b, double[] imp, double[][] x) {
        double[][] out = definitionOutput(kind, w, b, x);
        double sum = 0;
        for (int s = 0; s < x.length; s++) {
            for (int f = 0; f < imp.length; f++) {
                double d = x[s][f] - out[s][f];
                sum += imp[f] * d * d;
            }
        }
        return sum / (x.length * (double) imp.length);
    }

    /** Central differences of the definition loss: {dW (n x m), db (1 x n)}. */
    static double[][][] finiteDifferenceGradient(Problem p, double step) {
        int n = p.w().length;
        int m = p.w()[0].length;
        double[][] dw = new double[n][m];
        double[][] db = new double[1][n];
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < m; k++) {
                double[][] plus = copy(p.w());
                double[][] minus = copy(p.w());
                plus[f][k] += step;
                minus[f][k] -= step;
                dw[f][k] = (definitionLoss(p.kind(), plus, p.b(), p.importance(), p.x())
                        - definitionLoss(p.kind(), minus, p.b(), p.importance(), p.x())) / (2 * step);
            }
            double[] bp = p.b().clone();
            double[] bm = p.b().clone();
            bp[f] += step;
            bm[f] -= step;
            db[0][f] = (definitionLoss(p.kind(), p.w(), bp, p.importance(), p.x())
                    - definitionLoss(p.kind(), p.w(), bm, p.importance(), p.x())) / (2 * step);
        }
        return new double[][][] {dw, db};
    }

    static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
