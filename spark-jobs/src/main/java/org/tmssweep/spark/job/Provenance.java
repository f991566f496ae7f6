package org.tmssweep.spark.job;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions of the code and libraries a sweep ran with, read from the classpath. */
public final class Provenance {
    private Provenance() {
    }

    /** This build's version ({@code project.version}). */
    public static String codeVersion() {
        String v = props("/org/tmssweep/spark/version.properties").getProperty("version");
        return v == null || v.startsWith("${") ? "unknown" : v;
    }

    /** Git commit the launcher found ({@code -Dtms.git.commit}), or "unknown". */
    public static String gitCommit() {
        return System.getProperty("tms.git.commit", "unknown");
    }

    /** Version recorded in a jar's Maven metadata, or "unknown". */
    public static String mavenVersion(String groupId, String artifactId) {
        String v = props("/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties").getProperty("version");
        return v == null ? "unknown" : v;
    }

    public static String nd4jVersion() {
        return mavenVersion("org.nd4j", "nd4j-native");
    }

    public static String blas() {
        return "openblas " + mavenVersion("org.bytedeco", "openblas");
    }

    private static Properties props(String resource) {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // leave empty: provenance falls back to "unknown"
        }
        return p;
    }
}
