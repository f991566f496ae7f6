package org.tmssweep.spark.spec;

/**
 * The paper notebook's grid formulas, from which the paper presets' value lists come (docs/paper.md
 * D6/D7): densities p_k = 20^(-k/(K-1)) (NB {@code feature_probability = 20 ** -linspace(0, 1, K)}), importances
 * r^i ({@code importance_decay}) and base^(-linspace(0, 1, n)). The presets list the values (rounded to 6
 * decimals, sparsity S = 1 - p); PresetsTest and GridFormulasTest check the lists against these formulas.
 */
public final class GridFormulas {
    /** The notebook's density range: p from 1 down to 1/20. */
    public static final double NOTEBOOK_DENSITY_BASE = 20;

    private GridFormulas() {
    }

    /** base^(-linspace(0, 1, k)): k values from 1 down to 1/base (k = 1: just 1). */
    public static double[] geometricSpace(double base, int k) {
        if (!(base > 0) || !Double.isFinite(base)) {
            throw new IllegalArgumentException("base: must be > 0 and finite, got " + base);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k: must be >= 1, got " + k);
        }
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            out[i] = k == 1 ? 1.0 : Math.pow(base, -(double) i / (k - 1));
        }
        return out;
    }

    /** The notebook's K densities 20^(-linspace(0, 1, K)). */
    public static double[] notebookDensities(int k) {
        return geometricSpace(NOTEBOOK_DENSITY_BASE, k);
    }

    /** r^i for i = 0..n-1 (what {@code importance_decay: r} gives). */
    public static double[] powers(double r, int n) {
        if (!(r > 0) || !Double.isFinite(r)) {
            throw new IllegalArgumentException("r: must be > 0 and finite, got " + r);
        }
        if (n < 1) {
            throw new IllegalArgumentException("n: must be >= 1, got " + n);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.pow(r, i);
        }
        return out;
    }

    /** Sparsities S = 1 - p of densities p. */
    public static double[] sparsities(double[] densities) {
        double[] out = new double[densities.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = 1 - densities[i];
        }
        return out;
    }
}
