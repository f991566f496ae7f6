package org.tmssweep.spark.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The java.nio permissions of {@link NioLocalFileSystem} are Hadoop's: every 9-bit mode maps to the same
 * rwx string, and directories and files created through both file systems (with a umask, and with an
 * explicit permission) end with the same permissions and contents. Create without overwrite is an atomic
 * create-if-absent, and a failed write names its file.
 */
class NioLocalFileSystemTest {
    @TempDir
    Path tmp;

    @Test
    void everyModeMapsToHadoopsRwxString() {
        for (short mode = 0; mode < 512; mode++) {
            String hadoop = new FsPermission(mode).toString();
            assertEquals(hadoop, PosixFilePermissions.toString(NioLocalFileSystem.Raw.posix(mode)), "mode " + mode);
        }
    }

    @Test
    void createsWhatHadoopsLocalFileSystemCreates() throws IOException {
        Configuration conf = new Configuration(false);
        conf.set("fs.permissions.umask-mode", "027");
        FileSystem nio = new NioLocalFileSystem();
        nio.initialize(java.net.URI.create("file:///"), conf);
        FileSystem hadoop = new LocalFileSystem();
        hadoop.initialize(java.net.URI.create("file:///"), conf);
        for (FileSystem fs : new FileSystem[] {nio, hadoop}) {
            Path root = tmp.resolve(fs == nio ? "nio" : "hadoop");
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(root.resolve("a/b").toUri());
            assertTrue(fs.mkdirs(dir));
            try (OutputStream os = fs.create(new org.apache.hadoop.fs.Path(dir, "f.bin"))) {
                os.write(new byte[] {1, 2, 3});
            }
            assertTrue(fs.mkdirs(new org.apache.hadoop.fs.Path(root.resolve("c").toUri()), new FsPermission((short) 0700)));
            fs.setPermission(new org.apache.hadoop.fs.Path(dir, "f.bin"), new FsPermission((short) 0640));
        }
        for (String rel : new String[] {"a", "a/b", "a/b/f.bin", "a/b/.f.bin.crc", "c"}) {
            Path n = tmp.resolve("nio").resolve(rel);
            Path h = tmp.resolve("hadoop").resolve(rel);
            assertTrue(Files.exists(n), rel);
            assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(h)),
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(n)), rel);
            if (Files.isRegularFile(h)) {
                assertEquals(-1, Files.mismatch(h, n), rel);
            }
        }
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                tmp.resolve("nio/a/b/f.bin"))));
    }

    static FileSystem nio(FileSystem fs) throws IOException {
        fs.initialize(java.net.URI.create("file:///"), new Configuration(false));
        return fs;
    }

    @Test
    void createWithoutOverwriteKeepsAnExistingFile() throws IOException {
        FileSystem fs = nio(new NioLocalFileSystem());
        org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path(tmp.resolve("new/dir/f.txt").toUri());
        try (FSDataOutputStream os = fs.create(f, false)) {
            os.write("first".getBytes(StandardCharsets.UTF_8));
        }
        assertThrows(FileAlreadyExistsException.class, () -> fs.create(f, false));
        assertThrows(FileAlreadyExistsException.class, () -> fs.createNonRecursive(f, false, 4096, (short) 1,
                1 << 20, null));
        assertEquals("first", Files.readString(tmp.resolve("new/dir/f.txt")));
        try (FSDataOutputStream os = fs.create(f, true)) {
            os.write("second".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("second", Files.readString(tmp.resolve("new/dir/f.txt")));
        org.apache.hadoop.fs.Path orphan = new org.apache.hadoop.fs.Path(tmp.resolve("missing/f.txt").toUri());
        assertThrows(java.io.FileNotFoundException.class, () -> fs.createNonRecursive(orphan, false, 4096, (short) 1,
                1 << 20, null));
    }

    @Test
    void ofThreadsCreatingOnePathWithoutOverwriteExactlyOneSucceeds() throws Exception {
        FileSystem fs = nio(new NioLocalFileSystem());
        int threads = 8;
        int rounds = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path(tmp.resolve("race/" + round).toUri());
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> tries = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    byte[] mine = ("writer " + t).getBytes(StandardCharsets.UTF_8);
                    tries.add(pool.submit(() -> {
                        go.await();
                        try (FSDataOutputStream os = fs.create(f, false)) {
                            os.write(mine);
                            return true;
                        } catch (FileAlreadyExistsException e) {
                            return false;
                        }
                    }));
                }
                go.countDown();
                int won = 0;
                for (Future<Boolean> t : tries) {
                    won += t.get() ? 1 : 0;
                }
                assertEquals(1, won, "round " + round);
                assertTrue(Files.readString(tmp.resolve("race/" + round)).matches("writer \\d"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedWriteNamesTheFile() throws IOException {
        FileSystem fs = new FullDiskFileSystem();
        Configuration conf = new Configuration(false);
        conf.set(FullDiskFileSystem.PATH_KEY, "/models/");
        fs.initialize(java.net.URI.create("file:///"), conf);
        Path file = tmp.resolve("out/models/part-00000.parquet");
        IOException e = assertThrows(IOException.class, () -> {
            try (FSDataOutputStream os = fs.create(new org.apache.hadoop.fs.Path(file.toUri()), true)) {
                os.write(new byte[100]);
            }
        });
        // the data file or its checksum file, whichever is written first
        assertTrue(e.getMessage().matches("writing " + java.util.regex.Pattern.quote(file.getParent() + "/")
                + "\\.?part-00000\\.parquet(\\.crc)?: No space left on device"), e.getMessage());
        assertInstanceOf(FSError.class, e.getCause());
        try (FSDataOutputStream os = fs.create(new org.apache.hadoop.fs.Path(tmp.resolve("out/ok").toUri()), true)) {
            os.write(new byte[100]);
        }
        assertEquals(100, Files.size(tmp.resolve("out/ok")));
    }
}
