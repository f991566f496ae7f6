package org.tmssweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The check for ND4J's native jars: which resource marks each jar, what is missing for a platform whose natives
 * are absent, and the one line a run that needs them reports.
 */
class Nd4jNativesTest {
    private static final ClassLoader LOADER = Nd4jNativesTest.class.getClassLoader();

    @Test
    void eachJarIsMarkedByItsJniLibraryInThePlatformsFolder() {
        assertEquals(List.of("org/bytedeco/javacpp/linux-arm64/" + System.mapLibraryName("jnijavacpp"),
                "org/bytedeco/openblas/linux-arm64/" + System.mapLibraryName("jniopenblas"),
                "org/nd4j/linalg/cpu/nativecpu/bindings/linux-arm64/" + System.mapLibraryName("jnind4jcpu")),
                Nd4jNatives.JARS.stream().map(j -> j.resource("linux-arm64")).toList());
    }

    @Test
    void aPlatformWithoutNativesMissesEveryJarByItsCoordinates() {
        assertEquals(List.of("org.bytedeco:javacpp:windows-ppc64", "org.bytedeco:openblas:windows-ppc64",
                "org.nd4j:nd4j-native:windows-ppc64"), Nd4jNatives.missing("windows-ppc64", LOADER));
    }

    @Test
    void aLoaderThatSeesOneJarMissesTheOthers() {
        String platform = "linux-arm64";
        String javacpp = Nd4jNatives.JARS.get(0).resource(platform);
        ClassLoader onlyJavacpp = new ClassLoader(null) {
            @Override
            public URL getResource(String name) {
                return name.equals(javacpp) ? LOADER.getResource("org/tmssweep/core/train/Nd4jNatives.class") : null;
            }
        };
        assertEquals(List.of("org.bytedeco:openblas:linux-arm64", "org.nd4j:nd4j-native:linux-arm64"),
                Nd4jNatives.missing(platform, onlyJavacpp));
    }

    @Test
    void theJvmsAnswerIsTheCheckForItsPlatformAndPresentMeansNothingMissing() {
        assertEquals(Nd4jNatives.missing(Nd4jNatives.platform(), LOADER), Nd4jNatives.missing());
        assertEquals(Nd4jNatives.missing().isEmpty(), Nd4jNatives.present());
        assertEquals(Nd4jNatives.present(), Nd4jNatives.absentMessage() == null);
    }

    @Test
    void theMessageIsOneLineNamingThePlatformTheJarsAndTheFix() {
        String m = Nd4jNatives.absentMessage("linux-arm64",
                List.of("org.bytedeco:openblas:linux-arm64", "org.nd4j:nd4j-native:linux-arm64"));
        assertFalse(m.contains("\n"), m);
        assertTrue(m.startsWith("ND4J's native libraries for linux-arm64 are not on the class path (missing "
                + "org.bytedeco:openblas:linux-arm64, org.nd4j:nd4j-native:linux-arm64;"), m);
        assertTrue(m.contains("mvn -Djavacpp.platform=linux-arm64 -DskipTests package"), m);
        assertTrue(m.contains("n_hidden <= " + PackRun.JAVA_MODEL_MAX_NM), m);
    }
}
