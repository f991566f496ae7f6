package org.tmssweep.spark.fs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Test-only {@code file:} file system: {@link NioLocalFileSystem}, except that the disk is full for files whose
 * path contains the value of {@link #PATH_KEY}: their writes fail as Hadoop's local streams fail on a full
 * disk, with an {@link FSError} caused by {@code IOException: No space left on device}. Installed with
 * {@code spark.hadoop.fs.file.impl} (and {@code fs.file.impl.disable.cache=true}, so that no cached file
 * system stands in for it).
 */
public class FullDiskFileSystem extends NioLocalFileSystem {
    public static final String PATH_KEY = "tms.test.fullDisk.path";
    public static final String REASON = "No space left on device";

    public FullDiskFileSystem() {
        super(new Raw() {
            @Override
            protected OutputStream fileStream(Path f, boolean append, FsPermission permission) throws IOException {
                OutputStream real = super.fileStream(f, append, permission);
                String needle = getConf() == null ? null : getConf().get(PATH_KEY);
                if (needle == null || needle.isEmpty() || !f.toString().contains(needle)) {
                    return real;
                }
                return new FilterOutputStream(real) {
                    @Override
                    public void write(int b) {
                        throw fsError(new IOException(REASON));
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        throw fsError(new IOException(REASON));
                    }
                };
            }
        });
    }

    /** Hadoop's {@link FSError} for {@code cause} (its constructor is package-private). */
    public static FSError fsError(IOException cause) {
        try {
            Constructor<FSError> c = FSError.class.getDeclaredConstructor(Throwable.class);
            c.setAccessible(true);
            return c.newInstance(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
