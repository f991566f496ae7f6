package org.tmssweep.core.model;

/** The fused-row model walked by samples, by its plain route (nothing fused), meets the contract. */
class FusedRowSamplesPlainContractTest extends FusedRowToyModelContractTest {
    @Override
    protected FusedRowToyModel.Options options() {
        return FusedRowToyModel.Options.PLAIN.withLayout(FusedRowToyModel.Layout.SAMPLES);
    }
}
