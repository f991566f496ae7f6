package org.tmssweep.spark.job;

import java.io.IOException;
import java.net.InetAddress;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.metrics.ModelStats;
import org.tmssweep.core.train.CurveRecorder;
import org.tmssweep.core.train.TrainListener;
import org.tmssweep.core.train.TrainedModel;
import org.tmssweep.core.train.Trainer;
import org.tmssweep.spark.grid.GridPoint;
import org.tmssweep.spark.grid.Pack;

/**
 * The task body: trains one pack in one batched computation and turns each model into rows
 * ({@link TableRows}). A pure function of the pack and the sweep's constants, so Spark may retry or
 * speculate it freely.
 *
 * <p>Failures are isolated per model: when the batched training (or turning a model into rows)
 * throws, each model of the pack is trained alone (packing changes no model's result), and a
 * model that still throws becomes a {@code failures} row while the others are kept. A divergence
 * (NaN/inf) is not a failure: the trainer freezes that model and reports it as {@code diverged}.
 *
 * <p>Test-only failure injection: the point ids in {@link #INJECT_PROPERTY} (a comma-separated list
 * read on the driver, e.g. {@code -Dtms.inject.fail=3f2a9c...}) throw {@link InjectedFailure} instead of
 * training. It exists so the failure path can be tested end to end; it is never set in normal runs.
 * {@link #FAIL_FIRST_ATTEMPT_PROPERTY} ({@code -Dtms.inject.failFirstAttempt=<point_id>,...}) is read on
 * the executor, in the task: a task whose pack holds one of those points throws
 * {@link InjectedTaskFailure} out of the task when {@code TaskContext.attemptNumber() == 0}, so Spark
 * retries the task (with {@code spark.task.maxFailures >= 2}) and the retry trains the pack normally:
 * the sweep's rows are those of an undisturbed run and no failures row is written. Set it with
 * {@code spark.executor.extraJavaOptions} on a cluster, or in the driver JVM in local mode.
 */
public final class TrainPack implements FlatMapFunction<Pack, PointResult> {
    private static final long serialVersionUID = 1L;
    /** System property naming point ids whose training throws (tests only). */
    public static final String INJECT_PROPERTY = "tms.inject.fail";
    /** System property (read on the executor) naming point ids whose task fails on its first attempt. */
    public static final String FAIL_FIRST_ATTEMPT_PROPERTY = "tms.inject.failFirstAttempt";

    private final TableRows rows;
    private final int attempt;
    private final Set<String> injectFailures;
    private final int curveEvery;

    /**
     * @param attempt        recorded in failures rows (1 for the first try, +1 per --retry-failed)
     * @param injectFailures point ids that throw instead of training (tests only; usually empty)
     * @param curveEvery     record learning curves every this many steps ({@code curves} rows); 0 = none
     */
    public TrainPack(String sweepId, String specHash, String codeVersion, int attempt, Set<String> injectFailures,
            int curveEvery) {
        if (curveEvery < 0) {
            throw new IllegalArgumentException("curveEvery: must be >= 0, got " + curveEvery);
        }
        this.curveEvery = curveEvery;
        this.rows = new TableRows(sweepId, specHash, codeVersion);
        this.attempt = attempt;
        this.injectFailures = Set.copyOf(injectFailures);
    }

    /** The injection set from {@link #INJECT_PROPERTY}, read on the driver. */
    public static Set<String> injectedFromSystemProperty() {
        String v = System.getProperty(INJECT_PROPERTY, "").trim();
        return v.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(v.split("\\s*,\\s*")));
    }

    /** The exception an injected failure throws. */
    public static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String pointId) {
            super("injected failure for point " + pointId + " (" + INJECT_PROPERTY + ")");
        }
    }

    /** The exception a task throws on its first attempt under {@link #FAIL_FIRST_ATTEMPT_PROPERTY}. */
    public static final class InjectedTaskFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedTaskFailure(String pointId) {
            super("injected task failure (first attempt) for point " + pointId + " (" + FAIL_FIRST_ATTEMPT_PROPERTY + ")");
        }
    }

    private static void failFirstAttempt(Pack pack) {
        String v = System.getProperty(FAIL_FIRST_ATTEMPT_PROPERTY, "").trim();
        TaskContext task = TaskContext.get();
        if (v.isEmpty() || task == null || task.attemptNumber() != 0) {
            return;
        }
        Set<String> ids = Set.copyOf(Arrays.asList(v.split("\\s*,\\s*")));
        for (GridPoint p : pack.points()) {
            if (ids.contains(p.pointId())) {
                throw new InjectedTaskFailure(p.pointId());
            }
        }
    }

    @Override
    public Iterator<PointResult> call(Pack pack) {
        failFirstAttempt(pack);
        try {
            return trainTogether(pack, pack.points()).iterator();
        } catch (RuntimeException | LinkageError batched) {
            List<PointResult> out = new ArrayList<>(pack.size());
            for (GridPoint p : pack.points()) {
                try {
                    out.addAll(trainTogether(pack, List.of(p)));
                } catch (RuntimeException | LinkageError e) {
                    out.add(PointResult.failed(rows.failure(p, attempt, e, executor(),
                            new Timestamp(System.currentTimeMillis()))));
                }
            }
            return out.iterator();
        }
    }

    private List<PointResult> trainTogether(Pack pack, List<GridPoint> points) {
        List<ModelSpec> specs = new ArrayList<>(points.size());
        for (GridPoint p : points) {
            if (injectFailures.contains(p.pointId())) {
                throw new InjectedFailure(p.pointId());
            }
            specs.add(p.toModelSpec());
        }
        CurveRecorder recorder = curveEvery > 0 ? new CurveRecorder(curveEvery, specs.size()) : null;
        List<TrainedModel> trained = new Trainer().train(specs, recorder == null ? TrainListener.NONE : recorder);
        List<PointResult> out = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            GridPoint p = points.get(i);
            TrainedModel t = trained.get(i);
            ModelStats stats = ModelStats.of(t.w(), t.b());
            DatasetView data = DatasetView.of(t);
            out.add(PointResult.trained(t.status(), rows.model(pack.index(), p, t, stats, data),
                    rows.features(p, t, stats), recorder == null ? List.of() : rows.curves(p, recorder.curve(i)),
                    rows.datapoints(p, data)));
        }
        return out;
    }

    static String executor() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown";
        }
        SparkEnv env = SparkEnv.get();
        return (env == null ? "none" : env.executorId()) + "@" + host;
    }
}
