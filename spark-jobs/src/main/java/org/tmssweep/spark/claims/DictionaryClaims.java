package org.tmssweep.spark.claims;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims of {@link Study#DICTIONARY}: sparse dictionary learning on toy data with known features (Sharkey,
 * Braun and Millidge, "Taking features out of superposition with sparse autoencoders", and the work that
 * followed it). It has none yet. To add them:
 *
 * <ol>
 *   <li>set {@link #SECTIONS} to the number of checkable statements (sections), and give each a title in
 *       {@link #SECTION_TITLES} (1..SECTIONS, in order);</li>
 *   <li>add the claims in {@link #build()} with ids {@code d<section>.<name>} (e.g. {@code d1.recovers-features}),
 *       built like the other studies' ({@link MemorizationClaims} is one), reading their presets by name;</li>
 *   <li>give every claim passing and failing hand-made rows in a test, as the other studies' tests do.</li>
 * </ol>
 *
 * {@code tms claims --study dictionary} scores them; with none it prints an empty scorecard.
 */
public final class DictionaryClaims {
    private DictionaryClaims() {
    }

    /** Sections 1..SECTIONS; a claim's row must be one of them. */
    static final int SECTIONS = 0;

    /** Section number to title, in order. */
    public static final Map<Integer, String> SECTION_TITLES = new LinkedHashMap<>();

    private static final List<Claim> ALL = build();

    /** Every claim, in section order. */
    public static List<Claim> all() {
        return ALL;
    }

    private static List<Claim> build() {
        List<Claim> out = new ArrayList<>();
        out.sort(java.util.Comparator.comparingInt(Claim::row));
        return List.copyOf(out);
    }
}
