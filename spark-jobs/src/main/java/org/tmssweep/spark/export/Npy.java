package org.tmssweep.spark.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npy} format (version 1.0, or 2.0 for a header above 65,535 bytes) and the {@code .npz}
 * archive of them, as {@code numpy.save} and {@code numpy.savez} write them: the magic {@code \x93NUMPY},
 * the version, the header length (little-endian), an ASCII Python dict literal
 * {@code {'descr': ..., 'fortran_order': False, 'shape': (...), }} padded with spaces and ended by a newline
 * so that the data starts at a multiple of 64 bytes, then the data. An {@code .npz} is a zip of
 * {@code <name>.npy} entries, stored uncompressed (as {@code numpy.savez}). No object arrays are written,
 * so {@code numpy.load} reads every entry without {@code allow_pickle}.
 */
public final class Npy {
    /** The data of an .npy entry starts at a multiple of this (NumPy's own alignment). */
    static final int ALIGN = 64;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private Npy() {
    }

    /** The header dict of {@code t}, e.g. {@code {'descr': '<f8', 'fortran_order': False, 'shape': (5, 20), }}. */
    static String dict(Tensor t) {
        long[] shape = t.shape();
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        sb.append(shape.length == 1 ? ",)" : ")");
        return "{'descr': " + t.type().npy() + ", 'fortran_order': False, 'shape': " + sb + ", }";
    }

    /** The bytes before the data: magic, version, header length, padded dict. */
    static byte[] header(Tensor t) {
        byte[] dict = dict(t).getBytes(StandardCharsets.US_ASCII);
        int prefix = MAGIC.length + 2 + 2;
        int padded = pad(prefix + dict.length + 1) - prefix; // + 1 for the newline
        boolean v2 = padded > 0xFFFF;
        if (v2) {
            prefix = MAGIC.length + 2 + 4;
            padded = pad(prefix + dict.length + 1) - prefix;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(prefix + padded);
        out.writeBytes(MAGIC);
        out.write(v2 ? 2 : 1);
        out.write(0);
        out.write(padded & 0xFF);
        out.write((padded >>> 8) & 0xFF);
        if (v2) {
            out.write((padded >>> 16) & 0xFF);
            out.write((padded >>> 24) & 0xFF);
        }
        out.writeBytes(dict);
        for (int i = dict.length; i < padded - 1; i++) {
            out.write(' ');
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static int pad(int length) {
        return (length + ALIGN - 1) / ALIGN * ALIGN;
    }

    /** Writes {@code t} as one {@code .npy} file. */
    public static void write(Tensor t, OutputStream out) throws IOException {
        out.write(header(t));
        t.writeData(out);
    }

    /**
     * An {@code .npz} archive being written: {@link #add} one tensor after another (entry
     * {@code <name>.npy}, stored), {@link #close} to finish the zip; the stream is closed with it.
     */
    public static final class NpzWriter implements AutoCloseable {
        /** Every entry's modification time: the zip format's first representable instant. */
        private static final java.time.LocalDateTime EPOCH = java.time.LocalDateTime.of(1980, 1, 1, 0, 0);
        private final ZipOutputStream zip;
        private final java.util.Set<String> names = new java.util.HashSet<>();

        public NpzWriter(OutputStream out) {
            zip = new ZipOutputStream(out);
            zip.setMethod(ZipOutputStream.STORED);
        }

        /** Adds {@code t} as the entry {@code <name>.npy}; names must be distinct. */
        public void add(Tensor t) throws IOException {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("name: " + t.name() + " is already in the archive");
            }
            byte[] header = header(t);
            CRC32 crc = new CRC32();
            crc.update(header);
            java.util.zip.CheckedOutputStream sum = new java.util.zip.CheckedOutputStream(OutputStream.nullOutputStream(),
                    crc);
            t.writeData(sum);
            ZipEntry e = new ZipEntry(t.name() + ".npy");
            long size = header.length + t.byteCount();
            e.setSize(size);
            e.setCompressedSize(size);
            e.setCrc(crc.getValue());
            e.setTimeLocal(EPOCH); // no wall-clock time: the same models give the same bytes
            zip.putNextEntry(e);
            zip.write(header);
            t.writeData(zip);
            zip.closeEntry();
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }
}
