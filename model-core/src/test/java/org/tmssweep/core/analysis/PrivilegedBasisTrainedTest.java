package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.config.InitScheme;
import org.tmssweep.core.config.LrSchedule;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.train.TrainedModel;
import org.tmssweep.core.train.Trainer;

/**
 * Paper-notes b row 16: a ReLU hidden layer makes the basis privileged. Dense n=4 features in m=4
 * neurons, equal importance: the relu_hidden model dedicates one neuron to each feature (W basis-aligned,
 * every neuron monosemantic), while the model with a linear hidden layer (relu_output: h = Wx) is only
 * determined up to a rotation, so its neurons mix features (polysemantic). Same seeds, same recipe
 * (3000 steps, batch 1024, lr 1e-2 linear decay); the relu_hidden check uses the lowest-loss of 3 seeds,
 * the linear one holds for every seed.
 */
class PrivilegedBasisTrainedTest {
    static final int SEEDS = 3;
    /** Basis-aligned: no neuron's second-largest weight above this fraction of its largest. */
    static final double ALIGNED = 0.2;
    /** Mixed: some neuron's second-largest weight above this fraction of its largest. */
    static final double MIXED = 0.5;

    static List<TrainedModel> train(ModelKind kind) {
        TrainConfig cfg = TrainConfig.builder().steps(3000).batchSize(1024).lr(1e-2).schedule(LrSchedule.LINEAR)
                .init(InitScheme.XAVIER).notebookInstances(10).evalSamples(8192).build();
        List<ModelSpec> pack = new ArrayList<>();
        for (int k = 0; k < SEEDS; k++) {
            pack.add(new ModelSpec(kind, 4, 4, new double[] {1, 1, 1, 1}, new double[] {1, 1, 1, 1}, cfg, 40 + k));
        }
        return new Trainer().train(pack);
    }

    static TrainedModel best(List<TrainedModel> models) {
        return models.get(Selection.bestIndex(models.stream().mapToDouble(TrainedModel::finalLoss).toArray()));
    }

    /** The largest secondary/primary weight ratio over a model's neurons (0 = perfectly basis-aligned). */
    static double worstSecondaryRatio(List<NeuronSummary> s) {
        return s.stream().mapToDouble(NeuronSummary::secondaryRatio).max().orElseThrow();
    }

    @Test
    void aReluHiddenLayerAlignsNeuronsWithFeaturesAndALinearOneDoesNot() {
        // the lowest-loss seed, as the paper shows the best of many fits (other seeds can sit in a
        // partly mixed local minimum at this reduced scale)
        TrainedModel best = best(train(ModelKind.RELU_HIDDEN));
        List<NeuronSummary> hidden = NeuronStats.summaries(best.w());
        assertTrue(worstSecondaryRatio(hidden) < ALIGNED, "relu_hidden seed " + best.spec().seed() + ": " + hidden);
        assertEquals(4, hidden.stream().map(NeuronSummary::primaryFeature).distinct().count(),
                "one neuron per feature: " + hidden);
        for (TrainedModel t : train(ModelKind.RELU_OUTPUT)) {
            List<NeuronSummary> s = NeuronStats.summaries(t.w());
            assertTrue(worstSecondaryRatio(s) > MIXED, "linear hidden layer seed " + t.spec().seed() + ": " + s);
            assertTrue(NeuronStats.polysemanticCount(s) >= 2, "linear hidden layer seed " + t.spec().seed() + ": " + s);
        }
    }
}
