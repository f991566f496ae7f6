/**
 * Sparse dictionary learning on toy data with known features: sparse autoencoders (SAEs) trained on the hidden
 * vectors of a toy model ({@link org.tmssweep.core.sae.ToyHiddenSource}, ARENA's "SAEs in toy models"), on
 * Sharkey et al.'s synthetic sums of random unit vectors ({@link org.tmssweep.core.sae.SyntheticFeatures}) and
 * on Chanin et al.'s feature-absorption toy ({@link org.tmssweep.core.sae.AbsorptionToy}), scored against the
 * true directions ({@link org.tmssweep.core.sae.SaeMetrics}).
 *
 * <p>The recipe is a {@link org.tmssweep.core.sae.SaeConfig}; a {@link org.tmssweep.core.sae.SaeSpec} (recipe,
 * source, seed) determines one trained SAE; {@link org.tmssweep.core.sae.SaeTrainer#train} turns packs of specs
 * into {@link org.tmssweep.core.sae.TrainedSae}s through the float32 kernel
 * {@link org.tmssweep.core.sae.SaeModel}, whose definition, and the evaluator of trained SAEs, is the double
 * precision {@link org.tmssweep.core.sae.ReferenceSae}.
 */
package org.tmssweep.core.sae;
