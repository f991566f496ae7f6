package org.tmssweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tmssweep.core.RequiresNd4jNatives;
import org.tmssweep.core.config.InitScheme;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.data.DataSampler;
import org.tmssweep.core.data.SparseColumns;
import org.tmssweep.core.model.PackedModel;
import org.tmssweep.core.rng.Rng;
import org.tmssweep.core.rng.RngStream;

/**
 * Whatever model PackRun picks for a shape and input mode, the batch it hands the model is the spec's
 * data stream: the recorded non-zeros (sparse-input mode) and, where the model reads it, the dense batch
 * equal the sampler's plain fill from {@code Rng.derive(seed, RngStream.DATA)}, step after step.
 */
class PackRunInputTest {
    @ParameterizedTest(name = "n={0} m={1} S={2}")
    @CsvSource({"20, 5, 0.95", "20, 5, 0.5", "60, 10, 0.95", "60, 10, 0.5"})
    void eachModelSeesItsSpecsDataStream(int n, int m, double sparsity) {
        int batch = 64;
        TrainConfig cfg = TrainConfig.builder().steps(10).batchSize(batch).lr(1e-3).init(InitScheme.XAVIER)
                .notebookInstances(10).evalSamples(1024).build();
        double[] prob = new double[n];
        Arrays.fill(prob, 1 - sparsity);
        double[] imp = new double[n];
        Arrays.fill(imp, 1.0);
        List<ModelSpec> specs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            specs.add(new ModelSpec(ModelKind.RELU_OUTPUT, n, m, prob, imp, cfg, 77 + i));
        }
        boolean sparse = Trainer.useSparseInput(specs.get(0));
        assertEquals(sparsity > 0.9, sparse);
        RequiresNd4jNatives.Condition.assumeFor(Trainer.usesNd4j(specs.get(0)));
        try (PackRun run = new PackRun(specs, sparse)) {
            PackedModel model = run.model();
            Rng[] rngs = new Rng[specs.size()];
            for (int i = 0; i < rngs.length; i++) {
                rngs[i] = Rng.derive(specs.get(i).seed(), RngStream.DATA);
            }
            float[] expected = new float[n * batch];
            for (int step = 0; step < 3; step++) {
                run.step(step);
                for (int i = 0; i < specs.size(); i++) {
                    DataSampler.forSpec(specs.get(i)).fillFeatureMajor(rngs[i], expected, 0, batch);
                    if (model.readsDenseInput()) {
                        float[] got = Arrays.copyOfRange(model.input(), model.inputOffset(i), model.inputOffset(i) + n * batch);
                        assertTrue(Arrays.equals(expected, got), "dense batch of instance " + i + " at step " + step);
                    }
                    if (sparse) {
                        SparseColumns cols = model.sparseColumns(i);
                        int c = 0;
                        for (int f = 0; f < n; f++) {
                            assertEquals(c, cols.start(f));
                            for (int s = 0; s < batch; s++) {
                                if (expected[f * batch + s] != 0f) {
                                    assertEquals(s, cols.index()[c], "index, feature " + f);
                                    assertEquals(expected[f * batch + s], cols.values()[c], "value, feature " + f);
                                    c++;
                                }
                            }
                        }
                        assertEquals(c, cols.nonZeros(), "instance " + i + " at step " + step);
                    }
                }
            }
        }
    }
}
