/**
 * Toy models: {@link org.tmssweep.core.model.ReferenceToyModel} (plain double-precision loops, the reference and
 * evaluator) and {@link org.tmssweep.core.model.Nd4jToyModel} (many float32 instances packed in rank-3 ND4J
 * tensors, used for training). Both share one contract test suite.
 */
package org.tmssweep.core.model;
