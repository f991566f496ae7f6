package org.tmssweep.spark.claims;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks of a follow-up study's claims on its hand-made measurements ({@link ClaimFixtures}), for every claim
 * of its registry: fixtures cover exactly the registry, the passing measurement passes, every near miss fails, no
 * rows do not pass, the rows carry exactly the columns the claim's SQL selects. A subclass names the registry and
 * its fixtures and adds its study's own tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StudyClaimsTestBase {

    /** The study's claims. */
    abstract List<Claim> registry();

    /** The study's fixtures, by claim id. */
    abstract ClaimFixtures fixtures();

    Stream<Arguments> claims() {
        return ClaimFixtures.arguments(registry());
    }

    @Test
    void everyClaimHasFixturesAndNoFixtureIsStale() {
        fixtures().assertCoverExactly(registry());
    }

    @ParameterizedTest
    @MethodSource("claims")
    void passingMeasurementPasses(Claim c) {
        fixtures().assertPassingPasses(c);
    }

    @ParameterizedTest
    @MethodSource("claims")
    void nearMissMeasurementsFail(Claim c) {
        fixtures().assertNearMissesFail(c);
    }

    @ParameterizedTest
    @MethodSource("claims")
    void emptyMeasurementDoesNotPass(Claim c) {
        ClaimFixtures.assertEmptyDoesNotPass(c);
    }

    @ParameterizedTest
    @MethodSource("claims")
    void fixtureRowsHaveExactlyTheColumnsTheSqlSelects(Claim c) {
        fixtures().assertColumnsAreTheSqls(c);
    }
}
