package org.tmssweep.spark.cli;

import org.tmssweep.spark.spec.SpecLimits;
import picocli.CommandLine.Option;

/** {@code --max-models} and {@code --max-model-memory}: the {@link SpecLimits} a command checks specs against. */
final class SpecLimitOptions {
    @Option(names = "--max-models", paramLabel = "N",
            description = "Refuse a sweep of more than N models (grid points x seeds), counted before the grid is"
                + " expanded (default: " + SpecLimits.DEFAULT_MAX_MODELS + "; the driver holds the whole plan,"
                + " so raise TMS_DRIVER_MEMORY with it)")
    Long maxModels;

    @Option(names = "--max-model-memory", paramLabel = "SIZE",
            description = "Refuse a model whose estimated memory while training (weights, optimiser state, a"
                + " step's batch, a finite dataset, docs/spec.md \"Size limits\") is above SIZE, e.g. 512m or 4g"
                + " (default: 1g)")
    String maxModelMemory;

    /** The limits given, the defaults for those left out; a bad value is a {@link UserError}. */
    SpecLimits limits() {
        long models = SpecLimits.DEFAULT_MAX_MODELS;
        if (maxModels != null) {
            if (maxModels < 1 || maxModels == Long.MAX_VALUE) {
                throw new UserError("--max-models: must be a whole number from 1 to " + (Long.MAX_VALUE - 1) + ", got "
                        + maxModels);
            }
            models = maxModels;
        }
        long bytes = SpecLimits.DEFAULT_MAX_MODEL_BYTES;
        if (maxModelMemory != null) {
            try {
                bytes = SpecLimits.parseBytes(maxModelMemory);
            } catch (IllegalArgumentException e) {
                throw new UserError("--max-model-memory: " + e.getMessage());
            }
        }
        return new SpecLimits(models, bytes);
    }
}
