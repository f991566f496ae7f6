package org.tmssweep.spark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tmssweep.spark.bench.MemoryBench;
import org.tmssweep.spark.bench.StepBench;
import org.tmssweep.spark.bench.SweepBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Measure training speed on this machine: microseconds of thread CPU time per",
            "model-step of the production step (sample, forward/backward, AdamW) for standard",
            "shapes (median of repeats, one native thread; wall time beside it), with",
            "yardsticks measured in the same run: single-thread ND4J SGEMM of the same FLOPs",
            "and the plain-Java reference model. Also a 200-model sweep through Spark in",
            "local[1] and local[2], and process RSS over 10,000 consecutive models.",
            "",
            "Columns: us/step = CPU us per model-step (= per core); GFLOP/s = nominal dense",
            "work (10 B n m FLOP: h, z, g, dz^T h, x^T g) / CPU time, so sparse-input cases",
            "can beat SGEMM; /sgemm = that / the SGEMM rate; x ref = reference time / ours.",
            "",
            "Cases: " + BenchCommand.CASE_LIST},
        footer = {"", "Example:", "  tms bench --quick", "  tms bench --cases n20_m5_s0.9_i20,spark --json"})
final class BenchCommand implements Callable<Integer> {
    /** Untimed sweeps before the timed pairs of the spark case (see runSpark). */
    static final int WARMUP_SWEEPS = 12;

    static final String CASE_LIST = "n20_m5_s0.9_i20, n5_m2_s0.9_i20, n2_m1_s0.9_i400, n400_m30_s0.99_i4,"
            + " n1000_m100_s0.999_i1, spark, memory";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--quick", description = "Few, short repeats (a smoke test; numbers are rough)")
    boolean quick;

    @Option(names = "--cases", split = ",", paramLabel = "NAME",
            description = "Only these cases (comma-separated; default: all)")
    List<String> cases;

    @Option(names = "--json", description = "Print one JSON record per case instead of the table")
    boolean json;

    @Option(names = "--spark-models", defaultValue = "200", paramLabel = "N",
            description = "Models in the Spark end-to-end sweep (default: ${DEFAULT-VALUE})")
    int sparkModels;

    @Option(names = "--spark-steps", defaultValue = "300", paramLabel = "N",
            description = "Training steps per model in the Spark sweep (default: ${DEFAULT-VALUE})")
    int sparkSteps;

    @Option(names = "--spark-pairs", defaultValue = "3", paramLabel = "N",
            description = "Timed local[1]/local[2] pairs of the Spark sweep, after " + WARMUP_SWEEPS + " untimed warm-up"
                    + " sweeps (their JIT time is printed); the medians are printed last (default: ${DEFAULT-VALUE};"
                    + " --quick: 1 pair, 1 warm-up)")
    int sparkPairs;

