package org.tmssweep.spark.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tmssweep.spark.grid.SweepPlan;

/**
 * Every shipped preset under deploy/sweeps parses and expands, and no two share a sweep name. Each runs under the
 * default size limits except those listed in {@link #ABOVE_DEFAULT_LIMITS}, which the defaults must refuse (so the
 * list stays true) and which their header comments say how to run.
 */
class PresetsTest {
    /** Presets, by path under deploy/sweeps, whose largest model is above the default --max-model-memory. */
    static final Set<String> ABOVE_DEFAULT_LIMITS = Set.of("followups/double-descent-paper.yaml",
            "followups/double-descent-paper-part.yaml");

    static List<Path> presets() throws IOException {
        Path root = Paths.get("..", "deploy", "sweeps");
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everyPresetIsAValidSpec() throws Exception {
        List<Path> files = presets();
        assertTrue(files.size() >= 10, "presets found: " + files);
        Set<String> names = new HashSet<>();
        for (Path f : files) {
            if (SpecSuite.read(f).isPresent()) {
                continue;
            }
            String key = Paths.get("..", "deploy", "sweeps").relativize(f).toString().replace('\\', '/');
            boolean above = ABOVE_DEFAULT_LIMITS.contains(key);
            if (above) {
                SpecException refused = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
                        () -> SpecParser.parse(f), key + " is listed as above the default limits");
                assertTrue(refused.getMessage().contains("--max-model-memory"), refused.getMessage());
            }
            SweepSpec spec;
            try {
                spec = SpecParser.parse(f, above ? SpecLimits.NONE : SpecLimits.DEFAULT);
            } catch (SpecException e) {
                throw new AssertionError(f + ": " + e.getMessage(), e);
            }
            assertTrue(names.add(spec.name()), "duplicate sweep name " + spec.name() + " in " + f);
            SweepPlan plan = SweepPlan.of(spec);
            if (plan.sae() == null) {
                assertFalse(plan.points().isEmpty(), f.toString());
                assertEquals(spec.pointCount() * spec.seeds(), plan.modelCount(), f.toString());
            } else { // an SAE sweep: every assignment x seed x SAE seed is an SAE, plus the toy models it reads
                assertEquals(spec.pointCount() * spec.seeds() * spec.saeSeeds(), plan.sae().saes().size(),
                        f.toString());
                assertEquals(plan.points().size() + plan.sae().saes().size(), plan.modelCount(), f.toString());
            }
        }
    }

    @Test
    void thePaperSuiteRunsEveryPaperPresetOnce() throws Exception {
        Path dir = Paths.get("..", "deploy", "sweeps", "paper").toAbsolutePath().normalize();
        Path all = dir.resolve("all.yaml");
        SpecSuite suite = SpecSuite.read(all).orElseThrow(() -> new AssertionError(all + " is not a suite"));
        Set<Path> others;
        try (Stream<Path> s = Files.list(dir)) {
            others = s.filter(p -> p.toString().endsWith(".yaml") && !p.equals(all)).collect(Collectors.toSet());
        }
        assertEquals(others, Set.copyOf(suite.members()), "all.yaml must list every other paper preset");
        assertEquals(others.size(), suite.members().size());
    }

    @Test
    void suitesAreValidatedWithTheFieldNamed(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path spec = Files.writeString(tmp.resolve("s.yaml"), "name: x\nsuite: [a.yaml, ./a.yaml]\n");
        SpecException twice = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class, () -> SpecSuite.read(spec));
        assertEquals("suite[1]: './a.yaml' is listed twice", twice.getMessage());
        Files.writeString(spec, "name: x\nsuite: []\n");
        assertEquals("suite: must be a non-empty list of spec files, got a list []",
                org.junit.jupiter.api.Assertions.assertThrows(SpecException.class, () -> SpecSuite.read(spec)).getMessage());
        Files.writeString(spec, "name: x\nsteps: 3\nsuite: [a.yaml]\n");
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(SpecException.class, () -> SpecSuite.read(spec))
                .getMessage().startsWith("steps: unknown key in a suite"));
        Files.writeString(spec, "name: x\nn_features: 3\n");
        assertTrue(SpecSuite.read(spec).isEmpty(), "a spec is not a suite");
    }

    @Test
    void theDemoPresetIsTheReadmeSpec() throws Exception {
        SweepSpec demo = SpecParser.parse(Paths.get("..", "deploy", "sweeps", "demo.yaml"));
        assertEquals(SpecParser.parse(SpecParserTest.DEMO.replace("name: demo\n", "name: demo\ndescription: \""
                + demo.description() + "\"\n")).specHash(), demo.specHash());
    }

    @Test
    void theLearningDynamicsPresetRecordsCurvesOfAllDigonModels() throws Exception {
        SweepSpec spec = SpecParser.parse(Paths.get("..", "deploy", "sweeps", "paper", "learning-dynamics.yaml"));
        assertTrue(spec.recordsCurves(), "row 13 needs the curves table");
        int steps = (Integer) spec.get(Param.TRAIN_STEPS).values().get(0);
        assertTrue(spec.curveEvery() <= 50 && steps / spec.curveEvery() >= 40,
                "curve points every " + spec.curveEvery() + " of " + steps + " steps: too coarse to see the jumps");
        // uniform superposition: equal importance, and n = 2m so that every feature can end in a digon
        assertEquals(1.0, spec.get(Param.IMPORTANCE_DECAY).values().get(0));
        assertEquals(2 * (Integer) spec.get(Param.N_HIDDEN).values().get(0), spec.get(Param.N_FEATURES).values().get(0));
    }
}
