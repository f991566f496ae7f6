package org.tmssweep.spark.cli;

import java.io.PrintWriter;
import org.tmssweep.spark.job.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tms}: the command line. {@code main} parses, {@link #execute} maps outcomes to exit codes:
 * 0 success, 1 failure while running, 2 bad input (usage, spec, paths), each bad input reported
 * as one line {@code tms: error: ...}, each I/O fault while running as one line {@code tms: failed: ...}
 * naming the file and the reason ({@link #failure}); {@code tms run} exits 3 when a sweep completed with
 * models that failed ({@link #EXIT_MODELS_FAILED}).
 */
@Command(name = "tms", mixinStandardHelpOptions = true, versionProvider = Tms.Version.class,
        subcommands = {RunCommand.class, PlanCommand.class, QueryCommand.class, ExportCommand.class, ReportCommand.class,
            AnalyzeCommand.class, ClaimsCommand.class, StatusCommand.class, CatalogCommand.class, SqlCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class},
        description = {
            "tms-sweep: train toy models of superposition (Elhage et al. 2022) over a grid of",
            "settings with Spark, and study the results as Parquet tables with Spark SQL.",
            "",
            "A sweep spec (YAML) fixes parameters with scalars and sweeps them with lists;",
            "every grid point x seed is one model. Results land under --out as the tables",
            "sweeps, models and features, plus figures in OUT/report."},
        footer = {"", "Start here:",
            "  tms plan deploy/sweeps/demo.yaml                     # what would be trained",
            "  tms run deploy/sweeps/demo.yaml --out results/demo   # train, write tables + figures",
            "  tms query --out results/demo \"SELECT sparsity, represented_features FROM models\"",
            "  tms run deploy/sweeps/paper/all.yaml --out results/paper  # every paper experiment",
            "  tms claims --out results/paper                       # which claims it reproduces",
            "", "Run 'tms help COMMAND' for a command's options."})
public final class Tms implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    /** {@code tms run}: the sweep completed, but some models threw while training (the failures table). */
    public static final int EXIT_MODELS_FAILED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(commandSpec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command line; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Tms());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("tms: error: " + ex.getMessage());
            CommandLine target = ex.getCommandLine();
            err.println("Run 'tms " + (target.getCommandName().equals("tms") ? "" : target.getCommandName() + " ")
                    + "--help' for usage.");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> failure(ex, err));
        try {
            return cl.execute(args);
        } catch (org.apache.hadoop.fs.FSError e) { // Hadoop's local write failure is an Error: picocli lets it by
            return failure(e, err);
        } catch (OutOfMemoryError e) { // also an Error; the heap it exhausted is free again once it unwound
            return outOfMemory(e, Runtime.getRuntime().maxMemory(), err);
        }
    }

    /**
     * An {@link OutOfMemoryError} in this JVM (the driver, and in local mode the tasks too) as one line naming the
     * heap and the launcher's setting that raises it, exit 1; the stack trace as for {@link #failure}.
     */
    static int outOfMemory(OutOfMemoryError e, long maxHeapBytes, PrintWriter err) {
        org.slf4j.LoggerFactory.getLogger(Tms.class).debug("out of memory", e);
        err.println("tms: failed: out of memory (" + e.getMessage() + ") with a heap of " + (maxHeapBytes >> 20)
                + " MiB; rerun with a larger TMS_DRIVER_MEMORY, e.g. TMS_DRIVER_MEMORY=" + Math.max(2,
                        2 * ((maxHeapBytes + (1L << 30) - 1) >> 30)) + "g (a run resumes where it stopped)");
        if (System.getenv("TMS_DEBUG") != null) {
            e.printStackTrace(err);
        }
        return EXIT_FAILED;
    }

    /**
     * Reports a failure and returns its exit code: a {@link UserError} as {@code tms: error: ...} (2); an I/O
     * fault as one line {@code tms: failed: <what>: <reason>} ({@link FailureLine#ioFault}, e.g. a full disk);
     * anything else as {@code tms: failed: <class>: <message>} and how to see the stack trace (1). The stack
     * trace is logged at debug level, and printed with {@code TMS_DEBUG} set.
     */
    static int failure(Throwable ex, PrintWriter err) {
        if (ex instanceof UserError) {
            err.println("tms: error: " + ex.getMessage());
            return EXIT_USAGE;
        }
        org.slf4j.LoggerFactory.getLogger(Tms.class).debug("failure", ex);
        String io = FailureLine.ioFault(ex);
        err.println("tms: failed: " + (io != null ? io : FailureLine.plain(ex)));
        if (System.getenv("TMS_DEBUG") != null) {
            ex.printStackTrace(err);
        } else if (io == null) {
            err.println("tms: (set TMS_DEBUG=1 for the stack trace)");
        }
        return EXIT_FAILED;
    }

    /** Version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tms-sweep " + Provenance.codeVersion() + " (git " + Provenance.gitCommit() + ")"};
        }
    }
}
