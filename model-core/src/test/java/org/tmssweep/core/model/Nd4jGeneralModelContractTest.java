package org.tmssweep.core.model;

import org.tmssweep.core.RequiresNd4jNatives;
import org.tmssweep.core.Tolerances;

/**
 * The general ND4J model (ABS, L1 penalty; any kind) meets the contract while packed: the model under test
 * is instance 1 of 3, between two unrelated random instances of the same shape.
 */
@RequiresNd4jNatives
class Nd4jGeneralModelContractTest extends ToyModelContractTest {
    @Override
    protected Evaluation evaluate(ModelFixtures.Problem p) {
        int n = p.w().length;
        int m = p.w()[0].length;
        int batch = p.x().length;
        try (Nd4jGeneralModel model = new Nd4jGeneralModel(p.kind(), 3, batch, n, m, p.l1())) {
            for (int slot : new int[] {0, 2}) {
                ModelFixtures.Problem other = ModelFixtures.problem(p.kind(), n, m, batch, 77 + slot, 0, p.l1());
                model.setParams(slot, other.w(), other.w2(), other.b());
                model.setImportance(slot, other.importance());
                model.setInput(slot, other.x());
            }
            model.setParams(1, p.w(), p.w2(), p.b());
            model.setImportance(1, p.importance());
            model.setInput(1, p.x());
            double[] loss = new double[3];
            model.forwardBackward(loss);
            return new Evaluation(model.output(1), loss[1], model.weightGradient(1), model.biasGradient(1),
                    p.kind().untied() ? model.readoutGradient(1) : null);
        }
    }

    @Override
    protected double valueTolerance() {
        return Tolerances.F32;
    }

    @Override
    protected double gradientTolerance() {
        return Tolerances.F32_GRAD;
    }
}
