package org.tmssweep.spark.grid;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.tmssweep.core.config.InitScheme;
import org.tmssweep.core.config.LrSchedule;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.spark.spec.Param;
import org.tmssweep.spark.spec.SweepSpec;

/**
 * Expands a spec into grid points: the cartesian product of all parameters' values, nested in
 * {@link Param} declaration order (first parameter outermost), seed index innermost. Pure.
 */
public final class Grid {
    private Grid() {
    }

    /** Every model the spec asks for, in grid order. */
    public static List<GridPoint> expand(SweepSpec spec) {
        List<SweepSpec.ParamValues> params = spec.values();
        int[] sizes = new int[params.size()];
        long total = 1;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = params.get(i).values().size();
            total *= sizes[i];
        }
        if (total * spec.seeds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("grid too large: " + total + " points x " + spec.seeds() + " seeds");
        }
        List<GridPoint> points = new ArrayList<>((int) (total * spec.seeds()));
        int[] idx = new int[sizes.length];
        long index = 0;
        for (long k = 0; k < total; k++) {
            Map<Param, Object> assignment = new EnumMap<>(Param.class);
            for (int i = 0; i < idx.length; i++) {
                assignment.put(params.get(i).param(), params.get(i).values().get(idx[i]));
            }
            String canonical = canonical(assignment);
            for (int s = 0; s < spec.seeds(); s++) {
                points.add(point(index++, canonical, s, assignment));
            }
            for (int i = idx.length - 1; i >= 0; i--) {
                if (++idx[i] < sizes[i]) {
                    break;
                }
                idx[i] = 0;
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
        } else {
            importance = new double[n];
            for (int f = 0; f < n; f++) {
                importance[f] = Math.pow(decay, f);
            }
        }
        TrainConfig train = new TrainConfig(
                (Integer) a.get(Param.TRAIN_STEPS),
                (Integer) a.get(Param.TRAIN_BATCH_SIZE),
                (Double) a.get(Param.TRAIN_LR),
                (Double) a.get(Param.TRAIN_WEIGHT_DECAY),
                (Double) a.get(Param.TRAIN_BETA1),
                (Double) a.get(Param.TRAIN_BETA2),
                (Double) a.get(Param.TRAIN_EPS),
                (LrSchedule) a.get(Param.TRAIN_SCHEDULE),
                (InitScheme) a.get(Param.TRAIN_INIT),
                (Integer) a.get(Param.TRAIN_NOTEBOOK_INSTANCES),
                (Integer) a.get(Param.TRAIN_EVAL_SAMPLES));
        return GridPoint.of(index, canonical, seed, (ModelKind) a.get(Param.MODEL), n,
                (Integer) a.get(Param.N_HIDDEN), (Double) a.get(Param.SPARSITY), decay, importance, train);
    }
}
