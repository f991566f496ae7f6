package org.tmssweep.spark.grid;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.tmssweep.core.config.FeatureSets;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.spark.spec.DataRule;
import org.tmssweep.spark.spec.Param;
import org.tmssweep.spark.spec.SpecException;
import org.tmssweep.spark.spec.SweepSpec;
import org.tmssweep.spark.spec.TrainRule;

/**
 * Expands a spec into grid points: {@link SweepSpec#assignments()} (the product of the axes and
 * zip/points groups, nested in {@link Param} declaration order, first parameter outermost, with
 * {@code when} blocks applied) times the seed indices, seed innermost. Pure.
 */
public final class Grid {
    private Grid() {
    }

    /** Every model the spec asks for, in grid order. */
    public static List<GridPoint> expand(SweepSpec spec) {
        List<Map<Param, Object>> assignments = spec.assignments();
        long total = (long) assignments.size() * spec.seeds();
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("grid too large: " + assignments.size() + " points x " + spec.seeds()
                    + " seeds");
        }
        List<GridPoint> points = new ArrayList<>((int) total);
        long index = 0;
        for (Map<Param, Object> assignment : assignments) {
            String canonical = canonical(new EnumMap<>(assignment));
            for (int s : spec.seedIndices()) {
                points.add(point(index++, canonical, s, assignment));
            }
        }
        return points;
    }

    /** {@code v<semantics>;key=value;...} over every parameter, in Param order. */
    static String canonical(Map<Param, Object> assignment) {
        StringBuilder sb = new StringBuilder("v").append(SweepSpec.SEMANTICS_VERSION);
        for (Map.Entry<Param, Object> e : assignment.entrySet()) {
            sb.append(';').append(e.getKey().key()).append('=').append(Param.render(e.getValue()));
        }
        return sb.toString();
    }

    static GridPoint point(long index, String canonical, int seed, Map<Param, Object> a) {
        int n = (Integer) a.get(Param.N_FEATURES);
        double decay = a.containsKey(Param.IMPORTANCE_DECAY) ? (Double) a.get(Param.IMPORTANCE_DECAY) : Double.NaN;
        double[] importance;
        if (a.containsKey(Param.IMPORTANCE)) {
            importance = (double[]) a.get(Param.IMPORTANCE);
            if (importance.length != n) {
                throw new IllegalArgumentException("importance: must have n_features = " + n + " entries, got "
                        + importance.length);
            }
        } else {
            importance = new double[n];
            for (int f = 0; f < n; f++) {
                importance[f] = Math.pow(decay, f);
            }
            if (a.containsKey(Param.IMPORTANCE_FIRST)) {
                importance[0] = (Double) a.get(Param.IMPORTANCE_FIRST);
            }
        }
        TrainConfig train;
        FeatureSets sets;
        try {
            train = TrainRule.train(a);
            sets = DataRule.featureSets(a);
        } catch (SpecException e) {
            throw new IllegalArgumentException(e.getMessage(), e); // the parser checked every point already
        }
        double sparsityFirst = a.containsKey(Param.SPARSITY_FIRST) ? (Double) a.get(Param.SPARSITY_FIRST) : Double.NaN;
        return GridPoint.of(index, canonical, seed, (ModelKind) a.get(Param.MODEL), n,
                (Integer) a.get(Param.N_HIDDEN), (Double) a.get(Param.SPARSITY), decay, importance, train,
                sparsityFirst, sets, datasetSeed(a, train),
                train.dataset().finite() ? TrainRule.datasetSeedIndex(a) : 0);
    }

    /** Parameters whose values decide which points a dataset holds, in Param order (with the model's input sign). */
    private static final List<Param> DATASET_RULE = List.of(Param.N_FEATURES, Param.SPARSITY, Param.SPARSITY_FIRST,
            Param.CORRELATED_SETS, Param.ANTICORRELATED_SETS, Param.ANTICORRELATION);

    /**
     * The seed of a point's finite dataset (0 without one): the first 8 bytes, big-endian, of the SHA-256 of
     * {@link #datasetCanonical}. It depends on the data rule, {@code dataset.size}, {@code dataset.normalize}
     * and the dataset's seed index K only: never on the init seed index, n_hidden, importance, the training
     * recipe, {@code dataset.test_size} or {@code dataset.minibatch}, so models that differ only in those train
     * on the same points (docs/spec.md, "Finite datasets").
     */
    static long datasetSeed(Map<Param, Object> a, TrainConfig train) {
        if (!train.dataset().finite()) {
            return 0L;
        }
        return GridPoint.hash64(datasetCanonical(a, train));
    }

    /**
     * {@code v<semantics>;dataset;inputs=signed|unsigned;n_features=..;sparsity=..[;sparsity_first=..]
     * [;correlated_sets=..][;anticorrelated_sets=..][;anticorrelation=..];size=T;normalize=..;seed=K}, the
     * rule's keys as the spec gives them (an absent key is left out).
     */
    static String datasetCanonical(Map<Param, Object> a, TrainConfig train) {
        StringBuilder sb = new StringBuilder("v").append(SweepSpec.SEMANTICS_VERSION).append(";dataset;inputs=")
                .append(((ModelKind) a.get(Param.MODEL)).absoluteValue() ? "signed" : "unsigned");
        for (Param p : DATASET_RULE) {
            if (a.containsKey(p)) {
                sb.append(';').append(p.key()).append('=').append(Param.render(a.get(p)));
            }
        }
        return sb.append(";size=").append(train.dataset().size())
                .append(";normalize=").append(train.dataset().normalization().specName())
                .append(";seed=").append(TrainRule.datasetSeedIndex(a)).toString();
    }
}
