package org.tmssweep.core.config;

/** Learning-rate multipliers of the paper's notebook, applied to the base lr at every step. */
public enum LrSchedule {
    CONSTANT,
    /** 1 - step/steps. */
    LINEAR,
    /** cos(pi/2 * step/(steps-1)). */
    COSINE;

    /** Multiplier for 0-based {@code step} of {@code steps}. */
    public double multiplier(int step, int steps) {
        return switch (this) {
            case CONSTANT -> 1.0;
            case LINEAR -> 1.0 - (double) step / steps;
            case COSINE -> steps <= 1 ? 1.0 : Math.cos(0.5 * Math.PI * step / (steps - 1));
        };
    }

    public String specName() {
        return Checks.specName(this);
    }

    public static LrSchedule parse(String value) {
        return Checks.parseEnum(LrSchedule.class, value);
    }
}
