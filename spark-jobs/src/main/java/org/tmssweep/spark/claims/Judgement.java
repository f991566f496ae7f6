package org.tmssweep.spark.claims;

import java.util.Locale;

/** What a criterion concluded: pass or not, and the measured value in words. */
public record Judgement(boolean pass, String measured) {
    public static Judgement of(boolean pass, String format, Object... args) {
        return new Judgement(pass, String.format(Locale.ROOT, format, args));
    }

    /** An empty or unusable measurement never passes. */
    public static Judgement nothing(String what) {
        return new Judgement(false, "no rows to judge: " + what);
    }
}
