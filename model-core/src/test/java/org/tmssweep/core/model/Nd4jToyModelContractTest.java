package org.tmssweep.core.model;

import org.tmssweep.core.RequiresNd4jNatives;
import org.tmssweep.core.Tolerances;

/**
 * The ND4J model meets the contract while packed: the model under test is instance 1 of 3, between two
 * unrelated random instances of the same shape.
 */
@RequiresNd4jNatives
class Nd4jToyModelContractTest extends ToyModelContractTest {
    /** The fast path covers the tied kinds without penalty; the rest is Nd4jGeneralModel's. */
    @Override
    protected boolean supports(org.tmssweep.core.config.ModelKind kind, boolean l1) {
        return !kind.untied() && !l1;
    }

    /** Whether the model under test runs its sparse-input mode (Nd4jSparseInputContractTest). */
    protected boolean sparseInput() {
        return false;
    }

    @Override
    protected Evaluation evaluate(ModelFixtures.Problem p) {
        int n = p.w().length;
        int m = p.w()[0].length;
        int batch = p.x().length;
        try (Nd4jToyModel model = new Nd4jToyModel(p.kind(), 3, batch, n, m, sparseInput())) {
            for (int slot : new int[] {0, 2}) {
                ModelFixtures.Problem other = ModelFixtures.problem(p.kind(), n, m, batch, 77 + slot, 0);
                model.setParams(slot, other.w(), other.b());
                model.setImportance(slot, other.importance());
                model.setInput(slot, other.x());
            }
            model.setParams(1, p.w(), p.b());
            model.setImportance(1, p.importance());
            model.setInput(1, p.x());
            double[] loss = new double[3];
            model.forwardBackward(loss);
            return new Evaluation(model.output(1), loss[1], model.weightGradient(1), model.biasGradient(1));
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
