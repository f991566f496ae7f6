package org.tmssweep.core.train;

import java.util.ArrayList;
import java.util.List;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.metrics.FeatureStats;
import org.tmssweep.core.metrics.ModelStats;
import org.tmssweep.core.rng.RngStream;

/**
 * Records learning curves (paper rows 13-14): every {@code every} steps, and at step 0 and after the last
 * step, each model's loss on a fixed evaluation set, ||W||_F^2, per-feature ||W_f|| and D_f, and W itself.
 * A {@link TrainListener}, so recording does not change training. Not thread-safe: one per
 * {@link Trainer#train} call.
 */
public final class CurveRecorder implements TrainListener {
    /** Size of each model's fixed curve-evaluation set (drawn once from the seed's {@link RngStream#CURVE}). */
    public static final int EVAL_SAMPLES = 2048;

    private final int every;
    private final List<List<CurvePoint>> curves;
    private final List<double[][]> evalSets;

    /**
     * @param every record every this many steps, at least 1
     * @param count models in the pack
     */
    public CurveRecorder(int every, int count) {
        if (every < 1) {
            throw new IllegalArgumentException("curve_every: must be >= 1, got " + every);
        }
        if (count < 1) {
            throw new IllegalArgumentException("count: must be >= 1, got " + count);
        }
        this.every = every;
        this.curves = new ArrayList<>(count);
        this.evalSets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            curves.add(new ArrayList<>());
            evalSets.add(null);
        }
    }

    /** The recording steps of a run of {@code steps} steps: 0, k, 2k, ... and {@code steps}. */
    public static boolean records(int step, int steps, int every) {
        return step == 0 || step == steps || step % every == 0;
    }

    @Override
    public boolean wants(int step, int steps) {
        return records(step, steps, every);
    }

    @Override
    public void onState(int model, ModelSpec spec, int step, double[][] w, double[] b) {
        double[][] x = evalSets.get(model);
        if (x == null) {
            x = Trainer.evalSet(spec, RngStream.CURVE, EVAL_SAMPLES);
            evalSets.set(model, x);
        }
        double loss = Trainer.loss(spec, w, b, x);
        ModelStats stats = ModelStats.of(w, b);
        int n = w.length;
        double[] norm = new double[n];
        double[] dim = new double[n];
        for (FeatureStats f : stats.features()) {
            norm[f.feature()] = f.norm();
            dim[f.feature()] = f.dimensionality();
        }
        curves.get(model).add(new CurvePoint(step, loss, stats.frobeniusSq(), norm, dim, w));
    }

    /** The curve of model {@code i} of the pack, in step order. */
    public List<CurvePoint> curve(int i) {
        return List.copyOf(curves.get(i));
    }
}
