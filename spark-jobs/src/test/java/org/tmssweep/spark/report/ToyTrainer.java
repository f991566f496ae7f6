package org.tmssweep.spark.report;

import java.util.SplittableRandom;

/**
 * A minimal Adam trainer for the ReLU-output / linear toy model, used only to make a realistic demo
 * report (not by the unit tests). W is n x m (row i = feature i's embedding); NB loss normalisation.
 */
final class ToyTrainer {
    final double[][] w;
    final double[] b;
    double loss;

    ToyTrainer(int n, int m, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        w = new double[n][m];
        b = new double[n];
        double std = Math.sqrt(2.0 / (n * m + m));
        for (double[] row : w) {
            for (int k = 0; k < m; k++) {
                row[k] = std * gaussian(rng);
            }
        }
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    void train(boolean relu, double p, double[] importance, int steps, int batch, double lr, long seed) {
        int n = w.length;
        int m = w[0].length;
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] mw = new double[n][m];
        double[][] vw = new double[n][m];
        double[] mb = new double[n];
        double[] vb = new double[n];
        double[] x = new double[n];
        double[] h = new double[m];
        double[] d = new double[n];
        double[] back = new double[m];
        for (int t = 1; t <= steps; t++) {
            double[][] gw = new double[n][m];
            double[] gb = new double[n];
            double total = 0;
            for (int s = 0; s < batch; s++) {
                java.util.Arrays.fill(h, 0);
                for (int i = 0; i < n; i++) {
                    double u = rng.nextDouble();
                    double v = rng.nextDouble();
                    x[i] = v <= p ? u : 0;
                    if (x[i] != 0) {
                        for (int k = 0; k < m; k++) {
                            h[k] += x[i] * w[i][k];
                        }
                    }
                }
                java.util.Arrays.fill(back, 0);
                for (int i = 0; i < n; i++) {
                    double pre = b[i];
                    for (int k = 0; k < m; k++) {
                        pre += w[i][k] * h[k];
                    }
                    double out = relu ? Math.max(0, pre) : pre;
                    double err = out - x[i];
                    total += importance[i] * err * err;
                    d[i] = (relu && pre <= 0) ? 0 : 2 * importance[i] * err / (batch * (double) n);
                    if (d[i] != 0) {
                        gb[i] += d[i];
                        for (int k = 0; k < m; k++) {
                            gw[i][k] += d[i] * h[k];
                            back[k] += d[i] * w[i][k];
                        }
                    }
                }
                for (int i = 0; i < n; i++) {
                    if (x[i] != 0) {
                        for (int k = 0; k < m; k++) {
                            gw[i][k] += x[i] * back[k];
                        }
                    }
                }
            }
            loss = total / (batch * (double) n);
            double c1 = 1 - Math.pow(0.9, t);
            double c2 = 1 - Math.pow(0.999, t);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < m; k++) {
                    mw[i][k] = 0.9 * mw[i][k] + 0.1 * gw[i][k];
                    vw[i][k] = 0.999 * vw[i][k] + 0.001 * gw[i][k] * gw[i][k];
                    w[i][k] -= lr * (mw[i][k] / c1) / (Math.sqrt(vw[i][k] / c2) + 1e-8);
                }
                mb[i] = 0.9 * mb[i] + 0.1 * gb[i];
                vb[i] = 0.999 * vb[i] + 0.001 * gb[i] * gb[i];
                b[i] -= lr * (mb[i] / c1) / (Math.sqrt(vb[i] / c2) + 1e-8);
            }
        }
    }
}
