package org.tmssweep.spark.claims;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Hand-made measurements by claim id, for a study's criteria test: for each claim one measurement that passes and
 * near misses that must fail; and the checks every such test runs on them (the passing one passes, every near miss
 * fails, no rows do not pass, the rows carry exactly the columns the claim's SQL selects).
 */
final class ClaimFixtures {

    /** A passing measurement and near misses that must fail. */
    record Fixture(List<Rec> pass, List<List<Rec>> fails) {
    }

    private final String owner;
    private final Map<String, Fixture> byId = new LinkedHashMap<>();

    /** @param owner the test class that fills these fixtures (named when a claim has none) */
    ClaimFixtures(String owner) {
        this.owner = owner;
    }

    /** The claims as named parameterized-test arguments. */
    static Stream<Arguments> arguments(Collection<Claim> claims) {
        return claims.stream().map(c -> Arguments.of(Named.of(c.id(), c)));
    }

    /** Adds claim {@code id}'s fixture; each claim has one. */
    @SafeVarargs
    final void put(String id, List<Rec> pass, List<Rec>... fails) {
        List<List<Rec>> failing = new ArrayList<>();
        for (List<Rec> rows : fails) {
            failing.add(List.copyOf(rows));
        }
        if (byId.put(id, new Fixture(List.copyOf(pass), List.copyOf(failing))) != null) {
            throw new IllegalStateException("two fixtures for " + id);
        }
    }

    Fixture of(Claim c) {
        Fixture f = byId.get(c.id());
        assertNotNull(f, "no fixture for claim " + c.id() + ": add one to " + owner);
        return f;
    }

    /** Asserts that the fixtures are exactly those of {@code claims}' ids. */
    void assertCoverExactly(List<Claim> claims) {
        Set<String> ids = claims.stream().map(Claim::id).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(ids, new TreeSet<>(byId.keySet()), "fixtures must cover exactly the registry's claims");
    }

    void assertPassingPasses(Claim c) {
        Judgement j = c.judge().apply(of(c).pass());
        assertTrue(j.pass(), () -> c.id() + " should pass; measured: " + j.measured());
        assertMeasuredText(c, j);
    }

    void assertNearMissesFail(Claim c) {
        List<List<Rec>> fails = of(c).fails();
        assertFalse(fails.isEmpty(), c.id() + " has no failing fixture");
        List<Executable> checks = new ArrayList<>();
        for (int k = 0; k < fails.size(); k++) {
            List<Rec> rows = fails.get(k);
            int n = k;
            checks.add(() -> {
                Judgement j = c.judge().apply(rows);
                assertFalse(j.pass(), () -> c.id() + " failing fixture #" + n + " passed; measured: " + j.measured());
                assertMeasuredText(c, j);
            });
        }
        assertAll(c.id(), checks);
    }

    static void assertEmptyDoesNotPass(Claim c) {
        Judgement j = c.judge().apply(List.of());
        assertFalse(j.pass(), () -> c.id() + " passed on no rows: " + j.measured());
    }

    void assertColumnsAreTheSqls(Claim c) {
        List<String> cols = ClaimCriteriaTest.selectedColumns(c.measurement());
        Fixture f = of(c);
        List<List<Rec>> all = new ArrayList<>(f.fails());
        all.add(0, f.pass());
        for (List<Rec> rows : all) {
            for (Rec r : rows) {
                assertEquals(cols, new ArrayList<>(r.values().keySet()), c.id() + ": fixture columns vs the SQL's");
            }
        }
    }

    private static void assertMeasuredText(Claim c, Judgement j) {
        assertFalse(j.measured() == null || j.measured().isBlank(), c.id() + ": measured text is empty");
    }

    /** The follow-up presets' directory, from the spark-jobs module. */
    static final Path FOLLOWUP_PRESETS = Paths.get("..", "deploy", "sweeps", "followups");

    /**
     * The names (from their {@code name:} lines) of the follow-up presets; PresetIdsGoldenTest checks that every
     * preset parses.
     */
    static Set<String> followupPresetNames() throws IOException {
        Set<String> names = new HashSet<>();
        Pattern name = Pattern.compile("(?m)^name:\\s*(\\S+)\\s*$");
        try (Stream<Path> s = Files.list(FOLLOWUP_PRESETS)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Matcher m = name.matcher(Files.readString(f));
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
