package org.tmssweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tmssweep.core.Tolerances;

/** The eigenvalues behind the census's rank, in decreasing order, against hand-computed spectra. */
class LinalgTest {

    @Test
    void eigenvaluesOfKnownMatrices() {
        // [[2,1],[1,2]] has eigenvalues 3, 1; diag stays itself; [[4,1,0],[1,4,1],[0,1,4]]: 4 +- sqrt2, 4
        assertArrayEquals(new double[] {3, 1}, Linalg.symmetricEigenvalues(new double[][] {{2, 1}, {1, 2}}),
                Tolerances.F64);
        assertArrayEquals(new double[] {5, 3, -1},
                Linalg.symmetricEigenvalues(new double[][] {{-1, 0, 0}, {0, 5, 0}, {0, 0, 3}}), Tolerances.F64);
        assertArrayEquals(new double[] {4 + Math.sqrt(2), 4, 4 - Math.sqrt(2)},
                Linalg.symmetricEigenvalues(new double[][] {{4, 1, 0}, {1, 4, 1}, {0, 1, 4}}), Tolerances.F64);
    }

    @Test
    void rankOfFramesUsesEitherGram() {
        assertEquals(2, Linalg.rank(Polytopes.polygon(5, 0), 0.1)); // k > m: m x m Gram
        assertEquals(4, Linalg.rank(Polytopes.simplex(4), 0.1)); // k = m: k x k Gram, one null direction
        assertEquals(3, Linalg.rank(Polytopes.squareAntiprism(1 / Math.sqrt(3)), 0.1));
        assertEquals(0, Linalg.rank(new double[2][3], 0.1));
    }
}
