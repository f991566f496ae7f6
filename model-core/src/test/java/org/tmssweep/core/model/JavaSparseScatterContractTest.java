package org.tmssweep.core.model;

/**
 * The plain-Java model in sparse-input mode with h computed by scattering the non-zeros (the path it
 * takes for very sparse batches; the fixtures' batches are dense enough for the vectorised path).
 */
class JavaSparseScatterContractTest extends JavaSparseInputContractTest {
    @Override
    protected JavaKernelOptions options() {
        return JavaKernelOptions.DEFAULT.withDenseHiddenBelow(0);
    }
}
