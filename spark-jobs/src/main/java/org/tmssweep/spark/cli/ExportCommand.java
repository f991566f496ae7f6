package org.tmssweep.spark.cli;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.spark.export.AtomicFile;
import org.tmssweep.spark.export.ModelExport;
import org.tmssweep.spark.spec.SpecLimits;
import org.tmssweep.spark.tables.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Write trained models' weights to one file for NumPy (.npz) or safetensors.",
            "Selects models of a results directory with a SQL predicate on the models",
            "table (--where; default: every model) and writes, for model i (0-based,",
            "ordered by sweep_id, grid_index, seed), float64 arrays rebuilt from the",
            "features table:",
            "  W_i   (n_hidden, n_features): h = W x; column j is feature j's embedding",
            "  b_i   (n_features,): the output bias, features.bias",
            "  W2_i  (n_features, n_hidden), abs models only: row j is feature j's readout",
            "and each model's row of the models table as its keys:",
            "  .npz          'keys', a structured array: one record per model, one field",
            "                per models column (strings fixed-width, so no pickle is",
            "                needed; an integer column with a null is float64 with NaN)",
            "  .safetensors  __metadata__ 'keys.<column>': the column as a JSON array",
            "A null weight (a diverged model) is NaN. The file is written beside its",
            "target and renamed when complete, so a failed export leaves no partial file;",
            "an existing file is replaced. Bad input (no model matches, bad SQL, an",
            "unwritable --to, an unknown extension) is one line on stderr, exit status 2."},
        footer = {"", "Examples:",
            "  tms export --out results/demo --where \"sparsity >= 0.9 AND status = 'ok'\"",
            "             --to sparse.npz",
            "  tms export --out results/paper --to abs.safetensors",
            "             --where \"sweep_id LIKE 'paper-computation-%%'\"",
            "", "Then in Python (docs/queries.md, \"Exporting weights and results\"):",
            "  f = numpy.load('sparse.npz'); keys = f['keys']",
            "  for i, s in enumerate(keys['sparsity']):",
            "      W = f[f'W_{i}']; print(s, (W.T @ W).round(2))"})
