package org.tmssweep.spark.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file all or nothing: into a hidden temporary file beside it, moved onto the target only once
 * everything is written; when writing fails the temporary file is deleted and the target (if it existed)
 * is left as it was.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** What writes the content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Why {@code target} cannot be written, or null when it can: its directory must exist and be writable,
     * and the target must not be a directory. Checked before any work, so that a long export does not fail
     * at its end.
     */
    public static String problem(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (dir == null || abs.getFileName() == null) {
            return abs + " is not a file name";
        }
        if (Files.isDirectory(abs)) {
            return abs + " is a directory";
        }
        if (!Files.isDirectory(dir)) {
            return "directory " + dir + " does not exist";
        }
        if (!Files.isWritable(dir)) {
            return "directory " + dir + " is not writable";
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            return abs + " exists and is not writable";
        }
        return null;
    }

    /**
     * A new empty temporary file beside {@code target} (hidden: its name starts with a dot), created with the
     * file system's default permissions (the process's umask), which the target keeps after the rename;
     * {@link Files#createTempFile} would make it readable by its owner only.
     */
    public static Path temporaryBeside(Path target) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (int attempt = 0; ; attempt++) {
            Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + Long.toUnsignedString(random.nextLong(), 36)
                    + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt == 9) {
                    throw e;
                }
            }
        }
    }

    /** Moves a finished temporary file onto {@code target}, atomically where the file system can. */
    public static void commit(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes {@code content} to {@code target} all or nothing. */
    public static void write(Path target, Content content) throws IOException {
        Path tmp = temporaryBeside(target);
        boolean done = false;
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(out);
            }
            commit(tmp, target.toAbsolutePath().normalize());
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
