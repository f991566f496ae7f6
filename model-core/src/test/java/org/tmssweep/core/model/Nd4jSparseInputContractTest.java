package org.tmssweep.core.model;

import org.tmssweep.core.RequiresNd4jNatives;

/** The ND4J model in sparse-input mode meets the contract while packed (instance 1 of 3). */
@RequiresNd4jNatives
class Nd4jSparseInputContractTest extends Nd4jToyModelContractTest {
    @Override
    protected boolean sparseInput() {
        return true;
    }
}
