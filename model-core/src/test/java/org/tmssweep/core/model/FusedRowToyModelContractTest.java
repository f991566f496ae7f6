package org.tmssweep.core.model;

import org.tmssweep.core.Tolerances;
import org.tmssweep.core.config.ModelKind;

/**
 * The fused-row model (the kernel of dataset packs), walked by feature rows, meets the contract while packed:
 * the model under test is instance 1 of 3, between two unrelated random instances of the same shape.
 */
class FusedRowToyModelContractTest extends ToyModelContractTest {
    /** Covers the tied kinds without penalty, like the other fast kernels. */
    @Override
    protected boolean supports(ModelKind kind, boolean l1) {
        return !kind.untied() && !l1;
    }

    /** The options of the model under test: walked by feature rows here; the subclasses change them. */
    protected FusedRowToyModel.Options options() {
        return FusedRowToyModel.Options.DEFAULT.withLayout(FusedRowToyModel.Layout.FEATURE_ROWS);
    }

    @Override
    protected Evaluation evaluate(ModelFixtures.Problem p) {
        int n = p.w().length;
        int m = p.w()[0].length;
        int batch = p.x().length;
        FusedRowToyModel model = new FusedRowToyModel(p.kind(), 3, batch, n, m, options());
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

    @Override
    protected double valueTolerance() {
        return Tolerances.F32;
    }

    @Override
    protected double gradientTolerance() {
        return Tolerances.F32_GRAD;
    }
}
