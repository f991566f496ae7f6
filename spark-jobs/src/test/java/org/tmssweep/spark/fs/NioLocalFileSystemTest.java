package org.tmssweep.spark.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The java.nio permissions of {@link NioLocalFileSystem} are Hadoop's: every 9-bit mode maps to the same
 * rwx string, and directories and files created through both file systems (with a umask, and with an
 * explicit permission) end with the same permissions and contents.
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
}
