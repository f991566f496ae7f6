/**
 * Pure analysis of trained toy-model weights (no Spark, no ND4J): the closed-form phase theory of
 * the paper's "Superposition as a phase change" section ({@link org.tmssweep.core.analysis.PhaseTheory}),
 * empirical phase classification ({@link org.tmssweep.core.analysis.PhaseClassifier}), restart
 * selection ({@link org.tmssweep.core.analysis.Selection}), the polytope census of the
 * feature-dimensionality section ({@link org.tmssweep.core.analysis.PolytopeCensus},
 * {@link org.tmssweep.core.analysis.Fractions}), neuron statistics of privileged-basis models
 * ({@link org.tmssweep.core.analysis.NeuronStats}), the analytic adversarial attack
 * ({@link org.tmssweep.core.analysis.AdversarialAttack}), and the two appendix theorems checked by computation:
 * nonlinear compression ({@link org.tmssweep.core.analysis.NonlinearCompression}) and the compressed-sensing
 * lower bound ({@link org.tmssweep.core.analysis.CompressedSensingBound}); and, for models trained on a finite
 * dataset (Henighan et al. 2023, "Superposition, Memorization, and Double Descent"), the dimensionality of
 * their training points ({@link org.tmssweep.core.analysis.DataDimensionality},
 * {@link org.tmssweep.core.analysis.DataPoint}) and their regime ({@link org.tmssweep.core.analysis.DataRegime}).
 *
 * <p>Conventions: W is stored n x m, row f = feature f's embedding W_f (the paper's column W_f).
 * Result records carry only primitives and strings, so they map one-to-one onto table rows.
 */
package org.tmssweep.core.analysis;
