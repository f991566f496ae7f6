package org.tmssweep.spark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
        footer = {"", "Examples:",
            "  tms query --out results/demo \"SELECT sparsity, represented_features, dims_per_feature",
            "                                FROM models ORDER BY sparsity\"",
            "  tms query --out results/demo --format csv \"SELECT * FROM features WHERE seed = 0\""})
final class QueryCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    enum Format { table, csv, json }

    @Parameters(index = "0", paramLabel = "SQL", description = "A Spark SQL statement")
    String sql;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results directory of tms run")
    String out;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "table",
            description = "table, csv or json (one object per line) (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "10000",
            description = "Print at most N rows (default: ${DEFAULT-VALUE})")
    int maxRows;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws IOException {
        String outDir = OutDir.resolve(out, true);
        if (maxRows < 1) {
            throw new UserError("--max-rows: must be >= 1, got " + maxRows);
        }
        SparkSession spark = sparkOptions.session("tms query");
        try {
            List<String> registered = registerViews(spark, outDir);
            if (registered.isEmpty()) {
                throw new UserError("--out: no tables under " + outDir + " (expected " + String.join(", ", Tables.ALL) + ")");
            }
            try {
                Dataset<Row> df = spark.sql(sql);
                print(df, format, maxRows, commandSpec.commandLine().getOut());
            } catch (RuntimeException e) {
                if ((Throwable) e instanceof AnalysisException) {
                    throw new UserError("SQL: " + e.getMessage().lines().findFirst().orElse("invalid statement"));
                }
                throw e;
            }
        } finally {
            spark.stop();
        }
        return 0;
    }

    /** Tables registered as views when present: the trained tables, then the derived (tms analyze) ones. */
    static final List<String> VIEW_TABLES = java.util.stream.Stream.of(Tables.ALL.stream(),
            org.tmssweep.spark.analysis.AnalysisTables.ALL.stream(),
            java.util.stream.Stream.of(org.tmssweep.spark.claims.ClaimsTable.NAME)).flatMap(s -> s).toList();

    /**
     * Registers every table found under {@code outDir} as a temporary view, then the summary views
     * ({@link Views}) those tables allow; returns their names (tables first).
     */
    static List<String> registerViews(SparkSession spark, String outDir) throws IOException {
        List<String> names = new ArrayList<>();
        for (String table : VIEW_TABLES) {
            Path p = new Path(outDir, table);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(p)) {
                spark.read().parquet(p.toString()).createOrReplaceTempView(table);
                names.add(table);
            }
        }
        for (String view : Views.available(new java.util.HashSet<>(names))) {
            spark.sql("CREATE OR REPLACE TEMPORARY VIEW " + view + " AS " + Views.sql(view));
            names.add(view);
        }
        return names;
    }

    static void print(Dataset<Row> df, Format format, int maxRows, PrintWriter out) {
        if (format == Format.json) {
            for (String line : df.limit(maxRows).toJSON().collectAsList()) {
                out.println(line);
            }
            return;
        }
        List<String> header = List.of(df.columns());
        List<List<String>> rows = new ArrayList<>();
        for (Row r : df.limit(maxRows).collectAsList()) {
            List<String> cells = new ArrayList<>(header.size());
            for (int i = 0; i < header.size(); i++) {
                cells.add(cell(r.get(i), format));
            }
            rows.add(cells);
        }
        out.print(format == Format.csv ? TablePrinter.csv(header, rows) : TablePrinter.aligned(header, rows));
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
