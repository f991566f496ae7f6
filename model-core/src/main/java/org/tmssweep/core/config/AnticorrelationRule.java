package org.tmssweep.core.config;

/**
 * How an anticorrelated feature set of k members with density p is drawn (docs/paper.md §1, §c, §e.8).
 * Either way at most one member of the set is non-zero in a sample, with a U[0, 1) value.
 */
public enum AnticorrelationRule {
    /**
     * The paper's literal rule: the set is active with probability p (= 1 - S), then exactly one
     * uniformly chosen member is non-zero, so each member is active with probability p / k. The
     * default, because this project reproduces the paper.
     */
    PAPER,
    /**
     * ARENA's rule (ARENA 2.0 solutions, generalised from pairs to k members): the set is active with
     * probability k p, then one uniformly chosen member is non-zero, so each member keeps its marginal
     * density p. Requires k p &le; 1.
     */
    ARENA;

    /** Probability that a set of {@code k} members with per-member density {@code p} has a non-zero member. */
    public double setProbability(int k, double p) {
        return this == PAPER ? p : k * p;
    }

    /** Probability that one given member of such a set is non-zero. */
    public double memberProbability(int k, double p) {
        return setProbability(k, p) / k;
    }

    public String specName() {
        return Checks.specName(this);
    }

    public static AnticorrelationRule parse(String value) {
        return Checks.parseEnum(AnticorrelationRule.class, value);
    }
}
