package org.tmssweep.spark.spec;

/**
 * A sweep spec that cannot be used. The message is one line: {@code <path>: <what is wrong>}, where
 * path is the dotted/indexed location of the offending field ({@code train.lr},
 * {@code sparsity[2]}) or empty for a problem with the whole file.
 */
public final class SpecException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String path;

    public SpecException(String path, String problem) {
        super(path == null || path.isEmpty() ? problem : path + ": " + problem);
        this.path = path == null ? "" : path;
    }

    public SpecException(String path, String problem, Throwable cause) {
        this(path, problem);
        initCause(cause);
    }

    /** Location of the offending field, e.g. {@code train.lr}; empty for the whole spec. */
    public String path() {
        return path;
    }
}