    @Option(names = "--memory-models", defaultValue = "10000", paramLabel = "N",
            description = "Consecutive models in the memory case (default: ${DEFAULT-VALUE})")
    int memoryModels;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        List<String> known = new ArrayList<>();
        StepBench.CASES.forEach(c -> known.add(c.name()));
        known.add("spark");
        known.add("memory");
        List<String> selected = cases == null || cases.isEmpty() ? known : cases;
        for (String name : selected) {
            if (!known.contains(name)) {
                throw new UserError("--cases: unknown case '" + name + "' (known: " + String.join(", ", known) + ")");
            }
        }
        err.printf("tms: bench on %d cores, load average %.2f%s%n", Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                quick ? " (--quick: rough numbers)" : "");
        List<Map<String, Object>> records = new ArrayList<>();
        if (!json) {
            out.println(String.format(Locale.ROOT, "%-22s %5s %4s %5s %4s %6s %10s %10s %10s %8s %7s %8s",
                    "case", "n", "m", "B", "I", "S", "us/step", "wall us", "steps/s", "GFLOP/s", "/sgemm", "x ref"));
        }
        for (StepBench.Case c : StepBench.CASES) {
            if (!selected.contains(c.name())) {
                continue;
            }
            double flops = StepBench.denseFlops(c);
            int steps = (int) Math.max(2, Math.min(200, (quick ? 2e7 : 2e8) / (flops * c.instances())));
            int repeats = quick ? 3 : 7;
            StepBench.Timing timing = StepBench.stepMicros(c, quick ? 2 : steps, quick ? 300 : 3000, steps,
                    repeats);
            double us = timing.cpuMicros();
            double sgemm = StepBench.sgemmGflops(c, quick ? 3 : 5);
            double ref = StepBench.referenceMicros(c, quick ? 1 : 3, quick ? 100 : 1000);
            double gflops = flops / us / 1e3;
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("name", c.name());
            rec.put("n_features", c.nFeatures());
            rec.put("n_hidden", c.nHidden());
            rec.put("batch", c.batch());
            rec.put("instances", c.instances());
            rec.put("sparsity", c.sparsity());
            rec.put("us_per_model_step", us);
            rec.put("wall_us_per_model_step", timing.wallMicros());
            rec.put("model_steps_per_s_per_core", 1e6 / us);
            rec.put("gflops", gflops);
            rec.put("sgemm_gflops", sgemm);
            rec.put("ratio_to_sgemm", gflops / sgemm);
            rec.put("reference_us_per_model_step", ref);
            rec.put("speedup_vs_reference", ref / us);
            emit(out, rec, String.format(Locale.ROOT, "%-22s %5d %4d %5d %4d %6.3f %10.1f %10.1f %10.0f %8.2f %7.2f %8.1f",
                    c.name(), c.nFeatures(), c.nHidden(), c.batch(), c.instances(), c.sparsity(), us,
                    timing.wallMicros(), 1e6 / us,
                    gflops, gflops / sgemm, ref / us));
            records.add(rec);
        }
        if (selected.contains("spark")) {
            runSpark(out, err);
        }
        if (selected.contains("memory")) {
            int models = quick ? Math.min(memoryModels, 400) : memoryModels;
            MemoryBench.Trace t = MemoryBench.run(models, quick ? 20 : 50, d -> { });
            long[] rss = t.rss();
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("name", "memory");
            rec.put("models", models);
            rec.put("rss_mb_start", rss[0]);
            rec.put("rss_mb_after_10pct", rss[1]);
            rec.put("rss_mb_end", rss[10]);
            long max = 0;
            for (long v : rss) {
                max = Math.max(max, v);
            }
            rec.put("rss_mb_max", max);
            rec.put("rss_mb_trace", joined(rss));
            rec.put("heap_committed_mb_trace", joined(t.heap()));
            emit(out, rec, String.format(Locale.ROOT, "%-22s %d models, MB at each tenth: RSS %s; JVM heap committed %s",
                    "memory", models, joined(rss), joined(t.heap())));
        }
        return 0;
    }

    private void runSpark(PrintWriter out, PrintWriter err) throws IOException {
        int models = quick ? Math.min(sparkModels, 40) : sparkModels;
        int steps = quick ? Math.min(sparkSteps, 50) : sparkSteps;
        int seeds = Math.max(1, models / 10);
        Path tmp = Files.createTempDirectory("tms-bench");
        try {
            Path spec = tmp.resolve("bench.yaml");
            Files.writeString(spec, String.format(Locale.ROOT, """
                    name: bench
                    n_features: 20
                    n_hidden: 5
                    sparsity: [0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99, 0.999]
                    importance_decay: 0.7
                    seeds: %d
                    train: {steps: %d, batch_size: 1024, lr: 0.001}
                    """, seeds, steps));
            var plan = Specs.plan(spec);
            // Spark's and Parquet's code paths are still being JIT-compiled during the first sweeps of a JVM:
            // after three sweeps the compiler threads still spent 0.4-0.9 s in each timed sweep (mostly the
            // Parquet writer, which runs only twice per task, and Spark's per-job paths), on the cores the
            // local[2] run trains on. Warm up with WARMUP_SWEEPS sweeps, alternating local[2] and local[1];
            // every sweep's JIT time is printed (a trickle of ~0.1-0.3 s per sweep remains: methods run a few
            // times per sweep keep crossing the compile thresholds).
            int warmups = quick ? 1 : WARMUP_SWEEPS;
            long[] jit = new long[warmups];
            for (int w = 0; w < warmups; w++) {
                jit[w] = Math.round(SweepBench.run(plan, tmp.resolve("warmup" + w).toUri().toString(),
                        w % 2 == 0 ? 2 : 1).jitMs());
            }
            String jitTrace = joined(jit);
            Map<String, Object> warm = new LinkedHashMap<>();
            warm.put("name", "spark_warmup");
            warm.put("warmups", warmups);
            warm.put("jit_ms_trace", jitTrace);
            emit(out, warm, String.format(Locale.ROOT, "%-22s %d sweep%s, JIT ms in each: %s", "spark_warmup", warmups,
                    warmups == 1 ? "" : "s", jitTrace));
            int pairs = quick ? 1 : Math.max(1, sparkPairs);
            double[] share1 = new double[pairs];
            double[] share2 = new double[pairs];
            double[] speedup = new double[pairs];
            for (int q = 0; q < pairs; q++) {
                SweepBench.Outcome one = SweepBench.run(plan, tmp.resolve("out1-" + q).toUri().toString(), 1);
                SweepBench.Outcome two = SweepBench.run(plan, tmp.resolve("out2-" + q).toUri().toString(), 2);
                share1[q] = one.overheadShare();
                share2[q] = two.overheadShare();
                speedup[q] = one.wallMs() / two.wallMs();
                for (SweepBench.Outcome o : List.of(one, two)) {
                    Map<String, Object> rec = new LinkedHashMap<>();
                    rec.put("name", "spark_" + o.master());
                    rec.put("pair", q + 1);
                    rec.put("models", o.models());
                    rec.put("tasks", o.tasks());
                    rec.put("steps", steps);
                    rec.put("wall_ms", o.wallMs());
                    rec.put("train_ms_sum", o.trainMsSum());
                    rec.put("overhead_share", o.overheadShare());
                    rec.put("speedup_vs_local1", one.wallMs() / o.wallMs());
                    rec.put("jit_ms", o.jitMs());
                    emit(out, rec, String.format(Locale.ROOT,
                            "%-22s %d models, %d tasks, %d steps: wall %.1f s, train %.1f core-s, outside training"
                                    + " %.1f %%, speed-up vs local[1] %.2fx, JIT %.0f ms", "spark_" + o.master() + " #"
                                    + (q + 1), o.models(), o.tasks(), steps, o.wallMs() / 1e3, o.trainMsSum() / 1e3,
                            100 * o.overheadShare(), one.wallMs() / o.wallMs(), o.jitMs()));
                }
            }
            double medianShare1 = StepBench.median(share1);
            double medianShare2 = StepBench.median(share2);
            double medianSpeedup = StepBench.median(speedup);
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("name", "spark_median");
            rec.put("pairs", pairs);
            rec.put("overhead_share_local1", medianShare1);
            rec.put("overhead_share_local2", medianShare2);
            rec.put("speedup_vs_local1", medianSpeedup);
            emit(out, rec, String.format(Locale.ROOT,
                    "%-22s %d pair%s: outside training %.1f %% in local[1], %.1f %% in local[2];"
                            + " speed-up %.2fx", "spark_median", pairs, pairs == 1 ? "" : "s",
                    100 * medianShare1, 100 * medianShare2, medianSpeedup));
        } finally {
            try (Stream<Path> walk = Files.walk(tmp)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String joined(long[] values) {
        StringBuilder sb = new StringBuilder();
        for (long v : values) {
            sb.append(sb.length() == 0 ? "" : " ").append(v);
        }
        return sb.toString();
    }

    private void emit(PrintWriter out, Map<String, Object> rec, String line) {
        if (json) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<String, Object> e : rec.entrySet()) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append('"').append(e.getKey()).append("\": ");
                Object v = e.getValue();
                if (v instanceof String s) {
                    sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                } else if (v instanceof Double d) {
                    sb.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : "null");
                } else {
                    sb.append(v);
                }
            }
            out.println(sb.append('}'));
        } else {
            out.println(line);
        }
        out.flush();
    }
}
