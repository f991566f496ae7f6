package org.tmssweep.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmssweep.spark.claims.MemorizationClaims;
import org.tmssweep.spark.claims.Study;

/** tms claims' choice of study and its bad input (no Spark: every case fails before a session starts). */
class ClaimsCommandTest {
    @TempDir
    Path tmp;

    @Test
    void studiesByName() {
        assertEquals(EnumSet.of(Study.PAPER), ClaimsCommand.studies("paper"));
        assertEquals(EnumSet.of(Study.MEMORIZATION), ClaimsCommand.studies("Memorization"));
        assertEquals(EnumSet.of(Study.DICTIONARY), ClaimsCommand.studies("dictionary"));
        assertEquals(EnumSet.allOf(Study.class), ClaimsCommand.studies("all"));
        UserError e = assertThrows(UserError.class, () -> ClaimsCommand.studies("sequel"));
        assertTrue(e.getMessage().startsWith("--study:") && e.getMessage().contains("sequel"), e.getMessage());
    }

    @Test
    void aBadStudyOrMarkdownOfSeveralIsOneLineExitTwoAndWritesNothing() {
        TmsCliTest.Result bad = TmsCliTest.run("claims", "--out", tmp.toString(), "--study", "sequel");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().startsWith("tms: error: --study"), bad.err());
        TmsCliTest.Result all = TmsCliTest.run("claims", "--out", tmp.toString(), "--study", "all", "--format", "markdown");
        assertEquals(2, all.code(), all.err());
        assertTrue(all.err().contains("--format markdown") && all.err().contains("one study"), all.err());
        assertEquals(1, all.err().strip().lines().count(), all.err());
        assertFalse(Files.exists(tmp.resolve("claims")), "nothing written");
    }

    @Test
    void notesAreCheckedAgainstTheStudysClaims() throws IOException {
        Path notes = tmp.resolve("notes.md");
        Files.writeString(notes, "## m3.bias-norm\nWhy it fails.\n\n## m1.t-gons\nText.\n");
        Map<String, String> read = ClaimsCommand.readNotes(notes, MemorizationClaims.all());
        assertEquals(java.util.List.of("m3.bias-norm", "m1.t-gons"), java.util.List.copyOf(read.keySet()));
        assertTrue(read.get("m3.bias-norm").contains("Why it fails."));
        UserError e = assertThrows(UserError.class, () -> ClaimsCommand.readNotes(notes));
        assertTrue(e.getMessage().contains("m3.bias-norm") && e.getMessage().contains("line 1"), e.getMessage());
        TmsCliTest.Result paperNotes = TmsCliTest.run("claims", "--out", tmp.toString(), "--notes", notes.toString());
        assertEquals(2, paperNotes.code(), "the paper's claims have no m3.bias-norm: " + paperNotes.err());
    }
}
