package org.tmssweep.spark.spec;

import org.tmssweep.core.config.Checks;

/**
 * Where the sparse autoencoders of a sweep get their data ({@code sae.source}): {@link #TOY}, the hidden
 * vectors h = W x of the toy model of the same grid point (ARENA's "SAEs in toy models"), trained in the same
 * task; {@link #SYNTHETIC}, Sharkey, Braun and Millidge's sums of random unit vectors
 * ({@code sae.synthetic.*}); {@link #ABSORPTION}, Chanin et al.'s feature-absorption toy
 * ({@code sae.absorption.*}).
 */
public enum SaeSourceKind {
    TOY,
    SYNTHETIC,
    ABSORPTION;

    public String specName() {
        return Checks.specName(this);
    }

    public static SaeSourceKind parse(String value) {
        return Checks.parseEnum(SaeSourceKind.class, value);
    }
}
