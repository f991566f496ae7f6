package org.tmssweep.core.model;

/** The fused-row model walked by samples meets the contract. */
class FusedRowSamplesContractTest extends FusedRowToyModelContractTest {
    @Override
    protected FusedRowToyModel.Options options() {
        return FusedRowToyModel.Options.DEFAULT.withLayout(FusedRowToyModel.Layout.SAMPLES);
    }
}
