package org.tmssweep.spark.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.tmssweep.spark.grid.SweepPlan;

/**
 * tms plan of the shipped presets: an SAE sweep's SAEs, toy models, tasks and cost; a finite-dataset sweep's step
 * batch (T, not train.batch_size) with each model's T and K.
 */
class PlanSaeTest {
    static String plan(String preset) {
        SweepPlan plan = Specs.plan(Paths.get("..", "deploy", "sweeps", "followups", preset));
        StringWriter out = new StringWriter();
        PlanCommand.print(plan, 3, new PrintWriter(out, true));
        return out.toString();
    }

    @Test
    void aToySaeSweepShowsItsSaesToyModelsTasksAndCost() {
        String text = plan("sae-toy-5-2.yaml");
        assertTrue(text.contains("saes       2 SAE points x 5 SAE seed(s) = 10 SAEs on toy data\n"), text);
        assertTrue(text.contains("toy models 1 (1 point(s) x 1 seed(s)), trained in the SAE tasks\n"), text);
        assertTrue(text.contains("tasks      1 (one per toy model with the SAEs over it)\n"), text);
        // 10 SAEs x 6 x 1024 x 5 x 2 x 10,000 and one toy model of 6 x 1024 x 5 x 2 x 10,000
        assertTrue(text.contains("cost       ~6.76 GMAC: SAEs ~6.14 GMAC (6·batch·k·d per SAE step), toy models"
                + " ~0.614 GMAC"), text);
        assertTrue(text.contains("  sae.resample               2 values: none, arena\n"), text);
        assertTrue(text.contains("... 7 more (use --limit 0 to list all)"), text);
    }

    @Test
    void aSyntheticSaeSweepHasNoToyModels() {
        String text = plan("sae-sharkey-full.yaml");
        assertTrue(text.contains("saes       136 SAE points x 1 SAE seed(s) = 136 SAEs on synthetic data\n"), text);
        assertTrue(text.contains("tasks      17 (one per group of SAEs that differ only in size)\n"), text);
        assertTrue(text.contains("cost       ~4.36e+06 GMAC: SAEs ~4.36e+06 GMAC"), text);
        assertTrue(!text.contains("toy models"), text);
    }

    @Test
    void aFiniteDatasetSweepListsTheStepBatchAndEachModelsTAndK() {
        SweepPlan plan = Specs.plans(Paths.get("..", "deploy", "sweeps", "followups", "double-descent-paper-part.yaml"),
                org.tmssweep.spark.spec.SpecLimits.NONE).get(0);
        StringWriter out = new StringWriter();
        PlanCommand.print(plan, 3, new PrintWriter(out, true));
        String text = out.toString();
        java.util.List<String> lines = text.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("grid_index")).findFirst().orElseThrow());
        assertTrue(lines.get(header).matches(".* batch +lr +dataset_size +dataset_seed"), lines.get(header));
        // the first model: T = 1,000 (listed first), K = 0, a full-batch step of its 1,000 points; then T = 3, K = 0
        assertTrue(lines.get(header + 2).matches(" +0 +0 +\\w{16} +0 +relu_output +10000 +2 +0\\.999 +decay 1\\.0 +50000"
                + " +1000 +0\\.001 +1000 +0"), lines.get(header + 2));
        assertTrue(lines.get(header + 3).matches(" +1 +1 +06ff0efdd32e4a80 .* 50000 +3 +0\\.001 +3 +0"),
                lines.get(header + 3));
        assertTrue(text.contains("  train.batch_size           1024\n") || !text.contains("train.batch_size"), text);
    }
}
