package org.tmssweep.core.config;

/**
 * How the training loss is normalised ({@code train.loss_normalization}); the trained model's
 * {@code final_loss}, train loss and test loss are reported in the same units.
 *
 * <ul>
 *   <li>{@link #MEAN} (default): the paper notebook's mean over the batch and the features,
 *       {@code L = 1/(B n) sum_s sum_f I_f (x_sf - x'_sf)^2} (docs/paper.md §2, "Loss").</li>
 *   <li>{@link #FEATURE_SUM}: the mean over the batch of the sum over the features,
 *       {@code L = 1/B sum_s sum_f I_f (x_sf - x'_sf)^2}: the loss of Henighan et al. 2023,
 *       "Superposition, Memorization, and Double Descent" (L = 1/T sum over the T training points of the
 *       squared error summed over features), under which predicting x' = 0 for unit-norm data costs exactly
 *       1 per point.</li>
 * </ul>
 *
 * <p>Why a setting rather than a rescaled learning rate: the two losses differ by the constant factor n,
 * and AdamW with decoupled weight decay is invariant to a constant factor c on the gradient except
 * through eps (m/(sqrt(v) + eps) becomes m/(sqrt(v) + eps/c); the decay p(1 - lr wd) never sees the
 * gradient, and no learning rate or weight decay compensates). A point's terms in the gradient of the mean
 * loss scale as 1/(B n), about 2e-7 at n = 10,000 with B = 1,000 points, close enough to eps = 1e-8 to change
 * the updates of rarely active features, so the sequel's recipe (AdamW, eps 1e-8, weight decay 1e-2 on its loss) is reproduced only by training on its
 * loss. MEAN with eps/n would train the same model in exact arithmetic; FEATURE_SUM keeps the recipe's
 * numbers as published and reports losses in the sequel's units.
 *
 * <p>Implementation: FEATURE_SUM is the MEAN loss with every importance multiplied by n
 * ({@link #importanceScale}), which is the same function, so the kernels, {@code ToyLoss} and the
 * reference model need no second normalisation (docs/paper.md §2, footnote 14: a common factor on the
 * importances does not change the optima). {@link ModelSpec#lossImportance()} applies it; the spec's
 * {@link ModelSpec#importance()} and the tables keep the unscaled I_f.
 */
public enum LossNormalization {
    MEAN,
    FEATURE_SUM;

    /** The factor on every importance that turns the MEAN loss into this one: 1, or n for FEATURE_SUM. */
    public double importanceScale(int nFeatures) {
        return this == FEATURE_SUM ? nFeatures : 1.0;
    }

    public String specName() {
        return Checks.specName(this);
    }

    public static LossNormalization parse(String value) {
        return Checks.parseEnum(LossNormalization.class, value);
    }
}
