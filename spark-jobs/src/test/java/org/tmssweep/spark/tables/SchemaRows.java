package org.tmssweep.spark.tables;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Hand-made rows of the tables' schemas for tests: the columns a test names, the rest filled in. */
public final class SchemaRows {
    private SchemaRows() {
    }

    /**
     * A row of {@code schema}: {@code values} by column name, every other column {@code otherwise}'s value for its
     * field.
     */
    public static Row row(StructType schema, Map<String, Object> values, Function<StructField, Object> otherwise) {
        StructField[] fields = schema.fields();
        Object[] cells = new Object[fields.length];
        for (int i = 0; i < cells.length; i++) {
            String name = fields[i].name();
            cells[i] = values.containsKey(name) ? values.get(name) : otherwise.apply(fields[i]);
        }
        return RowFactory.create(cells);
    }

    /** A default value of a column type: "x", 0, 0L, 0.0, false, or an empty list. */
    public static Object defaultOf(DataType t) {
        if (t.equals(DataTypes.StringType)) {
            return "x";
        }
        if (t.equals(DataTypes.IntegerType)) {
            return 0;
        }
        if (t.equals(DataTypes.LongType)) {
            return 0L;
        }
        if (t.equals(DataTypes.DoubleType)) {
            return 0.0;
        }
        if (t.equals(DataTypes.BooleanType)) {
            return false;
        }
        if (t instanceof ArrayType) {
            return List.of();
        }
        throw new IllegalArgumentException("no default for " + t);
    }
}
