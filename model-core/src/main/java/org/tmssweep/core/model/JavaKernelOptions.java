package org.tmssweep.core.model;

/**
 * How {@link JavaToyModel} groups its work. Training always uses {@link #DEFAULT}; every other setting
 * computes the same bits by a plainer route, which is what the model's tests compare against
 * (JavaGroupedPassesTest, JavaWideRowsTest, JavaSparseScatterContractTest).
 *
 * @param sweepUnits       most hidden units (or feature rows, dz rows, input rows) handled per pass, 1 to 5:
 *                         5 groups them as described in {@link JavaToyModel}; 1 does one at a time and, in
 *                         sparse-input mode with a ReLU output, applies the output mask inside the output pass
 * @param denseHiddenBelow sparse-input mode: h is computed from the dense input rows when there is more than
 *                         one non-zero per this many entries, else by scattering the non-zeros (&ge; 0; 0:
 *                         always scatter; {@link Integer#MAX_VALUE}: scatter only an all-zero batch)
 * @param wideRows         at batch size {@link JavaToyModel#WIDE_BATCH}, reduce the rows in place (true) or
 *                         through block copies, as every other batch size does (false)
 */
record JavaKernelOptions(int sweepUnits, int denseHiddenBelow, boolean wideRows) {
    /** What training uses. */
    static final JavaKernelOptions DEFAULT = new JavaKernelOptions(5, JavaToyModel.DENSE_HIDDEN_BELOW, true);

    JavaKernelOptions {
        if (sweepUnits < 1 || sweepUnits > 5) {
            throw new IllegalArgumentException("sweepUnits: must be in 1..5, got " + sweepUnits);
        }
        if (denseHiddenBelow < 0) {
            throw new IllegalArgumentException("denseHiddenBelow: must be >= 0, got " + denseHiddenBelow);
        }
    }

    JavaKernelOptions withSweepUnits(int units) {
        return new JavaKernelOptions(units, denseHiddenBelow, wideRows);
    }

    JavaKernelOptions withDenseHiddenBelow(int below) {
        return new JavaKernelOptions(sweepUnits, below, wideRows);
    }

    JavaKernelOptions withWideRows(boolean wide) {
        return new JavaKernelOptions(sweepUnits, denseHiddenBelow, wide);
    }
}
