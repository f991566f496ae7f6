package org.tmssweep.spark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.job.SweepJob;
import org.tmssweep.spark.job.SweepLock;
import org.tmssweep.spark.tables.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Train every model of a sweep spec and write its tables and figures.",
            "Models are trained in Spark tasks; the tables OUT/sweeps, OUT/models and",
            "OUT/features are Parquet, partitioned by sweep_id; also written:",
            "the resolved spec OUT/specs/<sweep_id>.json and the figures OUT/report/.",
            "",
            "The spec is validated before anything starts; a bad spec writes nothing.",
            "The sweep runs in waves (Spark jobs) committed one at a time: tms query sees",
            "each wave as soon as it is committed. The same spec always gets the same",
            "sweep_id: running a finished sweep again trains nothing, and running an",
            "interrupted one (same spec, same --out) trains only the waves not committed.",
            "A model whose training throws is recorded in the failures table and the sweep",
            "goes on; --retry-failed trains just those models again.",
            "",
            "SPEC may also be a suite: a file with 'suite: [a.yaml, b.yaml, ...]' (paths",
            "relative to it). Its member sweeps are checked first, then run in order into",
            "the same --out, each resumable on its own; the report is drawn once at the end.",
            "",
            "A spec is refused before its grid is expanded when it asks for more than",
            "--max-models models or a model needs more than --max-model-memory.",
            "",
            "One run writes a sweep at a time: a run holds OUT/_progress/sweep_id=ID/lock.json",
            "(pid, host, start) while it writes, and a second run of that sweep into the same",
            "--out stops at once, naming the first (exit 2). A lock left by a run that died is",
            "taken over: at once on the same host, after 5 minutes without heartbeat elsewhere."},
        footer = {"", "Exit status:",
            "  0  every model of the sweep (each sweep of a suite) is in the models table",
            "     (trained now or by an earlier run; diverged models count: status diverged)",
            "  1  the run failed (Spark, I/O, a crash); rerun the same command to resume",
            "  2  bad input (spec, options, paths), or another run is writing the sweep:",
            "     one line on stderr, nothing written",
            "  3  the sweep completed with failures: some models threw while training and",
            "     are in the failures table (sweeps.status = complete_with_failures); a",
            "     suite runs its other sweeps, then exits 3; --retry-failed retrains them",
            "", "Example:", "  tms run deploy/sweeps/demo.yaml --out results/demo",
            "  tms run deploy/sweeps/demo.yaml --out results/demo --master local[2]",
            "  tms run deploy/sweeps/paper/all.yaml --out results/paper      (a suite: every paper preset)"})
