package org.tmssweep.core.train;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place the trainer touches ND4J outside its kernels: kept in its own class so that loading the
 * trainer and training on the plain-Java kernels never loads an ND4J class (ND4J starts its native
 * back end on first use, which costs time and memory a plain-Java sweep does not need). It checks first that
 * ND4J's native jars for this platform are on the class path ({@link Nd4jNatives#require()}).
 */
final class NativeThreads {
    private NativeThreads() {
    }

    /**
     * Limits ND4J to one native thread for the calling task; idempotent. Throws {@link IllegalStateException}
     * with one line naming the missing jars when ND4J's natives for this platform are absent.
     */
    static void useOne() {
        Nd4jNatives.require();
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
    }
}
