/**
 * Feature geometry of trained models (norms, interference, feature dimensionality, dimensions per feature).
 */
package org.tmssweep.core.metrics;
