package org.tmssweep.spark.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.spark.Tolerances.F64;
import static org.tmssweep.spark.Tolerances.F64_ULPS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Figures of rows 9-12: present only with their data, the lowest-loss seed's values where the data put them. */
class DataRuleFiguresTest {
    @TempDir
    Path tmp;

    /** Row 12 shape: 3 correlated pairs at two densities; seed 0 collapses k pairs, seed 1 (worse loss) none. */
    static SweepData collapseSweep() {
        List<ModelRow> models = new ArrayList<>();
        List<FeatureRow> features = new ArrayList<>();
        List<SetGeometryRow> sets = new ArrayList<>();
        double[] sparsity = {0.98, 0.5};
        for (int i = 0; i < 2; i++) {
            for (int seed = 0; seed < 2; seed++) {
                double[][] w = new double[6][];
                for (int f = 0; f < 6; f++) {
                    double a = Math.PI / 3 * (f / 2) + (f % 2) * 0.3;
                    w[f] = new double[] {Math.cos(a), Math.sin(a)};
                }
                Fixtures.Model m = Fixtures.model("s-sets", "p" + i, seed, "relu_output", sparsity[i], 1.0, w,
                        Fixtures.constant(6, -0.1), 0.01 * (seed + 1), "ok");
                models.add(m.row());
                features.addAll(m.features());
                int collapsedPairs = seed == 0 ? (i == 0 ? 0 : 3) : 0;
                for (int s = 0; s < 3; s++) {
                    boolean c = s < collapsedPairs;
                    sets.add(new SetGeometryRow("s-sets", "p" + i, seed, s, "correlated", (2 * s) + "," + (2 * s + 1),
                            sparsity[i], c ? 1 : 0, c ? "collapsed" : "other"));
                }
            }
        }
        return new SweepData(Fixtures.sweep("s-sets", "sets"), models, features, DerivedRows.EMPTY.withSetGeometry(sets));
    }

    @Test
    void collapsedPairsFollowTheLowestLossSeed() {
        ChartFigure fig = DataRuleFigures.collapse(collapseSweep()).orElseThrow();
        XYDataset d = fig.chart().getXYPlot().getDataset();
        assertEquals(1, d.getSeriesCount());
        assertEquals(2, d.getItemCount(0));
        assertEquals(1 - 0.98, d.getXValue(0, 0), F64);
        assertEquals(0.0, d.getYValue(0, 0));
        assertEquals(0.5, d.getXValue(0, 1), F64);
        assertEquals(3.0, d.getYValue(0, 1));
    }

    @Test
    void setsColourTheEmbeddingsAndTheFiguresAreWritten() throws Exception {
        SweepData sweep = collapseSweep();
        PanelGrid grid = DataRuleFigures.embeddings(sweep).orElseThrow();
        assertEquals(2, grid.panels().size());
        // densest first, as in every figure of the report
        assertTrue(grid.panels().get(0).getTitle().getText().contains("coll coll coll"),
                grid.panels().get(0).getTitle().getText());
        assertTrue(grid.panels().get(1).getTitle().getText().contains("othe othe othe"),
                grid.panels().get(1).getTitle().getText());
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, DataRuleFigures.setOf(6, sweep.derived().setGeometry()
                .stream().filter(r -> r.seed() == 0 && r.pointId().equals("p0")).toList()));
        List<Path> files = FigureWriter.write(grid, tmp, "feature-sets");
        assertEquals(2, files.size());
        assertTrue(ImageIO.read(tmp.resolve("feature-sets.png").toFile()).getWidth() > 0);
        assertTrue(Files.readString(tmp.resolve("feature-sets.svg")).contains("<svg"));
        assertFalse(DataRuleFigures.perturbed(sweep).isPresent(), "no varied feature in this sweep");
    }

    @Test
    void withoutSetsOrAVariedFeatureThereIsNoFigure() {
        ReportData toy = Fixtures.toySweep("s-toy");
        SweepData sweep = toy.bySweep().get(0);
        assertFalse(DataRuleFigures.embeddings(sweep).isPresent());
        assertFalse(DataRuleFigures.perturbed(sweep).isPresent());
        assertFalse(DataRuleFigures.collapse(sweep).isPresent());
    }

    @Test
    void perturbedFeaturePlotsLossAndItsNormAgainstItsDensity() {
        List<ModelRow> models = new ArrayList<>();
        List<FeatureRow> features = new ArrayList<>();
        double[] p0 = {0.005, 1 - 0.95, 0.2}; // the middle point: feature 0 at the others' density
        for (int i = 0; i < 3; i++) {
            double[][] w = i == 0 ? Fixtures.antipodalPairs() : Fixtures.pentagon(1.1);
            if (i == 0) { // feature 0 dropped, the other four as two digons
                w = new double[][] {{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}};
            }
            Fixtures.Model m = Fixtures.model("s-p9", "q" + i, 0, "relu_output", 0.95, 1.0, w,
                    Fixtures.constant(5, -0.1), 0.001 * (i + 1), "ok");
            models.add(m.row());
            for (FeatureRow f : m.features()) {
                features.add(f.feature() != 0 ? f : new FeatureRow(f.sweepId(), f.pointId(), f.seed(), 0,
                        f.importance(), p0[i], f.norm(), f.interference(), f.dimensionality(), f.bias(), f.embedding()));
            }
        }
        SweepData sweep = new SweepData(Fixtures.sweep("s-p9", "p9"), models, features);
        PanelGrid grid = DataRuleFigures.perturbed(sweep).orElseThrow();
        XYDataset loss = grid.panels().get(0).getXYPlot().getDataset();
        assertEquals(3, loss.getItemCount(0));
        assertEquals(0.005, loss.getXValue(0, 0));
        assertEquals(0.001, loss.getYValue(0, 0), F64_ULPS);
        XYDataset norms = grid.panels().get(1).getXYPlot().getDataset();
        assertEquals(0.0, norms.getYValue(0, 0), F64, "dropped varied feature");
        assertEquals(1.1, norms.getYValue(0, 2), F64);
        assertEquals(4.0, norms.getYValue(1, 0), "represented features");
        assertEquals(5.0, norms.getYValue(1, 2));
        assertEquals(3, DataRuleFigures.embeddings(sweep).orElseThrow().panels().size());
    }
}
