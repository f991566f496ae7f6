package org.tmssweep.spark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYBoxAnnotation;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYPolygonAnnotation;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Figures of the sweeps that train sparse autoencoders (SAEs) on data with known features (the
 * {@code sae_models}, {@code sae_latents} and {@code sae_features} tables), each present only when the sweep's
 * SAE rows support it:
 * <ul>
 *   <li>{@code sae-mmcs-heatmap}: the mean over seeds of MMCS over the grid of the penalty l1 and k/G (Sharkey,
 *       Braun and Millidge, "Taking features out of superposition with sparse autoencoders": the MMCS grid);</li>
 *   <li>{@code sae-dead-heatmap}: the mean fraction of dead latents over the same grid;</li>
 *   <li>{@code sae-cross-mmcs}: the MMCS between the dictionaries of neighbouring sizes against k, one line per
 *       l1, k = G marked (the interim report's way to find G without the ground truth);</li>
 *   <li>{@code sae-latent-cosines}: per latent, its best cosine with a true feature, for the best-MMCS SAE of
 *       each setting and the worst seed of the same cell;</li>
 *   <li>{@code sae-latents-2d}: for d = 2, the true directions as lines and the decoder rows as arrows, one panel
 *       per SAE (ARENA's "SAEs in toy models" picture).</li>
 * </ul>
 * SAEs are grouped into settings by everything but l1, k and the seed ({@link SaeModelRow#settings()}); one panel
 * per setting, labelled by the settings in which the panels differ.
 */
final class SaeFigures {
    /** Latents drawn as bars in index order at most; above, sorted by cosine and unlabelled. */
    static final int MAX_BARS = 64;
    /** Panels of sae-latents-2d at most. */
    static final int MAX_2D_PANELS = 20;
    static final FigureEntry MMCS_HEATMAP = new FigureEntry("sae-mmcs-heatmap",
            "SAEs: MMCS over (l1, k/G)",
            "From the sae_models table: the mean over SAE seeds of MMCS = (1/G) \u03a3_g max_j cos(g, D_j), the "
            + "mean over the G true features of their best cosine with a decoder row, at each penalty l1 (across, "
            + "log spaced) and dictionary size k/G (up, log\u2082 spaced), value printed in the cell; one panel per "
            + "setting (everything but l1, k and the seed). The dashed lines bracket k = G; the boxed cell has the "
            + "highest mean MMCS. What to look for (Sharkey, Braun and Millidge's interim report): a band of l1 "
            + "with MMCS near 1 once k \u2265 G, and MMCS well below 1 for k < G at every l1.");
    static final FigureEntry DEAD_HEATMAP = new FigureEntry("sae-dead-heatmap",
            "SAEs: dead latents over (l1, k/G)",
            "From the sae_models table: the mean over SAE seeds of dead_latents / k, the fraction of latents that "
            + "never fire on the evaluation sample, over the same (l1, k/G) grid as sae-mmcs-heatmap; the dashed "
            + "lines bracket k = G. What to look for (the interim report): no dead latents while k \u2264 G inside "
            + "the good l1 band, dead latents once k > G (the dictionary has more latents than features), and "
            + "more of them at large l1.");
    static final FigureEntry CROSS_MMCS = new FigureEntry("sae-cross-mmcs",
            "SAEs: MMCS between dictionaries of neighbouring sizes",
            "From the sae_models table: cross_mmcs, the MMCS between the dictionary of k latents and the one of the "
            + "next larger k of the same settings, l1 and seed (matched from the smaller one), mean over seeds, "
            + "plotted at the smaller k; one line per l1 (its peak ringed), one panel per setting. The dotted line "
            + "marks k = G. "
            + "What to look for: the interim report proposes that this agreement peaks near k = G, so that G can "
            + "be found without the ground truth \u2014 the sources do not confirm it; the dictionary claims "
            + "check it on these rows.");
    static final FigureEntry LATENT_COSINES = new FigureEntry("sae-latent-cosines",
            "SAEs: each latent's best cosine with a true feature",
            "From the sae_latents table: one bar per latent, its best_cosine, the largest cosine of its decoder "
            + "row with a true feature, coloured by that feature (label above the bar; sorted bars in one colour, "
            + "the dotted line at G); grey bars labelled dead are "
            + "dead latents; the dashed line is the recovery threshold. Panels: per setting, the SAE of highest "
            + "MMCS and, when its cell has another seed of lower MMCS, the lowest of those. With more than "
            + MAX_BARS + " latents the bars are sorted by cosine. What to look for: one latent "
            + "per feature near 1; two latents on one feature, dead latents, or bars far below 1 are features "
            + "the dictionary missed or split.");
    static final FigureEntry LATENTS_2D = new FigureEntry("sae-latents-2d",
            "SAEs: decoder rows over the true features in 2-D",
            "SAEs that read d = 2 dimensions (an SAE on the hidden layer of an m = 2 toy model): the true feature "
            + "directions as grey lines labelled f0, f1, \u2026 (from the sae_features table), each decoder row "
            + "as a coloured arrow labelled with its latent (from the sae_latents table; dead latents dashed "
            + "grey), one panel per SAE: rows are settings, columns seeds (at most "
            + MAX_2D_PANELS + " panels). What to look for (ARENA's \u201cSAEs in toy models\u201d): "
            + "every true direction covered by an arrow; without resampling, some seeds leave a latent dead "
            + "and a direction uncovered.");

    /** Settings drawn (heatmap, cross-MMCS panels) at most. */
    static final int MAX_GROUPS = 4;
    /** Panels of sae-latent-cosines at most. */
    static final int MAX_COSINE_PANELS = 8;
    /** Columns of sae-latents-2d at most. */
    static final int MAX_2D_COLUMNS = 5;
    /** Cells per heatmap row up to which the values are printed. */
    static final int MAX_PRINTED_COLUMNS = 20;
    /** Lines of sae-cross-mmcs from which on they take a sequential colour scale (l1 is ordered). */
    static final int SEQUENTIAL_LINES = 5;
    /** Feature labels printed on the bars up to this many latents. */
    static final int MAX_LABELLED_BARS = 24;
    static final int PANEL_2D = 280;
    static final double LIMIT_2D = 1.5;

    private SaeFigures() {
    }

    /** Every figure of this class under its entry, in page order. */
    static Map<FigureEntry, Optional<? extends Figure>> all(SweepData sweep) {
        Map<FigureEntry, Optional<? extends Figure>> out = new LinkedHashMap<>();
        out.put(MMCS_HEATMAP, mmcsHeatmap(sweep));
        out.put(DEAD_HEATMAP, deadHeatmap(sweep));
        out.put(CROSS_MMCS, crossMmcs(sweep));
        out.put(LATENT_COSINES, latentCosines(sweep));
        out.put(LATENTS_2D, latents2d(sweep));
        return out;
    }

    /** The figure entries of this class, in page order. */
    static List<FigureEntry> entries() {
        return List.of(MMCS_HEATMAP, DEAD_HEATMAP, CROSS_MMCS, LATENT_COSINES, LATENTS_2D);
    }

    /**
     * The SAEs whose sae_latents rows the figures need: per sweep, those sae-latent-cosines draws and those of
     * {@link #featureKeys}.
     */
    static java.util.Set<ModelKey> latentKeys(List<SaeModelRow> saes) {
        java.util.Set<ModelKey> out = new java.util.TreeSet<>(featureKeys(saes));
        Map<String, List<SaeModelRow>> bySweep = new TreeMap<>();
        for (SaeModelRow s : saes) {
            if (s.usable()) {
                bySweep.computeIfAbsent(s.sweepId(), k -> new ArrayList<>()).add(s);
            }
        }
        bySweep.values().forEach(ss -> cosineSaes(groups(ss)).forEach(s -> out.add(s.key())));
        return out;
    }

    /** The SAEs whose sae_features rows (and decoder rows) the figures need: the usable ones of d = 2. */
    static java.util.Set<ModelKey> featureKeys(List<SaeModelRow> saes) {
        java.util.Set<ModelKey> out = new java.util.TreeSet<>();
        saes.stream().filter(s -> s.usable() && s.dim() == 2).forEach(s -> out.add(s.key()));
        return out;
    }

    // ---------------------------------------------------------------- settings

    /** The usable SAEs of one setting; {@code label} names what tells it apart from the other settings. */
    record Group(String label, Map<String, String> settings, List<SaeModelRow> saes) {
        /** G of the setting (a setting has one). */
        int features() {
            return saes.get(0).features();
        }
    }

    /** The usable SAEs of the sweep grouped by {@link SaeModelRow#settings()}, in settings order. */
    static List<Group> groups(SweepData sweep) {
        return groups(sweep.derived().sae().usable());
    }

    static List<Group> groups(List<SaeModelRow> saes) {
        TreeMap<String, List<SaeModelRow>> byKey = new TreeMap<>();
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        for (SaeModelRow s : saes) {
            String key = s.settings().toString();
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            settings.putIfAbsent(key, s.settings());
        }
        List<Map<String, String>> all = byKey.keySet().stream().map(settings::get).toList();
        List<Group> out = new ArrayList<>();
        for (Map.Entry<String, List<SaeModelRow>> e : byKey.entrySet()) {
            Map<String, String> s = settings.get(e.getKey());
            out.add(new Group(label(s, all), s, e.getValue()));
        }
        return out;
    }

    /**
     * The settings in which {@code s} differs from the others, as {@code name=value} (those it leaves empty, such as
     * another source's settings, left out); with one setting, its source, G and d.
     */
    static String label(Map<String, String> s, List<Map<String, String>> all) {
        List<String> parts = new ArrayList<>();
        if (all.size() > 1) {
            for (String name : s.keySet()) {
                String v = s.get(name);
                if (!v.isEmpty() && all.stream().map(a -> a.get(name)).distinct().count() > 1) {
                    parts.add(name + "=" + ("toy_point_id".equals(name) && v.length() > 8 ? v.substring(0, 8) : v));
                }
            }
        }
        if (parts.isEmpty()) {
            parts.add(s.get("source") + " G=" + s.get("features") + " d=" + s.get("dim"));
        }
        return String.join(" ", parts);
    }

    /** One cell of the (l1, k/G) grid: the mean of a quantity over the SAEs (seeds) there. */
    record Cell(double l1, double ratio, int latents, double mean, int saes) {
    }

    /** The cells of {@code saes}, by l1 then k/G; SAEs whose quantity is not finite left out. */
    static List<Cell> cells(List<SaeModelRow> saes, ToDoubleFunction<SaeModelRow> f) {
        TreeMap<Double, TreeMap<Double, List<SaeModelRow>>> by = new TreeMap<>();
        for (SaeModelRow s : saes) {
            if (Double.isFinite(f.applyAsDouble(s))) {
                by.computeIfAbsent(s.l1(), k -> new TreeMap<>()).computeIfAbsent(s.ratio(), k -> new ArrayList<>())
                        .add(s);
            }
        }
        List<Cell> out = new ArrayList<>();
        by.forEach((l1, byRatio) -> byRatio.forEach((ratio, ss) -> out.add(new Cell(l1, ratio,
                ss.get(0).latents(), ss.stream().mapToDouble(f).average().orElseThrow(), ss.size()))));
        return out;
    }

    /** A k/G tick: "1/4" below 1 when k/G is the inverse of an integer, the number otherwise, and k. */
    static String ratioLabel(double ratio, int latents) {
        String r;
        double inv = 1 / ratio;
        if (ratio < 1 && Math.abs(inv - Math.rint(inv)) < 1e-9) {
            r = "1/" + Math.round(inv);
        } else {
            r = Fmt.num(ratio);
        }
        return r + " (k=" + latents + ")";
    }

    // ---------------------------------------------------------------- heatmaps

    /** sae-mmcs-heatmap; empty unless some setting has two (l1, k/G) cells or more. */
    static Optional<PanelGrid> mmcsHeatmap(SweepData sweep) {
        return heatmap(sweep, SaeModelRow::mmcs, "mean MMCS", "MMCS over (l1, k/G)", true);
    }

    /** sae-dead-heatmap; empty unless some setting has two (l1, k/G) cells or more. */
    static Optional<PanelGrid> deadHeatmap(SweepData sweep) {
        return heatmap(sweep, SaeModelRow::deadFraction, "mean fraction of dead latents", "Dead latents over (l1, k/G)",
                false);
    }

    private static Optional<PanelGrid> heatmap(SweepData sweep, ToDoubleFunction<SaeModelRow> f, String quantity,
            String title, boolean boxBest) {
        List<JFreeChart> panels = new ArrayList<>();
        int rows = 1;
        int columns = 1;
        for (Group g : groups(sweep)) {
            List<Cell> cells = cells(g.saes(), f);
            if (cells.size() < 2) {
                continue;
            }
            rows = Math.max(rows, (int) cells.stream().mapToDouble(Cell::ratio).distinct().count());
            columns = Math.max(columns, (int) cells.stream().mapToDouble(Cell::l1).distinct().count());
            panels.add(heatmapPanel(g, cells, quantity, boxBest));
            if (panels.size() == MAX_GROUPS) {
                break;
            }
        }
        if (panels.isEmpty()) {
            return Optional.empty();
        }
        int width = Math.max(520, 220 + 62 * columns);
        int height = Math.max(340, 170 + 44 * rows);
        return Optional.of(new PanelGrid(title + " \u2014 " + DimensionalityFigure.title(sweep),
                "colour and value: " + quantity + " over the SAE seeds of a cell; dashed: k = G"
                + (boxBest ? "; boxed: the highest mean MMCS" : ""), panels, panels.size() == 1 ? 1 : 2, width,
                height));
    }

    private static JFreeChart heatmapPanel(Group g, List<Cell> cells, String quantity, boolean boxBest) {
        List<Double> l1s = new ArrayList<>(new TreeSet<>(cells.stream().map(Cell::l1).toList()));
        List<Double> ratios = new ArrayList<>(new TreeSet<>(cells.stream().map(Cell::ratio).toList()));
        String[] ratioLabels = new String[ratios.size()];
        for (int j = 0; j < ratios.size(); j++) {
            double r = ratios.get(j);
            ratioLabels[j] = ratioLabel(r, cells.stream().filter(c -> c.ratio() == r).findFirst().orElseThrow()
                    .latents());
        }
        SymbolAxis x = new SymbolAxis("l1 penalty (log spaced)", l1s.stream().map(Fmt::num).toArray(String[]::new));
        x.setRange(-0.5, l1s.size() - 0.5);
        x.setGridBandsVisible(false);
        if (l1s.size() > 9) {
            x.setVerticalTickLabels(true);
        }
        SymbolAxis y = new SymbolAxis("k/G (log\u2082 spaced)", ratioLabels);
        y.setRange(-0.5, ratios.size() - 0.5);
        y.setGridBandsVisible(false);
        ChartStyle.axis(x);
        ChartStyle.axis(y);
        XYPlot p = new XYPlot(null, x, y, new XYLineAndShapeRenderer());
        ChartStyle.plot(p);
        p.setDomainGridlinesVisible(false);
        p.setRangeGridlinesVisible(false);
        PaintScale scale = ColorScales.viridis(0, 1);
        boolean text = l1s.size() <= MAX_PRINTED_COLUMNS;
        Cell best = null;
        for (Cell c : cells) {
            int i = l1s.indexOf(c.l1());
            int j = ratios.indexOf(c.ratio());
            Color fill = (Color) scale.getPaint(c.mean());
            p.addAnnotation(new XYBoxAnnotation(i - 0.5, j - 0.5, i + 0.5, j + 0.5, new BasicStroke(1f), Color.WHITE,
                    fill));
            if (text) {
                XYTextAnnotation a = new XYTextAnnotation(cellText(c.mean()), i, j);
                a.setFont(ChartStyle.SMALL);
                a.setPaint(ChartStyle.textOn(fill));
                p.addAnnotation(a);
            }
            if (best == null || c.mean() > best.mean()) {
                best = c;
            }
        }
        int g1 = ratios.indexOf(1.0);
        double lower;
        double upper;
        if (g1 >= 0) {
            lower = g1 - 0.5;
            upper = g1 + 0.5;
        } else {
            long below = ratios.stream().filter(r -> r < 1).count();
            lower = below - 0.5;
            upper = lower;
        }
        if (lower > -0.5 || upper < ratios.size() - 0.5) {
            for (double yv : new double[] {lower, upper}) {
                p.addAnnotation(new XYLineAnnotation(-0.5, yv, l1s.size() - 0.5, yv, ChartStyle.DASHED, Color.BLACK));
            }
            XYTextAnnotation kg = new XYTextAnnotation("k = G", l1s.size() - 0.55, upper);
            kg.setFont(new Font(ChartStyle.FAMILY, Font.BOLD, 11));
            kg.setTextAnchor(TextAnchor.BOTTOM_RIGHT);
            kg.setBackgroundPaint(new Color(255, 255, 255, 200));
            p.addAnnotation(kg);
        }
        if (boxBest && best != null) {
            int i = l1s.indexOf(best.l1());
            int j = ratios.indexOf(best.ratio());
            p.addAnnotation(new XYBoxAnnotation(i - 0.5, j - 0.5, i + 0.5, j + 0.5, new BasicStroke(3f), Color.RED,
                    null));
        }
        JFreeChart chart = new JFreeChart(g.label() + " (" + g.saes().size() + " SAEs)", ChartStyle.SUBTITLE, p,
                false);
        ChartStyle.chart(chart);
        chart.getTitle().setFont(ChartStyle.SUBTITLE);
        PaintScaleLegend legend = ChartStyle.colourBar(scale, quantity, 0, 1);
        chart.addSubtitle(legend);
        return chart;
    }

    /** Three decimals, so 0.999 and 1 read apart. */
    static String cellText(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }

    // ---------------------------------------------------------------- cross-size MMCS

    /** sae-cross-mmcs; empty unless some usable SAE has a cross_mmcs (a setting with two k or more). */
    static Optional<PanelGrid> crossMmcs(SweepData sweep) {
        List<JFreeChart> panels = new ArrayList<>();
        for (Group g : groups(sweep)) {
            if (g.saes().stream().noneMatch(s -> Double.isFinite(s.crossMmcs()))) {
                continue;
            }
            panels.add(crossPanel(g));
            if (panels.size() == MAX_GROUPS) {
                break;
            }
        }
        if (panels.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PanelGrid("MMCS between dictionaries of neighbouring sizes \u2014 "
                + DimensionalityFigure.title(sweep), "cross_mmcs of k and the next larger k (same settings, l1, "
                + "seed), mean over seeds, at the smaller k; one line per l1, its peak ringed; dotted: k = G", panels,
                panels.size() == 1 ? 1 : 2, panels.size() == 1 ? DimensionalityFigure.WIDTH
                        : DimensionalityFigure.WIDTH * 3 / 4, 560));
    }

    /** Per l1 of the group, the mean cross_mmcs over seeds at each k (that has one), by k. */
    static TreeMap<Double, TreeMap<Integer, Double>> crossLines(Group g) {
        TreeMap<Double, TreeMap<Integer, List<Double>>> by = new TreeMap<>();
        for (SaeModelRow s : g.saes()) {
            if (Double.isFinite(s.crossMmcs())) {
                by.computeIfAbsent(s.l1(), k -> new TreeMap<>()).computeIfAbsent(s.latents(), k -> new ArrayList<>())
                        .add(s.crossMmcs());
            }
        }
        TreeMap<Double, TreeMap<Integer, Double>> out = new TreeMap<>();
        by.forEach((l1, byK) -> {
            TreeMap<Integer, Double> line = new TreeMap<>();
            byK.forEach((k, vs) -> line.put(k, vs.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
            out.put(l1, line);
        });
        return out;
    }

    private static JFreeChart crossPanel(Group g) {
        TreeMap<Double, TreeMap<Integer, Double>> lines = crossLines(g);
        List<Integer> ks = new ArrayList<>(new TreeSet<>(lines.values().stream().flatMap(l -> l.keySet().stream())
                .toList()));
        SymbolAxis x = new SymbolAxis("k = latents of the smaller dictionary (log\u2082 spaced)",
                ks.stream().map(String::valueOf).toArray(String[]::new));
        x.setRange(-0.5, ks.size() - 0.5);
        x.setGridBandsVisible(false);
        NumberAxis y = new NumberAxis("cross-size MMCS");
        y.setRange(0, 1.05);
        ChartStyle.axis(x);
        ChartStyle.axis(y);
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        int n = 0;
        // l1 is ordered: a sequential scale (viridis up to its light green) from 5 lines on
        PaintScale many = lines.size() >= SEQUENTIAL_LINES ? ColorScales.viridis(0, (lines.size() - 1) / 0.85) : null;
        XYSeries peaks = new XYSeries("peak of each line", false, true);
        for (Map.Entry<Double, TreeMap<Integer, Double>> e : lines.entrySet()) {
            XYSeries s = new XYSeries("l1 = " + Fmt.num(e.getKey()), true, false);
            e.getValue().forEach((k, v) -> s.add(ks.indexOf(k), v));
            peakOf(e.getValue()).ifPresent(k -> peaks.add(ks.indexOf(k), e.getValue().get(k)));
            data.addSeries(s);
            r.setSeriesPaint(n, many == null ? ChartStyle.series(n) : many.getPaint(n));
            r.setSeriesStroke(n, new BasicStroke(2f));
            r.setSeriesShape(n, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
            n++;
        }
        XYPlot p = new XYPlot(data, x, y, r);
        XYLineAndShapeRenderer ring = new XYLineAndShapeRenderer(false, true);
        ring.setSeriesShape(0, new Ellipse2D.Double(-7, -7, 14, 14));
        ring.setSeriesShapesFilled(0, false);
        ring.setSeriesPaint(0, Color.BLACK);
        ring.setSeriesOutlineStroke(0, new BasicStroke(1.5f));
        ring.setUseOutlinePaint(false);
        p.setDataset(1, new XYSeriesCollection(peaks));
        p.setRenderer(1, ring);
        ChartStyle.plot(p);
        double gx = position(ks, g.features());
        if (gx >= -0.5 && gx <= ks.size() - 0.5) {
            ValueMarker m = new ValueMarker(gx, ChartStyle.REFERENCE, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f));
            m.setLabel("k = G = " + g.features());
            m.setLabelFont(new Font(ChartStyle.FAMILY, Font.BOLD, 12));
            m.setLabelPaint(ChartStyle.REFERENCE);
            m.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
            m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            m.setLabelOffset(new RectangleInsets(2, 4, 6, 4));
            m.setLabelBackgroundColor(new Color(255, 255, 255, 200));
            p.addDomainMarker(m);
        }
        JFreeChart chart = new JFreeChart(g.label(), ChartStyle.SUBTITLE, p, true);
        ChartStyle.chart(chart);
        chart.getTitle().setFont(ChartStyle.SUBTITLE);
        return chart;
    }

    /** The k of the largest value of a line (ties: the smaller k); empty for an empty line. */
    static Optional<Integer> peakOf(TreeMap<Integer, Double> line) {
        Integer best = null;
        for (Map.Entry<Integer, Double> e : line.entrySet()) {
            if (best == null || e.getValue() > line.get(best)) {
                best = e.getKey();
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Where {@code k} sits on a categorical axis of the sorted {@code ks}: its index when present, else
     * interpolated in log k between its neighbours (beyond the ends: half a category out).
     */
    static double position(List<Integer> ks, int k) {
        int at = ks.indexOf(k);
        if (at >= 0) {
            return at;
        }
        if (k < ks.get(0)) {
            return -0.5;
        }
        if (k > ks.get(ks.size() - 1)) {
            return ks.size() - 0.5;
        }
        for (int i = 1; i < ks.size(); i++) {
            if (k < ks.get(i)) {
                double a = Math.log(ks.get(i - 1));
                double b = Math.log(ks.get(i));
                return i - 1 + (Math.log(k) - a) / (b - a);
            }
        }
        return ks.size() - 0.5;
    }

    // ---------------------------------------------------------------- per-latent cosines

    /**
     * The SAEs sae-latent-cosines draws: per setting, the one of highest MMCS (ties: the lower key), then the one
     * of lowest MMCS among the other seeds of its (l1, k) cell when lower; at most {@link #MAX_COSINE_PANELS}.
     */
    static List<SaeModelRow> cosineSaes(List<Group> groups) {
        List<SaeModelRow> out = new ArrayList<>();
        Comparator<SaeModelRow> byMmcs = Comparator.comparingDouble(SaeModelRow::mmcs);
        for (Group g : groups) {
            SaeModelRow best = g.saes().stream().max(byMmcs.thenComparing(SaeModelRow::key, Comparator.reverseOrder()))
                    .orElseThrow();
            out.add(best);
            g.saes().stream().filter(s -> s != best && s.l1() == best.l1() && s.latents() == best.latents())
                    .min(byMmcs.thenComparing(SaeModelRow::key)).filter(w -> w.mmcs() < best.mmcs())
                    .ifPresent(out::add);
        }
        return out.size() > MAX_COSINE_PANELS ? out.subList(0, MAX_COSINE_PANELS) : out;
    }

    /** sae-latent-cosines; empty unless some usable SAE has latent rows. */
    static Optional<PanelGrid> latentCosines(SweepData sweep) {
        SaeRows sae = sweep.derived().sae();
        Map<ModelKey, List<SaeLatentRow>> latents = sae.latentsBySae();
        List<Group> groups = groups(sweep);
        Map<ModelKey, String> labels = new LinkedHashMap<>();
        for (Group g : groups) {
            g.saes().forEach(s -> labels.put(s.key(), g.label()));
        }
        List<Group> withLatents = groups.stream().map(g -> new Group(g.label(), g.settings(),
                g.saes().stream().filter(s -> latents.containsKey(s.key())).toList())).filter(g -> !g.saes().isEmpty())
                .toList();
        if (withLatents.isEmpty()) {
            return Optional.empty();
        }
        List<JFreeChart> panels = new ArrayList<>();
        for (SaeModelRow s : cosineSaes(withLatents)) {
            panels.add(cosinePanel(s, labels.get(s.key()), latents.get(s.key())));
        }
        return Optional.of(new PanelGrid("Best cosine of each latent with a true feature \u2014 "
                + DimensionalityFigure.title(sweep), "bar: best_cosine of a latent's decoder row, colour and label: "
                + "its best feature; grey: dead latent; dashed: the recovery threshold", panels,
                Math.min(2, panels.size()), panels.size() == 1 ? DimensionalityFigure.WIDTH : 560, 340));
    }

    private static JFreeChart cosinePanel(SaeModelRow s, String label, List<SaeLatentRow> rows) {
        boolean sorted = rows.size() > MAX_BARS;
        List<SaeLatentRow> order = sorted
                ? rows.stream().sorted(Comparator.comparingDouble(SaeLatentRow::bestCosine).reversed()
                        .thenComparingInt(SaeLatentRow::latent)).toList()
                : rows;
        NumberAxis x = new NumberAxis(sorted ? "latents, sorted by best cosine" : "latent");
        x.setRange(-0.5, order.size() - 0.5);
        if (!sorted) {
            x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        double lo = Math.min(0, order.stream().mapToDouble(SaeLatentRow::bestCosine).filter(Double::isFinite).min()
                .orElse(0));
        NumberAxis y = new NumberAxis("best cosine with a true feature");
        y.setRange(lo, 1.12);
        ChartStyle.axis(x);
        ChartStyle.axis(y);
        XYPlot p = new XYPlot(null, x, y, new XYLineAndShapeRenderer());
        ChartStyle.plot(p);
        p.setDomainGridlinesVisible(false);
        double gap = sorted ? 0 : 0.12;
        boolean labelled = order.size() <= MAX_LABELLED_BARS;
        for (int i = 0; i < order.size(); i++) {
            SaeLatentRow l = order.get(i);
            double v = Double.isFinite(l.bestCosine()) ? l.bestCosine() : 0;
            Color c = l.dead() ? ColorScales.MISSING : sorted ? ChartStyle.series(0) : ChartStyle.series(l.bestFeature());
            p.addAnnotation(new XYBoxAnnotation(i - 0.5 + gap, Math.min(0, v), i + 0.5 - gap, Math.max(0, v),
                    sorted ? null : new BasicStroke(0.5f), sorted ? null : c.darker(), c));
            if (labelled) {
                XYTextAnnotation t = new XYTextAnnotation(l.dead() ? "dead" : "f" + l.bestFeature(), i,
                        Math.max(0, v) + 0.02);
                t.setFont(new Font(ChartStyle.FAMILY, Font.BOLD, 10));
                t.setPaint(l.dead() ? ChartStyle.REFERENCE : c.darker());
                t.setTextAnchor(TextAnchor.BOTTOM_CENTER);
                p.addAnnotation(t);
            }
        }
        if (sorted && s.features() < order.size()) {
            ValueMarker g = new ValueMarker(s.features() - 0.5, ChartStyle.REFERENCE, ChartStyle.DOTTED);
            g.setLabel("G = " + s.features());
            g.setLabelFont(new Font(ChartStyle.FAMILY, Font.BOLD, 11));
            g.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            g.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            g.setLabelBackgroundColor(new Color(255, 255, 255, 200));
            p.addDomainMarker(g);
        }
        if (Double.isFinite(s.recoveryThreshold())) {
            ValueMarker m = new ValueMarker(s.recoveryThreshold(), ChartStyle.REFERENCE, ChartStyle.DASHED);
            p.addRangeMarker(m);
        }
        String title = (label.isEmpty() ? "" : label + ": ") + "l1 " + Fmt.num(s.l1()) + ", k " + s.latents()
                + ", seed " + s.seed() + " \u2014 MMCS " + cellText(s.mmcs()) + ", " + s.deadLatents() + " dead";
        JFreeChart chart = new JFreeChart(title, ChartStyle.SUBTITLE, p, false);
        ChartStyle.chart(chart);
        chart.getTitle().setFont(ChartStyle.SUBTITLE);
        return chart;
    }

    // ---------------------------------------------------------------- 2-D

    /** The SAEs of d = 2 with complete 2-D latent and feature rows, by setting, l1, k, seed. */
    static List<SaeModelRow> saes2d(SweepData sweep) {
        SaeRows sae = sweep.derived().sae();
        Map<ModelKey, List<SaeLatentRow>> latents = sae.latentsBySae();
        Map<ModelKey, List<SaeFeatureRow>> features = sae.featuresBySae();
        List<SaeModelRow> out = new ArrayList<>();
        for (Group g : groups(sweep)) {
            g.saes().stream().filter(s -> s.dim() == 2 && complete(s, latents.get(s.key()), features.get(s.key())))
                    .sorted(Comparator.comparingDouble(SaeModelRow::l1).thenComparingInt(SaeModelRow::latents)
                            .thenComparingInt(SaeModelRow::seed).thenComparing(SaeModelRow::key))
                    .forEach(out::add);
        }
        return out;
    }

    private static boolean complete(SaeModelRow s, List<SaeLatentRow> latents, List<SaeFeatureRow> features) {
        return latents != null && features != null && latents.size() == s.latents() && features.size() == s.features()
                && latents.stream().allMatch(l -> l.decoder().length == 2)
                && features.stream().allMatch(f -> f.direction().length == 2);
    }

    /** sae-latents-2d; empty unless some usable SAE reads d = 2 with complete rows. */
    static Optional<PanelGrid> latents2d(SweepData sweep) {
        List<SaeModelRow> saes = saes2d(sweep);
        if (saes.isEmpty()) {
            return Optional.empty();
        }
        List<Group> groups = groups(sweep);
        Map<ModelKey, String> labels = new LinkedHashMap<>();
        for (Group g : groups) {
            g.saes().forEach(s -> labels.put(s.key(), g.label()));
        }
        SaeRows sae = sweep.derived().sae();
        Map<ModelKey, List<SaeLatentRow>> latents = sae.latentsBySae();
        Map<ModelKey, List<SaeFeatureRow>> features = sae.featuresBySae();
        List<SaeModelRow> shown = BestSeeds.thin(saes, MAX_2D_PANELS);
        int seeds = (int) shown.stream().mapToInt(SaeModelRow::seed).distinct().count();
        int columns = Math.max(1, Math.min(MAX_2D_COLUMNS, Math.min(seeds, shown.size())));
        List<JFreeChart> panels = new ArrayList<>();
        for (SaeModelRow s : shown) {
            panels.add(panel2d(s, labels.get(s.key()), latents.get(s.key()), features.get(s.key())));
        }
        return Optional.of(new PanelGrid("Decoder rows over the true features (d = 2) \u2014 "
                + DimensionalityFigure.title(sweep), "grey lines: true directions f\u1d62; arrows: decoder rows, "
                + "labelled by latent (dashed grey: dead); one panel per SAE", panels, columns, PANEL_2D,
                PANEL_2D + 20));
    }

    private static JFreeChart panel2d(SaeModelRow s, String label, List<SaeLatentRow> latents,
            List<SaeFeatureRow> features) {
        NumberAxis x = new NumberAxis();
        NumberAxis y = new NumberAxis();
        for (NumberAxis a : new NumberAxis[] {x, y}) {
            a.setAutoRange(false);
            a.setRange(-LIMIT_2D, LIMIT_2D);
            a.setTickLabelFont(ChartStyle.SMALL);
        }
        XYPlot p = new XYPlot(null, x, y, new XYLineAndShapeRenderer());
        ChartStyle.plot(p);
        p.setDomainGridlinesVisible(false);
        p.setRangeGridlinesVisible(false);
        Color truth = new Color(170, 170, 170);
        for (SaeFeatureRow f : features) {
            double[] u = unit(f.direction());
            p.addAnnotation(new XYLineAnnotation(0, 0, 1.2 * u[0], 1.2 * u[1], new BasicStroke(5f,
                    BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND), truth));
            XYTextAnnotation t = new XYTextAnnotation("f" + f.feature(), 1.36 * u[0], 1.36 * u[1]);
            t.setFont(new Font(ChartStyle.FAMILY, Font.BOLD, 11));
            t.setPaint(ChartStyle.REFERENCE);
            p.addAnnotation(t);
        }
        for (SaeLatentRow l : latents) {
            double[] u = unit(l.decoder());
            Color c = l.dead() ? ColorScales.MISSING.darker() : ChartStyle.series(l.latent());
            arrow(p, u[0], u[1], c, l.dead());
            // labels at radii that differ by latent, so two latents on one direction stay readable
            double r = 0.45 + 0.12 * (l.latent() % 4);
            XYTextAnnotation t = new XYTextAnnotation(Integer.toString(l.latent()), r * u[0] - 0.1 * u[1],
                    r * u[1] + 0.1 * u[0]);
            t.setFont(new Font(ChartStyle.FAMILY, Font.BOLD, 10));
            t.setPaint(c.darker());
            p.addAnnotation(t);
        }
        p.addAnnotation(new XYShapeAnnotation(new Ellipse2D.Double(-0.03, -0.03, 0.06, 0.06), null, null,
                Color.BLACK));
        String title = (label.isEmpty() ? "" : label + ", ") + "seed " + s.seed() + (s.l1() > 0 ? ", l1 "
                + Fmt.num(s.l1()) : "") + "\nMMCS " + cellText(s.mmcs()) + ", " + s.deadLatents() + " dead";
        JFreeChart chart = new JFreeChart(null, ChartStyle.SUBTITLE, p, false);
        ChartStyle.chart(chart);
        for (String line : title.split("\n")) {
            org.jfree.chart.title.TextTitle tt = new org.jfree.chart.title.TextTitle(line, line.startsWith("MMCS")
                    ? ChartStyle.SMALL : ChartStyle.SUBTITLE);
            chart.addSubtitle(tt);
        }
        return chart;
    }

    /** An arrow from the origin to (x, y): a shaft and a filled head; dashed when {@code dead}. */
    private static void arrow(XYPlot p, double x, double y, Color c, boolean dead) {
        double len = Math.hypot(x, y);
        if (!(len > 1e-9)) {
            return;
        }
        double ux = x / len;
        double uy = y / len;
        double head = 0.14;
        double bx = x - head * ux;
        double by = y - head * uy;
        p.addAnnotation(new XYLineAnnotation(0, 0, bx, by, dead ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f) : new BasicStroke(2.2f), c));
        double w = 0.06;
        p.addAnnotation(new XYPolygonAnnotation(new double[] {x, y, bx - w * uy, by + w * ux, bx + w * uy, by - w * ux},
                null, null, c));
    }

    private static double[] unit(double[] v) {
        double n = Math.hypot(v[0], v[1]);
        return n > 1e-12 ? new double[] {v[0] / n, v[1] / n} : new double[] {0, 0};
    }
}
