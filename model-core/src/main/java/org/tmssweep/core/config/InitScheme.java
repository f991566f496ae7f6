package org.tmssweep.core.config;

/**
 * Initialisation of W (b always starts at 0). Neither choice depends on how many instances a
 * task packs together.
 */
public enum InitScheme {
    /** Xavier-normal for the n x m matrix of one model: std = sqrt(2 / (n + m)). */
    XAVIER,
    /**
     * The paper notebook's value: xavier_normal_ on the joint [I, n, m] tensor, std =
     * sqrt(2 / (n*m + I*m)), with I the notional instance count of {@link TrainConfig#notebookInstances()}.
     */
    NOTEBOOK;

    /** Standard deviation of the normal init for one n x m model. */
    public double std(int nFeatures, int nHidden, int notebookInstances) {
        return switch (this) {
            case XAVIER -> Math.sqrt(2.0 / (nFeatures + nHidden));
            case NOTEBOOK -> Math.sqrt(2.0 / ((double) nFeatures * nHidden + (double) notebookInstances * nHidden));
        };
    }

    public String specName() {
        return Checks.specName(this);
    }

    public static InitScheme parse(String value) {
        return Checks.parseEnum(InitScheme.class, value);
    }
}
