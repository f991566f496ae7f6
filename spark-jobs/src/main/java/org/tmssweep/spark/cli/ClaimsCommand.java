package org.tmssweep.spark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.tmssweep.spark.claims.Claim;
import org.tmssweep.spark.claims.ClaimsEngine;
import org.tmssweep.spark.claims.ClaimsTable;
import org.tmssweep.spark.claims.PaperClaims;
import org.tmssweep.spark.claims.Scorecard;
import org.tmssweep.spark.claims.Study;
import org.tmssweep.spark.claims.Verdict;
import org.tmssweep.spark.job.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "claims", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Score a study's claims against the tables of a results directory.",
            "Every checkable statement of Toy Models of Superposition (experiment rows",
            "1-22; --study paper, the default), of Superposition, Memorization, and",
            "Double Descent (claims 1-8; --study memorization) and of sparse dictionary",
            "learning on toy data (--study dictionary) is a claim: the source's value, a",
            "measurement (Spark SQL over the tables, or a computation) and a criterion",
            "with its tolerance. A claim reads the latest complete sweep of each preset",
            "it names; a claim whose preset is missing is NOT RUN. Prints the scorecard",
            "and writes it into the table OUT/claims (Parquet), replacing the rows of",
            "the studies scored.",
            "",
            "Formats: table (default), csv, json (one object per claim and line: id,",
            "row, status, measured, paper, criterion, ...), markdown (the text of",
            "docs/reproduction.md, or of docs/followups.md for --study memorization;",
            "one study at a time)."},
        footer = {"", "Examples:",
            "  tms run deploy/sweeps/paper/all.yaml --out results/paper   # every preset",
            "  tms claims --out results/paper",
            "  tms claims --out results/paper --format json | grep FAIL",
            "  tms claims --out results/paper --format markdown \\",
            "      --notes docs/reproduction-notes.md > docs/reproduction.md",
            "  tms claims --out results/followups --study memorization",
            "", "Exit status: 0, or 1 with --strict when a claim FAILs; 2 for bad input."})
