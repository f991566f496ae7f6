package org.tmssweep.core.train;

import org.tmssweep.core.config.ModelSpec;

/**
 * A pure observer of training: {@link Trainer#train(java.util.List, TrainListener)} shows it the state of
 * every model of the pack after the steps it {@link #wants}. It receives copies, so it cannot change training:
 * a model trains to bit-identical weights with or without a listener (tested).
 */
public interface TrainListener {
    /** Observes nothing. */
    TrainListener NONE = new TrainListener() {
        @Override
        public boolean wants(int step, int steps) {
            return false;
        }

        @Override
        public void onState(int model, ModelSpec spec, int step, double[][] w, double[] b) {
        }
    };

    /**
     * Whether to be shown the state after {@code step} optimiser updates, {@code 0 <= step <= steps}
     * (0 = the initialisation, {@code steps} = the trained model).
     */
    boolean wants(int step, int steps);

    /**
     * The state of one model after {@code step} updates.
     *
     * @param model index of the model in the pack given to the trainer
     * @param spec  that model's spec
     * @param w     a copy of W (n x m)
     * @param b     a copy of b (length n)
     */
    void onState(int model, ModelSpec spec, int step, double[][] w, double[] b);
}
