package org.tmssweep.spark.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Independent readers of the export formats for the tests: an .npy parser that checks every rule of the
 * format it relies on (magic, version, header alignment, C order), an .npz reader over {@link ZipFile}, and a
 * safetensors reader that checks the offsets cover the data without gaps.
 */
public final class ExportFiles {
    private ExportFiles() {
    }

    /** A parsed .npy: its descr literal, shape and data. */
    public record Npy(String descr, long[] shape, ByteBuffer data) {
        public long count() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }

        public double[] doubles() {
            if (!descr.equals("'<f8'")) {
                throw new AssertionError("not float64: " + descr);
            }
            double[] out = new double[(int) count()];
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
            return out;
        }

        /** Fields of a structured array: name to descr, in order. */
        public Map<String, String> fields() {
            Map<String, String> f = new LinkedHashMap<>();
            Matcher m = Pattern.compile("\\('([^']+)', '([^']+)'\\)").matcher(descr);
            while (m.find()) {
                f.put(m.group(1), m.group(2));
            }
            return f;
        }

        /** Field {@code name} of every record, as Java objects (String, Integer, Long, Double, Boolean). */
        public List<Object> column(String name) {
            Map<String, String> fields = fields();
            int offset = 0;
            int size = 0;
            String type = null;
            int recordSize = 0;
            for (Map.Entry<String, String> e : fields.entrySet()) {
                int s = itemSize(e.getValue());
                if (e.getKey().equals(name)) {
                    offset = recordSize;
                    size = s;
                    type = e.getValue();
                }
                recordSize += s;
            }
            if (type == null) {
                throw new AssertionError("no field " + name + " in " + descr);
            }
            List<Object> out = new ArrayList<>();
            ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < count(); r++) {
                out.add(value(b, r * recordSize + offset, type, size));
            }
            return out;
        }

        static int itemSize(String t) {
            return switch (t.charAt(1)) {
                case 'U' -> 4 * Integer.parseInt(t.substring(2));
                case 'b' -> 1;
                default -> Integer.parseInt(t.substring(2));
            };
        }

        static Object value(ByteBuffer b, int at, String type, int size) {
            return switch (type) {
                case "<f8" -> b.getDouble(at);
                case "<i4" -> b.getInt(at);
                case "<i8" -> b.getLong(at);
                case "|b1" -> b.get(at) != 0;
                default -> {
                    StringBuilder sb = new StringBuilder();
                    for (int k = 0; k < size / 4; k++) {
                        int cp = b.getInt(at + 4 * k);
                        if (cp == 0) {
                            break;
                        }
                        sb.appendCodePoint(cp);
                    }
                    yield sb.toString();
                }
            };
        }
    }

    private static final Pattern DICT = Pattern.compile(
            "\\{'descr': (.*), 'fortran_order': False, 'shape': \\(([0-9, ]*)\\), \\} *\n");

    /** Parses one .npy, checking magic, version, alignment and the header's form. */
    public static Npy parseNpy(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        if (!Arrays.equals(magic, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'})) {
            throw new AssertionError("bad magic");
        }
        int major = b.get();
        b.get();
        int len = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        String header = new String(bytes, b.position(), len, StandardCharsets.US_ASCII);
        int start = b.position() + len;
        if (start % 64 != 0) {
            throw new AssertionError("data starts at " + start + ", not a multiple of 64");
        }
        Matcher m = DICT.matcher(header);
        if (!m.matches()) {
            throw new AssertionError("header not in numpy.save's form: " + header);
        }
        String dims = m.group(2).replace(" ", "");
        long[] shape = dims.isEmpty() ? new long[0]
                : Arrays.stream(dims.split(",")).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        return new Npy(m.group(1), shape, ByteBuffer.wrap(bytes, start, bytes.length - start).slice());
    }

    /** Every entry of an .npz, by name without {@code .npy}, in archive order. */
    public static Map<String, Npy> readNpz(Path file) throws IOException {
        Map<String, Npy> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.getName().endsWith(".npy")) {
                    throw new AssertionError("entry " + e.getName() + " is not an .npy");
                }
                out.put(e.getName().substring(0, e.getName().length() - 4), parseNpy(zip.getInputStream(e).readAllBytes()));
            }
        }
        return out;
    }

    /** A parsed safetensors file: the header's tensors (name to dtype, shape, data) and metadata. */
    public record Safetensors(Map<String, String> dtypes, Map<String, long[]> shapes, Map<String, ByteBuffer> data,
                              Map<String, String> metadata) {
        public double[] doubles(String name) {
            if (!"F64".equals(dtypes.get(name))) {
                throw new AssertionError(name + " is " + dtypes.get(name));
            }
            ByteBuffer b = data.get(name).duplicate().order(ByteOrder.LITTLE_ENDIAN);
            double[] out = new double[b.remaining() / 8];
            b.asDoubleBuffer().get(out);
            return out;
        }
    }

    /** Reads a safetensors file, checking the offsets tile the data exactly and the data is 8-byte aligned. */
    public static Safetensors readSafetensors(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        if ((8 + n) % 8 != 0) {
            throw new AssertionError("data starts at " + (8 + n) + ", not 8-byte aligned");
        }
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        int dataStart = (int) (8 + n);
        Map<String, String> dtypes = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, ByteBuffer> data = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        for (var it = header.fields(); it.hasNext();) {
            var e = it.next();
            if (e.getKey().equals("__metadata__")) {
                e.getValue().fields().forEachRemaining(m -> meta.put(m.getKey(), m.getValue().textValue()));
                continue;
            }
            JsonNode t = e.getValue();
            dtypes.put(e.getKey(), t.get("dtype").asText());
            List<Long> dims = new ArrayList<>();
            t.get("shape").forEach(d -> dims.add(d.asLong()));
            shapes.put(e.getKey(), dims.stream().mapToLong(Long::longValue).toArray());
            long begin = t.get("data_offsets").get(0).asLong();
            long end = t.get("data_offsets").get(1).asLong();
            ranges.add(new long[] {begin, end});
            data.put(e.getKey(), ByteBuffer.wrap(bytes, dataStart + (int) begin, (int) (end - begin)).slice());
        }
        ranges.sort((x, y) -> Long.compare(x[0], y[0]));
        long at = 0;
        for (long[] r : ranges) {
            if (r[0] != at) {
                throw new AssertionError("gap or overlap at " + at);
            }
            at = r[1];
        }
        if (dataStart + at != bytes.length) {
            throw new AssertionError("the tensors end at " + (dataStart + at) + ", the file at " + bytes.length);
        }
        return new Safetensors(dtypes, shapes, data, meta);
    }
}
