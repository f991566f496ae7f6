/**
 * Deterministic random numbers: {@link org.tmssweep.core.rng.Rng} (xoshiro256**, named streams per seed).
 */
package org.tmssweep.core.rng;
