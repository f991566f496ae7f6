package org.tmssweep.spark.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tmssweep.spark.spec.SpecException;
import org.tmssweep.spark.spec.SpecParser;

/** The pure core of {@link ClaimsEngine} (no Spark session) and the registry's invariants. */
class ClaimsEngineTest {

    /** A SQL runner that records what it was asked and answers with fixed rows. */
    static final class Recorder implements Claim.Sql {
        final List<String> queries = new ArrayList<>();
        final List<Rec> answer;

        Recorder(List<Rec> answer) {
            this.answer = answer;
        }

        @Override
        public List<Rec> query(String sql) {
            queries.add(sql);
            return answer;
        }
    }

    /** A claim over {@code sql} that passes when its single row's x is positive. */
    static Claim sqlClaim(String id, int row, String sql) {
        return Claim.claim(id, row).says("s").paper("p").source("src").sql(sql)
                .judge("x > 0", rows -> rows.size() != 1 ? Judgement.nothing("one row")
                        : Judgement.of(rows.get(0).d("x") > 0, "x = %s", Judges.fmt(rows.get(0).d("x"))))
                .tolerance("t").build();
    }

    // ---------------------------------------------------------------- evaluate

    @Test
    void aMissingPresetIsNotRunListsItAndRunsNoSql() {
        Claim c = sqlClaim("r03.two-presets", 3, "SELECT x FROM a JOIN b WHERE a.sweep_id = {alpha} AND b.sweep_id = {beta}");
        Recorder sql = new Recorder(List.of(Rec.of("x", 1.0)));
        ClaimsEngine.Evaluation e = ClaimsEngine.evaluate(List.of(c), Map.of("alpha", "sweep-a"), sql);
        ClaimResult r = e.results().get(0);
        assertEquals(Verdict.NOT_RUN, r.verdict());
        assertTrue(r.measured().contains("beta"), r.measured());
        assertFalse(r.measured().contains("alpha"), "only the missing preset is listed: " + r.measured());
        assertEquals(List.of(), r.sweepIds());
        assertEquals(List.of(), sql.queries, "a NOT_RUN claim runs no SQL");
        assertEquals(1, e.count(Verdict.NOT_RUN));
        assertEquals(Map.of("alpha", "sweep-a"), e.sweeps());
    }

    @Test
    void everyMissingPresetIsListed() {
        Claim c = sqlClaim("r03.two-presets", 3, "SELECT x FROM a JOIN b WHERE a.sweep_id = {alpha} AND b.sweep_id = {beta}");
        Recorder sql = new Recorder(List.of());
        ClaimResult r = ClaimsEngine.evaluate(List.of(c), Map.of(), sql).results().get(0);
        assertEquals(Verdict.NOT_RUN, r.verdict());
        assertTrue(r.measured().contains("alpha") && r.measured().contains("beta"), r.measured());
        assertTrue(sql.queries.isEmpty());
    }

    @Test
    void everyRealSqlClaimIsNotRunOnAnEmptyDirectory() {
        Recorder sql = new Recorder(List.of());
        ClaimsEngine.Evaluation e = ClaimsEngine.evaluate(
                PaperClaims.all().stream().filter(c -> !c.presets().isEmpty()).toList(), Map.of(), sql);
        assertTrue(e.results().stream().allMatch(r -> r.verdict() == Verdict.NOT_RUN));
        assertTrue(sql.queries.isEmpty());
    }

    @Test
    void placeholdersBecomeQuotedSweepIds() {
        Claim c = sqlClaim("r01.sub", 1, "SELECT x FROM models WHERE sweep_id = {paper-intro} OR sweep_id = {paper-intro}");
        Recorder sql = new Recorder(List.of(Rec.of("x", 2.0)));
        ClaimsEngine.Evaluation e = ClaimsEngine.evaluate(List.of(c), Map.of("paper-intro", "20250101-abc"), sql);
        assertEquals(List.of("SELECT x FROM models WHERE sweep_id = '20250101-abc' OR sweep_id = '20250101-abc'"),
                sql.queries);
        assertEquals(Verdict.PASS, e.results().get(0).verdict());
        assertEquals("x = 2", e.results().get(0).measured());
        assertEquals(List.of("20250101-abc"), e.results().get(0).sweepIds());
    }

