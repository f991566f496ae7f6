package org.tmssweep.spark.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * Figure (c): one panel per selected model, like the paper's "basic results" figure and the
 * notebook's {@code render_features}: the W^T W heatmap with the bias column beside it (blue-white-red
 * on [-1, 1]), and ||W_i|| as horizontal bars coloured by the superposition measure
 * sqrt(sum_{j != i} (W^_i . W_j)^2) clipped to [0, 1]. Features run top to bottom in all three parts;
 * a dashed line marks the first m features.
 */
final class FeaturePanelsFigure implements Figure {
    static final int MAX_PANELS = 12;
    static final int HEADER_HEIGHT = 110;
    static final double BAR_HALF_HEIGHT = 0.4;

    private final SweepData sweep;
    private final List<PanelModel> panels;
    private final int columns;
    private final int panelWidth;
    private final int panelHeight;
    private final PaintScale diverging = ColorScales.diverging(-1, 1);
    private final PaintScale superposition = ColorScales.viridis(0, 1);
    /** Heatmap data areas of the last draw, one per panel, for tests and image maps. */
    private final List<Rectangle2D> heatmapAreas = new ArrayList<>();

    FeaturePanelsFigure(SweepData sweep, List<PanelModel> panels) {
        this.sweep = sweep;
        this.panels = List.copyOf(panels);
        this.columns = panels.size() <= 3 ? 1 : 2;
        int maxN = panels.stream().mapToInt(PanelModel::nFeatures).max().orElse(1);
        // The heatmap gets about `side` pixels each way, so its cells are square.
        int side = Math.max(240, Math.min(440, 10 * maxN));
        this.panelWidth = (int) Math.round(side * 23 / 10.0) + 90;
        this.panelHeight = side + 100;
    }

    static FeaturePanelsFigure create(SweepData sweep) {
        return new FeaturePanelsFigure(sweep, PanelModel.select(sweep, MAX_PANELS));
    }

    List<PanelModel> panels() {
        return panels;
    }

    @Override
    public int width() {
        return columns * panelWidth;
    }

    @Override
    public int height() {
        int rows = Math.max(1, (panels.size() + columns - 1) / columns);
        return HEADER_HEIGHT + rows * panelHeight;
    }

    @Override
    public void draw(Graphics2D g2) {
        drawHeader(g2);
        heatmapAreas.clear();
        if (panels.isEmpty()) {
            TextTitle none = new TextTitle("No model of this sweep has usable feature rows.", ChartStyle.SUBTITLE);
            drawTitle(g2, none, new Rectangle2D.Double(0, HEADER_HEIGHT, width(), panelHeight));
            return;
        }
        for (int p = 0; p < panels.size(); p++) {
            Rectangle2D area = new Rectangle2D.Double((p % columns) * panelWidth,
                    HEADER_HEIGHT + (p / columns) * panelHeight, panelWidth, panelHeight);
            ChartRenderingInfo info = new ChartRenderingInfo();
            panelChart(panels.get(p)).draw(g2, area, info);
            heatmapAreas.add((Rectangle2D) info.getPlotInfo().getSubplotInfo(0).getDataArea().clone());
        }
    }

    /** Image coordinates of the centre of heatmap cell (i, j) of panel {@code p}, after a draw. */
    Point2D cellCenter(int p, int i, int j) {
        Rectangle2D a = heatmapAreas.get(p);
        int n = panels.get(p).nFeatures();
        return new Point2D.Double(a.getX() + (j + 0.5) / n * a.getWidth(), a.getY() + (i + 0.5) / n * a.getHeight());
    }

    private void drawHeader(Graphics2D g2) {
        TextTitle title = new TextTitle("Features per model \u2014 " + DimensionalityFigure.title(sweep),
                ChartStyle.TITLE);
        drawTitle(g2, title, new Rectangle2D.Double(0, 6, width(), 28));
        TextTitle sub = new TextTitle("left: W\u1d40W and bias b (features top to bottom); right: \u2016W\u1d62\u2016, "
                + "bar colour = superposition; dashed line: first m features", ChartStyle.SMALL);
        drawTitle(g2, sub, new Rectangle2D.Double(0, 34, width(), 18));
        double w = Math.min(300, width() / 2.0 - 30);
        double x0 = width() / 2.0 - w - 20;
        legend(diverging, "W\u1d40W and b (clipped to [\u22121, 1])")
                .draw(g2, new Rectangle2D.Double(x0, 56, w, 50));
        legend(superposition, "\u221a\u03a3\u2c7c\u2260\u1d62(\u0174\u1d62\u00b7W\u2c7c)\u00b2  superposition (0 = none)")
                .draw(g2, new Rectangle2D.Double(width() / 2.0 + 20, 56, w, 50));
    }

