package org.tmssweep.spark.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trained models' parameters as one file for NumPy ({@code .npz}) or safetensors, with each model's row of
 * the {@code models} table as its keys. Model i (0-based, in the order given) is stored as
 * <ul>
 *   <li>{@code W_i}: W, float64 of shape (n_hidden, n_features), h = W x (the paper's m × n); column j is
 *       feature j's {@code features.embedding};</li>
 *   <li>{@code b_i}: b, float64 of shape (n_features,): {@code features.bias};</li>
 *   <li>{@code W2_i}, only for models with an untied readout ({@code abs}): W₂, float64 of shape
 *       (n_features, n_hidden); row j is feature j's {@code features.readout}.</li>
 * </ul>
 * A null in the tables (a diverged model's non-finite weight) is NaN. The keys: in an {@code .npz}, the
 * structured array {@code keys} of one record per model with one field per key column (strings as
 * fixed-width unicode, integers as int32/int64, other numbers as float64; an integer column with a null
 * among the exported models is float64 with NaN for null), so {@code numpy.load(f)} needs no pickle; in a
 * safetensors file, {@code __metadata__} (strings only) holds {@code keys.<column>}: the column's values as
 * a JSON array (null for a null or non-finite number), plus {@code columns} (the column names, a JSON
 * array) and {@code n_models}. Both formats also carry {@code about}, a one-line description of the layout.
 */
public final class ModelExport {
    /** The {@code about} text of every export file. */
    public static final String ABOUT = "tms-sweep models: W_i (n_hidden, n_features) with h = W x, b_i (n_features,),"
            + " W2_i (n_features, n_hidden) for abs models; keys[i] is model i's row of the models table";

    /** The file formats, by extension. */
    public enum Format {
        NPZ(".npz"), SAFETENSORS(".safetensors");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }

        /**
         * The format a file name asks for.
         *
         * @throws IllegalArgumentException naming the file and the extensions known
         */
        public static Format of(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            for (Format f : values()) {
                if (name.endsWith(f.extension) && name.length() > f.extension.length()) {
                    return f;
                }
            }
            throw new IllegalArgumentException(file + ": unknown extension; the file name must end in .npz (NumPy)"
                    + " or .safetensors");
        }
    }

    /** A key column's type. */
    public enum KeyType { STRING, INT, LONG, DOUBLE, BOOLEAN }

    /** A key column: its name and type. */
    public record KeyColumn(String name, KeyType type) {
        public KeyColumn {
            if (name == null || !name.matches("[A-Za-z0-9_]{1,100}")) {
                throw new IllegalArgumentException("name: a key column name must be 1-100 letters, digits or '_', got "
                        + name);
            }
            java.util.Objects.requireNonNull(type, "type");
        }
    }

    /**
     * The keys: one row per model, one value per column (String, Integer, Long, Double or Boolean as the
     * column's type says, or null).
     */
    public record Keys(List<KeyColumn> columns, List<List<Object>> rows) {
        public Keys {
            columns = List.copyOf(columns);
            rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new ArrayList<>(r))).toList();
            for (int r = 0; r < rows.size(); r++) {
                if (rows.get(r).size() != columns.size()) {
                    throw new IllegalArgumentException("rows[" + r + "]: has " + rows.get(r).size() + " values for "
                            + columns.size() + " columns");
                }
            }
        }
    }

    /**
     * One model's shape: W is m × n; {@code untied} when it also has W₂.
     */
    public record Shape(int n, int m, boolean untied) {
        public Shape {
            if (n < 1 || m < 1) {
                throw new IllegalArgumentException("shape: n_features and n_hidden must be >= 1, got " + n + ", " + m);
            }
        }
    }

    /**
     * One model's parameters, row-major: {@code w} m·n (W[k][j] at k·n + j), {@code b} n, {@code w2} n·m
     * (W₂[j][k] at j·m + k) or null.
     */
    public record Weights(Shape shape, double[] w, double[] b, double[] w2) {
        public Weights {
            int n = shape.n();
            int m = shape.m();
            if (w.length != n * m || b.length != n || (shape.untied() ? w2 == null || w2.length != n * m : w2 != null)) {
                throw new IllegalArgumentException("weights: W, b" + (shape.untied() ? ", W2" : "") + " do not have the"
                        + " sizes of n_features " + n + ", n_hidden " + m);
            }
            w = w.clone();
            b = b.clone();
            w2 = w2 == null ? null : w2.clone();
        }

        @Override
        public double[] w() {
            return w.clone();
        }

        @Override
        public double[] b() {
            return b.clone();
        }

        @Override
        public double[] w2() {
            return w2 == null ? null : w2.clone();
        }
    }

    /** One row of the {@code features} table, as far as the weights go. */
    public record FeatureRow(int feature, List<Double> embedding, Double bias, List<Double> readout) {
    }

    private ModelExport() {
    }

    /**
     * The weights of a model of shape {@code shape} from its {@code features} rows (any order).
     *
     * @param model names the model in messages
     * @throws IllegalArgumentException when a feature is missing or repeated, or an embedding or readout has
     *                                  the wrong length
     */
    public static Weights weights(String model, Shape shape, List<FeatureRow> rows) {
        int n = shape.n();
        int m = shape.m();
        double[] w = new double[n * m];
        double[] b = new double[n];
        double[] w2 = shape.untied() ? new double[n * m] : null;
        boolean[] seen = new boolean[n];
        for (FeatureRow f : rows) {
            int j = f.feature();
            if (j < 0 || j >= n || seen[j]) {
                throw new IllegalArgumentException(model + ": features has " + (j < 0 || j >= n ? "feature " + j
                        + " outside 0.." + (n - 1) : "feature " + j + " twice"));
            }
            seen[j] = true;
            List<Double> e = f.embedding();
            if (e == null || e.size() != m) {
                throw new IllegalArgumentException(model + ": feature " + j + "'s embedding has "
                        + (e == null ? "no" : e.size()) + " entries, n_hidden is " + m);
            }
            for (int k = 0; k < m; k++) {
                w[k * n + j] = orNaN(e.get(k));
            }
            b[j] = orNaN(f.bias());
            if (w2 != null) {
                List<Double> r = f.readout();
                if (r == null || r.size() != m) {
                    throw new IllegalArgumentException(model + ": feature " + j + "'s readout has "
                            + (r == null ? "no" : r.size()) + " entries, n_hidden is " + m);
                }
                for (int k = 0; k < m; k++) {
                    w2[j * m + k] = orNaN(r.get(k));
                }
            }
        }
        for (int j = 0; j < n; j++) {
            if (!seen[j]) {
                throw new IllegalArgumentException(model + ": features has no row for feature " + j + " (n_features "
                        + n + ")");
            }
        }
        return new Weights(shape, w, b, w2);
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }

    /** The tensors of model {@code i}: W, b and (untied) W2. */
    static List<Tensor> tensors(int i, Weights weights) {
        Shape s = weights.shape();
        List<Tensor> out = new ArrayList<>(3);
        out.add(Tensor.f64("W_" + i, weights.w(), s.m(), s.n()));
        out.add(Tensor.f64("b_" + i, weights.b(), s.n()));
        if (s.untied()) {
            out.add(Tensor.f64("W2_" + i, weights.w2(), s.n(), s.m()));
        }
        return out;
    }

    /**
     * Why the models cannot go into one safetensors file, or null when they can: the header (every tensor's
     * name, type and shape, and the keys in the metadata) must fit {@link Safetensors#MAX_HEADER_BYTES}.
     */
    public static String safetensorsProblem(Keys keys, List<Shape> shapes) {
        try {
            Safetensors.header(layout(shapes), metadata(keys));
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Writes models, all or nothing ({@link AtomicFile}): model i has {@code shapes.get(i)}, the i-th key row
     * and the i-th element of {@code weights}, which must match its shape. Weights stream: one model is in
     * memory at a time.
     */
    public static void write(Path file, Format format, Keys keys, List<Shape> shapes, Iterator<Weights> weights)
            throws IOException {
        if (keys.rows().size() != shapes.size()) {
            throw new IllegalArgumentException("keys: " + keys.rows().size() + " rows for " + shapes.size() + " models");
        }
        if (format == Format.SAFETENSORS) {
            // the header is checked (and may be refused) before the file is created
            List<Safetensors.Layout> layout = layout(shapes);
            Map<String, String> metadata = metadata(keys);
            Safetensors.header(layout, metadata);
            AtomicFile.write(file, out -> writeSafetensors(out, layout, metadata, shapes, weights));
        } else {
            AtomicFile.write(file, out -> writeNpz(out, keys, shapes, weights));
        }
    }

    private static Weights next(Iterator<Weights> weights, int i, Shape expected) {
        if (!weights.hasNext()) {
            throw new IllegalStateException("model " + i + ": no weights (only " + i + " were given)");
        }
        Weights w = weights.next();
        if (!w.shape().equals(expected)) {
            throw new IllegalStateException("model " + i + ": weights of shape " + w.shape() + ", its keys say "
                    + expected);
        }
        return w;
    }

    private static void writeNpz(OutputStream out, Keys keys, List<Shape> shapes, Iterator<Weights> weights)
            throws IOException {
        try (Npy.NpzWriter npz = new Npy.NpzWriter(out)) {
            for (int i = 0; i < shapes.size(); i++) {
                for (Tensor t : tensors(i, next(weights, i, shapes.get(i)))) {
                    npz.add(t);
                }
            }
            npz.add(keysTensor(keys));
            npz.add(Tensor.unicode("about", List.of(ABOUT)));
        }
    }

    private static void writeSafetensors(OutputStream out, List<Safetensors.Layout> layout, Map<String, String> metadata,
            List<Shape> shapes, Iterator<Weights> weights) throws IOException {
        try (Safetensors st = new Safetensors(out, layout, metadata)) {
            for (int i = 0; i < shapes.size(); i++) {
                for (Tensor t : tensors(i, next(weights, i, shapes.get(i)))) {
                    st.add(t);
                }
            }
        }
    }

    static List<Safetensors.Layout> layout(List<Shape> shapes) {
        List<Safetensors.Layout> layout = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            Shape s = shapes.get(i);
            layout.add(new Safetensors.Layout("W_" + i, Tensor.Type.F64, new long[] {s.m(), s.n()}));
            layout.add(new Safetensors.Layout("b_" + i, Tensor.Type.F64, new long[] {s.n()}));
            if (s.untied()) {
                layout.add(new Safetensors.Layout("W2_" + i, Tensor.Type.F64, new long[] {s.n(), s.m()}));
            }
        }
        return layout;
    }

    /** The structured array {@code keys}: one field per key column. */
    static Tensor keysTensor(Keys keys) {
        List<Tensor> columns = new ArrayList<>();
        int rows = keys.rows().size();
        for (int c = 0; c < keys.columns().size(); c++) {
            KeyColumn col = keys.columns().get(c);
            List<Object> values = new ArrayList<>(rows);
            boolean nulls = false;
            for (List<Object> r : keys.rows()) {
                values.add(r.get(c));
                nulls |= r.get(c) == null;
            }
            KeyType type = col.type();
            if (nulls && type != KeyType.STRING) {
                type = KeyType.DOUBLE;
            }
            columns.add(switch (type) {
                case STRING -> Tensor.unicode(col.name(), values.stream().map(v -> v == null ? "" : v.toString()).toList());
                case INT -> Tensor.i32(col.name(), values.stream().mapToInt(v -> ((Number) v).intValue()).toArray(),
                        rows);
                case LONG -> Tensor.i64(col.name(), values.stream().mapToLong(v -> ((Number) v).longValue()).toArray(),
                        rows);
                case BOOLEAN -> {
                    boolean[] b = new boolean[rows];
                    for (int r = 0; r < rows; r++) {
                        b[r] = (Boolean) values.get(r);
                    }
                    yield Tensor.bool(col.name(), b, rows);
                }
                case DOUBLE -> Tensor.f64(col.name(), values.stream().mapToDouble(ModelExport::number).toArray(), rows);
            });
        }
        return Tensor.records("keys", columns);
    }

    private static double number(Object v) {
        if (v == null) {
            return Double.NaN;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return ((Number) v).doubleValue();
    }

    /** The safetensors metadata: {@code about}, {@code n_models}, {@code columns} and {@code keys.<column>}. */
    static Map<String, String> metadata(Keys keys) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("about", ABOUT);
        meta.put("n_models", String.valueOf(keys.rows().size()));
        List<String> names = new ArrayList<>();
        for (int c = 0; c < keys.columns().size(); c++) {
            KeyColumn col = keys.columns().get(c);
            names.add(Safetensors.jsonString(col.name()));
            StringBuilder sb = new StringBuilder("[");
            for (int r = 0; r < keys.rows().size(); r++) {
                sb.append(r == 0 ? "" : ",").append(json(keys.rows().get(r).get(c)));
            }
            meta.put("keys." + col.name(), sb.append(']').toString());
        }
        meta.put("columns", "[" + String.join(",", names) + "]");
        return meta;
    }

    private static String json(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? String.valueOf(d) : "null";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return Safetensors.jsonString(v.toString());
    }
}
