/**
 * Deterministic random numbers: {@link org.tmssweep.core.rng.Rng} (xoshiro256**) and the named streams
 * of a model's seed, {@link org.tmssweep.core.rng.RngStream}.
 */
package org.tmssweep.core.rng;
