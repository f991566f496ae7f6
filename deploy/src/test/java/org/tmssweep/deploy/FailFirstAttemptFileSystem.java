package org.tmssweep.deploy;

import java.io.IOException;
import java.util.EnumSet;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options.ChecksumOpt;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.apache.spark.TaskContext;

/**
 * Test-only Hadoop {@code file:} file system for {@link ClusterIT}: Hadoop's
 * {@link LocalFileSystem}, except that creating a file whose path contains the value of
 * {@code tms.test.failFirstAttempt.path} fails with an {@link IOException} when called from the
 * first attempt (attempt number 0) of a Spark task. Outside tasks (the driver) and on retries it is
 * the plain local file system. Installed without touching the application, through Spark's and
 * Hadoop's own settings: {@code spark.hadoop.fs.file.impl=org.tmssweep.deploy.FailFirstAttemptFileSystem},
 * {@code spark.hadoop.fs.file.impl.disable.cache=true}, and a jar holding this class on the
 * driver's class path ({@code tms-submit --driver-class-path}) and in
 * {@code spark.executor.extraClassPath}.
 */
public class FailFirstAttemptFileSystem extends LocalFileSystem {
    public static final String PATH_KEY = "tms.test.failFirstAttempt.path";
    public static final String MESSAGE = "tms test: the first attempt of this task fails on purpose";

    private void maybeFail(Path f) throws IOException {
        TaskContext task = TaskContext.get();
        String needle = getConf() == null ? null : getConf().get(PATH_KEY);
        if (task != null && task.attemptNumber() == 0 && needle != null && !needle.isEmpty()
                && f.toString().contains(needle)) {
            throw new IOException(MESSAGE + " (stage " + task.stageId() + ", partition " + task.partitionId()
                    + ", " + f + ")");
        }
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
            short replication, long blockSize, Progressable progress) throws IOException {
        maybeFail(f);
        return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, EnumSet<CreateFlag> flags, int bufferSize,
            short replication, long blockSize, Progressable progress, ChecksumOpt checksumOpt) throws IOException {
        maybeFail(f);
        return super.create(f, permission, flags, bufferSize, replication, blockSize, progress, checksumOpt);
    }

    @Override
    public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, boolean overwrite, int bufferSize,
            short replication, long blockSize, Progressable progress) throws IOException {
        maybeFail(f);
        return super.createNonRecursive(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }
}
