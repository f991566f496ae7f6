package org.tmssweep.spark.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tmssweep.spark.Tolerances.F64;
import static org.tmssweep.spark.Tolerances.F64_ULPS;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmssweep.spark.grid.Grid;
import org.tmssweep.spark.grid.GridPoint;

/**
 * Paper-notes d.1 D6 and D7: the notebook's grid formulas, and the paper presets' value lists against them.
 */
class GridFormulasTest {
    /** D6 is published to 4 decimals. */
    private static final double FOUR_DECIMALS = 5e-5;
    /** D7 and the presets' lists are written to 6 decimals. */
    private static final double SIX_DECIMALS = 5e-7;

    @Test
    void d6NotebookDensities() {
        assertArrayEquals(new double[] {1, .7169, .5139, .3684, .2641, .1893, .1357, .0973, .0697, .05},
                GridFormulas.notebookDensities(10), FOUR_DECIMALS);
        assertArrayEquals(new double[] {1, .8541, .7295, .6231, .5322, .4546, .3883, .3316, .2833, .2419, .2067,
            .1765, .1508, .1288, .1100, .0939, .0802, .0685, .0585, .05}, GridFormulas.notebookDensities(20),
                FOUR_DECIMALS);
        double[] p = GridFormulas.notebookDensities(20);
        assertEquals(1.0, 1 / p[0], 0.0);
        assertEquals(20.0, 1 / p[19], F64, "1/p runs from 1 to 20");
        assertArrayEquals(new double[] {1}, GridFormulas.notebookDensities(1), 0.0);
    }

    @Test
    void d7Importances() {
        assertArrayEquals(new double[] {1, .9, .81, .729, .6561}, GridFormulas.powers(0.9, 5), F64);
        double[] nb = GridFormulas.geometricSpace(100, 100);
        assertEquals(1.0, nb[0], 0.0);
        assertEquals(0.954548, nb[1], SIX_DECIMALS);
        assertEquals(0.01, nb[99], F64_ULPS);
    }

    @Test
    void d7ImportanceDecayInASpecGivesThePowers() throws SpecException {
        SweepSpec spec = SpecParser.parse("name: d7\nn_features: 5\nn_hidden: 2\nimportance_decay: 0.9\n");
        GridPoint p = Grid.expand(spec).get(0);
        assertArrayEquals(GridFormulas.powers(0.9, 5), p.importance(), 0.0);
    }

    private static SweepSpec preset(String name) throws SpecException {
        Path f = Paths.get("..", "deploy", "sweeps", "paper", name);
        return SpecParser.parse(f);
    }

    private static double[] doubles(List<Object> values) {
        return values.stream().mapToDouble(v -> (Double) v).toArray();
    }

    @Test
    void paperPresetsListTheNotebookGrids() throws SpecException {
        assertArrayEquals(GridFormulas.sparsities(GridFormulas.notebookDensities(10)),
                doubles(preset("intro.yaml").get(Param.SPARSITY).values()), SIX_DECIMALS, "intro: 10 densities");
        for (String name : List.of("features-vs-sparsity.yaml", "geometry-notebook.yaml")) {
            assertArrayEquals(GridFormulas.sparsities(GridFormulas.notebookDensities(20)),
                    doubles(preset(name).get(Param.SPARSITY).values()), SIX_DECIMALS, name + ": 20 densities");
        }
        double[] importance = (double[]) preset("features-vs-sparsity.yaml").get(Param.IMPORTANCE).values().get(0);
        assertArrayEquals(GridFormulas.geometricSpace(100, 100), importance, SIX_DECIMALS,
                "features-vs-sparsity: importance 100^-linspace(0,1,100)");
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> GridFormulas.geometricSpace(0, 3));
        assertThrows(IllegalArgumentException.class, () -> GridFormulas.geometricSpace(20, 0));
        assertThrows(IllegalArgumentException.class, () -> GridFormulas.powers(-1, 3));
    }
}
