/**
 * Toy models: {@link org.tmssweep.core.model.ReferenceToyModel} (plain double-precision loops: the definition,
 * the reference the others are tested against, and the evaluator of {@code final_loss}), and the three
 * training kernels, each running many float32 instances of one shape ({@link org.tmssweep.core.model.PackedModel}):
 * {@link org.tmssweep.core.model.JavaToyModel} (plain Java, tied kinds, small shapes),
 * {@link org.tmssweep.core.model.Nd4jToyModel} (batched ND4J products, tied kinds, larger shapes) and
 * {@link org.tmssweep.core.model.Nd4jGeneralModel} (the untied ABS model and the L1 penalty). The kernels take
 * the loss's normalisation and output-gradient coefficient from {@code ToyLoss}; which kernel trains a pack is
 * {@link org.tmssweep.core.train.PackRun}'s rule. All share one contract test suite.
 */
package org.tmssweep.core.model;
