package org.tmssweep.spark.tables;

import java.sql.Timestamp;
import java.util.BitSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Builds one row of a table by column name against its schema in {@link Tables}, so that no code
 * keeps a column order in step with the schema by hand. Each column must be set exactly once, with a
 * value of the column's Java type ({@code String}, {@code Integer}, {@code Long}, {@code Double}, {@code Boolean},
 * {@link Timestamp}, {@code Double[]}, {@code Integer[]} or {@code Float[]} for an array of doubles, ints or
 * floats) or null where the column is nullable;
 * {@link #build} fails while a column is unset. The row holds the values in schema order, as
 * {@link RowFactory#create} would.
 */
public final class RowBuilder {
    private final StructType schema;
    private final Object[] values;
    private final BitSet set;

    private RowBuilder(StructType schema) {
        this.schema = schema;
        this.values = new Object[schema.size()];
        this.set = new BitSet(schema.size());
    }

    /** A builder of one row of {@code schema}. */
    public static RowBuilder of(StructType schema) {
        return new RowBuilder(schema);
    }

    /**
     * Sets {@code column} to {@code value}.
     *
     * @throws IllegalArgumentException when the schema has no such column, the column is already set,
     *                                  the value is null in a non-nullable column or of another type
     */
    public RowBuilder set(String column, Object value) {
        int i = index(column);
        if (set.get(i)) {
            throw new IllegalArgumentException("column " + column + " set twice");
        }
        StructField field = schema.fields()[i];
        if (value == null) {
            if (!field.nullable()) {
                throw new IllegalArgumentException("column " + column + " is not nullable");
            }
        } else if (!fits(field.dataType(), value)) {
            throw new IllegalArgumentException("column " + column + " (" + field.dataType().simpleString()
                    + "): a " + value.getClass().getSimpleName() + " does not fit");
        }
        values[i] = value;
        set.set(i);
        return this;
    }

    /** The row, its values in schema order; fails when a column is unset. */
    public Row build() {
        int unset = set.nextClearBit(0);
        if (unset < values.length) {
            throw new IllegalStateException("column " + schema.fields()[unset].name() + " of ("
                    + String.join(", ", schema.fieldNames()) + ") is not set");
        }
        return RowFactory.create(values.clone());
    }

    private int index(String column) {
        for (int i = 0; i < values.length; i++) {
            if (schema.fields()[i].name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + column + " in (" + String.join(", ", schema.fieldNames())
                + ")");
    }

    private static boolean fits(DataType type, Object value) {
        if (type.equals(DataTypes.StringType)) {
            return value instanceof String;
        }
        if (type.equals(DataTypes.IntegerType)) {
            return value instanceof Integer;
        }
        if (type.equals(DataTypes.LongType)) {
            return value instanceof Long;
        }
        if (type.equals(DataTypes.DoubleType)) {
            return value instanceof Double;
        }
        if (type.equals(DataTypes.BooleanType)) {
            return value instanceof Boolean;
        }
        if (type.equals(DataTypes.TimestampType)) {
            return value instanceof Timestamp;
        }
        if (type instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) {
            return value instanceof Double[];
        }
        if (type instanceof ArrayType a && a.elementType().equals(DataTypes.IntegerType)) {
            return value instanceof Integer[];
        }
        if (type instanceof ArrayType a && a.elementType().equals(DataTypes.FloatType)) {
            return value instanceof Float[];
        }
        return false;
    }
}
