package org.tmssweep.spark.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tmssweep.core.config.AnticorrelationRule;
import org.tmssweep.core.config.FeatureSets;

/**
 * The data rule of one grid point's assignment: per-feature density ({@code sparsity}, with feature 0
 * overridden by {@code sparsity_first}) and the feature sets ({@code correlated_sets},
 * {@code anticorrelated_sets}, {@code anticorrelation}). Pure; used by the parser to validate every point
 * and by the grid to build it, so the two cannot disagree.
 */
public final class DataRule {
    private DataRule() {
    }

    /** Density 1 - S of each feature; length n_features. */
    public static double[] probability(Map<Param, Object> a) {
        int n = (Integer) a.get(Param.N_FEATURES);
        double[] p = new double[n];
        Arrays.fill(p, 1.0 - (Double) a.get(Param.SPARSITY));
        if (a.containsKey(Param.SPARSITY_FIRST)) {
            p[0] = 1.0 - (Double) a.get(Param.SPARSITY_FIRST);
        }
        return p;
    }

    /**
     * The point's feature sets ({@link FeatureSets#NONE} when neither key is given): correlated sets
     * first, then anticorrelated ones, each in spec order.
     *
     * @throws SpecException naming the key when a set does not fit the point (index &ge; n_features, a
     *                       feature in both keys, sparsity_first on a set member, arena rule with k p &gt; 1,
     *                       anticorrelation without anticorrelated sets)
     */
    public static FeatureSets featureSets(Map<Param, Object> a) throws SpecException {
        SetList corr = (SetList) a.get(Param.CORRELATED_SETS);
        SetList anti = (SetList) a.get(Param.ANTICORRELATED_SETS);
        AnticorrelationRule rule = a.containsKey(Param.ANTICORRELATION)
                ? (AnticorrelationRule) a.get(Param.ANTICORRELATION) : AnticorrelationRule.PAPER;
        if (anti == null && a.containsKey(Param.ANTICORRELATION)) {
            // it would change the point ids without changing the data
            throw new SpecException(Param.ANTICORRELATION.key(), "has no effect without anticorrelated_sets, got "
                    + Param.render(rule));
        }
        if (corr == null && anti == null) {
            return FeatureSets.NONE;
        }
        int n = (Integer) a.get(Param.N_FEATURES);
        List<List<Integer>> c = corr == null ? List.of() : corr.sets();
        List<List<Integer>> ac = anti == null ? List.of() : anti.sets();
        checkIndices(Param.CORRELATED_SETS, c, n);
        checkIndices(Param.ANTICORRELATED_SETS, ac, n);
        List<Integer> inCorrelated = new ArrayList<>();
        c.forEach(inCorrelated::addAll);
        for (int i = 0; i < ac.size(); i++) {
            for (int f : ac.get(i)) {
                if (inCorrelated.contains(f)) {
                    throw new SpecException(Param.ANTICORRELATED_SETS.key() + "[" + i + "]", "feature " + f
                            + " is also in correlated_sets " + corr + "; sets must be disjoint");
                }
            }
        }
        if (a.containsKey(Param.SPARSITY_FIRST) && (inCorrelated.contains(0) || ac.stream().anyMatch(s -> s.contains(0)))) {
            throw new SpecException(Param.SPARSITY_FIRST.key(), "feature 0 is in a feature set, whose members must "
                    + "share one density; got sparsity_first = " + a.get(Param.SPARSITY_FIRST));
        }
        FeatureSets sets = FeatureSets.of(c, ac, rule);
        try {
            sets.check(n, probability(a));
        } catch (IllegalArgumentException e) {
            throw new SpecException(Param.ANTICORRELATION.key(), e.getMessage());
        }
        return sets;
    }

    private static void checkIndices(Param key, List<List<Integer>> sets, int n) throws SpecException {
        for (int i = 0; i < sets.size(); i++) {
            for (int j = 0; j < sets.get(i).size(); j++) {
                int f = sets.get(i).get(j);
                if (f >= n) {
                    throw new SpecException(key.key() + "[" + i + "][" + j + "]", "must be a feature index < n_features = "
                            + n + ", got " + f);
                }
            }
        }
    }
}
