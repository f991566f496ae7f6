package org.tmssweep.core.model;

/** The plain-Java model in sparse-input mode meets the contract while packed (instance 1 of 3). */
class JavaSparseInputContractTest extends JavaToyModelContractTest {
    @Override
    protected boolean sparseInput() {
        return true;
    }
}
