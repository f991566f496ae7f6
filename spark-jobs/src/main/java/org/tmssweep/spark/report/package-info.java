/**
 * The figure report, drawn from the Parquet tables alone.
 *
 * <p>Data flow: {@link org.tmssweep.spark.report.ReportLoader} (the only class here that uses Spark)
 * reads {@code OUT/sweeps}, {@code OUT/models} and {@code OUT/features} by column name into a
 * {@link org.tmssweep.spark.report.ReportData} of plain records; {@link org.tmssweep.spark.report.Report}
 * renders it with JFreeChart (PNG via a BufferedImage, SVG via JFreeSVG), one directory per sweep plus
 * a top-level {@code index.html}. Figures: {@code DimensionalityFigure} (D* and D_i vs 1/(1-S) with
 * the sticky fractions), {@code RepresentedFeaturesFigure} (#||W_i|| &gt; 0.5 vs 1/(1-S) with a line
 * at m), {@code FeaturePanelsFigure} (W^T W, bias and ||W_i|| coloured by superposition per model).
 * Metric definitions follow the paper (docs/paper.md §3).
 */
package org.tmssweep.spark.report;
