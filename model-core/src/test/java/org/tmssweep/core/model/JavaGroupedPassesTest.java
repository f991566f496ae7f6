package org.tmssweep.core.model;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tmssweep.core.config.ModelKind;

/**
 * The plain-Java model groups its work: z from up to five hidden units per pass, g from four dz rows per
 * pass, h from four input rows per pass (or, sparse input, scattered for up to five units per sweep over
 * a feature's entries), x^T g gathered for up to five units per sweep, and (sparse input, ReLU output)
 * the output mask applied only at the recorded entries. With {@link JavaKernelOptions#sweepUnits} 1 it
 * does one unit, row or feature at a time with the mask in the output pass: both must give the same bits
 * (loss, dW and db). Hidden sizes cover every split into groups, at the paper's batch and at another, in both input
 * modes, with h from the dense rows and scattered.
 */
class JavaGroupedPassesTest {
    private static final int N = 9;

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (ModelKind kind : ModelKind.values()) {
            if (kind.untied()) {
                continue;
            }
            for (int m : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 12}) {
                out.add(Arguments.of(kind, m, JavaToyModel.WIDE_BATCH, false, false));
                out.add(Arguments.of(kind, m, JavaToyModel.WIDE_BATCH, true, false));
                out.add(Arguments.of(kind, m, JavaToyModel.WIDE_BATCH, true, true));
            }
            out.add(Arguments.of(kind, 5, 300, false, false));
            out.add(Arguments.of(kind, 5, 300, true, true));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} m={1} B={2} sparse={3} scatter={4}")
    @MethodSource("cases")
    void groupedPassesAgreeWithOneAtATime(ModelKind kind, int m, int batch, boolean sparse, boolean scatter) {
        JavaKernelOptions options = JavaKernelOptions.DEFAULT;
        if (scatter) {
            options = options.withDenseHiddenBelow(0);
        }
        JavaToyModel grouped = new JavaToyModel(kind, 2, batch, N, m, sparse, options);
        JavaToyModel single = new JavaToyModel(kind, 2, batch, N, m, sparse, options.withSweepUnits(1));
        ModelFixtures.loadSameProblems(kind, N, m, batch, 2, 900 + 10L * m, grouped, single);
        ModelFixtures.assertSameStepBits(single, grouped, 2, N, m);
    }
}
