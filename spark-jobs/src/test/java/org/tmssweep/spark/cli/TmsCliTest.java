package org.tmssweep.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line without Spark: help, plan, and bad input rejected before anything starts. */
class TmsCliTest {
    static final String GOOD = """
            name: cli
            n_features: 4
            n_hidden: 2
            sparsity: [0.0, 0.9]
            seeds: 2
            train: {steps: 10}
            """;

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Tms.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheCommandsAndAnExample() {
        Result r = run("--help");
        assertEquals(0, r.code());
        for (String cmd : new String[] {"run", "plan", "query", "report"}) {
            assertTrue(r.out().contains("  " + cmd + " "), cmd);
        }
        assertTrue(r.out().contains("tms run deploy/sweeps/demo.yaml --out results/demo"));
        for (String[] args : new String[][] {{"help", "run"}, {"run", "--help"}}) {
            Result runHelp = run(args);
            assertEquals(0, runHelp.code(), String.join(" ", args) + ": " + runHelp.err());
            assertTrue(runHelp.out().contains("--out=DIR"));
            assertTrue(runHelp.out().contains("--master=URL"));
        }
        for (String cmd : new String[] {"plan", "query", "report", "status", "catalog", "sql", "analyze", "bench",
            "claims", "export"}) {
            assertEquals(0, run(cmd, "--help").code(), cmd + " --help");
            assertTrue(r.out().contains("  " + cmd + " "), cmd);
        }
    }

