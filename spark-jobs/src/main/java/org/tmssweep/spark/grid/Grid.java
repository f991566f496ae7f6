package org.tmssweep.spark.grid;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.tmssweep.core.config.FeatureSets;
import org.tmssweep.core.config.InitScheme;
import org.tmssweep.core.config.LrSchedule;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.spark.spec.DataRule;
import org.tmssweep.spark.spec.Param;
import org.tmssweep.spark.spec.SpecException;
import org.tmssweep.spark.spec.SweepSpec;

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

    private static GridPoint point(long index, String canonical, int seed, Map<Param, Object> a) {
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
        TrainConfig train = TrainConfig.builder()
                .steps((Integer) a.get(Param.TRAIN_STEPS))
                .batchSize((Integer) a.get(Param.TRAIN_BATCH_SIZE))
                .lr((Double) a.get(Param.TRAIN_LR))
                .weightDecay((Double) a.get(Param.TRAIN_WEIGHT_DECAY))
                .beta1((Double) a.get(Param.TRAIN_BETA1))
                .beta2((Double) a.get(Param.TRAIN_BETA2))
                .eps((Double) a.get(Param.TRAIN_EPS))
                .schedule((LrSchedule) a.get(Param.TRAIN_SCHEDULE))
                .init((InitScheme) a.get(Param.TRAIN_INIT))
                .notebookInstances((Integer) a.get(Param.TRAIN_NOTEBOOK_INSTANCES))
                .evalSamples((Integer) a.get(Param.TRAIN_EVAL_SAMPLES))
                .l1(a.containsKey(Param.TRAIN_L1) ? (Double) a.get(Param.TRAIN_L1) : TrainConfig.DEFAULT_L1)
                .build();
        FeatureSets sets;
        try {
            sets = DataRule.featureSets(a);
        } catch (SpecException e) {
            throw new IllegalArgumentException(e.getMessage(), e); // the parser checked every point already
        }
        double sparsityFirst = a.containsKey(Param.SPARSITY_FIRST) ? (Double) a.get(Param.SPARSITY_FIRST) : Double.NaN;
        return GridPoint.of(index, canonical, seed, (ModelKind) a.get(Param.MODEL), n,
                (Integer) a.get(Param.N_HIDDEN), (Double) a.get(Param.SPARSITY), decay, importance, train,
                sparsityFirst, sets);
    }
}
