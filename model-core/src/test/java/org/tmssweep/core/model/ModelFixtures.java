package org.tmssweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.rng.Rng;

/**
 * Random problems for model tests, plus the straightforward definition of the model written
 * independently of the implementations (matrix-product form, P = W W^T for the linear hidden layer;
 * read-out matrix V = W for the tied kinds and V = W2 for ABS; target |x| and inputs in [-1, 1) for ABS;
 * optional L1 penalty l1 * mean_b ||h_b||_1).
 */
final class ModelFixtures {
    private ModelFixtures() {
    }

    /**
     * Gives instance i (0 &lt;= i &lt; instances) of every model the same random problem, seed
     * {@code seedBase + i}: W, b, importances and the input batch.
     */
    static void loadSameProblems(ModelKind kind, int n, int m, int batch, int instances, long seedBase,
            JavaToyModel... models) {
        for (int i = 0; i < instances; i++) {
            Problem p = problem(kind, n, m, batch, seedBase + i, 0);
            for (JavaToyModel model : models) {
                model.setParams(i, p.w(), p.b());
                model.setImportance(i, p.importance());
                model.setInput(i, p.x());
            }
        }
    }

    /**
     * One forward/backward of both models; the loss, dW and db of every instance must be the same bits,
     * and some dW non-zero.
     */
    static void assertSameStepBits(JavaToyModel expected, JavaToyModel actual, int instances, int n, int m) {
        double[] le = new double[instances];
        double[] la = new double[instances];
        expected.forwardBackward(le);
        actual.forwardBackward(la);
        for (int i = 0; i < instances; i++) {
            assertEquals(Double.doubleToRawLongBits(le[i]), Double.doubleToRawLongBits(la[i]), "loss " + i);
            double[][] ge = expected.weightGradient(i);
            double[][] ga = actual.weightGradient(i);
            double[] be = expected.biasGradient(i);
            double[] ba = actual.biasGradient(i);
            boolean nonZero = false;
            for (int f = 0; f < n; f++) {
                for (int k = 0; k < m; k++) {
                    assertEquals(Double.doubleToRawLongBits(ge[f][k]), Double.doubleToRawLongBits(ga[f][k]),
                            "dW[" + f + "][" + k + "] of instance " + i);
                    nonZero |= ga[f][k] != 0;
                }
                assertEquals(Double.doubleToRawLongBits(be[f]), Double.doubleToRawLongBits(ba[f]),
                        "db[" + f + "] of instance " + i);
            }
            assertTrue(nonZero, "some gradient is non-zero");
        }
    }

    /** A random problem whose pre-activations stay at least {@code margin} away from every ReLU kink. */
    record Problem(ModelKind kind, double[][] w, double[][] w2, double[] b, double[] importance, double[][] x,
                   double l1) {
        /** The read-out matrix: W2 for the untied kinds, W otherwise. */
        double[][] readout() {
            return w2 != null ? w2 : w;
        }
    }

    static Problem problem(ModelKind kind, int n, int m, int batch, long seed, double margin) {
        return problem(kind, n, m, batch, seed, margin, 0);
    }

    static Problem problem(ModelKind kind, int n, int m, int batch, long seed, double margin, double l1) {
        Rng rng = new Rng(seed);
        for (int attempt = 0; attempt < 10_000; attempt++) {
            double[][] w = new double[n][m];
            double[][] w2 = kind.untied() ? new double[n][m] : null;
            double[] b = new double[n];
            double[] imp = new double[n];
            double[][] x = new double[batch][n];
            for (int f = 0; f < n; f++) {
                for (int k = 0; k < m; k++) {
                    w[f][k] = rng.nextGaussian() * 0.7;
                    if (w2 != null) {
                        w2[f][k] = rng.nextGaussian() * 0.7;
                    }
                }
                b[f] = 0.3 * rng.nextGaussian();
                imp[f] = 0.2 + rng.nextDouble();
            }
            for (double[] row : x) {
                for (int f = 0; f < n; f++) {
                    row[f] = rng.nextDouble() < 0.6 ? value(kind, rng.nextDouble()) : 0.0;
                }
            }
            Problem p = new Problem(kind, w, w2, b, imp, x, l1);
            if (awayFromKinks(p, margin)) {
                return p;
            }
        }
        throw new IllegalStateException("no kink-free problem found");
    }

    /** A non-zero input from a uniform u on [0, 1): u, or 2u - 1 for ABS. */
    private static double value(ModelKind kind, double u) {
        return kind.absoluteValue() ? 2 * u - 1 : u;
    }

