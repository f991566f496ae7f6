package org.tmssweep.core.model;

/** The fused-row model's plain route by feature rows (no row skipped, nothing fused) meets the contract too. */
class FusedRowPlainContractTest extends FusedRowToyModelContractTest {
    @Override
    protected FusedRowToyModel.Options options() {
        return FusedRowToyModel.Options.PLAIN.withLayout(FusedRowToyModel.Layout.FEATURE_ROWS);
    }
}
