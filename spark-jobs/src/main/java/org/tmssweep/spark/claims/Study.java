package org.tmssweep.spark.claims;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A body of work whose claims the registry scores: a paper, or a group of follow-up experiments. A claim's
 * id starts with its study's letter and its section number ({@code r07.dense-optimum}: the paper, row 7;
 * {@code m1.t-gons}: the memorization study, claim 1), so an id alone names its study.
 *
 * <p>Each study keeps its claims and the titles of its sections in its own class
 * ({@link PaperClaims}, {@link MemorizationClaims}, {@link DictionaryClaims}); {@link #sections} bounds the
 * section numbers a claim may take.
 */
public enum Study {
    /** <i>Toy Models of Superposition</i> (Elhage et al. 2022): experiment rows 1-22 of docs/paper.md, ids r01..r22. */
    PAPER("paper", 'r', 2, 22),
    /**
     * <i>Superposition, Memorization, and Double Descent</i> (Henighan et al. 2023) and Jermyn's replication in
     * its comments: claims 1-8, ids m1..m8.
     */
    MEMORIZATION("memorization", 'm', 1, 8),
    /** Sparse dictionary learning on toy data with known features: ids d1, d2, ... (see {@link DictionaryClaims}). */
    DICTIONARY("dictionary", 'd', 1, DictionaryClaims.SECTIONS);

    private final String cliName;
    private final char letter;
    private final int digits;
    private final int sections;

    Study(String cliName, char letter, int digits, int sections) {
        this.cliName = cliName;
        this.letter = letter;
        this.digits = digits;
        this.sections = sections;
    }

    /** How {@code tms claims --study} and the {@code claims} table's {@code study} column name it. */
    public String cliName() {
        return cliName;
    }

    /** The first letter of its claims' ids. */
    public char letter() {
        return letter;
    }

    /** Its sections are numbered 1..sections. */
    public int sections() {
        return sections;
    }

    /** The id prefix of section {@code row}: {@code r07.}, {@code m1.}. */
    public String idPrefix(int row) {
        return letter + String.format(Locale.ROOT, "%0" + digits + "d", row) + ".";
    }

    /** Its claims, in section order. */
    public List<Claim> claims() {
        return switch (this) {
            case PAPER -> PaperClaims.all();
            case MEMORIZATION -> MemorizationClaims.all();
            case DICTIONARY -> DictionaryClaims.all();
        };
    }

    /** The title of each section, in order. */
    public Map<Integer, String> titles() {
        return switch (this) {
            case PAPER -> PaperClaims.ROWS;
            case MEMORIZATION -> MemorizationClaims.SECTION_TITLES;
            case DICTIONARY -> DictionaryClaims.SECTION_TITLES;
        };
    }

    /** The study an id belongs to, by its first letter. */
    public static Study ofId(String id) {
        if (id != null && !id.isEmpty()) {
            for (Study s : values()) {
                if (id.charAt(0) == s.letter) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("claim id must start with one of the studies' letters (r, m, d), got " + id);
    }

    /** The study {@code tms claims --study} names (case-insensitive). */
    public static Study ofCliName(String name) {
        for (Study s : values()) {
            if (s.cliName.equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("study must be one of paper, memorization, dictionary, got " + name);
    }

    /** The claims of {@code studies}, study by study in enum order; ids are unique across studies. */
    public static List<Claim> claims(Collection<Study> studies) {
        List<Claim> out = new ArrayList<>();
        for (Study s : values()) {
            if (studies.contains(s)) {
                out.addAll(s.claims());
            }
        }
        Set<String> ids = new HashSet<>();
        for (Claim c : out) {
            if (!ids.add(c.id())) {
                throw new IllegalStateException("duplicate claim id " + c.id());
            }
        }
        return List.copyOf(out);
    }
}
