/**
 * Training: {@link org.tmssweep.core.train.Trainer#train} turns a pack of specs into
 * {@link org.tmssweep.core.train.TrainedModel}s (the entry point used by the Spark jobs);
 * {@link org.tmssweep.core.train.AdamW} is the optimiser.
 */
package org.tmssweep.core.train;
