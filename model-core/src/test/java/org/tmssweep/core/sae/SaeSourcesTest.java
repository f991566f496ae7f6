package org.tmssweep.core.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.core.Tolerances.F64;
import static org.tmssweep.core.Tolerances.F64_SUM;
import static org.tmssweep.core.Tolerances.SIGMAS;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.data.SparseSampler;
import org.tmssweep.core.rng.Rng;
import org.tmssweep.core.sae.SyntheticFeaturesConfig.AlphaDraw;
import org.tmssweep.core.sae.SyntheticFeaturesConfig.EmptySamples;
import org.tmssweep.core.sae.SyntheticFeaturesConfig.FeatureFrequencies;
import org.tmssweep.core.train.TrainStatus;
import org.tmssweep.core.train.TrainedModel;

class SaeSourcesTest {
    /** Coefficients recovered from a float32 sample by least squares: a few float roundings of values below 2. */
    private static final double DECODE_TOL = 1e-5;
    /** Marsaglia's series against published values of Phi (16 significant digits). */
    private static final double CDF_TOL = 1e-15;

    private static SyntheticFeatures synthetic(int g, int d, double e, FeatureFrequencies rule, AlphaDraw draw,
            EmptySamples empty) {
        return new SyntheticFeaturesConfig(g, d, e, 0.9, rule, draw, empty, 21).build();
    }

    /**
     * The coefficients v with x = sum_i v_i g_i for linearly independent directions (G &le; d): the solution of
     * the normal equations (G G^T) v = G x, by a Cholesky factor of the Gram matrix computed once.
     */
    private static final class Decoder {
        private final double[][] dirs;
        private final double[][] l;

        Decoder(double[][] dirs) {
            this.dirs = dirs;
            int g = dirs.length;
            double[][] gram = new double[g][g];
            for (int i = 0; i < g; i++) {
                for (int j = 0; j < g; j++) {
                    gram[i][j] = Vectors.dot(dirs[i], dirs[j]);
                }
            }
            l = SyntheticFeatures.cholesky(gram);
        }

