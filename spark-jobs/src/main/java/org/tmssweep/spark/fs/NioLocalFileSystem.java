package org.tmssweep.spark.fs;

import java.io.FileNotFoundException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.Syncable;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.fs.statistics.IOStatistics;
import org.apache.hadoop.fs.statistics.IOStatisticsSource;
import org.apache.hadoop.util.Progressable;

/**
 * Hadoop's local file system ({@code file:}), checksums included, except that permissions are set with
 * {@code java.nio} instead of a forked {@code chmod}. Without Hadoop's native library (which Maven does not
 * ship), {@link RawLocalFileSystem} starts a {@code chmod} process for every directory and file it creates
 * (three for one Parquet file: its directory, the file, its {@code .crc}); measured at 5-15 ms each on
 * this machine, that made a 200-row Parquet write cost 130-200 ms. Same files, same permission bits.
 *
 * <p>Two more differences, both about failures: {@code create} without overwrite is an atomic
 * create-if-absent ({@code O_CREAT|O_EXCL}: of two processes creating one path, exactly one succeeds and
 * the other gets {@link FileAlreadyExistsException}, as on HDFS; Hadoop's checks, then opens), which the
 * sweep lock relies on; and a write that fails (a full disk) throws an {@link IOException} naming the file,
 * {@code writing /path/to/file: No space left on device}, where Hadoop throws an {@link FSError} without it.
 *
 * <p>Used for local-mode sessions ({@link #CONF}, set by {@code SparkOptions} unless the user sets it), where
 * this class is on the driver's class path, and for the sweep lock; cluster executors keep Hadoop's own.
 */
public class NioLocalFileSystem extends LocalFileSystem {
    /** The Spark setting that makes Hadoop use this class for {@code file:} paths. */
    public static final String CONF = "spark.hadoop.fs.file.impl";

    public NioLocalFileSystem() {
        super(new Raw());
    }

    /** Over another raw layer (a subclass of {@link Raw}). */
    protected NioLocalFileSystem(Raw raw) {
        super(raw);
    }

    /** The raw (checksum-less) layer with the java.nio permissions, atomic create-if-absent and named write failures. */
    public static class Raw extends RawLocalFileSystem {
        @Override
        public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                Progressable progress) throws IOException {
            if (!overwrite) {
                claim(f, true);
            }
            return super.create(f, true, bufferSize, replication, blockSize, progress);
        }

        @Override
        public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                short replication, long blockSize, Progressable progress) throws IOException {
            if (!overwrite) {
                claim(f, true);
            }
            return super.create(f, permission, true, bufferSize, replication, blockSize, progress);
        }

        @Override
        public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                short replication, long blockSize, Progressable progress) throws IOException {
            if (!overwrite) {
                claim(f, false);
            }
            return super.createNonRecursive(f, permission, true, bufferSize, replication, blockSize, progress);
        }

        @Override
        public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, EnumSet<CreateFlag> flags,
                int bufferSize, short replication, long blockSize, Progressable progress) throws IOException {
            EnumSet<CreateFlag> open = flags;
            if (!flags.contains(CreateFlag.OVERWRITE) && !flags.contains(CreateFlag.APPEND)) {
                claim(f, false);
                open = EnumSet.copyOf(flags);
                open.add(CreateFlag.OVERWRITE);
            }
            return super.createNonRecursive(f, permission, open, bufferSize, replication, blockSize, progress);
        }

        /**
         * Creates {@code f} empty unless it exists, in one system call: the create-if-absent the caller then
         * opens (truncating its own empty file). {@code parents}: create missing parent directories first.
         */
        private void claim(Path f, boolean parents) throws IOException {
            Path parent = f.getParent();
            if (parents && parent != null && !mkdirs(parent)) {
                throw new IOException("Mkdirs failed to create " + parent);
            }
            try {
                Files.createFile(pathToFile(f).toPath());
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new FileAlreadyExistsException("File already exists: " + f);
            } catch (NoSuchFileException e) {
                throw new FileNotFoundException("Parent directory doesn't exist: " + parent);
            }
        }

        @Override
        protected OutputStream createOutputStreamWithMode(Path f, boolean append, FsPermission permission)
                throws IOException {
            return new Named(fileStream(f, append, permission), pathToFile(f).getPath());
        }

        /** The file's stream as Hadoop opens it (a failed write throws {@link FSError}): what {@link Named} wraps. */
        protected OutputStream fileStream(Path f, boolean append, FsPermission permission) throws IOException {
            return super.createOutputStreamWithMode(f, append, permission);
        }

        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            java.nio.file.Path file = pathToFile(p).toPath();
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view == null || permission.getStickyBit()) {
                super.setPermission(p, permission);
                return;
            }
            view.setPermissions(posix(permission.toShort()));
        }

        static Set<PosixFilePermission> posix(short mode) {
            Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
            };
            for (int bit = 0; bit < order.length; bit++) {
                if ((mode & (1 << bit)) != 0) {
                    out.add(order[bit]);
                }
            }
            return out;
        }
    }

    /**
     * A local file's output stream whose failed writes name the file: {@code writing FILE: CAUSE}, an
     * {@link IOException} whose cause is what Hadoop threw (an {@link FSError} for a failed write).
     * Passes Hadoop's stream capabilities, sync and statistics through.
     */
    static final class Named extends FilterOutputStream implements IOStatisticsSource, StreamCapabilities, Syncable {
        private final String file;

        Named(OutputStream out, String file) {
            super(out);
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException | FSError e) {
                throw named(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException | FSError e) {
                throw named(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException | FSError e) {
                throw named(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException | FSError e) {
                throw named(e);
            }
        }

        @Override
        public void hflush() throws IOException {
            try {
                if (out instanceof Syncable s) {
                    s.hflush();
                } else {
                    out.flush();
                }
            } catch (IOException | FSError e) {
                throw named(e);
            }
        }

        @Override
        public void hsync() throws IOException {
            try {
                if (out instanceof Syncable s) {
                    s.hsync();
                } else {
                    out.flush();
                }
            } catch (IOException | FSError e) {
                throw named(e);
            }
        }

        @Override
        public boolean hasCapability(String capability) {
            return out instanceof StreamCapabilities c && c.hasCapability(capability);
        }

        @Override
        public IOStatistics getIOStatistics() {
            return out instanceof IOStatisticsSource s ? s.getIOStatistics() : null;
        }

        private IOException named(Throwable e) {
            Throwable cause = e instanceof FSError && e.getCause() != null ? e.getCause() : e;
            return new IOException("writing " + file + ": " + cause.getMessage(), e);
        }
    }
}
