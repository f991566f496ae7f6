package org.tmssweep.spark.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.LoggerFactory;

/**
 * Renders a realistic demo report (models trained by {@link ToyTrainer}) for looking at the figures:
 * {@code java ... DemoReport /tmp/report-demo}. Not a test.
 */
public final class DemoReport {
    private DemoReport() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "/tmp/report-demo");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        List<Fixtures.Model> models = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        List<Future<Fixtures.Model>> jobs = new ArrayList<>();
        // Basic results: n=20, m=5, I=0.7^i; linear at 1-S=1, ReLU output over 1-S.
        double[] densities = {1, 0.3, 0.1, 0.03, 0.01, 0.003};
        jobs.add(pool.submit(() -> train("basic", "lin", 0, false, 20, 5, 0.7, 1.0, steps)));
        for (int k = 0; k < densities.length; k++) {
            double p = densities[k];
            String id = "p" + k;
            jobs.add(pool.submit(() -> train("basic", id, 0, true, 20, 5, 0.7, p, steps)));
        }
        // Uniform superposition: n=60, m=10, I=1, p = 20^-linspace(0,1,8), 2 seeds.
        for (int k = 0; k < 8; k++) {
            double p = Math.pow(20, -k / 7.0);
            for (int seed = 0; seed < 2; seed++) {
                String id = "g" + k;
                int s = seed;
                jobs.add(pool.submit(() -> train("geometry", id, s, true, 60, 10, 1.0, p, steps)));
            }
        }
        for (Future<Fixtures.Model> f : jobs) {
            models.add(f.get());
        }
        pool.shutdown();
        // One diverged model, as the job would write it.
        models.add(Fixtures.model("basic", "p9", 0, "relu_output", 0.9999, 0.7, nanMatrix(20, 5),
                Fixtures.constant(20, Double.NaN), Double.NaN, "diverged"));
        List<SweepInfo> sweeps = List.of(
                new SweepInfo("basic", "Basic results n=20 m=5 I=0.7^i", "Demo: paper figure 'basic results'",
                        "{\"name\":\"basic\",\"model\":[\"linear\",\"relu_output\"],\"n_features\":20,"
                                + "\"n_hidden\":5,\"importance_decay\":0.7,\"feature_probability\":[1,0.3,0.1,0.03,"
                                + "0.01,0.003],\"steps\":" + steps + "}",
                        "demo1", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:05:00Z")),
                new SweepInfo("geometry", "Uniform superposition n=60 m=10", "",
                        "{\"name\":\"geometry\",\"n_features\":60,\"n_hidden\":10,\"seeds\":2,"
                                + "\"feature_probability\":{\"geometric\":{\"from\":1,\"to\":0.05,\"count\":8}}}",
                        "demo2", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:09:00Z")));
        ReportData data = new ReportData(sweeps, models.stream().map(Fixtures.Model::row).toList(),
                models.stream().flatMap(m -> m.features().stream()).toList());
        List<Path> files = Report.render(data, out);
        LoggerFactory.getLogger(DemoReport.class).info("{} files in {}", files.size(), out);
    }

    private static double[][] nanMatrix(int n, int m) {
        double[][] w = new double[n][m];
        for (double[] r : w) {
            java.util.Arrays.fill(r, Double.NaN);
        }
        return w;
    }

    private static Fixtures.Model train(String sweep, String point, int seed, boolean relu, int n, int m,
            double decay, double p, int steps) {
        double[] imp = new double[n];
        for (int i = 0; i < n; i++) {
            imp[i] = Math.pow(decay, i);
        }
        ToyTrainer t = new ToyTrainer(n, m, 1000L * point.hashCode() + seed);
        t.train(relu, p, imp, steps, 1024, 3e-3, 7L * point.hashCode() + seed);
        return Fixtures.model(sweep, point, seed, relu ? "relu_output" : "linear", 1 - p, decay, t.w, t.b,
                t.loss, "ok");
    }
}
