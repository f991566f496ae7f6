package org.tmssweep.spark.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built model rows for tests: metrics are computed from W and b with the paper's definitions
 * (docs/paper.md §3), so the rows are consistent with each other.
 */
final class Fixtures {
    static final String SWEEP = "s-toy";

    private Fixtures() {
    }

    static SweepInfo sweep(String id, String name) {
        return new SweepInfo(id, name, "hand-built test sweep",
                "{\"name\":\"" + name + "\",\"n_features\":5,\"n_hidden\":2,\"sparsity\":[0,0.8,0.9],"
                        + "\"note\":\"a \\\"quoted\\\" <tag>\"}",
                "abc123", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:01:00Z"));
    }

    /** One model: its models row and its feature rows, all derived from (w, b). */
    record Model(ModelRow row, List<FeatureRow> features) {
    }

    static Model model(String sweepId, String pointId, int seed, String kind, double sparsity, double decay,
            double[][] w, double[] b, double loss, String status) {
        int n = w.length;
        int m = w[0].length;
        double fro = 0;
        int represented = 0;
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            norms[i] = Math.sqrt(dot(w[i], w[i]));
            fro += norms[i] * norms[i];
            if (norms[i] > 0.5) {
                represented++;
            }
        }
        List<FeatureRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double interference = 0;
            double all = 0;
            for (int j = 0; j < n; j++) {
                double c = dot(w[i], w[j]) / Math.max(norms[i], 1e-6);
                all += c * c;
                if (j != i) {
                    interference += c * c;
                }
            }
            double dim = all == 0 ? 0 : norms[i] * norms[i] / all;
            rows.add(new FeatureRow(sweepId, pointId, seed, i, Math.pow(decay, i), 1 - sparsity, norms[i],
                    interference, dim, b[i], w[i].clone()));
        }
        double dstar = "ok".equals(status) ? m / fro : Double.NaN;
        ModelRow row = new ModelRow(sweepId, pointId, seed, kind, n, m, sparsity, decay, 10_000, 1024, 1e-3,
                loss, dstar, represented, fro, 12.5, status);
        return new Model(row, rows);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    /** n=5, m=2: the two most important features orthogonal, the rest not learned (dense regime). */
    static double[][] orthogonalPair() {
        return new double[][] {{1, 0}, {0, 1}, {0, 0}, {0, 0}, {0, 0}};
    }

    /** n=5, m=2: two antipodal pairs, the least important feature not learned. */
    static double[][] antipodalPairs() {
        return new double[][] {{1, 0}, {0, 1}, {-1, 0}, {0, -1}, {0, 0}};
    }

    /** n=5, m=2: a regular pentagon of radius r. */
    static double[][] pentagon(double r) {
        double[][] w = new double[5][2];
        for (int k = 0; k < 5; k++) {
            w[k][0] = r * Math.cos(2 * Math.PI * k / 5);
            w[k][1] = r * Math.sin(2 * Math.PI * k / 5);
        }
        return w;
    }

    static double[] constant(int n, double v) {
        double[] b = new double[n];
        java.util.Arrays.fill(b, v);
        return b;
    }

    /**
     * The toy sweep of the tests: ReLU-output n=5, m=2 at S = 0 (orthogonal pair), 0.8 (antipodal
     * pairs, 2 seeds), 0.9 (pentagon), a diverged model at S = 0.95 with NaN metrics, and a linear model
     * with positive bias at S = 0.
     */
    static ReportData toySweep(String sweepId) {
        List<Model> ms = List.of(
                model(sweepId, "p0", 0, "relu_output", 0.0, 0.9, orthogonalPair(), constant(5, 0.0), 0.037, "ok"),
                model(sweepId, "p1", 0, "relu_output", 0.8, 0.9, antipodalPairs(), constant(5, -0.02), 0.01, "ok"),
                model(sweepId, "p1", 1, "relu_output", 0.8, 0.9, antipodalPairs(), constant(5, -0.03), 0.011, "ok"),
                model(sweepId, "p2", 0, "relu_output", 0.9, 0.9, pentagon(1.1), constant(5, -0.2), 0.004, "ok"),
                model(sweepId, "p3", 0, "relu_output", 0.95, 0.9, pentagon(Double.NaN), constant(5, Double.NaN),
                        Double.NaN, "diverged"),
                model(sweepId, "p4", 0, "linear", 0.0, 0.9, orthogonalPair(), constant(5, 0.25), 0.04, "ok"));
        return new ReportData(List.of(sweep(sweepId, "toy n=5 m=2")),
                ms.stream().map(Model::row).toList(),
                ms.stream().flatMap(m -> m.features().stream()).toList());
    }
}
