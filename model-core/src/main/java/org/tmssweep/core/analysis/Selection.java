package org.tmssweep.core.analysis;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * How restarts of one sweep point are reduced to one value (docs/paper.md §2, e.2, g.13): the paper's
 * phase diagrams fit 10 models per point, discard the highest-loss one and average the rest; its
 * privileged-basis and m=2 figures keep the lowest-loss fit (best of k).
 *
 * <p>A non-finite loss (a diverged restart, NaN) ranks worse than every finite loss, so it is the
 * first to be dropped and never the best; restarts whose loss is still non-finite after dropping are
 * left out of averages and votes. Ties in loss keep the lower index.
 */
public final class Selection {
    private Selection() {
    }

    /** Index of the lowest finite loss; -1 when no loss is finite. */
    public static int bestIndex(double[] losses) {
        int best = -1;
        for (int i = 0; i < losses.length; i++) {
            if (Double.isFinite(losses[i]) && (best < 0 || losses[i] < losses[best])) {
                best = i;
            }
        }
        return best;
    }

    /** Restart indices from best to worst (non-finite last, ties by index). */
    public static int[] ranking(double[] losses) {
        Integer[] idx = new Integer[losses.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> rankKey(losses[i])).thenComparingInt(i -> i));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /**
     * Mean of {@code values} over the restarts left after dropping the {@code drop} highest-loss ones
     * (the paper: drop = 1 of 10); NaN when none with a finite loss is left.
     */
    public static double dropWorstMean(double[] losses, double[] values, int drop) {
        int[] kept = kept(losses, values.length, drop);
        if (kept.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i : kept) {
            sum += values[i];
        }
        return sum / kept.length;
    }

    /**
     * Most frequent label among the restarts left after dropping the {@code drop} highest-loss ones;
     * a tie between labels goes to the label of the lowest-loss restart among the tied ones. Null when
     * none is left.
     */
    public static String dropWorstVote(double[] losses, String[] labels, int drop) {
        int[] kept = kept(losses, labels.length, drop);
        Map<String, Integer> counts = new HashMap<>();
        for (int i : kept) {
            counts.merge(labels[i], 1, Integer::sum);
        }
        String winner = null;
        int most = 0;
        for (int i : kept) { // kept is in rank order, so the first label reaching the maximum wins ties
            int c = counts.get(labels[i]);
            if (c > most) {
                most = c;
                winner = labels[i];
            }
        }
        return winner;
    }

    /**
     * Fraction of the kept restarts (after dropping the {@code drop} highest-loss ones) whose label is
     * {@code label}; NaN when none is left.
     */
    public static double dropWorstFraction(double[] losses, String[] labels, int drop, String label) {
        int[] kept = kept(losses, labels.length, drop);
        if (kept.length == 0) {
            return Double.NaN;
        }
        int hits = 0;
        for (int i : kept) {
            if (label.equals(labels[i])) {
                hits++;
            }
        }
        return (double) hits / kept.length;
    }

    /** Indices kept after dropping the {@code drop} worst and any remaining non-finite, in rank order. */
    static int[] kept(double[] losses, int valueCount, int drop) {
        if (losses.length != valueCount) {
            throw new IllegalArgumentException("values: must have one entry per loss (" + losses.length + "), got "
                    + valueCount);
        }
        if (drop < 0) {
            throw new IllegalArgumentException("drop: must be >= 0, got " + drop);
        }
        int[] rank = ranking(losses);
        int keep = Math.max(rank.length - drop, 0);
        return Arrays.stream(rank, 0, keep).filter(i -> Double.isFinite(losses[i])).toArray();
    }

    private static double rankKey(double loss) {
        return Double.isFinite(loss) ? loss : Double.POSITIVE_INFINITY;
    }
}
