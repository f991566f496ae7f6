package org.tmssweep.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.spec.SpecParser;

/** Which local runs are refused when ND4J's natives are absent: those with a toy model on an ND4J kernel. */
class Nd4jNativesCheckTest {
    private static final Path SPEC = Path.of("s.yaml");
    private static final String ABSENT = "ND4J's native libraries for p are not on the class path (...)";

    private static SweepPlan plan(String model, int n, int m) throws Exception {
        return SweepPlan.of(SpecParser.parse("name: t\nmodel: " + model + "\nn_features: " + n + "\nn_hidden: " + m
                + "\nsparsity: [0.0, 0.9]\nseeds: 2\ntrain: {steps: 10}\n"));
    }

    @Test
    void aLocalRunWithNd4jModelsIsRefusedCountingThem() throws Exception {
        List<SweepPlan> plans = List.of(plan("relu_output", 6, 2), plan("relu_output", 40, 20));
        assertEquals("s.yaml: 4 of 8 toy models train on an ND4J kernel, but " + ABSENT,
                Nd4jNativesCheck.refusal(SPEC, plans, "local[2]", ABSENT));
        assertEquals("s.yaml: 4 of 4 toy models train on an ND4J kernel, but " + ABSENT,
                Nd4jNativesCheck.refusal(SPEC, List.of(plan("abs", 6, 2)), "local", ABSENT));
    }

    @Test
    void plainJavaSweepsPresentNativesAndClustersGoOn() throws Exception {
        assertNull(Nd4jNativesCheck.refusal(SPEC, List.of(plan("relu_output", 20, 5)), "local[*]", ABSENT));
        assertNull(Nd4jNativesCheck.refusal(SPEC, List.of(plan("abs", 6, 2)), "local[*]", null));
        assertNull(Nd4jNativesCheck.refusal(SPEC, List.of(plan("abs", 6, 2)), "spark://h:7077", ABSENT));
    }
}
