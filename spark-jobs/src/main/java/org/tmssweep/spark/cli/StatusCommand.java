package org.tmssweep.spark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.tmssweep.spark.job.SweepStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Show how far each sweep in a results directory has got.",
            "Per sweep: models done / failed / remaining, waves committed / total, when it",
            "started, elapsed time and an ETA from the rate of the committed waves (models per",
            "second of wave time). Reads only the progress markers (OUT/_progress), so it is",
            "instant, starts no Spark, and is safe while 'tms run' trains the sweep in another",
            "process. State 'in progress' means a wave is staged: a run is training it, or was",
            "killed mid-wave ('tms run' with the same spec and --out resumes it)."},
        footer = {"", "Example:", "  tms status --out results/demo"})
final class StatusCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results directory of tms run")
    String out;

    @Override
    public Integer call() throws IOException {
        String outDir = OutDir.resolve(out, true);
        List<SweepStatus> all = SweepStatus.all(new Configuration(), outDir, Instant.now());
        PrintWriter pw = commandSpec.commandLine().getOut();
        if (all.isEmpty()) {
            pw.println("no sweeps with progress records under " + outDir);
            return 0;
        }
        pw.print(render(all));
        return 0;
    }

    static String render(List<SweepStatus> all) {
        List<String> header = List.of("sweep_id", "state", "done", "failed", "remaining", "models", "waves",
                "started", "elapsed", "models/s", "eta");
        List<List<String>> rows = new ArrayList<>();
        for (SweepStatus s : all) {
            rows.add(List.of(s.sweepId(), s.state(), String.valueOf(s.modelsDone()), String.valueOf(s.failed()),
                    String.valueOf(s.remaining()), String.valueOf(s.models()),
                    s.wavesCommitted() + "/" + s.waves(),
                    s.started() == null ? "-" : s.started().truncatedTo(ChronoUnit.SECONDS).toString(),
                    duration(s.elapsed()), s.rate() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", s.rate()),
                    s.eta() == null ? "-" : duration(s.eta())));
        }
        return TablePrinter.aligned(header, rows);
    }

    static String duration(Duration d) {
        return d == null ? "-" : ConsoleProgress.clock(d.toMillis());
    }
}
