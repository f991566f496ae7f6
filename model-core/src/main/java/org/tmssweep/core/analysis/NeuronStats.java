package org.tmssweep.core.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

/**
 * Per-neuron statistics of a privileged-basis model h = ReLU(W x) (ModelKind.RELU_HIDDEN; W stored
 * n x m, so neuron k's weights are column k, W_kf = w[f][k] in the paper's m x n notation), and of the
 * absolute-value computation model (ModelKind.ABS; pass W1^T, stored n x m the same way, and W2).
 *
 * <p>Feature f is "stored" by neuron k iff |W_kf| &ge; {@link #STORED_FRACTION} * max_f |W_kf|
 * (docs/paper.md §3, INF: the paper judges this from its plots and gives no number). The comparison is
 * relative, so it is the same before and after the footnote-15 normalisation (each neuron scaled so
 * its largest |weight| is 1); for the tied model that normalisation is not a symmetry of the model and
 * only the {@link NeuronWeight#normalised()} column applies it; for the untied ABS model it is a symmetry
 * (W1 row k scaled by 1/a, W2 column k by a) and {@link #normalised} applies it to both matrices. Signs
 * are kept: a negative weight
 * (an inhibiting feature) still counts as stored, as in the paper's bars.
 */
public final class NeuronStats {
    /** Fraction of a neuron's largest |weight| from which a feature counts as stored (a.5). */
    public static final double STORED_FRACTION = 0.1;

    private NeuronStats() {
    }

    /** One summary per neuron, with {@link #STORED_FRACTION}. */
    public static List<NeuronSummary> summaries(double[][] w) {
        return summaries(w, STORED_FRACTION);
    }

    /**
     * @param w              n x m, row f = feature f's embedding
     * @param storedFraction relative threshold in (0, 1]
     */
    public static List<NeuronSummary> summaries(double[][] w, double storedFraction) {
        checkFraction(storedFraction);
        int n = w.length;
        int m = w[0].length;
        List<NeuronSummary> out = new ArrayList<>(m);
        for (int k = 0; k < m; k++) {
            final int col = k;
            double max = maxAbs(w, k);
            if (!(max > 0)) {
                out.add(new NeuronSummary(k, 0, 0, "dead", -1, 0, -1, 0, 0, ""));
                continue;
            }
            Integer[] order = new Integer[n];
            for (int f = 0; f < n; f++) {
                order[f] = f;
            }
            // by decreasing |W_kf|, ties by feature index
            Arrays.sort(order, Comparator.comparingDouble((Integer f) -> -Math.abs(w[f][col])).thenComparingInt(f -> f));
            StringJoiner stored = new StringJoiner(",");
            int count = 0;
            for (int f : order) {
                if (Math.abs(w[f][k]) >= storedFraction * max) {
                    stored.add(Integer.toString(f));
                    count++;
                }
            }
            int primary = order[0];
            int secondary = n > 1 ? order[1] : -1;
            double secondaryWeight = secondary >= 0 ? w[secondary][k] : 0;
            out.add(new NeuronSummary(k, max, count, count == 1 ? "monosemantic" : "polysemantic", primary,
                    w[primary][k], secondary, secondaryWeight, Math.abs(secondaryWeight) / max, stored.toString()));
        }
        return out;
    }

    /** All n * m weights, neuron-major, with the footnote-15 normalisation and the stored flag. */
    public static List<NeuronWeight> weights(double[][] w, double storedFraction) {
        checkFraction(storedFraction);
        int n = w.length;
        int m = w[0].length;
        List<NeuronWeight> out = new ArrayList<>(n * m);
        for (int k = 0; k < m; k++) {
            double max = maxAbs(w, k);
            for (int f = 0; f < n; f++) {
                double normalised = max > 0 ? w[f][k] / max : 0;
                out.add(new NeuronWeight(k, f, w[f][k], normalised, max > 0 && Math.abs(w[f][k]) >= storedFraction * max));
            }
        }
        return out;
    }

    /**
     * One neuron after the footnote-15 normalisation.
     *
     * @param neuron hidden index k
     * @param scale  a = max_f |W1_kf| (0 for a dead neuron)
     * @param read   W1_kf / a per feature f (all 0 when dead)
     * @param write  W2_fk * a per feature f, or null when the model is tied (all 0 when dead: the neuron is
     *               always 0 and writes nothing)
     */
    public record NormalisedNeuron(int neuron, double scale, double[] read, double[] write) {
    }

    /**
     * Every neuron with the footnote-15 normalisation: its read weights scaled so the largest |W1_kf| is 1
     * and, for the untied model, its write weights W2_.k by the inverse, which leaves the model unchanged.
     *
     * @param w  n x m, W (tied) or W1^T (ABS)
     * @param w2 n x m, W2 (ABS), or null
     */
    public static List<NormalisedNeuron> normalised(double[][] w, double[][] w2) {
        int n = w.length;
        int m = w[0].length;
        List<NormalisedNeuron> out = new ArrayList<>(m);
        for (int k = 0; k < m; k++) {
            double a = maxAbs(w, k);
            double[] read = new double[n];
            double[] write = w2 == null ? null : new double[n];
            if (a > 0) {
                for (int f = 0; f < n; f++) {
                    read[f] = w[f][k] / a;
                    if (write != null) {
                        write[f] = w2[f][k] * a;
                    }
                }
            }
            out.add(new NormalisedNeuron(k, a, read, write));
        }
        return out;
    }

    /** Number of polysemantic neurons (storing more than one feature). */
    public static int polysemanticCount(List<NeuronSummary> summaries) {
        return (int) summaries.stream().filter(NeuronSummary::polysemantic).count();
    }

    /** Number of distinct features stored by at least one neuron. */
    public static int storedFeatureCount(double[][] w, double storedFraction) {
        boolean[] any = new boolean[w.length];
        for (NeuronWeight nw : weights(w, storedFraction)) {
            any[nw.feature()] |= nw.stored();
        }
        int c = 0;
        for (boolean b : any) {
            c += b ? 1 : 0;
        }
        return c;
    }

    private static double maxAbs(double[][] w, int k) {
        double max = 0;
        for (double[] row : w) {
            max = Math.max(max, Math.abs(row[k]));
        }
        return max;
    }

    private static void checkFraction(double storedFraction) {
        if (!(storedFraction > 0 && storedFraction <= 1)) {
            throw new IllegalArgumentException("storedFraction: must be in (0, 1], got " + storedFraction);
        }
    }
}
