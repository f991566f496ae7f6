package org.tmssweep.spark.report;

/** Makes AWT headless unless the caller decided otherwise; call before any AWT use. */
final class Headless {
    private static final String KEY = "java.awt.headless";

    private Headless() {
    }

    static void ensure() {
        if (System.getProperty(KEY) == null) {
            System.setProperty(KEY, "true");
        }
    }
}
