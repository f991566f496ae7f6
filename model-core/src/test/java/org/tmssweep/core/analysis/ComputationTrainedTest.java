package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.RequiresNd4jNatives;
import org.tmssweep.core.config.InitScheme;
import org.tmssweep.core.config.LrSchedule;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.train.TrainStatus;
import org.tmssweep.core.train.TrainedModel;
import org.tmssweep.core.train.Trainer;

/**
 * The computation experiments at reduced scale (docs/paper.md §5 rows 18-19): the absolute-value model with
 * m = 2n computes |x| exactly as ReLU(x) + ReLU(-x), two monosemantic neurons per feature reading it with
 * opposite signs; with m &lt; n and dense inputs every neuron is monosemantic. Reduced recipe: batch 1024,
 * lr 1e-2 with linear decay (instead of 10,000 steps at 1e-3), best of a few seeds by final loss.
 */
@RequiresNd4jNatives
class ComputationTrainedTest {
    /**
     * Final loss below which |x| counts as computed exactly: the best of seeds 1800-1803 measured 3.3e-8
     * (weight decay keeps it from 0); a model missing one of the six ReLUs loses at least
     * Var(ReLU(x)) / n = (1/6 - 1/16) / 3 ~ 0.035 for x ~ U[-1, 1], even with the best bias.
     */
    static final double EXACT_LOSS = 1e-5;

    private static TrainConfig config(int steps) {
        return TrainConfig.builder().steps(steps).batchSize(1024).lr(1e-2).schedule(LrSchedule.LINEAR)
                .init(InitScheme.XAVIER).notebookInstances(10).evalSamples(16_384).build();
    }

    private static TrainedModel best(List<ModelSpec> pack) {
        List<TrainedModel> out = new Trainer().train(pack);
        for (TrainedModel t : out) {
            assertEquals(TrainStatus.OK, t.status(), "seed " + t.spec().seed());
        }
        double[] losses = out.stream().mapToDouble(TrainedModel::finalLoss).toArray();
        return out.get(Selection.bestIndex(losses));
    }

    private static String describe(TrainedModel t) {
        StringBuilder sb = new StringBuilder("loss " + t.finalLoss() + "; b " + Arrays.toString(t.b()));
        for (NeuronStats.NormalisedNeuron nn : NeuronStats.normalised(t.w(), t.w2())) {
            sb.append("; neuron ").append(nn.neuron()).append(" read ").append(Arrays.toString(round(nn.read())))
                    .append(" write ").append(Arrays.toString(round(nn.write())));
        }
        return sb.toString();
    }

    private static double[] round(double[] a) {
        return Arrays.stream(a).map(v -> Math.round(v * 100) / 100.0).toArray();
    }

    @Test
    void absWithTwoNeuronsPerFeatureLearnsReluPairs() {
        int n = 3;
        int m = 6;
        double[] p = new double[n];
        Arrays.fill(p, 1.0);
        double[] imp = new double[n];
        Arrays.fill(imp, 1.0);
        List<ModelSpec> pack = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            pack.add(new ModelSpec(ModelKind.ABS, n, m, p, imp, config(3000), 1800 + k));
        }
        TrainedModel t = best(pack);
        String where = describe(t);
        assertTrue(t.finalLoss() < EXACT_LOSS, "fits |x|: " + where);
        List<NeuronSummary> neurons = NeuronStats.summaries(t.w());
        boolean[] positive = new boolean[n];
        boolean[] negative = new boolean[n];
        for (NeuronSummary s : neurons) {
            assertTrue(s.monosemantic(), "neuron " + s.neuron() + " monosemantic: " + where);
            int f = s.primaryFeature();
            if (s.primaryWeight() > 0) {
                positive[f] = true;
            } else {
                negative[f] = true;
            }
            assertTrue(t.w2()[f][s.neuron()] > 0, "neuron " + s.neuron() + " writes |x_" + f + "| positively: " + where);
        }
        for (int f = 0; f < n; f++) {
            assertTrue(positive[f] && negative[f], "feature " + f + " has a ReLU(x) and a ReLU(-x) neuron: " + where);
        }
    }

    @Test
    void denseComputationModelHasOnlyMonosemanticNeurons() {
        int n = 10;
        int m = 4;
        double[] p = new double[n];
        Arrays.fill(p, 1.0);
        double[] imp = new double[n];
        for (int f = 0; f < n; f++) {
            imp[f] = Math.pow(0.8, f);
        }
        List<ModelSpec> pack = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            pack.add(new ModelSpec(ModelKind.ABS, n, m, p, imp, config(3000), 1900 + k));
        }
        TrainedModel t = best(pack);
        String where = describe(t);
        for (NeuronSummary s : NeuronStats.summaries(t.w())) {
            assertTrue(s.monosemantic(), "neuron " + s.neuron() + " monosemantic: " + where);
            // measured: the two most important features, each with a ReLU(x) / ReLU(-x) pair
            assertTrue(s.primaryFeature() < m / 2, "neuron " + s.neuron() + " serves a top feature: " + where);
        }
    }

    /**
     * Row 20, the asymmetric superposition motif, at the preset's own recipe (computation-asymmetric.yaml at
     * 1-S = 0.01: abs, n=8, m=6, importance 0.8^i, 10,000 steps at lr 1e-3, best of 10 seeds; ~5 s): some
     * neuron reads exactly two features, one with weight +1 and one with a small weight of the other sign (the
     * paper's [2, -1/2] normalised: [1, -1/4]; or its mirror [-1, 1/4]: the data are symmetric under
     * x -&gt; -x and |x| is too, so a neuron's read row and its negation train alike), and writes them back
     * reciprocally: the weakly read feature with the larger output weight (paper: [1/2, 2]).
     */
    @Test
    void aSparseAbsModelStoresTwoFeaturesInOneNeuronWithReciprocalWeights() {
        int n = 8;
        double[] p = new double[n];
        Arrays.fill(p, 0.01);
        double[] imp = new double[n];
        for (int f = 0; f < n; f++) {
            imp[f] = Math.pow(0.8, f);
        }
        TrainConfig cfg = TrainConfig.builder().steps(10_000).batchSize(1024).lr(1e-3).init(InitScheme.XAVIER)
                .notebookInstances(10).evalSamples(16_384).build();
        List<ModelSpec> pack = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            pack.add(new ModelSpec(ModelKind.ABS, n, 6, p, imp, cfg, 2000 + k));
        }
        TrainedModel t = best(pack);
        String where = describe(t);
        boolean motif = false;
        for (NeuronStats.NormalisedNeuron nn : NeuronStats.normalised(t.w(), t.w2())) {
            double[] read = nn.read();
            int strong = -1;
            int weak = -1;
            int stored = 0;
            for (int f = 0; f < n; f++) {
                if (Math.abs(read[f]) >= NeuronStats.STORED_FRACTION) {
                    stored++;
                    if (Math.abs(read[f]) > 0.99) {
                        strong = f;
                    }
                }
            }
            for (int f = 0; strong >= 0 && f < n; f++) {
                if (Math.abs(read[f]) >= NeuronStats.STORED_FRACTION && read[f] * read[strong] < 0) {
                    weak = f;
                }
            }
            if (stored == 2 && strong >= 0 && weak >= 0 && Math.abs(read[weak]) < 0.7
                    && nn.write()[weak] > 1 && nn.write()[weak] > 2 * nn.write()[strong]) {
                motif = true;
            }
        }
        assertTrue(motif, "a neuron with read [1, -a] and write [c, d], d > max(1, 2c): " + where);
    }
}
