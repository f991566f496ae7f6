package org.tmssweep.core.analysis;

/** Exact unit-vector configurations (rows = feature embeddings) for the geometry tests. */
final class Polytopes {
    private Polytopes() {
    }

    /** Regular k-gon of unit vectors in 2-D, vertex 0 at angle {@code phase}. */
    static double[][] polygon(int k, double phase) {
        double[][] w = new double[k][2];
        for (int i = 0; i < k; i++) {
            w[i][0] = Math.cos(phase + 2 * Math.PI * i / k);
            w[i][1] = Math.sin(phase + 2 * Math.PI * i / k);
        }
        return w;
    }

    static double[][] tetrahedron() {
        double c = 1 / Math.sqrt(3);
        return new double[][] {{c, c, c}, {c, -c, -c}, {-c, c, -c}, {-c, -c, c}};
    }

    static double[][] octahedron() {
        return new double[][] {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    }

    static double[][] cube() {
        double c = 1 / Math.sqrt(3);
        double[][] w = new double[8][];
        for (int i = 0; i < 8; i++) {
            w[i] = new double[] {(i & 1) == 0 ? c : -c, (i & 2) == 0 ? c : -c, (i & 4) == 0 ? c : -c};
        }
        return w;
    }

    /**
     * Square antiprism of unit vectors: top square at height z (angles 0, 90, 180, 270 degrees), bottom
     * square at -z rotated by 45 degrees. z = 1/sqrt3 makes it a tight frame (D1), z ~ 0.560 is the
     * Thomson/Coulomb optimum (D3).
     */
    static double[][] squareAntiprism(double z) {
        double r = Math.sqrt(1 - z * z);
        double[][] w = new double[8][];
        for (int i = 0; i < 4; i++) {
            double a = Math.PI / 2 * i;
            double b = a + Math.PI / 4;
            w[i] = new double[] {r * Math.cos(a), r * Math.sin(a), z};
            w[4 + i] = new double[] {r * Math.cos(b), r * Math.sin(b), -z};
        }
        return w;
    }

    /** Icosahedron: cyclic permutations of (0, +-1, +-phi), normalised. */
    static double[][] icosahedron() {
        double phi = (1 + Math.sqrt(5)) / 2;
        double norm = Math.sqrt(1 + phi * phi);
        double[][] w = new double[12][];
        int i = 0;
        for (int s1 = -1; s1 <= 1; s1 += 2) {
            for (int s2 = -1; s2 <= 1; s2 += 2) {
                double a = s1 / norm;
                double b = s2 * phi / norm;
                w[i++] = new double[] {0, a, b};
                w[i++] = new double[] {a, b, 0};
                w[i++] = new double[] {b, 0, a};
            }
        }
        return w;
    }

    /** Regular simplex of d+1 unit vectors spanning d dimensions, written in d+1 coordinates. */
    static double[][] simplex(int d) {
        int k = d + 1;
        double[][] w = new double[k][k];
        double norm = Math.sqrt((double) d / k); // ||e_i - 1/k|| = sqrt(1 - 1/k)
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                w[i][j] = ((i == j ? 1 : 0) - 1.0 / k) / norm;
            }
        }
        return w;
    }

    /**
     * Harmonic unit-norm tight frame of k vectors in d (even) dimensions: frequencies 1..d/2,
     * v_j = sqrt(2/d) (cos(2 pi j f / k), sin(2 pi j f / k))_f. Tight when 2f != 0 mod k.
     */
    static double[][] harmonicFrame(int k, int d) {
        double[][] w = new double[k][d];
        double scale = Math.sqrt(2.0 / d);
        for (int j = 0; j < k; j++) {
            for (int f = 1; f <= d / 2; f++) {
                w[j][2 * f - 2] = scale * Math.cos(2 * Math.PI * j * f / k);
                w[j][2 * f - 1] = scale * Math.sin(2 * Math.PI * j * f / k);
            }
        }
        return w;
    }

    /** Bipyramid: polygon(k) in the plane plus the two apexes +-e_z. */
    static double[][] bipyramid(int k) {
        double[][] base = polygon(k, 0);
        double[][] w = new double[k + 2][];
        for (int i = 0; i < k; i++) {
            w[i] = new double[] {base[i][0], base[i][1], 0};
        }
        w[k] = new double[] {0, 0, 1};
        w[k + 1] = new double[] {0, 0, -1};
        return w;
    }

    /**
     * Block-diagonal placement: each block's rows are copied into its own coordinates, so different
     * blocks are exactly orthogonal; {@code zeros} unrepresented (zero) features are appended.
     */
    static double[][] mixture(int zeros, double[][]... blocks) {
        int m = 0;
        int n = zeros;
        for (double[][] b : blocks) {
            m += b[0].length;
            n += b.length;
        }
        double[][] w = new double[n][m];
        int row = 0;
        int col = 0;
        for (double[][] b : blocks) {
            for (double[] v : b) {
                System.arraycopy(v, 0, w[row++], col, v.length);
            }
            col += b[0].length;
        }
        return w;
    }

    static double[][] scaled(double[][] w, double s) {
        double[][] out = new double[w.length][];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i].clone();
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] *= s;
            }
        }
        return out;
    }
}
