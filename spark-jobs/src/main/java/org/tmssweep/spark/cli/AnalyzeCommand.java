package org.tmssweep.spark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.tmssweep.spark.analysis.AnalysisJob;
import org.tmssweep.spark.analysis.AnalysisTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "analyze", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Compute the paper's analyses of every trained model as derived tables.",
            "From the models and features tables alone (W = features.embedding, b = features.bias),",
            "writes Parquet tables partitioned by sweep_id under OUT: polytopes (tegum factors),",
            "fractions (D_i as a/b), neurons (relu_hidden models), phases (n=2,m=1 and n=3,m=2:",
            "empirical vs closed-form theory) and attacks (adversarial vulnerability).",
            "Analysing a sweep again replaces its partitions. tms run does this after training."},
        footer = {"", "Example:", "  tms analyze --out results/paper --sweep paper-phase-2-1-0123456789ab",
            "  tms query --out results/paper \"SELECT phase, theory_phase, count(*) FROM phases GROUP BY 1, 2\""})
final class AnalyzeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results directory of tms run")
    String out;

    @Option(names = "--sweep", paramLabel = "ID", description = "Analyse only this sweep_id (default: every sweep)")
    String sweep;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws IOException {
        String outDir = OutDir.resolve(out, true);
        SparkSession spark = sparkOptions.session("tms analyze");
        try {
            AnalysisJob.Outcome o = analyzeInto(spark, outDir, sweep, commandSpec.commandLine().getErr());
            if (o.sweeps().isEmpty()) {
                throw new UserError(sweep == null ? "--out: no models table under " + outDir
                        : "--sweep: no models of sweep " + sweep + " under " + outDir);
            }
        } finally {
            spark.stop();
        }
        return 0;
    }

    /** Used by {@code tms run} (one sweep) and {@code tms analyze}; prints one summary line. */
    static AnalysisJob.Outcome analyzeInto(SparkSession spark, String outDir, String sweepId, PrintWriter err)
            throws IOException {
        AnalysisJob.Outcome o = AnalysisJob.run(spark, outDir, sweepId);
        if (!o.sweeps().isEmpty()) {
            Map<String, Long> rows = o.rows();
            err.printf("tms: analysis: %d models of %d sweep(s) -> %s%n", o.models(), o.sweeps().size(),
                    AnalysisTables.ALL.stream().map(t -> t + " " + rows.getOrDefault(t, 0L))
                            .collect(Collectors.joining(", ")));
        }
        return o;
    }
}
