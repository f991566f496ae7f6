package org.tmssweep.core.analysis;

import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.FeatureSets;
import org.tmssweep.core.data.FeatureSetSampler;
import org.tmssweep.core.data.SparseSampler;
import org.tmssweep.core.model.ReferenceToyModel;
import org.tmssweep.core.rng.Rng;

/**
 * The paper's analytic adversarial attack (section "Superposition and adversarial examples",
 * docs/paper.md §3, b row 15): for each feature i the input is shifted by lambda (W^T W)_i /
 * ||(W^T W)_i||, with lambda = 0.1 times the average input L2 norm; the feature whose attack hurts most
 * is kept, and vulnerability is (L' - L) / (L'_0 - L_0) relative to a model without superposition.
 *
 * <p>Everything is evaluated with {@link ReferenceToyModel} (double precision) on one fixed sample,
 * the same sample for the model and its baseline. The attacked loss compares the output on the shifted
 * input with the clean input (the model should still reproduce x).
 */
public final class AdversarialAttack {
    /** The paper's attack norm as a fraction of the average input norm. */
    public static final double DEFAULT_NORM_FRACTION = 0.1;

    private AdversarialAttack() {
    }

    /** {@code rows} samples of the paper's data rule from {@code new Rng(seed)}, [rows][n]. */
    public static double[][] sample(double[] probability, int rows, long seed) {
        int n = probability.length;
        float[] buf = new float[rows * n];
        new SparseSampler(probability).fillRowMajor(new Rng(seed), buf, 0, rows);
        double[][] x = new double[rows][n];
        for (int s = 0; s < rows; s++) {
            for (int f = 0; f < n; f++) {
                x[s][f] = buf[s * n + f];
            }
        }
        return x;
    }

    /**
     * As {@link #sample(double[], int, long)} for a model with correlated / anticorrelated feature sets
     * (drawn by {@link FeatureSetSampler}); without sets it is that method.
     */
    public static double[][] sample(double[] probability, FeatureSets sets, int rows, long seed) {
        if (sets.isEmpty()) {
            return sample(probability, rows, seed);
        }
        int n = probability.length;
        float[] buf = new float[rows * n];
        new FeatureSetSampler(probability, sets).fillRowMajor(new Rng(seed), buf, 0, rows);
        double[][] x = new double[rows][n];
        for (int s = 0; s < rows; s++) {
            for (int f = 0; f < n; f++) {
                x[s][f] = buf[s * n + f];
            }
        }
        return x;
    }

    /** {@code fraction} times the mean L2 norm of the sample's rows. */
    public static double attackNorm(double[][] sample, double fraction) {
        double sum = 0;
        for (double[] x : sample) {
            sum += Linalg.norm(x);
        }
        return fraction * sum / sample.length;
    }

    /** Unit attack direction of feature i, (W^T W)_i / ||(W^T W)_i|| (paper notation); null if zero. */
    public static double[] direction(double[][] w, int feature) {
        int n = w.length;
        double[] g = new double[n];
        for (int j = 0; j < n; j++) {
            g[j] = Linalg.dot(w[feature], w[j]);
        }
        double norm = Linalg.norm(g);
        if (!(norm > 0)) {
            return null;
        }
        for (int j = 0; j < n; j++) {
            g[j] /= norm;
        }
        return g;
    }

    /** Attacks every feature's direction with norm {@code lambda} and keeps the worst. */
    public static AttackResult attack(ModelKind kind, double[][] w, double[] b, double[] importance,
                                      double[][] sample, double lambda) {
        ReferenceToyModel model = new ReferenceToyModel(kind, w, b);
        double clean = model.loss(sample, importance);
        int worst = -1;
        double worstLoss = clean;
        for (int i = 0; i < w.length; i++) {
            double[] dir = direction(w, i);
            if (dir == null) {
                continue;
            }
            double attacked = attackedLoss(model, sample, importance, dir, lambda);
            if (worst < 0 || attacked > worstLoss) {
                worst = i;
                worstLoss = attacked;
            }
        }
        return new AttackResult(worst, lambda, clean, worstLoss, worstLoss - clean);
    }

    /**
     * Loss when every input is shifted by {@code lambda * direction}, against the clean inputs
     * (notebook normalisation: mean over samples and features).
     */
    public static double attackedLoss(ReferenceToyModel model, double[][] sample, double[] importance,
                                      double[] direction, double lambda) {
        int n = direction.length;
        double[] shifted = new double[n];
        double sum = 0;
        for (double[] x : sample) {
            for (int f = 0; f < n; f++) {
                shifted[f] = x[f] + lambda * direction[f];
            }
            double[] out = model.forward(shifted);
            for (int f = 0; f < n; f++) {
                double d = x[f] - out[f];
                sum += importance[f] * d * d;
            }
        }
        return sum / ((double) sample.length * n);
    }

    /**
     * The non-superposition baseline of the same shape: the m most important features (ties: lower
     * index) get orthonormal embeddings e_0..e_{m-1} and bias 0; the others get W_f = 0 and their
     * optimal bias p_f/2 (docs/paper.md §4). This is W (n x m); its bias is {@link #baselineBias}.
     */
    public static double[][] baselineWeights(double[] importance, int nHidden) {
        int n = importance.length;
        double[][] w = new double[n][nHidden];
        int[] top = topM(importance, nHidden);
        for (int k = 0; k < top.length; k++) {
            w[top[k]][k] = 1;
        }
        return w;
    }

    /** Bias of {@link #baselineWeights}: 0 for the embedded features, p_f/2 for the dropped ones. */
    public static double[] baselineBias(double[] importance, double[] probability, int nHidden) {
        int n = importance.length;
        double[] b = new double[n];
        boolean[] kept = new boolean[n];
        for (int f : topM(importance, nHidden)) {
            kept[f] = true;
        }
        for (int f = 0; f < n; f++) {
            b[f] = kept[f] ? 0 : probability[f] / 2;
        }
        return b;
    }

    /**
     * Vulnerability (L' - L) / (L'_0 - L_0) of (w, b) relative to {@link #baselineWeights} /
     * {@link #baselineBias} of the same kind, both attacked with lambda = 0.1 x the sample's average
     * input norm.
     */
    public static double vulnerability(ModelKind kind, double[][] w, double[] b, double[] importance,
                                       double[] probability, double[][] sample) {
        double lambda = attackNorm(sample, DEFAULT_NORM_FRACTION);
        int m = w[0].length;
        AttackResult model = attack(kind, w, b, importance, sample, lambda);
        AttackResult base = attack(kind, baselineWeights(importance, m), baselineBias(importance, probability, m),
                importance, sample, lambda);
        return model.increase() / base.increase();
    }

    private static int[] topM(double[] importance, int m) {
        int n = importance.length;
        boolean[] taken = new boolean[n];
        int count = Math.min(m, n);
        int[] top = new int[count];
        for (int k = 0; k < count; k++) {
            int best = -1;
            for (int f = 0; f < n; f++) {
                if (!taken[f] && (best < 0 || importance[f] > importance[best])) {
                    best = f;
                }
            }
            taken[best] = true;
            top[k] = best;
        }
        return top;
    }
}
