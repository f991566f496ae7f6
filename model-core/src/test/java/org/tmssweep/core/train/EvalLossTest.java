package org.tmssweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.config.AnticorrelationRule;
import org.tmssweep.core.config.FeatureSets;
import org.tmssweep.core.config.InitScheme;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.data.DataSampler;
import org.tmssweep.core.model.ReferenceToyModel;
import org.tmssweep.core.rng.Rng;
import org.tmssweep.core.rng.RngStream;

/**
 * {@link Trainer#evalLoss} (feature-major batches, {@link ReferenceToyModel#batchLoss}) gives the bits of
 * its plain definition: {@link ReferenceToyModel#loss} over {@link DataSampler#rows} in chunks of 4,096
 * rows of the seed's RngStream.EVAL stream, weighted by rows. Sparse- and dense-rule features, ABS with the L1
 * penalty, correlated and anticorrelated feature sets, a last chunk shorter than the others.
 */
class EvalLossTest {
    @Test
    void sameBitsAsThePlainDefinition() {
        double[] mixed = {0.5, 0.2, 0.1, 0.05, 0.01, 0.003, 1.0, 0.09};
        double[] imp = new double[8];
        for (int f = 0; f < 8; f++) {
            imp[f] = Math.pow(0.8, f);
        }
        FeatureSets sets = FeatureSets.of(List.of(List.of(0, 1)), List.of(List.of(2, 3)), AnticorrelationRule.PAPER);
        double[] setProb = {0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05};
        for (ModelSpec spec : List.of(
                new ModelSpec(ModelKind.RELU_OUTPUT, 8, 3, mixed, imp, config(5000, 0), 11),
                new ModelSpec(ModelKind.LINEAR, 8, 3, mixed, imp, config(4096, 0), 12),
                new ModelSpec(ModelKind.ABS, 8, 3, mixed, imp, config(9000, 0.02), 13),
                new ModelSpec(ModelKind.RELU_HIDDEN, 8, 3, mixed, imp, config(300, 0.01), 14),
                new ModelSpec(ModelKind.RELU_OUTPUT, 8, 3, setProb, imp, config(5000, 0), 15, sets))) {
            Rng init = new Rng(spec.seed());
            double[][] w = gaussian(init, 8, 3);
            double[][] w2 = spec.kind().untied() ? gaussian(init, 8, 3) : null;
            double[] b = new double[8];
            for (int f = 0; f < 8; f++) {
                b[f] = 0.2 * init.nextGaussian();
            }
            assertEquals(Double.doubleToRawLongBits(plain(spec, w, w2, b)),
                    Double.doubleToRawLongBits(Trainer.evalLoss(spec, w, w2, b)), spec.kind() + " seed " + spec.seed());
        }
    }

    /** The definition evalLoss had before it was made faster. */
    private static double plain(ModelSpec spec, double[][] w, double[][] w2, double[] b) {
        ReferenceToyModel ref = new ReferenceToyModel(spec.kind(), w, w2, b, spec.train().l1());
        DataSampler sampler = DataSampler.forSpec(spec);
        Rng rng = Rng.derive(spec.seed(), RngStream.EVAL);
        int total = spec.train().evalSamples();
        double sum = 0;
        for (int done = 0; done < total; ) {
            int rows = Math.min(4096, total - done);
            sum += ref.loss(sampler.rows(rng, rows), spec.importance()) * rows;
            done += rows;
        }
        return sum / total;
    }

    private static TrainConfig config(int evalSamples, double l1) {
        return TrainConfig.builder().steps(10).batchSize(64).lr(1e-3).init(InitScheme.NOTEBOOK)
                .notebookInstances(4).evalSamples(evalSamples).l1(l1).build();
    }

    private static double[][] gaussian(Rng rng, int n, int m) {
        double[][] a = new double[n][m];
        for (double[] row : a) {
            for (int k = 0; k < m; k++) {
                row[k] = 0.5 * rng.nextGaussian();
            }
        }
        return a;
    }
}