    /** Centres the title's text at the top of {@code area}. */
    private static void drawTitle(Graphics2D g2, TextTitle title, Rectangle2D area) {
        g2.setFont(title.getFont());
        g2.setPaint(Color.BLACK);
        TextUtils.drawAlignedString(title.getText(), g2, (float) area.getCenterX(), (float) area.getY(),
                TextAnchor.TOP_CENTER);
    }

    private static PaintScaleLegend legend(PaintScale scale, String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(scale.getLowerBound(), scale.getUpperBound());
        axis.setLabelFont(ChartStyle.SMALL.deriveFont(12f));
        axis.setTickLabelFont(ChartStyle.SMALL);
        PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setStripWidth(12);
        legend.setSubdivisionCount(100);
        legend.setStripOutlineVisible(true);
        legend.setMargin(new RectangleInsets(0, 0, 0, 0));
        return legend;
    }

    private JFreeChart panelChart(PanelModel pm) {
        int n = pm.nFeatures();
        NumberAxis features = new NumberAxis("feature i");
        features.setInverted(true);
        features.setAutoRange(false);
        features.setRange(-0.5, n - 0.5);
        features.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ChartStyle.axis(features);
        CombinedRangeXYPlot plot = new CombinedRangeXYPlot(features);
        plot.setGap(10);
        plot.add(heatmap(pm), 10);
        plot.add(biasColumn(pm), 1);
        plot.add(bars(pm), 12);
        int m = pm.row().nHidden();
        if (m < n) {
            for (Object sub : plot.getSubplots()) {
                ((XYPlot) sub).addRangeMarker(new ValueMarker(m - 0.5, Color.BLACK, ChartStyle.DASHED));
            }
        }
        ModelRow r = pm.row();
        JFreeChart chart = new JFreeChart(panelTitle(r), ChartStyle.SUBTITLE, plot, false);
        ChartStyle.chart(chart);
        chart.getTitle().setFont(ChartStyle.SUBTITLE);
        chart.setPadding(new RectangleInsets(4, 6, 8, 6));
        return chart;
    }

    static String panelTitle(ModelRow r) {
        return "S = " + Fmt.num(r.sparsity()) + "  (1\u2212S = " + Fmt.num(1 - r.sparsity()) + ")   " + r.model()
                + "   n=" + r.nFeatures() + " m=" + r.nHidden() + "   seed " + r.seed()
                + "   loss " + Fmt.num(r.finalLoss());
    }

    private XYPlot heatmap(PanelModel pm) {
        int n = pm.nFeatures();
        NumberAxis x = new NumberAxis("W\u1d40W   (feature j)");
        x.setAutoRange(false);
        x.setRange(-0.5, n - 0.5);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ChartStyle.axis(x);
        return matrixPlot(pm.gram(), x);
    }

    private XYPlot biasColumn(PanelModel pm) {
        int n = pm.nFeatures();
        double[][] column = new double[n][1];
        for (int i = 0; i < n; i++) {
            column[i][0] = pm.bias()[i];
        }
        NumberAxis x = new NumberAxis("b");
        x.setAutoRange(false);
        x.setRange(-0.5, 0.5);
        x.setTickLabelsVisible(false);
        x.setTickMarksVisible(false);
        ChartStyle.axis(x);
        return matrixPlot(column, x);
    }

    private XYPlot matrixPlot(double[][] values, NumberAxis x) {
        XYPlot p = new XYPlot(null, x, null, null);
        ChartStyle.plot(p);
        p.setDomainGridlinesVisible(false);
        p.setRangeGridlinesVisible(false);
        p.addAnnotation(new MatrixImageAnnotation(values, diverging));
        return p;
    }

    private XYPlot bars(PanelModel pm) {
        int n = pm.nFeatures();
        XYIntervalSeries s = new XYIntervalSeries("norm", false, true); // unsorted: item k is feature k
        double max = 1.2;
        for (int i = 0; i < n; i++) {
            double norm = Double.isFinite(pm.norms()[i]) ? pm.norms()[i] : 0;
            s.add(norm, 0, norm, i, i - BAR_HALF_HEIGHT, i + BAR_HALF_HEIGHT);
            max = Math.max(max, norm * 1.05);
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        data.addSeries(s);
        double[] colour = pm.polysemanticity();
        XYBarRenderer r = new XYBarRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public Paint getItemPaint(int series, int item) {
                return superposition.getPaint(colour[item]);
            }
        };
        r.setUseYInterval(true);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(true);
        r.setDefaultOutlinePaint(new Color(60, 60, 60));
        NumberAxis x = new NumberAxis("\u2016W\u1d62\u2016");
        x.setAutoRange(false);
        x.setRange(0, max);
        ChartStyle.axis(x);
        XYPlot p = new XYPlot(data, x, null, r);
        ChartStyle.plot(p);
        p.setRangeGridlinesVisible(false);
        p.addDomainMarker(new ValueMarker(1.0, ChartStyle.REFERENCE, ChartStyle.DOTTED));
        return p;
    }

}
