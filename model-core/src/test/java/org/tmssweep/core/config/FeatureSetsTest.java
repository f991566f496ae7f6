package org.tmssweep.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.core.Tolerances.F64_ULPS;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Feature sets as part of a spec's identity, and the rule's meaning. */
class FeatureSetsTest {
    static final TrainConfig CFG = TrainConfig.builder().steps(10).batchSize(8).lr(1e-3).init(InitScheme.XAVIER)
            .notebookInstances(10).evalSamples(64).build();
    static final double[] P = {0.1, 0.1, 0.1, 0.1};
    static final double[] I = {1, 1, 1, 1};

    @Test
    void setsArePartOfTheSpecIdentity() {
        ModelSpec plain = new ModelSpec(ModelKind.RELU_OUTPUT, 4, 2, P, I, CFG, 3);
        assertEquals(plain, new ModelSpec(ModelKind.RELU_OUTPUT, 4, 2, P, I, CFG, 3, FeatureSets.NONE));
        assertEquals(plain.hashCode(), new ModelSpec(ModelKind.RELU_OUTPUT, 4, 2, P, I, CFG, 3, FeatureSets.NONE).hashCode());
        FeatureSets sets = FeatureSets.of(List.of(List.of(0, 1)), List.of(), AnticorrelationRule.PAPER);
        ModelSpec withSets = new ModelSpec(ModelKind.RELU_OUTPUT, 4, 2, P, I, CFG, 3, sets);
        assertNotEquals(plain, withSets);
        assertEquals(plain.shapeKey(), withSets.shapeKey(), "sets do not stop two specs sharing a pack");
        assertTrue(withSets.toString().endsWith(" sets=correlated[0,1]]"), withSets.toString());
    }

    @Test
    void theRuleOnlyCountsWithAnticorrelatedSets() {
        assertEquals(FeatureSets.of(List.of(List.of(0, 1)), List.of(), AnticorrelationRule.ARENA),
                FeatureSets.of(List.of(List.of(0, 1)), List.of(), AnticorrelationRule.PAPER));
        assertNotEquals(FeatureSets.of(List.of(), List.of(List.of(0, 1)), AnticorrelationRule.ARENA),
                FeatureSets.of(List.of(), List.of(List.of(0, 1)), AnticorrelationRule.PAPER));
        // paper: member density p/k; arena: p
        assertEquals(0.1 / 3, AnticorrelationRule.PAPER.memberProbability(3, 0.1), F64_ULPS);
        assertEquals(0.1, AnticorrelationRule.ARENA.memberProbability(3, 0.1), F64_ULPS);
    }

    @Test
    void aSpecRejectsSetsThatDoNotFitIt() {
        FeatureSets tooFar = FeatureSets.of(List.of(List.of(2, 4)), List.of(), AnticorrelationRule.PAPER);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ModelSpec(ModelKind.RELU_OUTPUT, 4, 2, P, I, CFG, 3, tooFar));
        assertEquals("correlated[2,4]: feature indices must be < n_features = 4, got 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ModelSpec(ModelKind.RELU_OUTPUT, 4, 2, P, I, CFG, 3, null));
        assertEquals("feature_sets: is required", e.getMessage());
    }
}
