package org.tmssweep.spark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.tmssweep.spark.export.AtomicFile;
import org.tmssweep.spark.tables.Tables;
import org.tmssweep.spark.tables.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "query", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Run Spark SQL over the tables of a results directory.",
            "The tables are registered as views named sweeps, models, features and failures",
            "(see README: Tables), next to the seed summaries model_summary and feature_summary",
            "(per grid point: n, mean, std and 95%% t-interval of each metric; docs/queries.md)."},
        footer = {"", "--to FILE writes the whole result, every row, to FILE instead of standard",
            "output, in the format its extension names: .csv, .json (one object per line)",
            "or .parquet (one Parquet file, written by Spark's tasks, so on a cluster",
            "FILE's directory must be one they share). The file appears complete or not",
            "at all (a temporary file beside it is renamed); an existing one is replaced.",
            "", "Examples:",
            "  tms query --out results/demo \"SELECT sparsity, represented_features, dims_per_feature",
            "                                FROM models ORDER BY sparsity\"",
            "  tms query --out results/demo --format csv \"SELECT * FROM features WHERE seed = 0\"",
            "  tms query --out results/demo --to features.parquet \"SELECT * FROM features\""})
final class QueryCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    enum Format { table, csv, json }

    /** What {@code --to} writes, by the file's extension. */
    enum FileFormat {
        CSV(".csv"), JSON(".json"), PARQUET(".parquet");

        final String extension;

        FileFormat(String extension) {
            this.extension = extension;
        }

        /** The format of {@code file}'s extension (.jsonl and .ndjson are json); a UserError otherwise. */
        static FileFormat of(java.nio.file.Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            for (String json : List.of(".jsonl", ".ndjson")) {
                if (name.endsWith(json) && name.length() > json.length()) {
                    return JSON;
                }
            }
            for (FileFormat f : values()) {
                if (name.endsWith(f.extension) && name.length() > f.extension.length()) {
                    return f;
                }
            }
            throw new UserError("--to: " + file + ": unknown extension; the file name must end in .csv, .json (one"
                    + " object per line) or .parquet");
        }
    }

    @Parameters(index = "0", paramLabel = "SQL", description = "A Spark SQL statement")
    String sql;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results directory of tms run")
    String out;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "table",
            description = "table, csv or json (one object per line) (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--to", paramLabel = "FILE",
            description = "Write the whole result to FILE (.csv, .json or .parquet, by the extension) instead of"
                + " printing it; every row, never cut")
    String to;

    @Option(names = "--max-rows", paramLabel = "N",
            description = "Print at most N rows, 0 for all (default: " + TABLE_MAX_ROWS + " for table, all for csv"
                + " and json). When rows are left out, a line on standard error says so (exit status 0).")
    Integer maxRows;

    @Mixin
    SparkOptions sparkOptions;

    /** The default of --max-rows for the table format; csv and json exports print every row by default. */
    static final int TABLE_MAX_ROWS = 10_000;

    @Override
    public Integer call() throws IOException {
        String outDir = OutDir.resolve(out, true);
        int limit = maxRows(maxRows, format);
        java.nio.file.Path file = null;
        FileFormat fileFormat = null;
        if (to != null) {
            file = Paths.get(to).toAbsolutePath().normalize();
            fileFormat = FileFormat.of(file);
            if (maxRows != null) {
                throw new UserError("--max-rows: not with --to, which writes every row of the result");
            }
            if (commandSpec.commandLine().getParseResult().hasMatchedOption("--format")) {
                throw new UserError("--format: not with --to, whose extension (.csv, .json, .parquet) picks the format");
            }
            String problem = AtomicFile.problem(file);
            if (problem != null) {
                throw new UserError("--to: cannot write " + file + ": " + problem);
            }
        }
        SparkSession spark = sparkOptions.session("tms query");
        try {
            List<String> registered = registerViews(spark, outDir);
            if (registered.isEmpty()) {
                throw new UserError("--out: no tables under " + outDir + " (expected " + String.join(", ", Tables.ALL) + ")");
            }
            if (file != null) {
                writeTo(spark, sql, fileFormat, file);
                commandSpec.commandLine().getErr().printf("tms: query: wrote %s (%s)%n", file,
                        org.tmssweep.spark.spec.SpecLimits.formatBytes(Files.size(file)));
            } else {
                query(spark, sql, format, limit, commandSpec.commandLine().getOut(), commandSpec.commandLine().getErr());
            }
        } finally {
            spark.stop();
        }
        return 0;
    }

    /** The row limit: {@code given} when set (0 = none), else {@link #TABLE_MAX_ROWS} for tables and none for exports. */
    static int maxRows(Integer given, Format format) {
        if (given == null) {
            return format == Format.table ? TABLE_MAX_ROWS : 0;
        }
        if (given < 0) {
            throw new UserError("--max-rows: must be >= 0 (0 = all rows), got " + given);
        }
        return given;
    }

    /**
     * Runs {@code sql} and prints its result to {@code out}; when rows were left out, says so in one
     * line on {@code err}. A statement Spark cannot analyze (syntax, unknown table or column) is a
     * {@link UserError}.
     */
    static void query(SparkSession spark, String sql, Format format, int maxRows, PrintWriter out, PrintWriter err) {
        boolean truncated;
        try {
            truncated = print(spark.sql(sql), format, maxRows, out);
        } catch (Exception e) { // Spark's AnalysisException is checked in Java, yet thrown undeclared
            if (e instanceof AnalysisException) {
                throw new UserError(sqlError(e));
            }
            throw e;
        }
        out.flush();
        if (truncated) {
            err.println("tms: query: " + truncationNote(maxRows));
            err.flush();
        }
    }

    /** The statement's result, or a {@link UserError} when Spark cannot analyze it. */
    static Dataset<Row> analyzed(SparkSession spark, String sql) {
        try {
            return spark.sql(sql);
        } catch (Exception e) { // Spark's AnalysisException is checked in Java, yet thrown undeclared
            if (e instanceof AnalysisException) {
                throw new UserError(sqlError(e));
            }
            throw e;
        }
    }

    /**
     * Writes every row of {@code sql}'s result to {@code file}, all or nothing: csv and json stream through
     * the driver into a temporary file beside {@code file} ({@link #print}, no row limit); parquet is one
     * file written by Spark ({@code coalesce(1)}, which keeps the statement's order) into a temporary
     * directory beside it. The temporary file is renamed onto {@code file} once complete and removed on failure.
     */
    static void writeTo(SparkSession spark, String sql, FileFormat format, java.nio.file.Path file) throws IOException {
        Dataset<Row> df = analyzed(spark, sql);
        if (format != FileFormat.PARQUET) {
            AtomicFile.write(file, os -> {
                PrintWriter pw = new PrintWriter(new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8), false);
                print(df, format == FileFormat.CSV ? Format.csv : Format.json, 0, pw);
                pw.flush();
                if (pw.checkError()) {
                    throw new IOException("writing " + file + " failed");
                }
            });
            return;
        }
        java.nio.file.Path dir = Files.createTempDirectory(file.getParent(), "." + file.getFileName() + ".");
        try {
            java.nio.file.Path data = dir.resolve("data");
            df.coalesce(1).write().parquet(data.toUri().toString());
            List<java.nio.file.Path> parts;
            try (var s = Files.list(data)) {
                parts = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
            }
            if (parts.size() != 1) {
                throw new IOException("Spark wrote " + parts.size() + " Parquet files into " + data + ", expected one"
                        + " (on a cluster, --to must be on a file system the executors share)");
            }
            AtomicFile.commit(parts.get(0), file);
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(java.nio.file.Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (java.nio.file.Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The first line of an analysis (or parse) error's message, prefixed {@code SQL: }. */
    static String sqlError(Exception e) {
        String m = e.getMessage() == null ? "" : e.getMessage().strip().lines().findFirst().orElse("");
        return "SQL: " + (m.isEmpty() ? "invalid statement (" + e.getClass().getSimpleName() + ")" : m);
    }

    /** What the stderr line says when the result had more than {@code maxRows} rows. */
    static String truncationNote(int maxRows) {
        return "printed the first " + maxRows + " rows of more; --max-rows N for more, --max-rows 0 for all";
    }

    /** Tables registered as views when present: the trained tables, then the derived (tms analyze) ones. */
    static final List<String> VIEW_TABLES = java.util.stream.Stream.of(Tables.ALL.stream(),
            org.tmssweep.spark.analysis.AnalysisTables.ALL.stream(),
            java.util.stream.Stream.of(org.tmssweep.spark.claims.ClaimsTable.NAME)).flatMap(s -> s).toList();

    /**
     * Registers every table found under {@code outDir} as a temporary view, then the summary views
     * ({@link Views}) those tables allow; returns their names (tables first). Parquet schemas are
     * merged across files, so a directory holding sweeps written before a table gained columns shows
     * the new columns too (null in the older rows) instead of whichever file's schema Spark reads first.
     */
    static List<String> registerViews(SparkSession spark, String outDir) throws IOException {
        List<String> names = new ArrayList<>();
        for (String table : VIEW_TABLES) {
            Path p = new Path(outDir, table);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(p)) {
                spark.read().option("mergeSchema", "true").parquet(p.toString()).createOrReplaceTempView(table);
                names.add(table);
            }
        }
        for (String view : Views.available(new java.util.HashSet<>(names))) {
            spark.sql("CREATE OR REPLACE TEMPORARY VIEW " + view + " AS " + Views.sql(view));
            names.add(view);
        }
        return names;
    }

    /**
     * Prints at most {@code maxRows} rows of {@code df} (0 = all) and returns whether more rows exist.
     * The table format collects the rows it prints (column widths need them all); csv and json
     * stream them to {@code out} a partition at a time, so an export of a whole table does not
     * hold it in the driver's memory.
     */
    static boolean print(Dataset<Row> df, Format format, int maxRows, PrintWriter out) {
        Dataset<Row> limited = maxRows > 0 ? df.limit(maxRows + 1) : df;
        List<String> header = List.of(df.columns());
        if (format == Format.table) {
            List<Row> all = limited.collectAsList();
            boolean truncated = maxRows > 0 && all.size() > maxRows;
            List<List<String>> rows = new ArrayList<>();
            for (Row r : truncated ? all.subList(0, maxRows) : all) {
                rows.add(cells(r, header.size(), format));
            }
            out.print(TablePrinter.aligned(header, rows));
            return truncated;
        }
        Iterator<?> it;
        if (format == Format.json) {
            it = limited.toJSON().toLocalIterator();
        } else {
            out.print(TablePrinter.csvLine(header));
            it = limited.toLocalIterator();
        }
        for (long n = 0; it.hasNext(); n++) {
            Object next = it.next();
            if (maxRows > 0 && n == maxRows) {
                return true;
            }
            if (next instanceof Row r) {
                out.print(TablePrinter.csvLine(cells(r, header.size(), format)));
            } else {
                out.println(next);
            }
        }
        return false;
    }

    private static List<String> cells(Row r, int n, Format format) {
        List<String> cells = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            cells.add(cell(r.get(i), format));
        }
        return cells;
    }

    static String cell(Object v, Format format) {
        if (v == null) {
            return format == Format.csv ? "" : "NULL";
        }
        if (format == Format.table && (v instanceof Double || v instanceof Float)) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d) || d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Double.isFinite(d) ? String.valueOf((long) d) : String.valueOf(d);
            }
            String s = String.format(Locale.ROOT, "%.6g", d);
            if (s.contains("e")) {
                return s;
            }
            return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
        if (v instanceof scala.collection.Seq<?> seq) {
            List<String> items = new ArrayList<>();
            for (Object o : scala.jdk.javaapi.CollectionConverters.asJava(seq)) {
                items.add(cell(o, format));
            }
            return "[" + String.join(", ", items) + "]";
        }
        return String.valueOf(v);
    }
}
