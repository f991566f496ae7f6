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
 * For models trained on a finite dataset (Henighan et al. 2023, "Superposition, Memorization, and Double
 * Descent") the loader also reads their dataset columns of {@code models} and the {@code datapoints} rows of
 * the few models drawn in 2-D: {@code DoubleDescentFigures} (dd-loss, dd-dims, dd-norms against T),
 * {@code HiddenVectorsFigure} (dd-hidden) and {@code LossHeatmapFigure} (dd-heatmap over T and m).
 * Metric definitions follow the paper (docs/paper.md §3).
 */
package org.tmssweep.spark.report;