    @Test
    void helpTextsFormatWithoutPicocliWarnings() {
        // picocli reports a bad format string (e.g. a bare '%') on System.err and prints the raw text.
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String cmd : new String[] {"run", "plan", "query", "report", "analyze", "status", "catalog", "sql",
                "bench", "export"}) {
                run(cmd, "--help");
            }
            run("--help");
        } finally {
            System.setErr(original);
        }
        assertEquals("", captured.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void noCommandIsAUsageError() {
        Result r = run();
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("tms: error: a command is required"));
    }

    @Test
    void planPrintsTheExpansionWithoutTraining() throws IOException {
        Path spec = write("s.yaml", GOOD);
        Result r = run("plan", spec.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("points     2 x 2 seed(s) = 4 models"), r.out());
        assertTrue(r.out().contains("sparsity"));
        assertEquals(4, r.out().lines().filter(l -> l.matches("\\s+\\d+\\s+\\d+\\s+[0-9a-f]{16}.*")).count(), r.out());
    }

    @Test
    void planShowsZipGroupsAndWhenOverrides() throws IOException {
        Path spec = write("z.yaml", "name: z\nn_features: [4, 20]\nzip: [{n_hidden: [2, 3], sparsity: [0.0, 0.9]}]\n"
                + "when:\n  - if: {n_features: 20}\n    set: {importance_decay: [0.7, 0.9]}\ntrain: {steps: 10}\n");
        Result r = run("plan", spec.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  zip[0]                     2 steps of (n_hidden, sparsity):\n    (2, 0.0)\n"
                + "    (3, 0.9)\n"), r.out());
        assertTrue(r.out().contains("  when[0] if n_features = 20: set importance_decay = [0.7, 0.9]   "
                + "(4 of 6 points match)\n"), r.out());
        assertTrue(r.out().contains("order      grid; 1 wave(s) of 6 models"), r.out());
    }

    @Test
    void planCountsTheCurvesRowsOfASweepThatRecordsThem() throws IOException {
        // 2 models x steps {0, 4, 8, 10} x 3 features; without curve_every no curves line
        Path spec = write("c.yaml", "name: c\nn_features: 3\nn_hidden: 2\nseeds: 2\ntrain: {steps: 10, curve_every: 4}\n");
        Result r = run("plan", spec.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("curves     every 4 steps (train.curve_every): 24 rows in the curves table"), r.out());
        Result plain = run("plan", write("p.yaml", "name: p\nn_features: 3\nn_hidden: 2\n").toString());
        assertTrue(!plain.out().contains("curves "), plain.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown key     | seeds: 2           | seed: 2            | seed: unknown key",
        "wrong type      | n_hidden: 2        | n_hidden: [a]      | n_hidden[0]: must be an integer, got 'a'",
        "n_hidden < 1    | n_hidden: 2        | n_hidden: 0        | n_hidden: must be >= 1, got 0",
        "sparsity 1      | [0.0, 0.9]         | [0.0, 1]           | sparsity[1]: must be in [0, 1), got 1.0",
        "empty axis      | [0.0, 0.9]         | []                 | sparsity: axis must not be empty",
    })
    void badSpecIsOneLineExitTwoAndNoOutput(String what, String from, String to, String expected) throws IOException {
        Path spec = write("bad.yaml", GOOD.replace(from, to));
        Path out = tmp.resolve("out");
        Result r = run("run", spec.toString(), "--out", out.toString());
        assertEquals(2, r.code());
        assertEquals("tms: error: " + spec + ": " + expected, r.err().lines().findFirst().orElse("").substring(0,
                Math.min(r.err().lines().findFirst().orElse("").length(), ("tms: error: " + spec + ": " + expected).length())));
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(Files.exists(out), "no output directory for a bad spec");
    }

    @Test
    void aSuiteIsPlannedMemberByMemberAndABadMemberStopsItBeforeAnythingRuns() throws IOException {
        write("a.yaml", GOOD);
        write("b.yaml", GOOD.replace("name: cli", "name: cli-b").replace("seeds: 2", "seeds: 3"));
        Path suite = write("suite.yaml", "name: both\nsuite: [a.yaml, b.yaml]\n");
        Result plan = run("plan", suite.toString());
        assertEquals(0, plan.code(), plan.err());
        assertTrue(plan.out().startsWith("suite " + suite + ": 2 sweeps, 10 models in all"), plan.out());
        assertTrue(plan.out().contains("=== suite sweep 2/2 ==="), plan.out());

        Path bad = write("c.yaml", GOOD.replace("n_hidden: 2", "n_hidden: 0"));
        Path badSuite = write("bad-suite.yaml", "name: bad\nsuite: [a.yaml, c.yaml]\n");
        Path out = tmp.resolve("out");
        Result r = run("run", badSuite.toString(), "--out", out.toString());
        assertEquals(2, r.code());
        assertEquals("tms: error: " + badSuite + ": suite member " + bad + ": n_hidden: must be >= 1, got 0",
                r.err().strip());
        assertFalse(Files.exists(out), "nothing written, not even the good first member");
    }

    /** 100 x 100 x 1000 x 100 = 10^9 grid points x 10 seeds = 10^10 models: refused before anything is expanded. */
    static String hugeSpec() {
        String hundred = java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", "));
        String sparsities = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> String.valueOf(i / 1000.0))
                .collect(java.util.stream.Collectors.joining(", "));
        return "name: huge\nn_features: [" + hundred + "]\nn_hidden: [" + hundred + "]\nsparsity: [" + sparsities
                + "]\ntrain: {steps: [" + hundred + "]}\nseeds: 10\n";
    }

    @Test
    @org.junit.jupiter.api.Timeout(10)
    void planAndRunRefuseASpecAboveTheSizeLimitsInOneLine() throws IOException {
        Path spec = write("huge.yaml", hugeSpec());
        Path out = tmp.resolve("out");
        String expected = "tms: error: " + spec + ": the spec expands to 10000000000 models (n_features 100 x n_hidden"
                + " 100 x sparsity 1000 x train.steps 100 x seeds 10), above the limit of 1000000 models per sweep;"
                + " --max-models N raises it (docs/spec.md, \"Size limits\")\n";
        for (String[] args : new String[][] {{"plan", spec.toString()}, {"run", spec.toString(), "--out", out.toString()}}) {
            long t0 = System.nanoTime();
            Result r = run(args);
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused in seconds, not after expanding");
            assertEquals(2, r.code(), r.err());
            assertEquals(expected, r.err(), args[0]);
            assertEquals("", r.out());
        }
        assertFalse(Files.exists(out), "nothing written");
        // the limit is an option: 4 models pass at 4 and fail at 3
        Path small = write("s.yaml", GOOD);
        assertEquals(0, run("plan", small.toString(), "--max-models", "4").code());
        Result three = run("plan", small.toString(), "--max-models", "3");
        assertEquals(2, three.code());
        assertTrue(three.err().contains("the spec expands to 4 models (sparsity 2 x seeds 2), above the limit of 3"),
                three.err());
        // a model above --max-model-memory, and bad option values
        Result wide = run("plan", write("w.yaml", "name: w\nn_features: 100000\nn_hidden: 10\n").toString());
        assertEquals(2, wide.code());
        assertTrue(wide.err().contains(": a model of n_features 100000, n_hidden 10 (relu_output, train.batch_size 1024)"
                + " needs about 4.59 GiB while it trains, above the limit of 1 GiB per model"), wide.err());
        assertEquals(0, run("plan", write("w.yaml", "name: w\nn_features: 100000\nn_hidden: 10\n").toString(),
                "--max-model-memory", "5g", "--limit", "1").code());
        Result badSize = run("plan", small.toString(), "--max-model-memory", "lots");
        assertEquals(2, badSize.code());
        assertEquals("tms: error: --max-model-memory: must be a size such as 512m, 2g or 1073741824 (bytes), got 'lots'",
                badSize.err().strip());
        Result zero = run("plan", small.toString(), "--max-models", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().startsWith("tms: error: --max-models: must be a whole number from 1"), zero.err());
    }

    @Test
    void runHelpDocumentsTheExitStatuses() {
        Result help = run("run", "--help");
        assertEquals(0, help.code());
        for (String line : new String[] {"Exit status:", "  0  every model", "  1  the run failed", "  2  bad input",
            "  3  the sweep completed with failures", "complete_with_failures", "--max-models=N",
            "--max-model-memory=SIZE"}) {
            assertTrue(help.out().contains(line), line + " in:\n" + help.out());
        }
        assertEquals(3, Tms.EXIT_MODELS_FAILED);
    }

    @Test
    void exportAndQueryToRefuseBadTargetsInOneLineBeforeSparkStarts() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("results"));
        String[][] cases = {
            {"export", "--out", dir.toString(), "--to", tmp.resolve("m.npy").toString()},
            {"export", "--out", dir.toString(), "--to", tmp.resolve("missing/m.npz").toString()},
            {"export", "--out", dir.toString(), "--to", dir.toString() + ".npz", "--where", " "},
            {"export", "--out", dir.toString(), "--to", tmp.toString()},
            {"query", "--out", dir.toString(), "--to", tmp.resolve("r.txt").toString(), "SELECT 1"},
            {"query", "--out", dir.toString(), "--to", tmp.resolve("r.csv").toString(), "--max-rows", "5", "SELECT 1"},
            {"query", "--out", dir.toString(), "--to", tmp.resolve("r.csv").toString(), "--format", "json", "SELECT 1"},
            {"query", "--out", dir.toString(), "--to", tmp.resolve("missing/r.parquet").toString(), "SELECT 1"}};
        String[] expected = {
            "tms: error: --to: " + tmp.resolve("m.npy") + ": unknown extension; the file name must end in .npz (NumPy)"
                + " or .safetensors",
            "tms: error: --to: cannot write " + tmp.resolve("missing/m.npz") + ": directory " + tmp.resolve("missing")
                + " does not exist",
            "tms: error: --where: must be a SQL predicate",
            "tms: error: --to: " + tmp + ": unknown extension",
            "tms: error: --to: " + tmp.resolve("r.txt") + ": unknown extension; the file name must end in .csv, .json"
                + " (one object per line) or .parquet",
            "tms: error: --max-rows: not with --to, which writes every row of the result",
            "tms: error: --format: not with --to, whose extension (.csv, .json, .parquet) picks the format",
            "tms: error: --to: cannot write " + tmp.resolve("missing/r.parquet") + ": directory " + tmp.resolve("missing")
                + " does not exist"};
        for (int i = 0; i < cases.length; i++) {
            Result r = run(cases[i]);
            assertEquals(2, r.code(), String.join(" ", cases[i]) + ": " + r.err());
            assertTrue(r.err().startsWith(expected[i]), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(dir), files.toList(), "nothing written beside the results directory");
        }
        Result missingTo = run("export", "--out", dir.toString());
        assertEquals(2, missingTo.code());
        assertTrue(missingTo.err().startsWith("tms: error: Missing required option: '--to=FILE'"), missingTo.err());
    }

    @Test
    void exportHelpTeachesTheLayoutWithExamples() {
        Result help = run("export", "--help");
        assertEquals(0, help.code(), help.err());
        for (String s : new String[] {"--where=SQL", "--to=FILE", "W_i   (n_hidden, n_features): h = W x",
            "W2_i  (n_features, n_hidden), abs models only", "'keys', a structured array",
            "tms export --out results/demo --where", "numpy.load('sparse.npz')", "exit status 2"}) {
            assertTrue(help.out().contains(s), s + " in:\n" + help.out());
        }
        Result query = run("query", "--help");
        assertTrue(query.out().contains("--to=FILE") && query.out().contains("every row, never cut"), query.out());
    }

    @Test
    void unreadableSpec() {
        Path missing = tmp.resolve("missing.yaml");
        Result r = run("run", missing.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(2, r.code());
        assertEquals("tms: error: " + missing + ": no such spec file", r.err().strip());
        Result dir = run("plan", tmp.toString());
        assertEquals(2, dir.code());
        assertEquals("tms: error: " + tmp + ": is a directory, not a spec file", dir.err().strip());
    }

    @Test
    void outputPathThatIsAFile() throws IOException {
        Path spec = write("s.yaml", GOOD);
        Path file = write("taken", "not a directory");
        Result r = run("run", spec.toString(), "--out", file.toString());
        assertEquals(2, r.code());
        assertEquals("tms: error: --out: " + file + " is a file, not a directory", r.err().strip());
        assertEquals("not a directory", Files.readString(file), "the file is untouched");
    }

    @Test
    void queryOfAMissingDirectory() {
        Path missing = tmp.resolve("nothing");
        Result r = run("query", "--out", missing.toString(), "SELECT 1");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("tms: error: --out: " + missing + " does not exist"), r.err());
    }

    @Test
    void queryMaxRowsIsZeroForAllAndNeverNegative() {
        Result r = run("query", "--out", tmp.toString(), "--max-rows", "-1", "SELECT 1");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("tms: error: --max-rows: must be >= 0 (0 = all rows), got -1"), r.err());
        Result help = run("query", "--help");
        assertTrue(help.out().contains("0 for all"), help.out());
    }

    @Test
    void masterHelpListsWhatTheLauncherSupportsAndYarnIsAUserError() {
        Result help = run("query", "--help");
        assertTrue(help.out().contains("local, local[N] or spark://HOST:7077"), help.out());
        assertFalse(help.out().contains("yarn,"), help.out());
        Result r = run("query", "--out", tmp.toString(), "--master", "yarn", "SELECT 1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("tms: error: --master yarn: this class path has no YARN support"), r.err());
    }

    @Test
    void unknownOptionIsAUsageError() throws IOException {
        Path spec = write("s.yaml", GOOD);
        Result r = run("run", spec.toString(), "--out", tmp.resolve("o").toString(), "--bogus");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("tms: error: Unknown option: '--bogus'"), r.err());
    }


    @Test
    void claimsBadInputIsOneLineExitTwoAndWritesNothing() throws IOException {
        Path missing = tmp.resolve("nothing-here");
        Result noDir = run("claims", "--out", missing.toString());
        assertEquals(2, noDir.code(), noDir.err());
        assertTrue(noDir.err().startsWith("tms: error: --out"), noDir.err());
        assertFalse(Files.exists(missing), "nothing written");
        Result badFormat = run("claims", "--out", tmp.toString(), "--format", "pdf");
        assertEquals(2, badFormat.code(), badFormat.err());
        assertTrue(badFormat.err().contains("--format"), badFormat.err());
        Path notes = write("notes.md", "## r99.no-such-claim\ntext\n");
        Result badNotes = run("claims", "--out", tmp.toString(), "--notes", notes.toString());
        assertEquals(2, badNotes.code(), badNotes.err());
        assertTrue(badNotes.err().contains("r99.no-such-claim") && badNotes.err().contains("line 1"), badNotes.err());
        assertFalse(Files.exists(tmp.resolve("claims")), "nothing written");
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void runningOutOfHeapIsOneLineNamingTheHeapAndTheSettingThatRaisesIt() {
        StringWriter err = new StringWriter();
        int code = Tms.outOfMemory(new OutOfMemoryError("Java heap space"), 4L << 30, new PrintWriter(err, true));
        assertEquals(1, code);
        assertEquals(List.of("tms: failed: out of memory (Java heap space) with a heap of 4096 MiB; rerun with a larger"
                + " TMS_DRIVER_MEMORY, e.g. TMS_DRIVER_MEMORY=8g (a run resumes where it stopped)"), err.toString().lines()
                .toList());
    }
}
