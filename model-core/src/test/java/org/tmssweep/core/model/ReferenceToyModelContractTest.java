package org.tmssweep.core.model;

import org.tmssweep.core.Tolerances;

class ReferenceToyModelContractTest extends ToyModelContractTest {
    @Override
    protected Evaluation evaluate(ModelFixtures.Problem p) {
        ReferenceToyModel model = new ReferenceToyModel(p.kind(), p.w(), p.w2(), p.b(), p.l1());
        double[][] out = new double[p.x().length][];
        for (int s = 0; s < out.length; s++) {
            out[s] = model.forward(p.x()[s]);
        }
        ReferenceToyModel.Gradient g = model.lossAndGradient(p.x(), p.importance());
        return new Evaluation(out, model.loss(p.x(), p.importance()), g.dw(), g.db(), g.dw2());
    }

    @Override
    protected double valueTolerance() {
        return Tolerances.F64;
    }

    @Override
    protected double gradientTolerance() {
        return Tolerances.FD_REL;
    }
}
