package org.tmssweep.core.sae;

import org.tmssweep.core.config.Checks;

/**
 * The optimiser of a sparse autoencoder ({@code sae.optimizer}), with torch's semantics over all parameters
 * (encoder, biases, decoder) and a constant learning rate:
 * <ul>
 *   <li>{@link #ADAM}: {@code torch.optim.Adam}; a weight decay wd is the coupled L2 term, g &larr; g + wd p,
 *       added to the gradient (in float32, as torch) before the moments. ARENA and the Sharkey replication use
 *       it with wd = 0.</li>
 *   <li>{@link #ADAMW}: {@code torch.optim.AdamW}: decoupled decay, p &larr; p (1 - lr wd) before the Adam
 *       step ({@link org.tmssweep.core.train.AdamW}).</li>
 * </ul>
 * With wd = 0 the two are the same update.
 */
public enum SaeOptimizer {
    ADAM,
    ADAMW;

    public String specName() {
        return Checks.specName(this);
    }

    public static SaeOptimizer parse(String value) {
        return Checks.parseEnum(SaeOptimizer.class, value);
    }
}
