package org.tmssweep.spark.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}), checksums included, except that permissions are set with
 * {@code java.nio} instead of a forked {@code chmod}. Without Hadoop's native library (which Maven does not
 * ship), {@link RawLocalFileSystem} starts a {@code chmod} process for every directory and file it creates
 * (three for one Parquet file: its directory, the file, its {@code .crc}); measured at 5-15 ms each on
 * this machine, that made a 200-row Parquet write cost 130-200 ms. Same files, same permission bits.
 *
 * <p>Used for local-mode sessions ({@link #CONF}, set by {@code SparkOptions} unless the user sets it), where
 * this class is on the driver's class path; cluster executors keep Hadoop's own.
 */
public class NioLocalFileSystem extends LocalFileSystem {
    /** The Spark setting that makes Hadoop use this class for {@code file:} paths. */
    public static final String CONF = "spark.hadoop.fs.file.impl";

    public NioLocalFileSystem() {
        super(new Raw());
    }

    /** The raw (checksum-less) layer with the java.nio permissions. */
    public static class Raw extends RawLocalFileSystem {
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
}
