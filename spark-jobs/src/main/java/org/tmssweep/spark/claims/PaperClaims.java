package org.tmssweep.spark.claims;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The claims of {@link Study#PAPER}: every checkable statement of <i>Toy Models of Superposition</i> (Elhage et
 * al. 2022) for experiment rows 1-22 of docs/paper.md, in row order, and the title of each row.
 */
public final class PaperClaims {
    private PaperClaims() {
    }

    /** Experiment rows 1-22: title and the paper's section. */
    public static final Map<Integer, String> ROWS = new LinkedHashMap<>();

    static {
        ROWS.put(1, "Intro figure: n = 5 in m = 2 across sparsity");
        ROWS.put(2, "Basic results: linear vs ReLU output, n = 20, m = 5");
        ROWS.put(3, "Basic results, larger: n = 80, m = 20");
        ROWS.put(4, "Notebook: features across sparsity, n = 100, m = 20");
        ROWS.put(5, "Phase diagram n = 2, m = 1");
        ROWS.put(6, "Phase diagram n = 3, m = 2");
        ROWS.put(7, "Uniform superposition: dimensions per feature D*");
        ROWS.put(8, "Uniform superposition: feature dimensionality D_i and polytopes");
        ROWS.put(9, "Perturbing one feature's density");
        ROWS.put(10, "Correlated and anticorrelated feature pairs in m = 2");
        ROWS.put(11, "Local almost-orthogonal bases");
        ROWS.put(12, "Collapse of correlated pairs to principal components");
        ROWS.put(13, "Learning dynamics: dimensionality jumps");
        ROWS.put(14, "Learning as geometric transformations");
        ROWS.put(15, "Adversarial vulnerability");
        ROWS.put(16, "Privileged basis: ReLU vs linear hidden layer");
        ROWS.put(17, "Privileged basis across sparsity, n = 10, m = 5");
        ROWS.put(18, "Computation: absolute value, n = 3, m = 6");
        ROWS.put(19, "Computation in superposition, n = 100, m = 40");
        ROWS.put(20, "Asymmetric superposition motif");
        ROWS.put(21, "Appendix: nonlinear compression");
        ROWS.put(22, "Appendix: compressed-sensing lower bound");
    }

    private static final List<Claim> ALL = build();

    /** Every claim, in row order; ids are unique. Built once: claims are immutable. */
    public static List<Claim> all() {
        return ALL;
    }

    private static List<Claim> build() {
        List<Claim> out = new ArrayList<>();
        out.addAll(BasicClaims.all());
        out.addAll(PhaseClaims.all());
        out.addAll(GeometryClaims.all());
        out.addAll(DataRuleClaims.all());
        out.addAll(DynamicsClaims.all());
        out.addAll(NeuronClaims.all());
        out.addAll(AppendixClaims.all());
        out.sort(java.util.Comparator.comparingInt(Claim::row));
        Set<String> ids = new HashSet<>();
        for (Claim c : out) {
            if (!ids.add(c.id())) {
                throw new IllegalStateException("duplicate claim id " + c.id());
            }
        }
        return List.copyOf(out);
    }
}