        double[] decode(float[] buf, int at) {
            int g = dirs.length;
            int d = dirs[0].length;
            double[] y = new double[g];
            for (int i = 0; i < g; i++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    s += dirs[i][t] * buf[at + t];
                }
                for (int j = 0; j < i; j++) {
                    s -= l[i][j] * y[j];
                }
                y[i] = s / l[i][i];
            }
            double[] v = new double[g];
            for (int i = g - 1; i >= 0; i--) {
                double s = y[i];
                for (int j = i + 1; j < g; j++) {
                    s -= l[j][i] * v[j];
                }
                v[i] = s / l[i][i];
            }
            return v;
        }
    }

    @Test
    void normalCdfMatchesPublishedValues() {
        assertEquals(0.5, SyntheticFeatures.normalCdf(0), 0.0);
        assertEquals(0.8413447460685429, SyntheticFeatures.normalCdf(1), CDF_TOL);
        assertEquals(0.15865525393145707, SyntheticFeatures.normalCdf(-1), CDF_TOL);
        assertEquals(0.024997895148220435, SyntheticFeatures.normalCdf(-1.96), CDF_TOL);
        assertEquals(0.9986501019683699, SyntheticFeatures.normalCdf(3), CDF_TOL);
        assertEquals(6.22096057427178e-16, SyntheticFeatures.normalCdf(-8), CDF_TOL);
        assertEquals(0.0, SyntheticFeatures.normalCdf(-9), 0.0);
        assertEquals(1.0, SyntheticFeatures.normalCdf(9), 0.0);
    }

    @Test
    void choleskyAndTheCovarianceAreSound() {
        double[][] a = {{4, 2, 0.4}, {2, 5, 1}, {0.4, 1, 3}};
        double[][] l = SyntheticFeatures.cholesky(a);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k <= j; k++) {
                    s += l[i][k] * l[j][k];
                }
                assertEquals(a[i][j], s, F64);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> SyntheticFeatures.cholesky(new double[][] {{1, 2}, {2, 1}}));
        assertEquals(1.0, SyntheticFeatures.minEigenvalue(new double[][] {{2, 1}, {1, 2}}), F64);
        double[][] sigma = SyntheticFeatures.covariance(new Rng(5), 40);
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 40; j++) {
                assertEquals(sigma[i][j], sigma[j][i], 0.0);
            }
        }
        double min = SyntheticFeatures.minEigenvalue(sigma);
        assertTrue(min > 0, "shifted to positive definite, smallest eigenvalue " + min);
    }

    @Test
    void independentFrequenciesDecayAndAverageToMeanActiveOverG() {
        SyntheticFeatures s = synthetic(32, 16, 3, FeatureFrequencies.INDEPENDENT, AlphaDraw.PER_BATCH,
                EmptySamples.KEEP);
        double[] p = s.probabilities();
        double mean = 0;
        for (int i = 0; i < p.length; i++) {
            mean += p[i];
            if (i > 0) {
                assertEquals(0.9, p[i] / p[i - 1], F64);
            }
        }
        assertEquals(3.0 / 32, mean / p.length, F64);
        assertThrows(IllegalStateException.class, () -> synthetic(4, 4, 1, FeatureFrequencies.CDF_POWER,
                AlphaDraw.PER_BATCH, EmptySamples.KEEP).probabilities());
    }

    @Test
    void directionsAreUnitSeededByTheTruthSeedAndBatchesByTheCallersGenerator() {
        SyntheticFeatures a = synthetic(8, 16, 2, FeatureFrequencies.INDEPENDENT, AlphaDraw.PER_BATCH,
                EmptySamples.KEEP);
        for (double[] g : a.truth()) {
            assertEquals(1.0, Vectors.norm(g), F64);
        }
        SyntheticFeatures same = synthetic(8, 16, 2, FeatureFrequencies.INDEPENDENT, AlphaDraw.PER_BATCH,
                EmptySamples.KEEP);
        SyntheticFeatures other = new SyntheticFeaturesConfig(8, 16, 2, 0.9, FeatureFrequencies.INDEPENDENT,
                AlphaDraw.PER_BATCH, EmptySamples.KEEP, 22).build();
        assertArrayEquals(a.truth()[3], same.truth()[3], 0.0);
        assertFalse(a.truth()[3][0] == other.truth()[3][0]);
        float[] x = new float[10 * 16];
        float[] y = new float[10 * 16];
        a.fill(new Rng(1), x, 0, 10);
        same.fill(new Rng(1), y, 0, 10);
        assertArrayEquals(x, y, 0f);
    }

    /** Decoded samples: each feature active at its rate p_i, values in [0, 1), mean active count E. */
    @Test
    void independentSamplesFollowTheirProbabilities() {
        SyntheticFeatures s = synthetic(8, 16, 2, FeatureFrequencies.INDEPENDENT, AlphaDraw.PER_BATCH,
                EmptySamples.KEEP);
        double[] p = s.probabilities();
        Decoder dec = new Decoder(s.truth());
        int rows = 20_000;
        float[] buf = new float[rows * 16];
        s.fill(new Rng(2), buf, 0, rows);
        long[] active = new long[8];
        long total = 0;
        for (int r = 0; r < rows; r++) {
            double[] v = dec.decode(buf, r * 16);
            for (int i = 0; i < 8; i++) {
                assertTrue(v[i] > -DECODE_TOL && v[i] < 1 + DECODE_TOL, "value " + v[i]);
                if (v[i] > DECODE_TOL) {
                    active[i]++;
                    total++;
                }
            }
        }
        double var = 0;
        for (int i = 0; i < 8; i++) {
            double sd = Math.sqrt(p[i] * (1 - p[i]) / rows);
            assertEquals(p[i], (double) active[i] / rows, SIGMAS * sd, "feature " + i);
            var += p[i] * (1 - p[i]);
        }
        assertEquals(2.0, (double) total / rows, SIGMAS * Math.sqrt(var / rows));
    }

    @Test
    void correlatedRulesFollowTheirFormulas() {
        SyntheticFeatures times = synthetic(6, 8, 1.5, FeatureFrequencies.CDF_TIMES_DECAY, AlphaDraw.PER_BATCH,
                EmptySamples.KEEP);
        double[] alpha = {0.3, -1, 2, 0, -0.5, 1};
        double[] p = new double[6];
        times.probabilities(alpha, p);
        double[] q = new double[6];
        double sum = 0;
        for (int i = 0; i < 6; i++) {
            q[i] = SyntheticFeatures.normalCdf(alpha[i]) * Math.pow(0.9, i);
            sum += q[i];
        }
        for (int i = 0; i < 6; i++) {
            assertEquals(q[i] * 1.5 / sum, p[i], F64, "cdf_times_decay p[" + i + "]");
        }
        SyntheticFeatures power = synthetic(6, 8, 1.5, FeatureFrequencies.CDF_POWER, AlphaDraw.PER_SAMPLE,
                EmptySamples.KEEP);
        power.probabilities(alpha, p);
        for (int i = 0; i < 6; i++) {
            assertEquals(Math.pow(SyntheticFeatures.normalCdf(alpha[i]), 0.9 * (i + 1)), p[i], F64,
                    "cdf_power p[" + i + "]");
        }
    }

    /**
     * The replication code's rule keeps every batch's mean probability at E/G (when none is clipped at 1), so the
     * mean active count is E whether alpha is drawn per batch or per sample; the two draws give different data.
     */
    @Test
    void correlatedSamplesKeepTheirMeanActiveCount() {
        for (AlphaDraw draw : AlphaDraw.values()) {
            SyntheticFeatures s = synthetic(8, 16, 1, FeatureFrequencies.CDF_TIMES_DECAY, draw, EmptySamples.KEEP);
            Decoder dec = new Decoder(s.truth());
            int batches = 400;
            int rows = 32;
            float[] buf = new float[rows * 16];
            Rng rng = new Rng(8);
            long total = 0;
            for (int b = 0; b < batches; b++) {
                s.fill(rng, buf, 0, rows);
                for (int r = 0; r < rows; r++) {
                    for (double v : dec.decode(buf, r * 16)) {
                        if (v > DECODE_TOL) {
                            total++;
                        }
                    }
                }
            }
            // a count of 8 Bernoulli draws has variance at most 8/4; per-batch alpha adds batch-to-batch spread,
            // bounded by treating each batch as one draw of a count in [0, 8 rows]
            double sd = draw == AlphaDraw.PER_SAMPLE ? Math.sqrt(2.0 / (batches * rows)) : 8.0 / Math.sqrt(batches);
            assertEquals(1.0, (double) total / (batches * rows), SIGMAS * sd, draw.specName());
        }
        float[] a = new float[4 * 16];
        float[] b = new float[4 * 16];
        synthetic(8, 16, 1, FeatureFrequencies.CDF_TIMES_DECAY, AlphaDraw.PER_BATCH, EmptySamples.KEEP)
                .fill(new Rng(1), a, 0, 4);
        synthetic(8, 16, 1, FeatureFrequencies.CDF_TIMES_DECAY, AlphaDraw.PER_SAMPLE, EmptySamples.KEEP)
                .fill(new Rng(1), b, 0, 4);
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void emptySamplesAreKeptOrGivenOneFeatureAtValueOne() {
        int rows = 400;
        float[] buf = new float[rows * 16];
        SyntheticFeatures keep = synthetic(8, 16, 0.2, FeatureFrequencies.INDEPENDENT, AlphaDraw.PER_BATCH,
                EmptySamples.KEEP);
        keep.fill(new Rng(4), buf, 0, rows);
        int zero = 0;
        for (int r = 0; r < rows; r++) {
            if (Vectors.norm(row(buf, r, 16)) == 0) {
                zero++;
            }
        }
        assertTrue(zero > rows / 2, "about 0.8 of samples are empty at E = 0.2, got " + zero);
        SyntheticFeatures one = synthetic(8, 16, 0.2, FeatureFrequencies.INDEPENDENT, AlphaDraw.PER_BATCH,
                EmptySamples.ONE_FEATURE);
        one.fill(new Rng(4), buf, 0, rows);
        Decoder dec = new Decoder(one.truth());
        int unit = 0;
        for (int r = 0; r < rows; r++) {
            double[] v = dec.decode(buf, r * 16);
            int on = 0;
            for (double c : v) {
                if (c > DECODE_TOL) {
                    on++;
                }
            }
            assertTrue(on >= 1, "row " + r + " has a feature");
            for (double c : v) {
                if (on == 1 && Math.abs(c - 1) < DECODE_TOL) {
                    unit++;
                }
            }
        }
        assertTrue(unit >= zero, "the formerly empty rows hold one feature at 1: " + unit + " vs " + zero);
    }

    private static double[] row(float[] buf, int r, int d) {
        double[] out = new double[d];
        for (int t = 0; t < d; t++) {
            out[t] = buf[r * d + t];
        }
        return out;
    }

    @Test
    void toyHiddenVectorsAreWTimesTheSamplersFeatures() {
        double[][] w = {{1, 0}, {0.3, -2}, {0, 0}, {-1, 1}};
        double[] p = {0.5, 0.2, 0.3, 1.0};
        ToyHiddenSource src = new ToyHiddenSource(w, p);
        assertEquals(2, src.dim());
        int rows = 64;
        float[] buf = new float[rows * 2];
        src.fill(new Rng(3), buf, 0, rows);
        double[][] x = new SparseSampler(p).rows(new Rng(3), rows);
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < 2; k++) {
                double h = 0;
                for (int f = 0; f < 4; f++) {
                    if (x[r][f] != 0) {
                        h += x[r][f] * w[f][k];
                    }
                }
                assertEquals((float) h, buf[r * 2 + k], 0f, "row " + r);
            }
        }
        double[][] truth = src.truth();
        assertEquals(1.0, Vectors.norm(truth[1]), F64);
        assertArrayEquals(new double[] {0, 0}, truth[2], 0.0, "an unrepresented feature stays zero");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ToyHiddenSource(w, new double[] {0.5}));
        assertEquals("probability: must have n = 4 entries, got 1", e.getMessage());
    }

    @Test
    void aTrainedModelsSourceUsesItsRuleAndHiddenReLU() {
        double[][] w = {{1, -1}, {-2, 0.5}, {0.5, 0.5}};
        double[] p = {0.4, 0.4, 0.4};
        ModelSpec spec = new ModelSpec(ModelKind.RELU_HIDDEN, 3, 2, p, new double[] {1, 1, 1},
                TrainConfig.defaults(), 5);
        TrainedModel model = new TrainedModel(spec, w, new double[3], 0.1, TrainStatus.OK, 0);
        ToyHiddenSource src = ToyHiddenSource.of(model);
        ToyHiddenSource linear = new ToyHiddenSource(w, p);
        float[] relu = new float[100 * 2];
        float[] lin = new float[100 * 2];
        src.fill(new Rng(6), relu, 0, 100);
        linear.fill(new Rng(6), lin, 0, 100);
        boolean clipped = false;
        for (int i = 0; i < relu.length; i++) {
            assertEquals(Math.max(lin[i], 0f), relu[i], 0f);
            clipped |= lin[i] < 0;
        }
        assertTrue(clipped, "some hidden value was negative");
    }

    @Test
    void absorptionToysFeatureOneFiresOnlyWithFeatureZero() {
        AbsorptionToy toy = new AbsorptionToy(4, true);
        double[][] dirs = toy.truth();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(i == j ? 1.0 : 0.0, Vectors.dot(dirs[i], dirs[j]), F64_SUM);
            }
        }
        int rows = 40_000;
        float[] buf = new float[rows * 50];
        toy.fill(new Rng(1), buf, 0, rows);
        long[] on = new long[4];
        for (int r = 0; r < rows; r++) {
            boolean[] f = new boolean[4];
            for (int i = 0; i < 4; i++) {
                double c = 0;
                for (int t = 0; t < 50; t++) {
                    c += dirs[i][t] * buf[r * 50 + t];
                }
                assertTrue(Math.abs(c) < DECODE_TOL || Math.abs(c - 1) < DECODE_TOL, "coefficient " + c);
                f[i] = c > 0.5;
                if (f[i]) {
                    on[i]++;
                }
            }
            assertFalse(f[1] && !f[0], "row " + r + ": feature 1 without feature 0");
        }
        double[] want = {0.25, 0.05, 0.05, 0.05};
        for (int i = 0; i < 4; i++) {
            double sd = Math.sqrt(want[i] * (1 - want[i]) / rows);
            assertEquals(want[i], (double) on[i] / rows, SIGMAS * sd, "feature " + i);
        }
        AbsorptionToy flat = new AbsorptionToy(4, false);
        flat.fill(new Rng(1), buf, 0, 2000);
        boolean alone = false;
        for (int r = 0; r < 2000 && !alone; r++) {
            double c0 = 0;
            double c1 = 0;
            for (int t = 0; t < 50; t++) {
                c0 += dirs[0][t] * buf[r * 50 + t];
                c1 += dirs[1][t] * buf[r * 50 + t];
            }
            alone = c1 > 0.5 && c0 < 0.5;
        }
        assertTrue(alone, "without the hierarchy feature 1 also fires alone");
    }

    @Test
    void sourcesSerialiseAsTheirSettings() throws IOException, ClassNotFoundException {
        SaeSource[] sources = {
            synthetic(8, 16, 2, FeatureFrequencies.CDF_POWER, AlphaDraw.PER_SAMPLE, EmptySamples.ONE_FEATURE),
            new ToyHiddenSource(new double[][] {{1, 0}, {0, 1}, {1, 1}}, new double[] {0.2, 0.3, 0.4}),
            new AbsorptionToy(9, true),
        };
        for (SaeSource s : sources) {
            SaeSpec spec = new SaeSpec(SaeConfig.arena(3), s, 1);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(spec);
            }
            SaeSpec back;
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                back = (SaeSpec) in.readObject();
            }
            assertEquals(spec.config(), back.config());
            assertEquals(s, back.source());
            assertEquals(s.hashCode(), back.source().hashCode());
            assertEquals(spec, back);
            int d = s.dim();
            float[] a = new float[5 * d];
            float[] b = new float[5 * d];
            s.fill(new Rng(2), a, 0, 5);
            back.source().fill(new Rng(2), b, 0, 5);
            assertArrayEquals(a, b, 0f, s.getClass().getSimpleName());
            assertArrayEquals(s.truth()[0], back.source().truth()[0], 0.0);
        }
        assertNotEquals(new AbsorptionToy(9, true), new AbsorptionToy(9, false));
        assertNotEquals(sources[0], synthetic(8, 16, 2, FeatureFrequencies.CDF_POWER, AlphaDraw.PER_BATCH,
                EmptySamples.ONE_FEATURE));
        assertNotEquals(sources[1], new ToyHiddenSource(new double[][] {{1, 0}, {0, 1}, {1, 1}},
                new double[] {0.2, 0.3, 0.5}));
    }
}