final class RunCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Parameters(index = "0", paramLabel = "SPEC", description = "Sweep spec (YAML) or suite of specs; see docs/spec.md")
    Path spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output directory (or Hadoop URI) holding the tables; other sweeps in it are kept")
    String out;

    @Option(names = "--report", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Render figures into OUT/report after training (default: on; --no-report skips)")
    boolean report = true;

    @Option(names = "--analyze", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Compute the derived tables (tms analyze) for this sweep after training, before the report"
                    + " (default: on; --no-analyze skips)")
    boolean analyze = true;

    @Option(names = "--retry-failed",
            description = "Train again the models recorded in the failures table (and nothing else)")
    boolean retryFailed;

    @Mixin
    SpecLimitOptions specLimits;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = commandSpec.commandLine().getErr();
        List<SweepPlan> plans = Specs.plans(spec, specLimits.limits());
        Nd4jNativesCheck.check(sparkOptions, spec, plans);
        String outDir = OutDir.resolve(out, false);
        if (plans.size() > 1) {
            err.printf("tms: suite %s: %d sweeps, %d models in all -> %s%n", spec, plans.size(),
                    plans.stream().mapToLong(SweepPlan::modelCount).sum(), outDir);
        }
        if (retryFailed) {
            for (SweepPlan plan : plans) {
                if (plan.sae() != null) {
                    throw new UserError(spec + ": --retry-failed is not supported for SAE sweeps (sae.source) yet");
                }
            }
        }
        sparkOptions.checkMasterSupported();
        List<SweepLock> locks = lockAll(sparkOptions.hadoopConfiguration(), outDir, plans, retryFailed);
        try {
            return runLocked(plans, outDir, locks, err);
        } finally {
            locks.stream().filter(Objects::nonNull).forEach(SweepLock::close);
        }
    }

    /**
     * Takes the lock of every sweep (before Spark starts, so a second run of a sweep fails at once), except
     * of a sweep already complete when not {@code retryFailed} (a null entry: its run writes nothing, so it
     * needs no lock and works on a read-only {@code --out}); a sweep another run is writing is a
     * {@link UserError} naming that run, and no lock is kept.
     */
    static List<SweepLock> lockAll(Configuration hadoop, String outDir, List<SweepPlan> plans, boolean retryFailed)
            throws IOException {
        List<SweepLock> locks = new ArrayList<>();
        try {
            for (SweepPlan plan : plans) {
                String id = plan.spec().sweepId();
                locks.add(!retryFailed && complete(hadoop, outDir, id) ? null : SweepLock.acquire(hadoop, outDir, id));
            }
            return locks;
        } catch (SweepLock.HeldException e) {
            locks.stream().filter(Objects::nonNull).forEach(SweepLock::close);
            throw new UserError(e.getMessage());
        } catch (IOException | RuntimeException e) {
            locks.stream().filter(Objects::nonNull).forEach(SweepLock::close);
            throw e;
        }
    }

    /** True when the sweeps table has the sweep's partition (committed by one rename: the sweep is complete). */
    private static boolean complete(Configuration hadoop, String outDir, String sweepId) throws IOException {
        org.apache.hadoop.fs.Path partition = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(outDir,
                Tables.SWEEPS), Tables.PARTITION + "=" + sweepId);
        try (FileSystem fs = FileSystem.newInstance(partition.toUri(), hadoop)) {
            return fs.exists(partition);
        }
    }

    private int runLocked(List<SweepPlan> plans, String outDir, List<SweepLock> locks, PrintWriter err)
            throws Exception {
        long t0 = System.nanoTime();
        int withFailures = 0;
        SparkSession spark = sparkOptions.session(plans.size() == 1 ? "tms run " + plans.get(0).spec().sweepId()
                : "tms run suite " + spec.getFileName());
        try {
            for (int i = 0; i < plans.size(); i++) {
                if (plans.size() > 1) {
                    err.printf("tms: suite sweep %d/%d%n", i + 1, plans.size());
                }
                if (runOne(spark, plans.get(i), outDir, locks.get(i), err) > 0) {
                    withFailures++;
                }
            }
            if (plans.size() > 1) {
                err.printf("tms: suite done: %d sweeps in %s%n", plans.size(),
                        ConsoleProgress.clock((System.nanoTime() - t0) / 1_000_000));
            }
            if (report) {
                ReportCommand.renderInto(spark, outDir, err);
            }
        } finally {
            spark.stop();
        }
        if (withFailures > 0) {
            err.printf("tms: exit status %d: %s completed with failed models (see the failures table)%n",
                    Tms.EXIT_MODELS_FAILED, plans.size() == 1 ? "the sweep" : withFailures + " of " + plans.size()
                            + " sweeps");
            return Tms.EXIT_MODELS_FAILED;
        }
        return Tms.EXIT_OK;
    }

    /** Runs one sweep of the spec; returns how many of its models have failed (rows in failures, none in models). */
    private long runOne(SparkSession spark, SweepPlan plan, String outDir, SweepLock lock, PrintWriter err)
            throws Exception {
        String id = plan.spec().sweepId();
        err.printf("tms: sweep %s: %d models in %d tasks, %d waves (~%.3g GMAC) -> %s%n", id, plan.modelCount(),
                plan.taskCount(), plan.waveCount(), plan.estimatedMacs() / 1e9, outDir);
        long t0 = System.nanoTime();
        ConsoleProgress progress = new ConsoleProgress(err, System.console() != null, 10_000, id);
        SweepJob.Outcome outcome = lock == null
                ? SweepJob.run(spark, plan, outDir, progress, retryFailed) // complete: returns unlocked, or locks
                : SweepJob.run(spark, plan, outDir, progress, retryFailed, lock);
        long failed;
        if (outcome.alreadyComplete()) {
            failed = retryFailed ? 0 : failedInSweepsRow(spark, outDir, id);
            err.printf("tms: sweep %s is already complete in %s: 0 models trained%s%n", id, outDir, failed == 0 ? ""
                    : "; " + failed + " models failed in an earlier run (train them again with --retry-failed)");
        } else {
            failed = outcome.failed();
            if (outcome.resumedFrom() > 0) {
                err.printf("tms: resumed: %d models were already committed by an earlier run%n",
                        outcome.resumedFrom());
            }
            err.printf("tms: done: %d models trained in %d waves in %s (%d diverged, %d failed); "
                    + "tables in %s/{%s%s}%n",
                    outcome.modelsTrained(), outcome.wavesRun(),
                    ConsoleProgress.clock((System.nanoTime() - t0) / 1_000_000), outcome.diverged(),
                    outcome.failed(), outDir, plan.points().isEmpty() ? "sweeps,failures"
                            : "sweeps,models,features,failures", (plan.spec().recordsCurves() ? ",curves" : "")
                            + (plan.trainsOnDatasets() ? ",datapoints" : "")
                            + (plan.sae() != null ? ",sae_models,sae_latents,sae_features" : ""));
            if (outcome.failed() > 0) {
                err.printf("tms: %d models failed (see the failures table); train them again with: "
                        + "tms run %s --out %s --retry-failed%n", outcome.failed(), spec, out);
            }
        }
        if (analyze) {
            AnalyzeCommand.analyzeInto(spark, outDir, id, err);
        }
        return failed;
    }

    /** {@code n_failed} of the sweep's row in the {@code sweeps} table (0 when the column is absent or null). */
    static long failedInSweepsRow(SparkSession spark, String outDir, String sweepId) {
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> row = spark.read().parquet(
                new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(outDir, Tables.SWEEPS),
                        Tables.PARTITION + "=" + sweepId).toString());
        if (!java.util.Arrays.asList(row.columns()).contains("n_failed")) {
            return 0;
        }
        org.apache.spark.sql.Row r = row.agg(org.apache.spark.sql.functions.max("n_failed")).first();
        return r.isNullAt(0) ? 0 : ((Number) r.get(0)).longValue();
    }
}
