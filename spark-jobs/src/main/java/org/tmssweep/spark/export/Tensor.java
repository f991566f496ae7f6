package org.tmssweep.spark.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A dense array in C (row-major) order, little-endian, with its name and element type: what one {@code .npy}
 * entry of an {@code .npz} file or one tensor of a safetensors file holds. The data is copied in and never
 * handed out, so a tensor cannot change after it is built.
 */
public final class Tensor {
    /** Names: letters, digits and {@code _ . - /}, 1-200 characters (ASCII, as NumPy's header and zip names need). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_./-]{1,200}");

    /**
     * An element type.
     *
     * @param npy         the NumPy {@code descr} as a Python literal, e.g. {@code '<f8'} or a structured list
     * @param safetensors the safetensors dtype ({@code F64}, {@code I32} ...), or null where the format has none
     * @param itemSize    bytes per element
     */
    public record Type(String npy, String safetensors, int itemSize) {
        public static final Type F64 = new Type("'<f8'", "F64", 8);
        public static final Type F32 = new Type("'<f4'", "F32", 4);
        public static final Type I64 = new Type("'<i8'", "I64", 8);
        public static final Type I32 = new Type("'<i4'", "I32", 4);
        public static final Type BOOL = new Type("'|b1'", "BOOL", 1);

        public Type {
            if (npy == null || npy.isEmpty()) {
                throw new IllegalArgumentException("npy: must be a NumPy descr literal, got " + npy);
            }
            if (itemSize < 1) {
                throw new IllegalArgumentException("itemSize: must be >= 1, got " + itemSize);
            }
        }

        /** Fixed-width unicode of {@code chars} code points (UTF-32LE, zero-padded): NumPy's {@code <U}; no safetensors type. */
        public static Type unicode(int chars) {
            if (chars < 1) {
                throw new IllegalArgumentException("chars: must be >= 1, got " + chars);
            }
            return new Type("'<U" + chars + "'", null, 4 * chars);
        }
    }

    private final String name;
    private final Type type;
    private final long[] shape;
    private final byte[] data;

    /**
     * @param name  the tensor's name (the .npz entry without {@code .npy}, the safetensors key)
     * @param type  element type
     * @param shape dimensions, each >= 0; empty for a scalar
     * @param data  product(shape) · itemSize bytes, little-endian, C order (copied)
     */
    public Tensor(String name, Type type, long[] shape, byte[] data) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: must be 1-200 of letters, digits, '_', '.', '-', '/', got " + name);
        }
        this.name = name;
        this.type = java.util.Objects.requireNonNull(type, "type");
        this.shape = shape.clone();
        long count = 1;
        for (long d : this.shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape: dimensions must be >= 0, got " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, d);
        }
        if (count * type.itemSize() != data.length) {
            throw new IllegalArgumentException("data: shape " + Arrays.toString(shape) + " of " + type.itemSize()
                    + "-byte elements needs " + count * type.itemSize() + " bytes, got " + data.length);
        }
        this.data = data.clone();
    }

    /** Doubles as {@code <f8} / {@code F64}. */
    public static Tensor f64(String name, double[] values, long... shape) {
        ByteBuffer b = buffer(8L * values.length);
        for (double v : values) {
            b.putDouble(v);
        }
        return new Tensor(name, Type.F64, shape, b.array());
    }

    /** Ints as {@code <i4} / {@code I32}. */
    public static Tensor i32(String name, int[] values, long... shape) {
        ByteBuffer b = buffer(4L * values.length);
        for (int v : values) {
            b.putInt(v);
        }
        return new Tensor(name, Type.I32, shape, b.array());
    }

    /** Longs as {@code <i8} / {@code I64}. */
    public static Tensor i64(String name, long[] values, long... shape) {
        ByteBuffer b = buffer(8L * values.length);
        for (long v : values) {
            b.putLong(v);
        }
        return new Tensor(name, Type.I64, shape, b.array());
    }

    /** Booleans as {@code |b1} / {@code BOOL}. */
    public static Tensor bool(String name, boolean[] values, long... shape) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) (values[i] ? 1 : 0);
        }
        return new Tensor(name, Type.BOOL, shape, b);
    }

    /** A 1-D array of strings as {@code <U w}, w the most code points of any (at least 1); null is "". */
    public static Tensor unicode(String name, List<String> values) {
        int width = 1;
        for (String s : values) {
            width = Math.max(width, s == null ? 0 : s.codePointCount(0, s.length()));
        }
        ByteBuffer b = buffer(4L * width * values.size());
        for (String s : values) {
            int[] cps = s == null ? new int[0] : s.codePoints().toArray();
            for (int k = 0; k < width; k++) {
                b.putInt(k < cps.length ? cps[k] : 0);
            }
        }
        return new Tensor(name, Type.unicode(width), new long[] {values.size()}, b.array());
    }

    /**
     * A 1-D structured array (NumPy record array) of equally long 1-D columns, fields named after the
     * columns and packed without padding: {@code f["keys"]["sparsity"]}, or {@code pandas.DataFrame(f["keys"])}.
     * NumPy only: safetensors has no structured type.
     */
    public static Tensor records(String name, List<Tensor> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("columns: a structured array needs at least one column");
        }
        long rows = -1;
        StringBuilder descr = new StringBuilder("[");
        int itemSize = 0;
        for (Tensor c : columns) {
            if (c.shape.length != 1 || c.type.npy().startsWith("[")) {
                throw new IllegalArgumentException("columns: " + c.name + " must be a 1-D array of a plain type");
            }
            if (rows >= 0 && c.shape[0] != rows) {
                throw new IllegalArgumentException("columns: " + c.name + " has " + c.shape[0] + " rows, the first has "
                        + rows);
            }
            rows = c.shape[0];
            descr.append(itemSize == 0 ? "" : ", ").append("('").append(c.name).append("', ").append(c.type.npy())
                    .append(')');
            itemSize += c.type.itemSize();
        }
        descr.append(']');
        byte[] data = new byte[Math.toIntExact(rows * itemSize)];
        int offset = 0;
        for (Tensor c : columns) {
            int size = c.type.itemSize();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c.data, r * size, data, r * itemSize + offset, size);
            }
            offset += size;
        }
        return new Tensor(name, new Type(descr.toString(), null, itemSize), new long[] {rows}, data);
    }

    private static ByteBuffer buffer(long bytes) {
        return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    /** A copy of the dimensions. */
    public long[] shape() {
        return shape.clone();
    }

    /** Bytes of data. */
    public long byteCount() {
        return data.length;
    }

    /** Writes the data bytes. */
    public void writeData(OutputStream out) throws IOException {
        out.write(data);
    }

    @Override
    public String toString() {
        return name + " " + type.npy() + " " + Arrays.toString(shape) + " (" + data.length + " bytes)";
    }
}
