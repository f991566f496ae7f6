package org.tmssweep.spark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmssweep.spark.claims.ClaimsEngine;
import org.tmssweep.spark.report.Report;
import org.tmssweep.spark.report.ReportData;
import org.tmssweep.spark.report.ReportLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Draw the figures of every sweep in a results directory.",
            "Figures come from the tables alone, as PNG and SVG, with OUT/report/index.html.",
            "When paper presets are in OUT, index.html opens with \"The paper, reproduced\":",
            "each experiment row's claim verdicts (as tms claims scores them) and its figure."},
        footer = {"", "Example:", "  tms report --out results/demo && xdg-open results/demo/report/index.html"})
final class ReportCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ReportCommand.class);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results directory of tms run")
    String out;

    @Option(names = "--report-dir", paramLabel = "DIR", description = "Where to write the figures (default: OUT/report)")
    Path reportDir;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws IOException {
        String outDir = OutDir.resolve(out, true);
        SparkSession spark = sparkOptions.session("tms report");
        try {
            render(spark, outDir, reportDir != null ? reportDir : localReportDir(outDir), commandSpec.commandLine().getErr());
        } finally {
            spark.stop();
        }
        return 0;
    }

    /** Used by {@code tms run}: figures of everything in {@code outDir} into OUT/report. */
    static void renderInto(SparkSession spark, String outDir, PrintWriter err) throws IOException {
        if (!isLocal(outDir)) {
            err.printf("tms: report skipped: %s is not a local directory (draw it with: tms report --out %s"
                    + " --report-dir DIR)%n", outDir, outDir);
            return;
        }
        render(spark, outDir, localReportDir(outDir), err);
    }

    private static boolean isLocal(String outDir) {
        return !outDir.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") || outDir.startsWith("file:");
    }

    private static void render(SparkSession spark, String outDir, Path dir, PrintWriter err) throws IOException {
        ReportData data = ReportLoader.load(spark, outDir);
        java.util.Set<String> names = new java.util.HashSet<>();
        data.bySweep().forEach(sd -> names.add(sd.sweep().name()));
        List<org.tmssweep.spark.claims.Claim> read = claimsReading(names);
        ClaimsEngine.Evaluation claims = read.isEmpty() ? null : claims(spark, outDir, read);
        List<Path> files = Report.render(data, dir, claims);
        err.printf("tms: report: %d files; open %s%n", files.size(), dir.resolve("index.html"));
        if (claims != null && claims.results().stream().anyMatch(r -> !r.claim().presets().isEmpty()
                && r.verdict() != org.tmssweep.spark.claims.Verdict.NOT_RUN)) {
            err.printf("tms: claims: %s (scorecard: tms claims --out %s --study all)%n",
                    org.tmssweep.spark.claims.Scorecard.summary(claims), outDir);
        }
    }

    /**
     * The claims of every study with some claim that reads one of these sweep names (a study none of whose
     * claims reads them would only be NOT RUN, so it is not evaluated), in study order.
     */
    static List<org.tmssweep.spark.claims.Claim> claimsReading(java.util.Set<String> sweepNames) {
        List<org.tmssweep.spark.claims.Claim> out = new java.util.ArrayList<>();
        for (org.tmssweep.spark.claims.Study study : org.tmssweep.spark.claims.Study.values()) {
            if (study.claims().stream().flatMap(c -> c.presets().stream()).anyMatch(sweepNames::contains)) {
                out.addAll(study.claims());
            }
        }
        return out;
    }

    /** Whether any claim reads one of these sweep names: else the claims sections would be empty. */
    static boolean readsAnyPreset(java.util.Set<String> sweepNames) {
        return !claimsReading(sweepNames).isEmpty();
    }

    /**
     * Those claims evaluated on {@code outDir}, for the report's claims sections ("The paper, reproduced" and
     * one per follow-up study); null (no such section) when there is no sweeps table or the evaluation fails.
     */
    static ClaimsEngine.Evaluation claims(SparkSession spark, String outDir, List<org.tmssweep.spark.claims.Claim> read) {
        try {
            if (!QueryCommand.registerViews(spark, outDir).contains("sweeps")) {
                LOG.debug("report: no sweeps table under {}, no claims section", outDir);
                return null;
            }
            return ClaimsEngine.evaluate(spark, read);
        } catch (IOException | RuntimeException e) {
            LOG.debug("report: claims not evaluated on {}, no claims section", outDir, e);
            return null;
        }
    }

    private static Path localReportDir(String outDir) {
        if (!isLocal(outDir)) {
            throw new UserError("--out: " + outDir + " is not a local directory; give --report-dir for the figures");
        }
        return Paths.get(outDir.startsWith("file:") ? java.net.URI.create(outDir).getPath() : outDir).resolve("report");
    }
}
