package org.tmssweep.spark.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.text.TextUtils;

/** Small multiples: a title line, then one chart per cell of a grid, row by row. */
record PanelGrid(String title, String subtitle, List<JFreeChart> panels, int columns, int panelWidth,
        int panelHeight) implements Figure {
    static final int HEADER = 58;

    @Override
    public int width() {
        return Math.max(1, Math.min(columns, panels.size())) * panelWidth;
    }

    @Override
    public int height() {
        return HEADER + Math.max(1, (panels.size() + columns - 1) / columns) * panelHeight;
    }

    @Override
    public void draw(Graphics2D g2) {
        g2.setPaint(Color.BLACK);
        g2.setFont(ChartStyle.TITLE);
        TextUtils.drawAlignedString(title, g2, width() / 2f, 8f, TextAnchor.TOP_CENTER);
        g2.setFont(ChartStyle.SMALL);
        TextUtils.drawAlignedString(subtitle, g2, width() / 2f, 34f, TextAnchor.TOP_CENTER);
        for (int k = 0; k < panels.size(); k++) {
            panels.get(k).draw(g2, new Rectangle2D.Double((k % columns) * panelWidth,
                    HEADER + (k / columns) * (double) panelHeight, panelWidth, panelHeight));
        }
    }

    /** Data-area independent cell rectangle of panel k (for tests). */
    Rectangle2D cell(int k) {
        return new Rectangle2D.Double((k % columns) * panelWidth, HEADER + (k / columns) * (double) panelHeight,
                panelWidth, panelHeight);
    }
}