final class ClaimsCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    enum Format { table, csv, json, markdown }

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results directory of tms run")
    String out;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "table",
            description = "table, csv, json or markdown (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--study", paramLabel = "STUDY", defaultValue = "paper",
            description = "paper, memorization, dictionary or all (default: ${DEFAULT-VALUE})")
    String study;

    @Option(names = "--strict", description = "Exit with status 1 when any claim FAILs")
    boolean strict;

    @Option(names = "--notes", paramLabel = "FILE",
            description = "Markdown with a '## <claim id>' section per investigated claim, printed under that claim"
                    + " (markdown format only)")
    Path notes;

    @Option(names = "--no-write", description = "Do not write the claims table")
    boolean noWrite;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws IOException {
        Set<Study> studies = studies(study);
        if (format == Format.markdown && studies.size() != 1) {
            throw new UserError("--format markdown renders one study's document: give --study paper, memorization or"
                    + " dictionary, not " + study);
        }
        String outDir = OutDir.resolve(out, true);
        List<Claim> claims = Study.claims(studies);
        Map<String, String> noteText = notes == null ? Map.of() : readNotes(notes, claims);
        SparkSession spark = sparkOptions.session("tms claims");
        PrintWriter pw = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        ClaimsEngine.Evaluation e;
        try {
            List<String> views = QueryCommand.registerViews(spark, outDir);
            if (!views.contains("sweeps")) {
                throw new UserError("--out: no sweeps table under " + outDir + " (run a preset first, e.g. tms run"
                        + " deploy/sweeps/paper/all.yaml --out " + out + ")");
            }
            e = ClaimsEngine.evaluate(spark, claims);
            switch (format) {
                case table -> {
                    pw.print(TablePrinter.aligned(Scorecard.TABLE_HEADER, Scorecard.tableRows(e)));
                    pw.println(Scorecard.summary(e));
                }
                case csv -> pw.print(TablePrinter.csv(Scorecard.CSV_HEADER, Scorecard.csvRows(e)));
                case json -> pw.print(Scorecard.jsonLines(e));
                case markdown -> {
                    Study one = studies.iterator().next();
                    pw.print(Scorecard.markdown(one, e, runInfo(spark, e), command(one), noteText));
                }
                default -> throw new IllegalStateException(String.valueOf(format));
            }
            pw.flush();
            if (!noWrite) {
                ClaimsTable.write(spark, outDir, e, studies, Provenance.codeVersion(), Provenance.gitCommit());
            }
            if (format != Format.table) {
                err.println("tms: " + Scorecard.summary(e));
            }
        } finally {
            spark.stop();
        }
        return strict && e.count(Verdict.FAIL) > 0 ? Tms.EXIT_FAILED : Tms.EXIT_OK;
    }

    private String command(Study one) {
        return Scorecard.Document.of(one).claimsCommand(one, notes == null ? null : notes.toString().replace('\\', '/'));
    }

    /** The studies {@code --study} names: one, or all of them. */
    static Set<Study> studies(String name) {
        if ("all".equalsIgnoreCase(name)) {
            return EnumSet.allOf(Study.class);
        }
        try {
            return EnumSet.of(Study.ofCliName(name));
        } catch (IllegalArgumentException e) {
            throw new UserError("--study: must be paper, memorization, dictionary or all, got '" + name + "'");
        }
    }

    /** {@link #readNotes(Path, List)} against the paper's claims. */
    static Map<String, String> readNotes(Path file) {
        return readNotes(file, PaperClaims.all());
    }

    /** Sections of a notes file: "## r12.sparse-none-collapsed" starts the text of that claim, one of {@code claims}. */
    static Map<String, String> readNotes(Path file, List<Claim> claims) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UserError("--notes: cannot read " + file + ": " + ex.getMessage());
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        claims.forEach(c -> ids.add(c.id()));
        Map<String, String> out = new LinkedHashMap<>();
        String id = null;
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.startsWith("## ")) {
                if (id != null) {
                    out.put(id, b.toString());
                }
                id = line.substring(3).strip();
                if (!ids.contains(id)) {
                    throw new UserError("--notes: " + file + " line " + n + ": no claim with id '" + id + "'");
                }
                b = new StringBuilder();
            } else if (id != null) {
                b.append(line).append('\n');
            }
        }
        if (id != null) {
            out.put(id, b.toString());
        }
        return out;
    }

    private static Scorecard.RunInfo runInfo(SparkSession spark, ClaimsEngine.Evaluation e) {
        List<String> ids = e.results().stream().flatMap(r -> r.sweepIds().stream()).distinct().sorted().toList();
        if (ids.isEmpty()) {
            return new Scorecard.RunInfo(List.of(), "-", "-", 0, 0, List.of(), List.of(), null, 0, null);
        }
        String in = String.join(", ", ids.stream().map(i -> "'" + i.replace("'", "''") + "'").toList());
        Row r = spark.sql("SELECT date_format(min(started_at), 'yyyy-MM-dd HH:mm'), date_format(max(finished_at),"
                + " 'yyyy-MM-dd HH:mm'), CAST(max(unix_timestamp(finished_at)) - min(unix_timestamp(started_at)) AS BIGINT),"
                + " CAST(sum(unix_timestamp(finished_at) - unix_timestamp(started_at)) AS BIGINT), sort_array(collect_set(git_commit)),"
                + " sort_array(collect_set(hosts)), sort_array(collect_set(master)), CAST(sum(n_models) AS BIGINT) FROM sweeps"
                + " WHERE sweep_id IN (" + in + ")").collectAsList().get(0);
        return new Scorecard.RunInfo(r.getList(4), r.getString(0), r.getString(1), r.getLong(2), r.getLong(3),
                r.getList(5), r.getList(6), Runtime.getRuntime().availableProcessors(), r.getLong(7), machine());
    }

    /** The CPU model (Linux: /proc/cpuinfo) and physical memory of this machine, as far as they can be read. */
    static String machine() {
        String cpu = System.getProperty("os.arch");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture will do
        }
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return cpu + ", " + Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)) + " GiB";
        }
        return cpu;
    }
}
