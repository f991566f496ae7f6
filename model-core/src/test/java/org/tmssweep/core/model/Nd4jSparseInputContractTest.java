package org.tmssweep.core.model;

/** The ND4J model in sparse-input mode meets the contract while packed (instance 1 of 3). */
class Nd4jSparseInputContractTest extends Nd4jToyModelContractTest {
    @Override
    protected boolean sparseInput() {
        return true;
    }
}
