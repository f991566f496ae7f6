package org.tmssweep.core.train;

/**
 * One point of a model's learning curve: its state after {@code step} optimiser updates.
 *
 * @param step           optimiser updates done (0 = initialisation)
 * @param loss           loss on the model's fixed curve-evaluation set ({@link CurveRecorder#EVAL_SAMPLES} samples
 *                       of the seed's {@code "curve"} stream, double precision, notebook normalisation); the
 *                       same samples at every step, so changes are the model's, not the data's
 * @param frobeniusSq    ||W||_F^2
 * @param norm           ||W_f|| per feature
 * @param dimensionality D_f per feature (docs/paper.md §3)
 * @param w              W itself, n x m (row f = feature f's embedding)
 */
public record CurvePoint(int step, double loss, double frobeniusSq, double[] norm, double[] dimensionality,
                         double[][] w) {
    public CurvePoint {
        if (step < 0) {
            throw new IllegalArgumentException("step: must be >= 0, got " + step);
        }
        norm = norm.clone();
        dimensionality = dimensionality.clone();
        double[][] copy = new double[w.length][];
        for (int f = 0; f < w.length; f++) {
            copy[f] = w[f].clone();
        }
        w = copy;
        if (norm.length != w.length || dimensionality.length != w.length) {
            throw new IllegalArgumentException("norm, dimensionality: must have n = " + w.length + " entries, got "
                    + norm.length + " and " + dimensionality.length);
        }
    }

    /** Defensive copy. */
    @Override
    public double[] norm() {
        return norm.clone();
    }

    /** Defensive copy. */
    @Override
    public double[] dimensionality() {
        return dimensionality.clone();
    }

    /** Defensive copy. */
    @Override
    public double[][] w() {
        double[][] copy = new double[w.length][];
        for (int f = 0; f < w.length; f++) {
            copy[f] = w[f].clone();
        }
        return copy;
    }

    /** Number of features. */
    public int nFeatures() {
        return w.length;
    }

    public double dimensionality(int feature) {
        return dimensionality[feature];
    }
}
