package org.tmssweep.spark.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The {@code --out} location: a local directory or a Hadoop filesystem URI. */
final class OutDir {
    private OutDir() {
    }

    /**
     * Checks a local {@code --out} before anything is written and returns it as an absolute path
     * string (URIs with a scheme other than file: are passed through for Hadoop to resolve).
     */
    static String resolve(String out, boolean mustExist) {
        if (out == null || out.isBlank()) {
            throw new UserError("--out: must name a directory");
        }
        URI uri;
        try {
            uri = URI.create(out);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri != null && uri.getScheme() != null && uri.getScheme().length() > 1 && !"file".equals(uri.getScheme())) {
            return out;
        }
        Path p = uri != null && "file".equals(uri.getScheme()) ? Paths.get(uri) : Paths.get(out);
        p = p.toAbsolutePath().normalize();
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new UserError("--out: " + p + " is a file, not a directory");
        }
        if (mustExist && !Files.isDirectory(p)) {
            throw new UserError("--out: " + p + " does not exist (run a sweep into it first: tms run SPEC --out " + out + ")");
        }
        Path parent = p.getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent != null && (!Files.isDirectory(parent) || !Files.isWritable(parent)) && !Files.exists(p)) {
            throw new UserError("--out: cannot create " + p + " (" + parent + " is not a writable directory)");
        }
        return p.toString();
    }
}
