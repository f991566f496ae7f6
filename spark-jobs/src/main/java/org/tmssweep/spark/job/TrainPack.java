package org.tmssweep.spark.job;

import java.io.IOException;
import java.net.InetAddress;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Set;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.metrics.FeatureStats;
import org.tmssweep.core.metrics.ModelStats;
import org.tmssweep.core.train.CurvePoint;
import org.tmssweep.core.train.CurveRecorder;
import org.tmssweep.core.train.TrainListener;
import org.tmssweep.core.train.TrainStatus;
import org.tmssweep.core.train.TrainedModel;
import org.tmssweep.core.train.Trainer;
import org.tmssweep.spark.grid.GridPoint;
import org.tmssweep.spark.grid.Pack;

/**
 * The task body: trains one pack in one batched computation and turns each model into rows. A pure
 * function of the pack and the sweep's constants, so Spark may retry or speculate it freely.
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

    private final String sweepId;
    private final String specHash;
    private final String codeVersion;
    private final int attempt;
    private final Set<String> injectFailures;
    private final int curveEvery;

    public TrainPack(String sweepId, String specHash, String codeVersion) {
        this(sweepId, specHash, codeVersion, 1, Set.of());
    }

    public TrainPack(String sweepId, String specHash, String codeVersion, int attempt, Set<String> injectFailures) {
        this(sweepId, specHash, codeVersion, attempt, injectFailures, 0);
    }

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
        this.sweepId = sweepId;
        this.specHash = specHash;
        this.codeVersion = codeVersion;
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
                    out.add(new PointResult(PointResult.FAILED, null, List.of(), failureRow(p, e)));
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
            PointResult r = toRows(pack.index(), points.get(i), trained.get(i));
            if (recorder != null) {
                r = new PointResult(r.status(), r.model(), r.features(), r.failure(),
                        curveRows(points.get(i), recorder.curve(i)));
            }
            out.add(r);
        }
        return out;
    }

    /** The {@code curves} rows of one model: one per recorded step x feature. */
    List<Row> curveRows(GridPoint p, List<CurvePoint> curve) {
        List<Row> rows = new ArrayList<>(curve.size() * p.nFeatures());
        for (CurvePoint c : curve) {
            double[][] w = c.w();
            double[] norm = c.norm();
            for (int f = 0; f < c.nFeatures(); f++) {
                Double[] embedding = new Double[w[f].length];
                for (int k = 0; k < embedding.length; k++) {
                    embedding[k] = finiteOrNull(w[f][k]);
                }
                rows.add(RowFactory.create(sweepId, p.pointId(), p.seedIndex(), c.step(), f, finiteOrNull(c.loss()),
                        finiteOrNull(c.frobeniusSq()), finiteOrNull(norm[f]), finiteOrNull(c.dimensionality(f)),
                        embedding));
            }
        }
        return rows;
    }

    private Row failureRow(GridPoint p, Throwable e) {
        String message = e.getMessage() == null ? null : e.getMessage().lines().findFirst().orElse("");
        if (message != null && message.length() > 1000) {
            message = message.substring(0, 1000);
        }
        return RowFactory.create(sweepId, p.pointId(), p.seedIndex(), attempt, e.getClass().getName(), message,
                executor(), new Timestamp(System.currentTimeMillis()));
    }

    private static String executor() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown";
        }
        SparkEnv env = SparkEnv.get();
        return (env == null ? "none" : env.executorId()) + "@" + host;
    }

    PointResult toRows(int packIndex, GridPoint p, TrainedModel t) {
        ModelStats stats = ModelStats.of(t.w(), t.b());
        boolean ok = t.status() == TrainStatus.OK;
        Row model = RowFactory.create(
                sweepId, p.pointId(), p.seedIndex(), p.rngSeed(), p.index(), packIndex,
                p.model().specName(), p.nFeatures(), p.nHidden(), p.sparsity(),
                Double.isNaN(p.importanceDecay()) ? null : p.importanceDecay(),
                p.train().steps(), p.train().batchSize(), p.train().lr(), p.train().weightDecay(),
                p.train().schedule().specName(), p.train().init().specName(),
                finiteOrNull(t.finalLoss()), finiteOrNull(stats.dimsPerFeature()), finiteOrNull(stats.frobeniusSq()),
                ok ? stats.representedFeatures() : 0,
                t.trainNanos() / 1e6, t.status().specName(), specHash, codeVersion,
                Double.isNaN(p.sparsityFirst()) ? null : p.sparsityFirst(),
                p.featureSets().isEmpty() ? null : p.featureSets().describe(), p.train().l1());
        List<Row> features = new ArrayList<>(p.nFeatures());
        double[] importance = p.importance();
        for (FeatureStats f : stats.features()) {
            Double[] embedding = boxed(t.w()[f.feature()]);
            Double[] readout = t.w2() == null ? null : boxed(t.w2()[f.feature()]);
            features.add(RowFactory.create(sweepId, p.pointId(), p.seedIndex(), f.feature(),
                    importance[f.feature()], p.probability(f.feature()), finiteOrNull(f.norm()), finiteOrNull(f.interference()),
                    finiteOrNull(f.dimensionality()), finiteOrNull(f.bias()), embedding, readout));
        }
        return new PointResult(t.status().specName(), model, features, null);
    }

    private static Double[] boxed(double[] row) {
        Double[] out = new Double[row.length];
        for (int k = 0; k < row.length; k++) {
            out[k] = finiteOrNull(row[k]);
        }
        return out;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
