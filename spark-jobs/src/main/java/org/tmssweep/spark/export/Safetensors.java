package org.tmssweep.spark.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tmssweep.spark.spec.Json;

/**
 * The safetensors format (Hugging Face): an unsigned 64-bit little-endian header length N, N bytes of UTF-8
 * JSON, then the tensors' bytes back to back. The JSON maps each tensor's name to
 * {@code {"dtype": "F64", "shape": [5, 20], "data_offsets": [begin, end]}} (offsets into the data, which
 * the tensors fill without gaps or overlaps) and the optional key {@code __metadata__} to a map of strings
 * to strings. The header is padded with spaces so that the data starts at a multiple of 8 bytes, and may
 * be at most {@link #MAX_HEADER_BYTES} (the reference reader's limit).
 *
 * <p>Written in two steps so that the data can stream: the constructor writes the header from the
 * tensors' names, types and shapes ({@link Layout}); {@link #add} then writes each tensor, in that order.
 */
public final class Safetensors implements AutoCloseable {
    /** The reference reader refuses headers above this many bytes. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The data starts at a multiple of this many bytes from the start of the file. */
    static final int ALIGN = 8;

    /** One tensor's name, type and shape, known before its data. */
    public record Layout(String name, Tensor.Type type, long[] shape) {
        public Layout {
            if (type.safetensors() == null) {
                throw new IllegalArgumentException("type: " + name + " is " + type.npy()
                        + ", which safetensors cannot hold (numbers and booleans only)");
            }
            shape = shape.clone();
        }

        /** The layout of an existing tensor. */
        public static Layout of(Tensor t) {
            return new Layout(t.name(), t.type(), t.shape());
        }

        long bytes() {
            long n = type.itemSize();
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }
    }

    private final OutputStream out;
    private final List<Layout> layout;
    private int next;

    /**
     * Writes the header for {@code layout} and {@code metadata} to {@code out}.
     *
     * @throws IllegalArgumentException when two tensors share a name, a name is {@code __metadata__}, or the
     *                                  header would exceed {@link #MAX_HEADER_BYTES}
     */
    public Safetensors(OutputStream out, List<Layout> layout, Map<String, String> metadata) throws IOException {
        this.out = out;
        this.layout = List.copyOf(layout);
        byte[] json = header(this.layout, metadata);
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
        out.write(json);
    }

    /** The header JSON, padded with spaces to a multiple of {@link #ALIGN} bytes after the 8-byte length. */
    static byte[] header(List<Layout> layout, Map<String, String> metadata) {
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            sb.append("\"__metadata__\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(metadata).entrySet()) {
                sb.append(first ? "" : ",").append(jsonString(e.getKey())).append(':').append(jsonString(e.getValue()));
                first = false;
            }
            sb.append('}');
        }
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (Layout l : layout) {
            if (l.name().equals("__metadata__") || !names.add(l.name())) {
                throw new IllegalArgumentException("name: " + l.name() + " is "
                        + (l.name().equals("__metadata__") ? "reserved" : "given twice"));
            }
            long end = offset + l.bytes();
            sb.append(sb.length() == 1 ? "" : ",").append(jsonString(l.name())).append(":{\"dtype\":\"")
                    .append(l.type().safetensors()).append("\",\"shape\":")
                    .append(Arrays.toString(l.shape()).replace(" ", "")).append(",\"data_offsets\":[").append(offset)
                    .append(',').append(end).append("]}");
            offset = end;
        }
        sb.append('}');
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + ALIGN - 1) / ALIGN * ALIGN;
        if (padded > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("header: " + padded + " bytes, above the format's limit of "
                    + MAX_HEADER_BYTES + " (too many tensors or too much metadata for one file)");
        }
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    /** Writes the next tensor's data; it must match the next {@link Layout} of the header. */
    public void add(Tensor t) throws IOException {
        if (next >= layout.size()) {
            throw new IllegalStateException("tensor " + t.name() + ": the header lists only " + layout.size());
        }
        Layout l = layout.get(next);
        if (!l.name().equals(t.name()) || !l.type().equals(t.type()) || !Arrays.equals(l.shape(), t.shape())) {
            throw new IllegalStateException("tensor " + t.name() + " " + t.type().safetensors() + " "
                    + Arrays.toString(t.shape()) + " does not match the header's next entry " + l.name() + " "
                    + l.type().safetensors() + " " + Arrays.toString(l.shape()));
        }
        t.writeData(out);
        next++;
    }

    /** Checks that every tensor of the header was written and closes the stream. */
    @Override
    public void close() throws IOException {
        try {
            if (next != layout.size()) {
                throw new IllegalStateException("only " + next + " of the header's " + layout.size()
                        + " tensors were written");
            }
        } finally {
            out.close();
        }
    }

    /**
     * A JSON string literal: quotes, backslashes and control characters escaped; other characters as they are
     * (the spec's {@link Json#quote}, one escaping for every JSON this tool writes by hand).
     */
    static String jsonString(String s) {
        return Json.quote(s);
    }
}
