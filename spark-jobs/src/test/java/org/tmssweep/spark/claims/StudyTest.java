package org.tmssweep.spark.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The studies of the registry: id prefixes, the claims of each, and what a claim id may be. */
class StudyTest {

    static Claim claim(String id, int row) {
        return Claim.claim(id, row).says("s").paper("p").source("src").sql("SELECT x FROM t WHERE s = {p}")
                .judge("c", rows -> Judgement.nothing("x")).tolerance("t").build();
    }

    @Test
    void idPrefixesAndLookups() {
        assertEquals("r07.", Study.PAPER.idPrefix(7));
        assertEquals("r22.", Study.PAPER.idPrefix(22));
        assertEquals("m1.", Study.MEMORIZATION.idPrefix(1));
        assertEquals("d3.", Study.DICTIONARY.idPrefix(3));
        assertEquals(Study.PAPER, Study.ofId("r07.dense-optimum"));
        assertEquals(Study.MEMORIZATION, Study.ofId("m1.t-gons"));
        assertEquals(Study.DICTIONARY, Study.ofId("d1.anything"));
        assertThrows(IllegalArgumentException.class, () -> Study.ofId("x1.nothing"));
        assertThrows(IllegalArgumentException.class, () -> Study.ofId(""));
        for (Study s : Study.values()) {
            assertEquals(s, Study.ofCliName(s.cliName()));
            assertEquals(s, Study.ofCliName(s.cliName().toUpperCase(java.util.Locale.ROOT)));
        }
        assertThrows(IllegalArgumentException.class, () -> Study.ofCliName("all"));
        assertEquals(List.of("paper", "memorization", "dictionary"),
                java.util.Arrays.stream(Study.values()).map(Study::cliName).toList());
    }

    @Test
    void eachStudyHoldsItsOwnClaimsAndTitles() {
        assertEquals(PaperClaims.all(), Study.PAPER.claims());
        assertEquals(PaperClaims.ROWS, Study.PAPER.titles());
        assertEquals(22, Study.PAPER.sections());
        assertEquals(MemorizationClaims.all(), Study.MEMORIZATION.claims());
        assertEquals(MemorizationClaims.SECTION_TITLES, Study.MEMORIZATION.titles());
        assertEquals(DictionaryClaims.all(), Study.DICTIONARY.claims());
        assertEquals(DictionaryClaims.SECTION_TITLES, Study.DICTIONARY.titles());
        assertEquals(7, Study.DICTIONARY.sections());
        for (Study s : Study.values()) {
            for (Claim c : s.claims()) {
                assertEquals(s, c.study(), c.id());
                assertTrue(c.id().startsWith(s.idPrefix(c.row())), c.id());
                assertTrue(s.titles().containsKey(c.row()), c.id() + ": section without a title");
            }
        }
    }

    @Test
    void allStudiesTogetherKeepTheirOrderAndUniqueIds() {
        List<Claim> all = Study.claims(EnumSet.allOf(Study.class));
        List<Claim> expected = new ArrayList<>(PaperClaims.all());
        expected.addAll(MemorizationClaims.all());
        expected.addAll(DictionaryClaims.all());
        assertEquals(expected, all);
        assertEquals(all.size(), new HashSet<>(all.stream().map(Claim::id).toList()).size());
        assertEquals(MemorizationClaims.all(), Study.claims(Set.of(Study.MEMORIZATION)));
        assertEquals(DictionaryClaims.all(), Study.claims(Set.of(Study.DICTIONARY)));
    }

    @Test
    void claimIdsAreCheckedAgainstTheirStudy() {
        assertEquals(Study.MEMORIZATION, claim("m8.fine", 8).study());
        assertEquals(Study.PAPER, claim("r22.fine", 22).study());
        // a section beyond the study's
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> claim("m9.beyond", 9));
        assertTrue(e.getMessage().contains("1..8"), e.getMessage());
        // the paper's two digits, the others' one
        assertThrows(IllegalArgumentException.class, () -> claim("r7.one-digit", 7));
        assertThrows(IllegalArgumentException.class, () -> claim("m01.two-digits", 1));
        // id and row disagree
        assertThrows(IllegalArgumentException.class, () -> claim("m2.wrong-row", 1));
        assertEquals(Study.DICTIONARY, claim("d7.fine", 7).study());
        assertThrows(IllegalArgumentException.class, () -> claim("d8.beyond", 8));
        // unknown study letter, malformed names
        assertThrows(IllegalArgumentException.class, () -> claim("x1.unknown", 1));
        assertThrows(IllegalArgumentException.class, () -> claim("m1.Upper", 1));
        assertThrows(IllegalArgumentException.class, () -> claim("m1", 1));
    }
}
