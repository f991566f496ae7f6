package org.tmssweep.spark.report;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

/** The two colour scales of the report, as JFreeChart {@link PaintScale}s. */
final class ColorScales {
    /** Painted where a value is missing (NaN). */
    static final Color MISSING = new Color(200, 200, 200);

    private static final Color[] DIVERGING = {
        new Color(59, 76, 192), Color.WHITE, new Color(180, 4, 38),
    };
    /** Viridis at 0, .25, .5, .75, 1: dark purple to yellow. */
    private static final Color[] VIRIDIS = {
        new Color(68, 1, 84), new Color(59, 82, 139), new Color(33, 145, 140), new Color(94, 201, 98),
        new Color(253, 231, 37),
    };

    private ColorScales() {
    }

    /** Blue (lower) - white (middle) - red (upper), for W^T W and the bias. */
    static PaintScale diverging(double lower, double upper) {
        return new Interpolated(lower, upper, DIVERGING);
    }

    /** Dark (lower) to yellow (upper), for the superposition measure. */
    static PaintScale viridis(double lower, double upper) {
        return new Interpolated(lower, upper, VIRIDIS);
    }

    /** Piecewise-linear interpolation between equally spaced colour stops; values are clipped. */
    static final class Interpolated implements PaintScale {
        private final double lower;
        private final double upper;
        private final Color[] stops;

        Interpolated(double lower, double upper, Color[] stops) {
            if (!(lower < upper)) {
                throw new IllegalArgumentException("lower must be < upper, got " + lower + ", " + upper);
            }
            this.lower = lower;
            this.upper = upper;
            this.stops = stops.clone();
        }

        @Override
        public double getLowerBound() {
            return lower;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            return color(value);
        }

        Color color(double value) {
            if (Double.isNaN(value)) {
                return MISSING;
            }
            double t = (Math.min(upper, Math.max(lower, value)) - lower) / (upper - lower);
            double pos = t * (stops.length - 1);
            int k = Math.min(stops.length - 2, (int) Math.floor(pos));
            double f = pos - k;
            Color a = stops[k];
            Color b = stops[k + 1];
            return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f),
                    mix(a.getBlue(), b.getBlue(), f));
        }

        private static int mix(int a, int b, double f) {
            return (int) Math.round(a + (b - a) * f);
        }
    }
}