    /** Also away from |h| = 0 when l1 &gt; 0, and (ABS) from x = 0 among the non-zero inputs. */
    static boolean awayFromKinks(Problem p, double margin) {
        ModelKind kind = p.kind();
        for (double[] xb : p.x()) {
            double[] pre = hiddenPre(p.w(), xb);
            for (double v : pre) {
                if ((kind.reluHidden() || p.l1() > 0) && Math.abs(v) < margin) {
                    return false;
                }
            }
            double[] z = outputPre(p, p.w(), p.readout(), p.b(), xb);
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

    static double[] hidden(ModelKind kind, double[][] w, double[] x) {
        double[] h = hiddenPre(w, x);
        if (kind.reluHidden()) {
            for (int k = 0; k < h.length; k++) {
                h[k] = Math.max(0, h[k]);
            }
        }
        return h;
    }

    /** Definition: z = V act(W^T x) + b, written with W and V as n x m. */
    static double[] outputPre(Problem p, double[][] w, double[][] v, double[] b, double[] x) {
        double[] h = hidden(p.kind(), w, x);
        double[] z = b.clone();
        for (int f = 0; f < w.length; f++) {
            for (int k = 0; k < h.length; k++) {
                z[f] += v[f][k] * h[k];
            }
        }
        return z;
    }

    static double[][] definitionOutput(Problem p) {
        return definitionOutput(p, p.w(), p.readout(), p.b());
    }

    static double[][] definitionOutput(Problem p, double[][] w, double[][] v, double[] b) {
        ModelKind kind = p.kind();
        double[][] x = p.x();
        double[][] out = new double[x.length][];
        for (int s = 0; s < x.length; s++) {
            out[s] = outputPre(p, w, v, b, x[s]);
            if (kind.reluOutput()) {
                for (int f = 0; f < out[s].length; f++) {
                    out[s][f] = Math.max(0, out[s][f]);
                }
            }
        }
        return out;
    }

    /**
     * Definition of the loss: mean over batch and features of I_f (t - out)^2, t = x (|x| for ABS), plus
     * l1 * mean over the batch of sum_k |h_k|.
     */
    static double definitionLoss(Problem p, double[][] w, double[][] v, double[] b) {
        double[][] x = p.x();
        double[] imp = p.importance();
        double[][] out = definitionOutput(p, w, v, b);
        double sum = 0;
        double penalty = 0;
        for (int s = 0; s < x.length; s++) {
            for (int f = 0; f < imp.length; f++) {
                double t = p.kind().absoluteValue() ? Math.abs(x[s][f]) : x[s][f];
                double d = t - out[s][f];
                sum += imp[f] * d * d;
            }
            for (double h : hidden(p.kind(), w, x[s])) {
                penalty += Math.abs(h);
            }
        }
        return sum / (x.length * (double) imp.length) + p.l1() * penalty / x.length;
    }

    static double definitionLoss(Problem p) {
        return definitionLoss(p, p.w(), p.readout(), p.b());
    }

    /**
     * Central differences of the definition loss: {dW (n x m), db (1 x n), dW2 (n x m, untied kinds only)}.
     * For the tied kinds W and V move together.
     */
    static double[][][] finiteDifferenceGradient(Problem p, double step) {
        int n = p.w().length;
        int m = p.w()[0].length;
        boolean untied = p.w2() != null;
        double[][] dw = new double[n][m];
        double[][] dw2 = new double[n][m];
        double[][] db = new double[1][n];
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < m; k++) {
                double[][] plus = copy(p.w());
                double[][] minus = copy(p.w());
                plus[f][k] += step;
                minus[f][k] -= step;
                dw[f][k] = (definitionLoss(p, plus, untied ? p.w2() : plus, p.b())
                        - definitionLoss(p, minus, untied ? p.w2() : minus, p.b())) / (2 * step);
                if (untied) {
                    double[][] vp = copy(p.w2());
                    double[][] vm = copy(p.w2());
                    vp[f][k] += step;
                    vm[f][k] -= step;
                    dw2[f][k] = (definitionLoss(p, p.w(), vp, p.b()) - definitionLoss(p, p.w(), vm, p.b())) / (2 * step);
                }
            }
            double[] bp = p.b().clone();
            double[] bm = p.b().clone();
            bp[f] += step;
            bm[f] -= step;
            db[0][f] = (definitionLoss(p, p.w(), p.readout(), bp) - definitionLoss(p, p.w(), p.readout(), bm)) / (2 * step);
        }
        return untied ? new double[][][] {dw, db, dw2} : new double[][][] {dw, db};
    }

    static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
