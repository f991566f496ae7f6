package org.tmssweep.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmssweep.spark.Tolerances.F64;

import java.awt.Color;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Small pure pieces: colour scales, the polysemanticity colour, JSON layout, ticks, names, formatting. */
class ReportPartsTest {

    @Test
    void divergingScaleIsBlueWhiteRedAndClips() {
        ColorScales.Interpolated s = (ColorScales.Interpolated) ColorScales.diverging(-1, 1);
        assertEquals(new Color(59, 76, 192), s.color(-1));
        assertEquals(Color.WHITE, s.color(0));
        assertEquals(new Color(180, 4, 38), s.color(1));
        assertEquals(s.color(1), s.color(1.3), "values above the range clip to the top colour");
        assertEquals(ColorScales.MISSING, s.color(Double.NaN));
    }

    @Test
    void viridisRunsFromDarkToYellow() {
        ColorScales.Interpolated s = (ColorScales.Interpolated) ColorScales.viridis(0, 1);
        Color low = s.color(0);
        Color high = s.color(1);
        assertTrue(brightness(low) < 0.4 && brightness(high) > 0.8, low + " .. " + high);
        assertTrue(high.getRed() > 200 && high.getGreen() > 200 && high.getBlue() < 80, "top is yellow: " + high);
    }

    @Test
    void polysemanticityIsTheClippedSquareRootOfInterference() {
        // Notebook render_features: colour = L2 norm of the interference row, colour range [0, 1].
        assertEquals(0.5, feature(0.25).polysemanticity(), F64);
        assertEquals(1.0, feature(4.0).polysemanticity(), F64);
        assertEquals(0.0, feature(0.0).polysemanticity(), F64);
        assertTrue(Double.isNaN(feature(Double.NaN).polysemanticity()));
    }

    @Test
    void jsonIsReindentedWithStringsUntouched() {
        String json = "{\"a\":[1,2],\"b\":{},\"c\":\"x, {y}: \\\"z\\\"\"}";
        assertEquals("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {},\n  \"c\": \"x, {y}: \\\"z\\\"\"\n}",
                JsonPretty.format(json));
    }

    @Test
    void logAxisTicksAreOneTwoFive() {
        assertEquals(List.of(1.0, 2.0, 5.0, 10.0, 20.0), SparsityAxis.tickValues(0.8, 25, true));
        assertEquals(List.of(1.0), SparsityAxis.tickValues(0.8, 1.25, true));
        assertTrue(SparsityAxis.tickValues(0.8, 25, false).contains(3.0));
    }

    @Test
    void aOneSparsityAxisIsWidenedUntilItHasALabelledTick() {
        // S = 0.7 alone: 1/(1-S) = 3.33, range [2.67, 4.17] holds no 1, 2, 5 x 10^k (seen headless: no x labels)
        assertTrue(SparsityAxis.tickValues(3.33 / 1.25, 3.33 * 1.25, true).isEmpty());
        double[] r = SparsityAxis.withMajorTick(3.33 / 1.25, 3.33 * 1.25);
        assertTrue(r[0] < 3.33 / 1.25 && r[1] > 3.33 * 1.25);
        assertFalse(SparsityAxis.tickValues(r[0], r[1], true).isEmpty());
        assertEquals(3.33 * 1.25, SparsityAxis.withMajorTick(1, 3.33 * 1.25)[1], 0.0, "a range with a tick is kept");
    }

    @Test
    void directoryNamesAreSafeAndUnique() {
        ReportData data = new ReportData(
                List.of(Fixtures.sweep("a/b", "x"), Fixtures.sweep("a_b", "y"), Fixtures.sweep("..", "z")),
                List.of(Fixtures.model("a/b", "p", 0, "linear", 0, 1, Fixtures.orthogonalPair(),
                                Fixtures.constant(5, 0), 0.1, "ok").row(),
                        Fixtures.model("a_b", "p", 0, "linear", 0, 1, Fixtures.orthogonalPair(),
                                Fixtures.constant(5, 0), 0.1, "ok").row(),
                        Fixtures.model("..", "p", 0, "linear", 0, 1, Fixtures.orthogonalPair(),
                                Fixtures.constant(5, 0), 0.1, "ok").row()),
                List.of());
        Map<String, String> dirs = Report.directoryNames(data.bySweep());
        assertEquals(Map.of("..", "_..", "a/b", "a_b", "a_b", "a_b-2"), dirs);
    }

    @Test
    void bySweepOrdersSweepsAndSkipsThoseWithoutModels() {
        ReportData toy = Fixtures.toySweep("z");
        ReportData data = new ReportData(List.of(toy.sweeps().get(0), Fixtures.sweep("a", "no models")),
                toy.models(), toy.features());
        List<SweepData> sweeps = data.bySweep();
        assertEquals(1, sweeps.size());
        SweepData s = sweeps.get(0);
        assertEquals(5, s.usableModels().size());
        assertEquals(List.of("p3"), s.unusableModels().stream().map(ModelRow::pointId).toList());
        assertEquals(List.of("linear", "relu_output"), s.seriesKeys().stream().map(SeriesKey::model).toList());
        assertEquals("linear", s.seriesKeys().get(0).label(s.seriesKeys()));
    }

    @Test
    void numbersAreShortAndLocaleFree() {
        assertEquals("0.9", Fmt.num(0.9));
        assertEquals("0.001", Fmt.num(1e-3));
        assertEquals("4.508e-06", Fmt.num(4.508e-6));
        assertEquals("20", Fmt.num(20.0));
        assertEquals("NaN", Fmt.num(Double.NaN));
    }

    private static FeatureRow feature(double interference) {
        return new FeatureRow("s", "p", 0, 0, 1, 1, 1, interference, 1, 0, new double[] {1});
    }

    private static double brightness(Color c) {
        return Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null)[2];
    }
}
