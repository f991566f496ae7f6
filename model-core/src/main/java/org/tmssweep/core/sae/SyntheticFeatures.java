package org.tmssweep.core.sae;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.tmssweep.core.rng.Rng;
import org.tmssweep.core.rng.RngStream;
import org.tmssweep.core.sae.SyntheticFeaturesConfig.AlphaDraw;
import org.tmssweep.core.sae.SyntheticFeaturesConfig.EmptySamples;
import org.tmssweep.core.sae.SyntheticFeaturesConfig.FeatureFrequencies;

/**
 * Sharkey, Braun and Millidge's synthetic data with known features ({@link SyntheticFeaturesConfig}): a sample
 * is x = sum over the active features i of v_i g_i, with g_i the ground-truth unit vectors and v_i uniform on
 * [0, 1), feature i active with probability p_i (the config's {@link FeatureFrequencies}).
 *
 * <p>Fixed parts, from {@code Rng.derive(truthSeed, RngStream.SAE_FEATURES)}: the G directions first (G rows
 * of d standard normals, each row normalised), then for the correlated rules the G x G matrix A of U[0, 1)
 * entries, row by row, from which Sigma is built (see {@link FeatureFrequencies}) and factored as
 * Sigma = L L^T (Cholesky; its smallest eigenvalue by commons-math3's EigenDecomposition).
 *
 * <p>Draws of one {@link #fill} call, in order: for the correlated rules, the standard normals xi behind alpha =
 * L xi, G of them per batch ({@link AlphaDraw#PER_BATCH}) or G per sample for all the call's samples, sample by
 * sample ({@link AlphaDraw#PER_SAMPLE}); then for each sample, for each feature i ascending, u = {@link Rng#nextDouble()}, the feature active iff u &lt; p_i, and then its value
 * v = {@link Rng#nextDouble()}; a sample left empty under {@link EmptySamples#ONE_FEATURE} then takes feature
 * floor(G u') at value 1 from one more draw u'. The sum runs over the active features ascending, in double,
 * and is rounded to float.
 *
 * <p>Two simplifications against the replication code, both of them choices rather than accidents: its
 * uncorrelated generator multiplies each value by a second uniform (a product of two uniforms); here every
 * rule takes one uniform, as its correlated generator does and as the report describes. And it draws a value
 * for every entry and keeps those below the threshold; here only the active entries draw one (the same
 * distribution, fewer draws). The standard normal CDF is Marsaglia's series (2004, "Evaluating the Normal
 * Distribution"), absolute error about 1e-15, taken as 0 below -8.5 and 1 above 8.5 (the tails are below 1e-16).
 */
public final class SyntheticFeatures implements SaeSource {
    private static final long serialVersionUID = 1L;
    /** |x| beyond which Phi(x) is taken as 0 or 1: Phi(-8.5) is about 9.5e-18. */
    private static final double CDF_CLAMP = 8.5;
    /**
     * 1 / (2n + 1), n = 0..: the series' term ratios (a product is cheaper than a division in the loop). The
     * series at |x| &le; 8.5 converges within about 180 terms; the table is generously longer.
     */
    private static final double[] INV_ODD = new double[512];

    static {
        for (int n = 0; n < INV_ODD.length; n++) {
            INV_ODD[n] = 1.0 / (2 * n + 1);
        }
    }

    /** log(sqrt(2 pi)). */
    private static final double LOG_SQRT_2PI = 0.91893853320467274178;

    private final SyntheticFeaturesConfig config;
    private final transient double[][] directions;
    /** Lower Cholesky factor of Sigma, rows of length i + 1; null when independent. */
    private final transient double[][] cholesky;
    /** Independent rule: p_i; correlated rules: lambda_f^i (CDF_TIMES_DECAY) or lambda_f (i + 1) (CDF_POWER). */
    private final transient double[] base;