final class ExportCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results directory of tms run")
    String out;

    @Option(names = "--where", paramLabel = "SQL",
            description = "A Spark SQL predicate on the models table's columns, e.g. \"n_features = 20 AND seed = 0\""
                + " (default: every model)")
    String where;

    @Option(names = "--to", required = true, paramLabel = "FILE",
            description = "The file to write, on the driver's file system: its extension, .npz or .safetensors,"
                + " picks the format")
    String to;

    @Mixin
    SparkOptions sparkOptions;

    /** The order of the exported models. */
    static final List<String> ORDER = List.of("sweep_id", "grid_index", "seed", "point_id");

    @Override
    public Integer call() throws IOException {
        String outDir = OutDir.resolve(out, true);
        Path file = Paths.get(to);
        ModelExport.Format format;
        try {
            format = ModelExport.Format.of(file);
        } catch (IllegalArgumentException e) {
            throw new UserError("--to: " + e.getMessage());
        }
        String problem = AtomicFile.problem(file);
        if (problem != null) {
            throw new UserError("--to: cannot write " + file + ": " + problem);
        }
        if (where != null && where.isBlank()) {
            throw new UserError("--where: must be a SQL predicate, e.g. \"seed = 0\"; leave it out for every model");
        }
        PrintWriter err = commandSpec.commandLine().getErr();
        SparkSession spark = sparkOptions.session("tms export");
        try {
            List<String> views = QueryCommand.registerViews(spark, outDir);
            if (!views.contains(Tables.MODELS) || !views.contains(Tables.FEATURES)) {
                throw new UserError("--out: no models and features tables under " + outDir);
            }
            Summary s = export(spark, where, file.toAbsolutePath().normalize(), format);
            err.printf("tms: export: %d models (%d with W2) -> %s (%s)%n", s.models(), s.untied(),
                    file.toAbsolutePath().normalize(), SpecLimits.formatBytes(Files.size(file)));
        } finally {
            spark.stop();
        }
        return Tms.EXIT_OK;
    }

    /** What an export wrote. */
    record Summary(int models, int untied) {
    }

    /**
     * Exports the models of the registered {@code models} view that satisfy {@code where} (null: all) with
     * their weights from the {@code features} view to {@code file}.
     *
     * @throws UserError for a predicate Spark cannot analyze, no matching model, or a safetensors header
     *                   above the format's limit
     */
    static Summary export(SparkSession spark, String where, Path file, ModelExport.Format format) throws IOException {
        Dataset<Row> models = spark.table(Tables.MODELS);
        List<Row> selected;
        try {
            Dataset<Row> chosen = where == null ? models : models.where(where);
            selected = chosen.orderBy(ORDER.stream().map(functions::col).toArray(Column[]::new)).collectAsList();
        } catch (Exception e) { // AnalysisException (and ParseException) are thrown undeclared
            if (e instanceof AnalysisException) {
                throw new UserError("--where: " + QueryCommand.sqlError(e));
            }
            throw e;
        }
        if (selected.isEmpty()) {
            throw new UserError("--where: no model matches " + (where == null ? "" : "\"" + where + "\" ")
                    + "(the models table has " + models.count() + " models)");
        }
        ModelExport.Keys keys = keys(models.schema().fields(), selected);
        List<ModelExport.Shape> shapes = new ArrayList<>();
        int untied = 0;
        for (Row r : selected) {
            boolean w2 = ModelKind.parse(r.getAs("model")).untied();
            untied += w2 ? 1 : 0;
            shapes.add(new ModelExport.Shape(r.<Integer>getAs("n_features"), r.<Integer>getAs("n_hidden"), w2));
        }
        if (format == ModelExport.Format.SAFETENSORS) {
            String tooBig = ModelExport.safetensorsProblem(keys, shapes);
            if (tooBig != null) {
                throw new UserError("--to: " + selected.size() + " models do not fit one safetensors file (" + tooBig
                        + "); select fewer with --where or write .npz");
            }
        }
        Iterator<Row> grouped = featureRows(spark, where).toLocalIterator();
        Iterator<ModelExport.Weights> weights = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return grouped.hasNext();
            }

            @Override
            public ModelExport.Weights next() {
                Row g = grouped.next();
                Row key = selected.get(i);
                String name = key.getAs("sweep_id") + "/" + key.getAs("point_id") + "/seed " + key.getAs("seed");
                if (!key.getAs("sweep_id").equals(g.getAs("sweep_id")) || !key.getAs("point_id").equals(g.getAs("point_id"))
                        || !key.getAs("seed").equals(g.getAs("seed"))) {
                    throw new IllegalStateException("model " + i + " (" + name + "): its features came out of order;"
                            + " does the models table hold a model twice?");
                }
                List<ModelExport.FeatureRow> rows = new ArrayList<>();
                for (Row f : g.<Row>getList(g.fieldIndex("features"))) {
                    rows.add(new ModelExport.FeatureRow(f.getInt(0), f.isNullAt(1) ? null : f.getList(1),
                            f.isNullAt(2) ? null : f.getDouble(2), f.isNullAt(3) ? null : f.getList(3)));
                }
                return ModelExport.weights(name, shapes.get(i++), rows);
            }
        };
        ModelExport.write(file, format, keys, shapes, weights);
        return new Summary(selected.size(), untied);
    }

    /**
     * One row per selected model, in {@link #ORDER}: its key and the list of its features' (feature,
     * embedding, bias, readout), empty when the features table has none of its rows.
     */
    static Dataset<Row> featureRows(SparkSession spark, String where) {
        Dataset<Row> models = spark.table(Tables.MODELS);
        if (where != null) {
            models = models.where(where);
        }
        Dataset<Row> features = spark.table(Tables.FEATURES);
        Column readout = java.util.Arrays.asList(features.columns()).contains("readout") ? col("f.readout")
                : functions.lit(null).cast(DataTypes.createArrayType(DataTypes.DoubleType));
        Column entry = functions.when(col("f.feature").isNotNull(), functions.struct(col("f.feature"),
                col("f.embedding"), col("f.bias"), readout));
        Column[] key = ORDER.stream().map(c -> col("m." + c).as(c)).toArray(Column[]::new);
        return models.select(ORDER.stream().map(functions::col).toArray(Column[]::new)).as("m")
                .join(features.as("f"), col("m.sweep_id").equalTo(col("f.sweep_id"))
                        .and(col("m.point_id").equalTo(col("f.point_id"))).and(col("m.seed").equalTo(col("f.seed"))),
                        "left")
                .groupBy(key)
                .agg(functions.collect_list(entry).as("features"))
                .orderBy(ORDER.stream().map(functions::col).toArray(Column[]::new));
    }

    /**
     * The scalar columns of the models table as export keys, with the selected rows' values: {@code sweep_id}
     * first (Spark lists the partition columns last), then the others in the table's order.
     */
    static ModelExport.Keys keys(StructField[] fields, List<Row> rows) {
        List<ModelExport.KeyColumn> columns = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < fields.length; c++) {
            if (fields[c].name().equals(Tables.PARTITION)) {
                order.add(0, c);
            } else {
                order.add(c);
            }
        }
        for (int c : order) {
            ModelExport.KeyType type = keyType(fields[c].dataType());
            if (type != null) {
                columns.add(new ModelExport.KeyColumn(fields[c].name(), type));
                index.add(c);
            }
        }
        List<List<Object>> values = new ArrayList<>(rows.size());
        for (Row r : rows) {
            List<Object> v = new ArrayList<>(index.size());
            for (int c : index) {
                Object x = r.get(c);
                v.add(x instanceof Float f ? Double.valueOf(f) : x instanceof Short s ? Integer.valueOf(s)
                        : x instanceof Byte b ? Integer.valueOf(b) : x);
            }
            values.add(v);
        }
        return new ModelExport.Keys(columns, values);
    }

    /** The key type of a Spark column type; null for a column that is not a scalar (left out of the keys). */
    static ModelExport.KeyType keyType(DataType t) {
        if (t.equals(DataTypes.StringType)) {
            return ModelExport.KeyType.STRING;
        }
        if (t.equals(DataTypes.IntegerType) || t.equals(DataTypes.ShortType) || t.equals(DataTypes.ByteType)) {
            return ModelExport.KeyType.INT;
        }
        if (t.equals(DataTypes.LongType)) {
            return ModelExport.KeyType.LONG;
        }
        if (t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType)) {
            return ModelExport.KeyType.DOUBLE;
        }
        if (t.equals(DataTypes.BooleanType)) {
            return ModelExport.KeyType.BOOLEAN;
        }
        return null;
    }
}
