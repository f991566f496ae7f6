package org.tmssweep.core.config;

/**
 * Learning-rate multipliers, applied to the base lr at every step: the paper notebook's three
 * (docs/paper.md §2) and the warmup-then-cosine schedule of Henighan et al. 2023, "Superposition,
 * Memorization, and Double Descent" (linear warmup to lr, then a cosine decay to 0).
 */
public enum LrSchedule {
    CONSTANT,
    /** 1 - step/steps. */
    LINEAR,
    /** cos(pi/2 * step/(steps-1)). */
    COSINE,
    /**
     * Linear warmup over {@code w = train.warmup_steps} steps, then a half cosine from 1 down to 0 at the
     * last step: for 0-based step t of {@code steps},
     * <pre>
     *   t &lt; w:   t / w                                     (0 at t = 0, (w-1)/w at t = w-1)
     *   t &ge; w:   (1 + cos(pi (t - w) / (steps - 1 - w))) / 2   (1 at t = w, 0 at t = steps - 1)
     * </pre>
     * The warmup starts at 0, as torch's and Hugging Face's linear warmups do, so the ramp reaches 1
     * exactly where the cosine starts. When only one step follows the warmup ({@code w = steps - 1}) that
     * step takes the full lr, as {@link #COSINE} does for a one-step run. With {@code w = 0} it is a plain
     * half cosine (unlike {@link #COSINE}, the notebook's quarter cosine).
     */
    WARMUP_COSINE;

    /** Multiplier for 0-based {@code step} of {@code steps}, with no warmup. */
    public double multiplier(int step, int steps) {
        return multiplier(step, steps, 0);
    }

    /**
     * Multiplier for 0-based {@code step} of {@code steps}; {@code warmupSteps} (0 &le; w &lt; steps, see
     * {@link TrainConfig}) is read by {@link #WARMUP_COSINE} only.
     */
    public double multiplier(int step, int steps, int warmupSteps) {
        return switch (this) {
            case CONSTANT -> 1.0;
            case LINEAR -> 1.0 - (double) step / steps;
            case COSINE -> steps <= 1 ? 1.0 : Math.cos(0.5 * Math.PI * step / (steps - 1));
            case WARMUP_COSINE -> warmupCosine(step, steps, warmupSteps);
        };
    }

    private static double warmupCosine(int step, int steps, int warmup) {
        if (step < warmup) {
            return (double) step / warmup;
        }
        int decay = steps - 1 - warmup;
        return decay <= 0 ? 1.0 : 0.5 * (1 + Math.cos(Math.PI * (step - warmup) / decay));
    }

    public String specName() {
        return Checks.specName(this);
    }

    public static LrSchedule parse(String value) {
        return Checks.parseEnum(LrSchedule.class, value);
    }
}