    SyntheticFeatures(SyntheticFeaturesConfig config) {
        this.config = config;
        int g = config.features();
        int d = config.dim();
        Rng rng = Rng.derive(config.truthSeed(), RngStream.SAE_FEATURES);
        directions = new double[g][];
        for (int i = 0; i < g; i++) {
            directions[i] = Vectors.gaussianUnit(rng, d);
        }
        base = new double[g];
        switch (config.frequencies()) {
            case INDEPENDENT -> {
                double mean = 0;
                for (int i = 0; i < g; i++) {
                    base[i] = StrictMath.pow(config.decay(), i);
                    mean += base[i];
                }
                mean /= g;
                double scale = config.meanActive() / g / mean;
                for (int i = 0; i < g; i++) {
                    base[i] = Math.min(1.0, base[i] * scale);
                }
            }
            case CDF_TIMES_DECAY -> {
                for (int i = 0; i < g; i++) {
                    base[i] = StrictMath.pow(config.decay(), i);
                }
            }
            case CDF_POWER -> {
                for (int i = 0; i < g; i++) {
                    base[i] = config.decay() * (i + 1);
                }
            }
            default -> throw new IllegalStateException("unknown rule " + config.frequencies());
        }
        cholesky = config.correlated() ? cholesky(covariance(rng, g)) : null;
    }

    /** The settings. */
    public SyntheticFeaturesConfig config() {
        return config;
    }

    @Override
    public int dim() {
        return config.dim();
    }

    /** G. */
    public int features() {
        return config.features();
    }

    @Override
    public double[][] truth() {
        return Vectors.copy(directions);
    }

    /**
     * The fixed per-feature probabilities of {@link FeatureFrequencies#INDEPENDENT} (a copy);
     * {@link IllegalStateException} for the correlated rules, whose probabilities depend on alpha.
     */
    public double[] probabilities() {
        if (config.correlated()) {
            throw new IllegalStateException("probabilities: the correlated rule " + config.frequencies().specName()
                    + " draws them with alpha");
        }
        return base.clone();
    }

    @Override
    public void fill(Rng rng, float[] dst, int offset, int rows) {
        int g = config.features();
        int d = config.dim();
        double[] p = config.correlated() ? new double[g] : base;
        boolean perSample = config.correlated() && config.alphaDraw() == AlphaDraw.PER_SAMPLE;
        double[][] alphas = null;
        if (config.correlated()) {
            alphas = alphas(rng, perSample ? rows : 1);
        }
        double[] alpha = new double[g];
        if (config.correlated() && !perSample) {
            column(alphas, 0, alpha);
            probabilities(alpha, p);
        }
        double[] acc = new double[d];
        for (int s = 0; s < rows; s++) {
            if (perSample) {
                column(alphas, s, alpha);
                probabilities(alpha, p);
            }
            Arrays.fill(acc, 0.0);
            boolean any = false;
            for (int i = 0; i < g; i++) {
                if (rng.nextDouble() < p[i]) {
                    double v = rng.nextDouble();
                    double[] gi = directions[i];
                    for (int t = 0; t < d; t++) {
                        acc[t] += v * gi[t];
                    }
                    any = true;
                }
            }
            if (!any && config.emptySamples() == EmptySamples.ONE_FEATURE) {
                int i = (int) (rng.nextDouble() * g);
                System.arraycopy(directions[i], 0, acc, 0, d);
            }
            int at = offset + s * d;
            for (int t = 0; t < d; t++) {
                dst[at + t] = (float) acc[t];
            }
        }
    }

    /**
     * {@code count} draws of alpha = L xi, as [G][count]: the G x count normals first, G per draw (draw by draw),
     * then alpha_i = sum over j &le; i ascending of L_ij xi_j for all draws at once (a loop over the draws that
     * the JIT vectorises).
     */
    private double[][] alphas(Rng rng, int count) {
        int g = config.features();
        double[][] xi = new double[g][count];
        for (int c = 0; c < count; c++) {
            for (int i = 0; i < g; i++) {
                xi[i][c] = rng.nextGaussian();
            }
        }
        double[][] alpha = new double[g][count];
        for (int i = 0; i < g; i++) {
            double[] li = cholesky[i];
            double[] ai = alpha[i];
            for (int j = 0; j <= i; j++) {
                double l = li[j];
                double[] xj = xi[j];
                for (int c = 0; c < count; c++) {
                    ai[c] += l * xj[c];
                }
            }
        }
        return alpha;
    }

