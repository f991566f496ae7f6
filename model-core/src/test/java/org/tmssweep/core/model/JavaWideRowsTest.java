package org.tmssweep.core.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tmssweep.core.config.ModelKind;

/**
 * At the paper's batch size the plain-Java model reduces its rows in place, two reductions per pass
 * ({@link JavaToyModel#WIDE_BATCH}); with that switched off ({@link JavaKernelOptions#wideRows}) it takes
 * the block-copy path that every other batch size takes. Both must give the same bits: loss, dW and db of
 * one forward/backward, for every tied kind, both input modes, and hidden sizes that leave 0 or 1 reductions for the last pass.
 */
class JavaWideRowsTest {
    private static final int N = 9;
    private static final int B = JavaToyModel.WIDE_BATCH;

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (ModelKind kind : ModelKind.values()) {
            if (kind.untied()) {
                continue;
            }
            for (int m : new int[] {1, 2, 3, 5}) {
                out.add(Arguments.of(kind, m, false));
                out.add(Arguments.of(kind, m, true));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} m={1} sparse={2}")
    @MethodSource("cases")
    void wideAndBlockCopyReductionsAgreeBitForBit(ModelKind kind, int m, boolean sparse) {
        JavaToyModel wide = new JavaToyModel(kind, 2, B, N, m, sparse);
        JavaToyModel blocks = new JavaToyModel(kind, 2, B, N, m, sparse,
                JavaKernelOptions.DEFAULT.withWideRows(false));
        assertTrue(wide.wideRows(), "the paper's batch size takes the wide path");
        assertFalse(blocks.wideRows(), "switched off by the options");
        ModelFixtures.loadSameProblems(kind, N, m, B, 2, 500 + 10L * m, wide, blocks);
        ModelFixtures.assertSameStepBits(blocks, wide, 2, N, m);
    }
}
