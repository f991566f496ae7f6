/**
 * Synthetic data of the paper: {@link org.tmssweep.core.data.SparseSampler} writes sparse uniform features into
 * caller-owned buffers. {@link org.tmssweep.core.data.FiniteDataset} draws a fixed set of such points once (the
 * finite-data regime), and {@link org.tmssweep.core.data.BatchSource} hands the trainer a model's batches from
 * either.
 */
package org.tmssweep.core.data;