    private static void column(double[][] m, int c, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = m[i][c];
        }
    }

    /** The correlated rule's p for a given alpha (package-private for the tests). */
    void probabilities(double[] alpha, double[] p) {
        int g = alpha.length;
        if (config.frequencies() == FeatureFrequencies.CDF_POWER) {
            for (int i = 0; i < g; i++) {
                p[i] = StrictMath.pow(normalCdf(alpha[i]), base[i]);
            }
            return;
        }
        double sum = 0;
        for (int i = 0; i < g; i++) {
            p[i] = normalCdf(alpha[i]) * base[i];
            sum += p[i];
        }
        double scale = sum > 0 ? config.meanActive() / (sum / g) / g : 0;
        for (int i = 0; i < g; i++) {
            p[i] = Math.min(1.0, p[i] * scale);
        }
    }

    /**
     * The standard normal CDF by Marsaglia's series, Phi(x) = 1/2 + phi(x) (x + x^3/3 + x^5/(3 5) + ...), summed
     * until a term no longer changes the sum (each term the previous one times x^2 / (2n + 1), the reciprocal
     * from a table); 0 below -8.5, 1 above 8.5.
     */
    static double normalCdf(double x) {
        if (x < -CDF_CLAMP) {
            return 0.0;
        }
        if (x > CDF_CLAMP) {
            return 1.0;
        }
        double q = x * x;
        double s = x;
        double t = 0;
        double b = x;
        for (int n = 1; s != t; n++) {
            t = s;
            b *= q * INV_ODD[n];
            s = t + b;
        }
        return 0.5 + s * StrictMath.exp(-0.5 * q - LOG_SQRT_2PI);
    }

    /** The replication code's Sigma from the next G x G uniforms of {@code rng} (see {@link FeatureFrequencies}). */
    static double[][] covariance(Rng rng, int g) {
        double[][] a = new double[g][g];
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                a[i][j] = rng.nextDouble();
            }
        }
        double[][] s = new double[g][g];
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                s[i][j] = (a[i][j] + a[j][i]) / 2;
            }
        }
        double min = minEigenvalue(s);
        if (min < 0) {
            for (int i = 0; i < g; i++) {
                s[i][i] -= 1.001 * min;
            }
        }
        return s;
    }

    /** Smallest eigenvalue of a symmetric matrix. */
    static double minEigenvalue(double[][] sym) {
        double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(sym, false)).getRealEigenvalues();
        double min = Double.POSITIVE_INFINITY;
        for (double e : ev) {
            min = Math.min(min, e);
        }
        return min;
    }

    /** Lower Cholesky factor (row i has i + 1 entries) of a symmetric positive definite matrix. */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][];
        for (int i = 0; i < n; i++) {
            l[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                double[] li = l[i];
                double[] lj = l[j];
                for (int k = 0; k < j; k++) {
                    s -= li[k] * lj[k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalArgumentException("covariance: not positive definite at row " + i
                                + ", pivot " + s);
                    }
                    li[i] = Math.sqrt(s);
                } else {
                    li[j] = s / lj[j];
                }
            }
        }
        return l;
    }

    /** Equal iff the settings are (the directions and Sigma are functions of them). */
    @Override
    public boolean equals(Object o) {
        return o instanceof SyntheticFeatures s && config.equals(s.config);
    }

    @Override
    public int hashCode() {
        return config.hashCode();
    }

    private Object writeReplace() {
        return new Proxy(config);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("SyntheticFeatures: deserialised through its proxy only");
    }

    /** The serialised form: the settings, from which the directions and Sigma are drawn again. */
    private record Proxy(SyntheticFeaturesConfig config) implements Serializable {
        private Object readResolve() {
            return config.build();
        }
    }
}
