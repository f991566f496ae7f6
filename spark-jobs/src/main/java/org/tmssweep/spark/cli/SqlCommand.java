package org.tmssweep.spark.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.tmssweep.spark.tables.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sql", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Interactive Spark SQL shell over a results directory.",
            "The tables (sweeps, models, features, failures) and the seed summaries",
            "(model_summary, feature_summary) are registered as views. A statement may span",
            "lines and ends with ';'. Results print as aligned tables; an error is printed and",
            "the shell goes on. \\d lists the views, \\q (or quit, exit, end of input) quits.",
            "Reads standard input, so a file of statements can be piped in (no prompts are",
            "printed then, and the exit status is 1 if a statement failed). At a terminal, lines",
            "can be edited and earlier statements recalled with the arrow keys (JLine); the",
            "history is kept in ~/.cache/tms-sweep/sql_history."},
        footer = {"", "Example:", "  tms sql --out results/demo",
            "  echo 'SELECT count(*) FROM models;' | tms sql --out results/demo"})
final class SqlCommand implements Callable<Integer> {
    static final String PROMPT = "tms> ";
    static final String MORE = "  -> ";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results directory of tms run")
    String out;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "1000",
            description = "Print at most N rows per statement, 0 for all (default: ${DEFAULT-VALUE});"
                + " when rows are left out, a line on standard error says so")
    int maxRows;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws IOException {
        String outDir = OutDir.resolve(out, true);
        if (maxRows < 0) {
            throw new UserError("--max-rows: must be >= 0 (0 = all rows), got " + maxRows);
        }
        SparkSession spark = sparkOptions.session("tms sql");
        int failed;
        try {
            List<String> views = QueryCommand.registerViews(spark, outDir);
            if (views.isEmpty()) {
                throw new UserError("--out: no tables under " + outDir + " (expected " + String.join(", ", Tables.ALL) + ")");
            }
            PrintWriter pw = commandSpec.commandLine().getOut();
            pw.println("tms sql: " + outDir + ": " + String.join(", ", views) + "; end statements with ';', \\q quits");
            if (System.console() != null) {
                // At a terminal: line editing and a persistent history.
                try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                    java.nio.file.Path history = java.nio.file.Paths.get(System.getProperty("user.home"),
                            ".cache", "tms-sweep", "sql_history");
                    java.nio.file.Files.createDirectories(history.getParent());
                    LineReader reader = LineReaderBuilder.builder().terminal(terminal)
                            .variable(LineReader.HISTORY_FILE, history).build();
                    failed = shell(spark, prompt -> {
                        try {
                            return reader.readLine(prompt);
                        } catch (UserInterruptException e) {
                            return "";
                        } catch (EndOfFileException e) {
                            return null;
                        }
                    }, pw, commandSpec.commandLine().getErr(), maxRows);
                    reader.getHistory().save();
                }
            } else {
                // Piped statements give just their results, no prompts.
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                failed = shell(spark, in, pw, commandSpec.commandLine().getErr(), maxRows, false);
            }
        } finally {
            spark.stop();
        }
        return failed > 0 && System.console() == null ? Tms.EXIT_FAILED : 0;
    }

    /** Where the shell's lines come from; null = end of input. */
    interface LineSource {
        String readLine(String prompt) throws IOException;
    }

    /** The loop over a plain reader, printing prompts itself when {@code prompt}. */
    static int shell(SparkSession spark, BufferedReader in, PrintWriter out, PrintWriter err, int maxRows,
            boolean prompt) throws IOException {
        int failed = shell(spark, p -> {
            if (prompt) {
                out.print(p);
                out.flush();
            }
            String line = in.readLine();
            if (line == null && prompt) {
                out.println();
            }
            return line;
        }, out, err, maxRows);
        return failed;
    }

    /** The read-eval-print loop; returns the number of statements that failed. */
    static int shell(SparkSession spark, LineSource in, PrintWriter out, PrintWriter err, int maxRows)
            throws IOException {
        StringBuilder buf = new StringBuilder();
        int failed = 0;
        while (true) {
            String line = in.readLine(buf.isEmpty() ? PROMPT : MORE);
            if (line == null) {
                break;
            }
            String t = line.strip();
            if (buf.isEmpty()) {
                String cmd = t.toLowerCase(Locale.ROOT).replaceAll(";$", "");
                if (cmd.equals("\\q") || cmd.equals("quit") || cmd.equals("exit")) {
                    break;
                }
                if (cmd.equals("\\d")) {
                    QueryCommand.print(spark.sql("SHOW VIEWS"), QueryCommand.Format.table, maxRows, out);
                    continue;
                }
                if (t.isEmpty()) {
                    continue;
                }
            }
            buf.append(line).append('\n');
            String stmt;
            while ((stmt = takeStatement(buf)) != null) {
                if (!stmt.isBlank() && !run(spark, stmt, out, err, maxRows)) {
                    failed++;
                }
            }
        }
        out.flush();
        return failed;
    }

    private static boolean run(SparkSession spark, String stmt, PrintWriter out, PrintWriter err, int maxRows) {
        long t0 = System.nanoTime();
        try {
            Dataset<Row> df = spark.sql(stmt);
            boolean truncated = QueryCommand.print(df, QueryCommand.Format.table, maxRows, out);
            out.printf(Locale.ROOT, "(%.2f s)%n", (System.nanoTime() - t0) / 1e9);
            if (truncated) {
                out.flush();
                err.println("note: " + QueryCommand.truncationNote(maxRows));
                err.flush();
            }
            return true;
        } catch (Exception e) { // AnalysisException and ParseException are thrown undeclared
            out.flush();
            err.println("error: " + (e instanceof org.apache.spark.sql.AnalysisException ? QueryCommand.sqlError(e)
                    : e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().strip().lines().findFirst().orElse("")));
            err.flush();
            return false;
        }
    }

    /**
     * Removes and returns the first statement ended by a ';' outside quotes and comments, or null
     * when the buffer holds no complete statement.
     */
    static String takeStatement(StringBuilder buf) {
        char quote = 0;
        boolean comment = false;
        for (int i = 0; i < buf.length(); i++) {
            char c = buf.charAt(i);
            if (comment) {
                comment = c != '\n';
            } else if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '-' && i + 1 < buf.length() && buf.charAt(i + 1) == '-') {
                comment = true;
            } else if (c == ';') {
                String stmt = buf.substring(0, i);
                buf.delete(0, i + 1);
                while (!buf.isEmpty() && Character.isWhitespace(buf.charAt(0))) {
                    buf.deleteCharAt(0);
                }
                return stmt.strip();
            }
        }
        return null;
    }
}
