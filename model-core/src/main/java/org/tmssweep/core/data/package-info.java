/**
 * Synthetic data of the paper: {@link org.tmssweep.core.data.SparseSampler} writes sparse uniform features into
 * caller-owned buffers.
 */
package org.tmssweep.core.data;
