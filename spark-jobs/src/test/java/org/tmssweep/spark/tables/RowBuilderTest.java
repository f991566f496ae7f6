package org.tmssweep.spark.tables;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RowBuilderTest {
    static final StructType SCHEMA = createStructType(new StructField[] {
        createStructField("id", StringType, false),
        createStructField("n", IntegerType, false),
        createStructField("x", DoubleType, true),
        createStructField("v", createArrayType(DoubleType, true), false),
    });

    @Test
    void valuesLandInSchemaOrderWhateverTheOrderTheyAreSetIn() {
        Double[] v = {1.0, null};
        Row r = RowBuilder.of(SCHEMA).set("v", v).set("x", null).set("n", 3).set("id", "a").build();
        assertEquals(4, r.length());
        assertEquals("a", r.getString(0));
        assertEquals(3, r.getInt(1));
        assertNull(r.get(2));
        assertEquals(v, r.get(3));
    }

    @Test
    void anUnsetColumnFailsTheRow() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RowBuilder.of(SCHEMA).set("id", "a").set("n", 1).set("v", new Double[0]).build());
        assertEquals("column x of (id, n, x, v) is not set", e.getMessage());
    }

    @Test
    void anUnknownColumnATwiceSetOneAWrongTypeAndANullInANonNullableColumnFail() {
        assertEquals("no column y in (id, n, x, v)",
                assertThrows(IllegalArgumentException.class, () -> RowBuilder.of(SCHEMA).set("y", 1)).getMessage());
        assertEquals("column n set twice", assertThrows(IllegalArgumentException.class,
                () -> RowBuilder.of(SCHEMA).set("n", 1).set("n", 2)).getMessage());
        assertEquals("column n (int): a Long does not fit",
                assertThrows(IllegalArgumentException.class, () -> RowBuilder.of(SCHEMA).set("n", 1L)).getMessage());
        assertEquals("column v (array<double>): a double[] does not fit", assertThrows(IllegalArgumentException.class,
                () -> RowBuilder.of(SCHEMA).set("v", new double[0])).getMessage());
        assertEquals("column id is not nullable",
                assertThrows(IllegalArgumentException.class, () -> RowBuilder.of(SCHEMA).set("id", null)).getMessage());
    }

    /** The datapoints table's array columns: boxed ints and floats, not primitive arrays. */
    @Test
    void intAndFloatArraysTakeBoxedArrays() {
        org.apache.spark.sql.types.StructType schema = Tables.DATAPOINTS_SCHEMA;
        assertEquals("column features (array<int>): a int[] does not fit", assertThrows(IllegalArgumentException.class,
                () -> RowBuilder.of(schema).set("features", new int[0])).getMessage());
        assertEquals("column values (array<float>): a Double[] does not fit",
                assertThrows(IllegalArgumentException.class,
                        () -> RowBuilder.of(schema).set("values", new Double[0])).getMessage());
        Integer[] f = {0, 7};
        Float[] v = {0.6f, 0.8f};
        Row r = RowBuilder.of(schema).set("sweep_id", "s").set("point_id", "p").set("seed", 0).set("point_index", 1)
                .set("hidden_norm", 1.0).set("data_dim", null).set("max_data_dim", 0.5).set("features", f)
                .set("values", v).build();
        assertEquals(f, r.get(schema.fieldIndex("features")));
        assertEquals(v, r.get(schema.fieldIndex("values")));
    }
}
