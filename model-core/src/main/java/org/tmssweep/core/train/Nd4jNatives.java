package org.tmssweep.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bytedeco.javacpp.Loader;

/**
 * Whether the native libraries that ND4J's kernels load are on the class path for the platform this JVM runs
 * on. Each comes in a jar of its own with the platform as Maven classifier (nd4j-native, OpenBLAS, JavaCPP),
 * picked at build time (the root pom's nd4j-* profiles, or {@code -Djavacpp.platform}), so a jar built for
 * another platform holds other natives. The check looks for the JNI library JavaCPP unpacks from each jar, under
 * the platform directory JavaCPP would read ({@link Loader#getPlatform()}: from {@code os.name} and
 * {@code os.arch}, or {@code -Dorg.bytedeco.javacpp.platform}), and never loads an ND4J class, so a plain-Java
 * sweep can call it freely; the answer is computed once per JVM.
 */
public final class Nd4jNatives {
    /**
     * One native jar: its Maven {@code groupId:artifactId}, the resource folder its libraries sit in (one
     * sub-folder per platform) and the JNI library whose presence marks it.
     */
    record NativeJar(String artifact, String folder, String library) {
        NativeJar {
            Objects.requireNonNull(artifact, "artifact");
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(library, "library");
        }

        /** The library's resource name for {@code platform}, e.g. {@code org/bytedeco/javacpp/linux-x86_64/libjnijavacpp.so}. */
        String resource(String platform) {
            return folder + "/" + platform + "/" + System.mapLibraryName(library);
        }

        /** {@code groupId:artifactId:classifier}, the jar as Maven names it (without its version). */
        String coordinates(String platform) {
            return artifact + ":" + platform;
        }
    }

    /** The jars ND4J's CPU back end needs at run time, in the order it loads them. */
    static final List<NativeJar> JARS = List.of(
            new NativeJar("org.bytedeco:javacpp", "org/bytedeco/javacpp", "jnijavacpp"),
            new NativeJar("org.bytedeco:openblas", "org/bytedeco/openblas", "jniopenblas"),
            new NativeJar("org.nd4j:nd4j-native", "org/nd4j/linalg/cpu/nativecpu/bindings", "jnind4jcpu"));

    private static volatile List<String> missing;

    private Nd4jNatives() {
    }

    /** JavaCPP's name for this JVM's platform, e.g. {@code linux-x86_64}: the classifier its native jars need. */
    public static String platform() {
        return Loader.getPlatform();
    }

    /**
     * The native jars ({@code groupId:artifactId:classifier}) whose library for {@code platform} {@code loader}
     * cannot find; empty when ND4J can load there.
     */
    static List<String> missing(String platform, ClassLoader loader) {
        List<String> absent = new ArrayList<>();
        for (NativeJar jar : JARS) {
            if (loader.getResource(jar.resource(platform)) == null) {
                absent.add(jar.coordinates(platform));
            }
        }
        return List.copyOf(absent);
    }

    /** {@link #missing(String, ClassLoader)} for this JVM's platform and this class's loader; computed once. */
    public static List<String> missing() {
        List<String> m = missing;
        if (m == null) {
            m = missing(platform(), Nd4jNatives.class.getClassLoader());
            missing = m;
        }
        return m;
    }

    /** True iff every native jar ND4J needs on this platform is on the class path. */
    public static boolean present() {
        return missing().isEmpty();
    }

    /**
     * One line saying which native jars are missing for {@code platform} and how to get them; what a run that
     * needs ND4J without them reports.
     */
    static String absentMessage(String platform, List<String> absent) {
        return "ND4J's native libraries for " + platform + " are not on the class path (missing "
                + String.join(", ", absent) + "; this build's natives are for another platform, or were left out): "
                + "build for this platform (mvn -Djavacpp.platform=" + platform + " -DskipTests package), "
                + "or keep the sweep on the plain-Java kernels (e.g. tied models without l1 and n_features x "
                + "n_hidden <= " + PackRun.JAVA_MODEL_MAX_NM + ")";
    }

    /** {@link #absentMessage(String, List)} for this JVM; null when the natives are present. */
    public static String absentMessage() {
        List<String> absent = missing();
        return absent.isEmpty() ? null : absentMessage(platform(), absent);
    }

    /**
     * Throws {@link IllegalStateException} with {@link #absentMessage()} unless the natives are present: called
     * before ND4J's first use, so that a missing jar is one line instead of a failed native link.
     */
    public static void require() {
        String message = absentMessage();
        if (message != null) {
            throw new IllegalStateException(message);
        }
    }
}
