package org.tmssweep.spark.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every SQL measurement of every study parses with Spark's own parser, its presets replaced as the engine
 * replaces them. The hand-made measurements of the claims tests never run the SQL, so without this a claim whose
 * SQL does not parse is found only by a run of its presets; and a claim that fails to evaluate is a FAIL that
 * says why, not an error that stops the others (the report, the claims table).
 */
class ClaimSqlParsesTest {

    static Stream<Claim> sqlClaims() {
        return Study.claims(EnumSet.allOf(Study.class)).stream().filter(c -> !c.presets().isEmpty());
    }

    @ParameterizedTest
    @MethodSource("sqlClaims")
    void theMeasurementParses(Claim c) {
        Map<String, String> sweeps = new LinkedHashMap<>();
        for (String p : c.presets()) {
            sweeps.put(p, p + "-0123456789ab");
        }
        String sql = ClaimsEngine.substitute(c.measurement(), sweeps);
        CatalystSqlParser$.MODULE$.parsePlan(sql);
    }

    @org.junit.jupiter.api.Test
    void aClaimWhoseSqlCannotBeParsedIsAFailThatSaysWhyAndTheOthersAreStillJudged() {
        List<Claim> two = sqlClaims().filter(c -> c.study() == Study.MEMORIZATION).limit(2).toList();
        Map<String, String> sweeps = new LinkedHashMap<>();
        two.forEach(c -> c.presets().forEach(p -> sweeps.put(p, p + "-0123456789ab")));
        int[] calls = {0};
        ClaimsEngine.Evaluation e = ClaimsEngine.evaluate(two, sweeps, sql -> {
            if (calls[0]++ == 0) {
                CatalystSqlParser$.MODULE$.parsePlan("SELECT a AS b FROM t GROUP BY a AS b");
            }
            return List.of();
        });
        assertEquals(2, e.results().size());
        assertEquals(Verdict.FAIL, e.results().get(0).verdict());
        assertTrue(e.results().get(0).measured().startsWith("error: ParseException"), e.results().get(0).measured());
        assertEquals(Verdict.FAIL, e.results().get(1).verdict(), "judged on no rows: not a pass");
        assertTrue(!e.results().get(1).measured().startsWith("error: ParseException"), e.results().get(1).measured());
    }
}
