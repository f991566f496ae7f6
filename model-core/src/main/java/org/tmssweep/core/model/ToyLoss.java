package org.tmssweep.core.model;

/**
 * The training loss of the packed float models ({@link JavaToyModel}, {@link Nd4jToyModel},
 * {@link Nd4jGeneralModel}) in one place: its normalisation, the coefficient of its gradient with respect to
 * the output, and the float conventions the kernels share. {@link ReferenceToyModel} spells out the same
 * loss in double precision, as the definition the models are tested against.
 *
 * <p>The loss is the notebook's (docs/paper.md §2, "Loss"): the importance-weighted squared error, averaged
 * over the batch and the features, per instance
 * <pre>
 *   L = 1/(B n) sum_s sum_f I_f (t_sf - y_sf)^2          (t = x, or |x| for ABS; y = the model's output)
 *   dL/dy_sf = -2 I_f (t_sf - y_sf) / (B n) = c_f (t_sf - y_sf),   c_f = {@link #outputGradientCoefficient}
 * </pre>
 * and, through the output ReLU, dL/dz = c_f (t - y) where z + b &gt; 0, else 0. {@link Nd4jGeneralModel}
 * adds the L1 penalty on h (docs/paper.md §1, "Models"), whose gradient it adds on the hidden side.
 *
 * <p>Two float conventions keep the kernels fast without changing the trained numbers measurably:
 * coefficients below {@link #FLUSH_BELOW} are flushed to zero (the rows from the last live one on are then
 * skipped: {@link #liveRows}), and the sparse-input kernels keep dz scaled by {@link #DZ_SCALE}.
 */
final class ToyLoss {
    private ToyLoss() {
    }

    /**
     * Output-gradient coefficients below this magnitude (2^-100, about 7.9e-31) are flushed to zero.
     * Such a feature's gradient terms would be float32 subnormals or near them (its importance is below
     * about 1e-25, e.g. 0.7^i for i &gt; ~160), and subnormal arithmetic made the whole step ~5x slower
     * (measured at n=400, m=30, importance 0.7^i). The terms dropped are over 20 orders of magnitude
     * below the others, and AdamW's eps (1e-8) already turns such gradients into updates far below a
     * float's resolution.
     */
    static final float FLUSH_BELOW = 0x1.0p-100f;

    /**
     * The sparse-input kernels store dz times 2^64 (and unscale g, dz^T h and the bias gradient by
     * {@link #DZ_UNSCALE}). Power-of-two scaling is exact in the normal range, so the results are the same
     * bits, except that products which would have been float32 subnormals stay normal: with coefficients
     * down to {@link #FLUSH_BELOW} = 2^-100, dz W had subnormal terms wherever |W dz/coef| &lt; 2^-26, and
     * BLAS on subnormals is many times slower (measured, g = dz W at n=1000, m=100, 159 live rows: 4.3 ms
     * unscaled, 2.1 ms scaled by 2^40, 0.4-0.5 ms scaled by 2^64; 0.35 ms on random data); so is Java.
     * Overflow needs |dz| &gt; 2^64 or a bias-gradient sum above 2^64 (|x - y| &gt; ~2^50 for importance 1),
     * i.e. a model whose loss is already astronomically large: it then gets an infinite gradient and is
     * frozen as diverged one step later than it would otherwise be.
     */
    static final float DZ_SCALE = 0x1.0p64f;

    /** 1 / {@link #DZ_SCALE}. */
    static final float DZ_UNSCALE = 0x1.0p-64f;

    /** 1/(B n): the loss is the importance-weighted squared error summed over a batch, times this. */
    static double norm(int batch, int nFeatures) {
        return 1.0 / ((double) batch * nFeatures);
    }

    /**
     * c = -2 I / (B n), the factor of (t - y) in dL/dy for a feature of importance {@code importance}, given
     * {@code norm} = {@link #norm}(B, n): computed in double, rounded to float once, and flushed to 0 below
     * {@link #FLUSH_BELOW}.
     */
    static float outputGradientCoefficient(float importance, double norm) {
        return flushTiny((float) (-2 * (double) importance * norm));
    }

    /** 0 if |coef| &lt; {@link #FLUSH_BELOW}, else coef (NaN stays NaN). */
    static float flushTiny(float coef) {
        return Math.abs(coef) < FLUSH_BELOW ? 0f : coef;
    }

    /**
     * 1 + the last feature row of an instance whose {@link #outputGradientCoefficient} is not flushed (0 if
     * there is none): rows from there on have dz = 0, and their loss terms are below 1e-25 of the
     * importance-1 terms, beneath a double's resolution of the loss, so the kernels skip them. A function of
     * the instance's own importances, so the work done for an instance never depends on its pack.
     *
     * @param importance the packed importances, the instance's n at {@code offset}
     */
    static int liveRows(float[] importance, int offset, int nFeatures, double norm) {
        for (int f = nFeatures - 1; f >= 0; f--) {
            if (outputGradientCoefficient(importance[offset + f], norm) != 0f) {
                return f + 1;
            }
        }
        return 0;
    }
}
