package org.tmssweep.core.sae;

/**
 * How well a dictionary matches known features, and how its latents fire. Vectors are rows (G x d truth, k x d
 * dictionary); cosines are signed (as torch's {@code cosine_similarity} in Sharkey et al.'s code), and a zero
 * vector has cosine 0 with everything. Pure static functions.
 */
public final class SaeMetrics {
    private SaeMetrics() {
    }

    /** cos(a, b) = a.b / (||a|| ||b||); 0 if either is zero. */
    public static double cosine(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("b: must have " + a.length + " entries, got " + b.length);
        }
        double na = Vectors.norm(a);
        double nb = Vectors.norm(b);
        return na > 0 && nb > 0 ? Vectors.dot(a, b) / (na * nb) : 0.0;
    }

    /** For each row g of {@code truth}, max over the rows D_j of {@code dictionary} of cos(g, D_j). */
    public static double[] maxCosines(double[][] truth, double[][] dictionary) {
        requireRows("truth", truth);
        requireRows("dictionary", dictionary);
        double[][] unitTruth = Vectors.unitRows(truth);
        double[][] unitDict = Vectors.unitRows(dictionary);
        double[] out = new double[truth.length];
        for (int g = 0; g < truth.length; g++) {
            double best = Double.NEGATIVE_INFINITY;
            for (double[] dj : unitDict) {
                best = Math.max(best, dot(unitTruth[g], dj));
            }
            out[g] = best;
        }
        return out;
    }

    /** Mean max cosine similarity, MMCS = (1/G) sum_g max_j cos(g, D_j) (Sharkey et al.). */
    public static double mmcs(double[][] truth, double[][] dictionary) {
        return mean(maxCosines(truth, dictionary));
    }

    /** The fraction of true features g with max_j cos(g, D_j) &ge; {@code threshold}. */
    public static double recoveredFraction(double[][] truth, double[][] dictionary, double threshold) {
        double[] best = maxCosines(truth, dictionary);
        int hit = 0;
        for (double c : best) {
            if (c >= threshold) {
                hit++;
            }
        }
        return (double) hit / best.length;
    }

    /**
     * For each latent j, the true feature with the largest cos(g, D_j) (the lowest index on a tie) and that
     * cosine.
     */
    public static LatentMatch[] bestMatches(double[][] truth, double[][] dictionary) {
        requireRows("truth", truth);
        requireRows("dictionary", dictionary);
        double[][] unitTruth = Vectors.unitRows(truth);
        double[][] unitDict = Vectors.unitRows(dictionary);
        LatentMatch[] out = new LatentMatch[dictionary.length];
        for (int j = 0; j < dictionary.length; j++) {
            int bestG = 0;
            double best = Double.NEGATIVE_INFINITY;
            for (int g = 0; g < truth.length; g++) {
                double c = dot(unitTruth[g], unitDict[j]);
                if (c > best) {
                    best = c;
                    bestG = g;
                }
            }
            out[j] = new LatentMatch(j, bestG, best);
        }
        return out;
    }

    /**
     * MMCS between two learned dictionaries of possibly different sizes, averaged over the elements of the
     * smaller one (over {@code a}'s when they are equal in size), each matched to its best element of the other:
     * symmetric in its arguments up to the tie rule. Sharkey et al. read the size at which neighbouring
     * dictionaries agree most as an estimate of the number of true features.
     */
    public static double crossMmcs(double[][] a, double[][] b) {
        return b.length < a.length ? mmcs(b, a) : mmcs(a, b);
    }

    /** Per latent, the fraction of rows of {@code codes} (samples x k) in which it is active (z &gt; 0). */
    public static double[] firingFrequency(double[][] codes) {
        requireRows("codes", codes);
        int k = codes[0].length;
        double[] out = new double[k];
        for (double[] z : codes) {
            for (int j = 0; j < k; j++) {
                if (z[j] > 0) {
                    out[j]++;
                }
            }
        }
        for (int j = 0; j < k; j++) {
            out[j] /= codes.length;
        }
        return out;
    }

    /** L0: the mean over rows of {@code codes} of the number of active latents (z &gt; 0). */
    public static double l0(double[][] codes) {
        requireRows("codes", codes);
        long active = 0;
        for (double[] z : codes) {
            for (double v : z) {
                if (v > 0) {
                    active++;
                }
            }
        }
        return (double) active / codes.length;
    }

    /** Dead latents: those never active over the sample the frequencies were measured on (frequency 0). */
    public static int deadLatents(double[] firing) {
        int dead = 0;
        for (double f : firing) {
            if (f == 0) {
                dead++;
            }
        }
        return dead;
    }

    /**
     * The true feature that latent {@code latent} matches best.
     *
     * @param latent  j
     * @param feature the index g of the best-matching true feature
     * @param cosine  cos(g, D_j)
     */
    public record LatentMatch(int latent, int feature, double cosine) {
    }

    private static double dot(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dictionary: rows must have d = " + a.length + " entries, got "
                    + b.length);
        }
        return Vectors.dot(a, b);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static void requireRows(String name, double[][] rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException(name + ": must have at least one row");
        }
    }
}