    @Test
    void aQuoteInASweepIdIsDoubledInsideTheSqlString() {
        Claim c = sqlClaim("r01.sub", 1, "SELECT x FROM models WHERE sweep_id = {paper-intro}");
        Recorder sql = new Recorder(List.of(Rec.of("x", 1.0)));
        ClaimsEngine.evaluate(List.of(c), Map.of("paper-intro", "it's"), sql);
        assertEquals(List.of("SELECT x FROM models WHERE sweep_id = 'it''s'"), sql.queries);
    }

    @Test
    void substituteTakesSweepIdsLiterally() {
        Map<String, String> sweeps = Map.of("a", "x$1\\y", "b.c-d_2", "B");
        assertEquals("SELECT 'x$1\\y', 'B', 'x$1\\y'", ClaimsEngine.substitute("SELECT {a}, {b.c-d_2}, {a}", sweeps));
        assertEquals("SELECT 1", ClaimsEngine.substitute("SELECT 1", sweeps));
        // Braces that are not a placeholder name stay.
        assertEquals("SELECT '{ }'", ClaimsEngine.substitute("SELECT '{ }'", sweeps));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> ClaimsEngine.substitute("SELECT {zzz}", sweeps));
        assertTrue(ex.getMessage().contains("zzz"), ex.getMessage());
    }

    @Test
    void everyRealClaimsSqlIsFullyResolved() {
        Map<String, String> sweeps = new LinkedHashMap<>();
        for (Claim c : PaperClaims.all()) {
            c.presets().forEach(p -> sweeps.put(p, "id-" + p));
        }
        Recorder sql = new Recorder(List.of());
        ClaimsEngine.evaluate(PaperClaims.all().stream().filter(c -> !c.presets().isEmpty()).toList(), sweeps, sql);
        assertEquals(PaperClaims.all().size() - ClaimCriteriaTest.COMPUTED.size(), sql.queries.size());
        for (String q : sql.queries) {
            assertTrue(Claim.placeholders(q).isEmpty(), "unresolved placeholder in " + q);
            assertTrue(q.contains("'id-paper-"), q);
        }
    }

    @Test
    void aThrowingRunnerIsAFailThatSaysWhy() {
        Claim c = sqlClaim("r01.sub", 1, "SELECT x FROM models WHERE sweep_id = {paper-intro}");
        ClaimsEngine.Evaluation e = ClaimsEngine.evaluate(List.of(c), Map.of("paper-intro", "s1"), sql -> {
            throw new IllegalStateException("table not found: models\nat line 2");
        });
        ClaimResult r = e.results().get(0);
        assertEquals(Verdict.FAIL, r.verdict());
        assertTrue(r.measured().startsWith("error:"), r.measured());
        assertTrue(r.measured().contains("IllegalStateException") && r.measured().contains("table not found"), r.measured());
        assertFalse(r.measured().contains("line 2"), "only the message's first line: " + r.measured());
        assertEquals(List.of("s1"), r.sweepIds());
    }

    @Test
    void aThrowingJudgeIsAFailThatSaysWhy() {
        Claim c = sqlClaim("r01.sub", 1, "SELECT x FROM models WHERE sweep_id = {paper-intro}");
        // The judge reads column x; these rows have none.
        ClaimsEngine.Evaluation e = ClaimsEngine.evaluate(List.of(c), Map.of("paper-intro", "s1"),
                new Recorder(List.of(Rec.of("y", 1.0))));
        ClaimResult r = e.results().get(0);
        assertEquals(Verdict.FAIL, r.verdict());
        assertTrue(r.measured().startsWith("error: IllegalArgumentException"), r.measured());
    }

    @Test
    void anExceptionWithoutMessageStillSaysError() {
        Claim c = sqlClaim("r01.sub", 1, "SELECT x FROM t WHERE s = {p}");
        ClaimResult r = ClaimsEngine.evaluate(List.of(c), Map.of("p", "s"), sql -> {
            throw new NullPointerException();
        }).results().get(0);
        assertEquals(Verdict.FAIL, r.verdict());
        assertTrue(r.measured().startsWith("error: NullPointerException"), r.measured());
    }

    @Test
    void oneFailureDoesNotStopTheOthers() {
        Claim bad = sqlClaim("r01.bad", 1, "SELECT x FROM t WHERE s = {bad}");
        Claim good = sqlClaim("r02.good", 2, "SELECT x FROM t WHERE s = {good}");
        Claim missing = sqlClaim("r03.missing", 3, "SELECT x FROM t WHERE s = {missing}");
        ClaimsEngine.Evaluation e = ClaimsEngine.evaluate(List.of(bad, good, missing), Map.of("bad", "B", "good", "G"),
                sql -> {
                    if (sql.contains("'B'")) {
                        throw new RuntimeException("boom");
                    }
                    return List.of(Rec.of("x", 1.0));
                });
        assertEquals(List.of(Verdict.FAIL, Verdict.PASS, Verdict.NOT_RUN),
                e.results().stream().map(ClaimResult::verdict).toList());
        assertEquals(List.of("r01.bad", "r02.good", "r03.missing"), e.results().stream().map(r -> r.claim().id()).toList());
        assertEquals(1, e.count(Verdict.PASS));
        assertEquals(1, e.count(Verdict.FAIL));
        assertEquals(1, e.count(Verdict.NOT_RUN));
    }

    @Test
    void aFailingJudgementIsAFail() {
        Claim c = sqlClaim("r01.sub", 1, "SELECT x FROM t WHERE s = {p}");
        ClaimResult r = ClaimsEngine.evaluate(List.of(c), Map.of("p", "s"), new Recorder(List.of(Rec.of("x", -1.0))))
                .results().get(0);
        assertEquals(Verdict.FAIL, r.verdict());
        assertEquals("x = -1", r.measured());
    }

    @Test
    void sweepIdsFollowThePresetsOrderNotTheMapOrder() {
        Claim c = sqlClaim("r03.order", 3, "SELECT x FROM t WHERE s IN ({zeta}, {alpha}, {mu}, {alpha})");
        assertEquals(List.of("zeta", "alpha", "mu"), c.presets());
        Map<String, String> sweeps = new LinkedHashMap<>();
        sweeps.put("alpha", "A");
        sweeps.put("mu", "M");
        sweeps.put("zeta", "Z");
        sweeps.put("unused", "U");
        ClaimResult r = ClaimsEngine.evaluate(List.of(c), sweeps, new Recorder(List.of(Rec.of("x", 1.0)))).results().get(0);
        assertEquals(List.of("Z", "A", "M"), r.sweepIds());

        Claim real = ClaimCriteriaTest.claim("r07.n-irrelevant");
        assertEquals(List.of(GeometryClaims.G20, GeometryClaims.G30), real.presets());
        ClaimResult rr = ClaimsEngine.evaluate(List.of(real), Map.of(GeometryClaims.G30, "id30", GeometryClaims.G20, "id20"),
                new Recorder(List.of())).results().get(0);
        assertEquals(List.of("id20", "id30"), rr.sweepIds());
    }

    @Test
    void computedClaimsRunWithoutPresetsOrSql() {
        Claim c = ClaimCriteriaTest.claim("r22.bound-shape");
        Recorder sql = new Recorder(List.of());
        ClaimResult r = ClaimsEngine.evaluate(List.of(c), Map.of(), sql).results().get(0);
        assertEquals(Verdict.PASS, r.verdict(), r.measured());
        assertEquals(List.of(), r.sweepIds());
        assertTrue(sql.queries.isEmpty());
    }

    // ---------------------------------------------------------------- the registry

    @Test
    void claimIdsAreUnique() {
        List<String> ids = PaperClaims.all().stream().map(Claim::id).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "duplicate ids in " + ids);
    }

    @Test
    void everyRowHasATitleAndAtLeastOneClaimAndClaimsComeInRowOrder() {
        List<Claim> all = PaperClaims.all();
        Set<Integer> rows = all.stream().map(Claim::row).collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> expected = Stream.iterate(1, k -> k + 1).limit(22).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, rows);
        assertEquals(expected, new TreeSet<>(PaperClaims.ROWS.keySet()));
        PaperClaims.ROWS.values().forEach(t -> assertFalse(t.isBlank()));
        for (int k = 1; k < all.size(); k++) {
            assertTrue(all.get(k - 1).row() <= all.get(k).row(), "row order at " + all.get(k).id());
        }
    }

    @Test
    void sqlClaimsReadTheirPlaceholdersAndComputedClaimsReadNothing() {
        for (Claim c : PaperClaims.all()) {
            boolean sql = c.measurement().regionMatches(true, 0, "SELECT ", 0, 7);
            assertEquals(!ClaimCriteriaTest.COMPUTED.contains(c.id()), sql, c.id() + ": SQL or computed?");
            if (sql) {
                assertFalse(c.presets().isEmpty(), c.id() + " reads no preset");
                assertEquals(Claim.placeholders(c.measurement()), c.presets(), c.id());
            } else {
                assertEquals(List.of(), c.presets(), c.id());
            }
        }
    }

    @Test
    void everyFigureNamesOneOfItsOwnPresets() {
        for (Claim c : PaperClaims.all()) {
            if (c.figure() == null) {
                assertTrue(c.presets().isEmpty(), c.id() + ": a SQL claim without a figure");
                continue;
            }
            int slash = c.figure().indexOf('/');
            assertTrue(slash > 0 && slash < c.figure().length() - 1, c.id() + ": figure must be preset/figure: " + c.figure());
            assertTrue(c.presets().contains(c.figure().substring(0, slash)),
                    c.id() + ": figure " + c.figure() + " is not of its presets " + c.presets());
        }
    }

    @Test
    void everyPresetIsAShippedPaperPreset() throws IOException, SpecException {
        Path dir = Paths.get("..", "deploy", "sweeps", "paper");
        Set<String> names = new HashSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("all.yaml")).toList();
        }
        for (Path f : files) {
            names.add(SpecParser.parse(f).name());
        }
        for (Claim c : PaperClaims.all()) {
            for (String p : c.presets()) {
                assertTrue(names.contains(p), c.id() + " reads " + p + ", which no preset under " + dir + " is named");
            }
        }
    }

    @Test
    void everyClaimHasItsTexts() {
        for (Claim c : PaperClaims.all()) {
            for (String s : new String[] {c.statement(), c.paper(), c.source(), c.measurement(), c.criterion(), c.tolerance()}) {
                assertNotNull(s, c.id());
                assertFalse(s.isBlank(), c.id());
            }
            assertTrue(c.id().startsWith(String.format("r%02d.", c.row())), c.id());
            if (c.differs() != null) {
                assertFalse(c.differs().isBlank(), c.id());
            }
        }
    }

    @Test
    void theBuilderRejectsMalformedClaims() {
        assertThrows(IllegalArgumentException.class, () -> sqlClaim("R01.bad", 1, "SELECT x FROM t WHERE s = {p}"));
        assertThrows(IllegalArgumentException.class, () -> sqlClaim("r02.wrong-row", 1, "SELECT x FROM t WHERE s = {p}"));
        assertThrows(IllegalArgumentException.class, () -> sqlClaim("r23.row", 23, "SELECT x FROM t WHERE s = {p}"));
        assertThrows(IllegalArgumentException.class, () -> Claim.claim("r01.no-text", 1).sql("SELECT 1")
                .judge("c", rows -> Judgement.nothing("x")).tolerance("t").build());
        Claim c = sqlClaim("r01.fine", 1, "SELECT x FROM t WHERE s = {p}");
        assertNull(c.figure());
        assertNull(c.differs());
    }

    @Test
    void placeholdersAreListedOnceInOrderOfAppearance() {
        assertEquals(List.of("b", "a"), Claim.placeholders("SELECT {b} {a} {b}"));
        assertEquals(List.of(), Claim.placeholders("SELECT 1"));
    }
}
