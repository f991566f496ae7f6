package org.tmssweep.spark.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serial;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.tmssweep.core.analysis.DataPoint;
import org.tmssweep.core.analysis.DataRegime;
import org.tmssweep.core.config.DatasetConfig;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.metrics.FeatureStats;
import org.tmssweep.core.metrics.ModelStats;
import org.tmssweep.core.train.CurvePoint;
import org.tmssweep.core.train.TrainStatus;
import org.tmssweep.core.train.TrainedModel;
import org.tmssweep.spark.grid.GridPoint;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.spec.SweepSpec;
import org.tmssweep.spark.tables.RowBuilder;
import org.tmssweep.spark.tables.SweepCompletion;
import org.tmssweep.spark.tables.Tables;

/**
 * The one place that turns a trained model, its learning curve, its failure or a finished sweep into
 * rows of the trained tables, column by column by name against the schemas in {@link Tables}
 * ({@link RowBuilder} fails on a column that is missing, unset or of the wrong type). Non-finite
 * numbers (a diverged model's loss or weights) are stored as null. Pure functions of their arguments
 * and the sweep's constants; serializable, so the training tasks carry it.
 */
final class TableRows implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String sweepId;
    private final String specHash;
    private final String codeVersion;

    TableRows(String sweepId, String specHash, String codeVersion) {
        this.sweepId = sweepId;
        this.specHash = specHash;
        this.codeVersion = codeVersion;
    }

    /**
     * The {@code models} row of model {@code p}, trained in pack {@code pack}, with statistics {@code stats} and,
     * for a model trained on a finite dataset, its training set's view {@code data} (null otherwise).
     */
    Row model(int pack, GridPoint p, TrainedModel t, ModelStats stats, DatasetView data) {
        TrainConfig train = p.train();
        DatasetConfig dataset = train.dataset();
        boolean finite = dataset.finite();
        DataRegime regime = data == null ? null : data.regime();
        return RowBuilder.of(Tables.MODELS_SCHEMA)
                .set("sweep_id", sweepId)
                .set("point_id", p.pointId())
                .set("seed", p.seedIndex())
                .set("rng_seed", p.rngSeed())
                .set("grid_index", p.index())
                .set("pack", pack)
                .set("model", p.model().specName())
                .set("n_features", p.nFeatures())
                .set("n_hidden", p.nHidden())
                .set("sparsity", p.sparsity())
                .set("importance_decay", nanToNull(p.importanceDecay()))
                .set("steps", p.train().steps())
                .set("batch_size", p.train().batchSize())
                .set("lr", p.train().lr())
                .set("weight_decay", p.train().weightDecay())
                .set("schedule", p.train().schedule().specName())
                .set("init", p.train().init().specName())
                .set("final_loss", finiteOrNull(t.finalLoss()))
                .set("dims_per_feature", finiteOrNull(stats.dimsPerFeature()))
                .set("frobenius_sq", finiteOrNull(stats.frobeniusSq()))
                .set("represented_features", t.status() == TrainStatus.OK ? stats.representedFeatures() : 0)
                .set("train_ms", t.trainNanos() / 1e6)
                .set("status", t.status().specName())
                .set("spec_hash", specHash)
                .set("code_version", codeVersion)
                .set("sparsity_first", nanToNull(p.sparsityFirst()))
                .set("feature_sets", p.featureSets().isEmpty() ? null : p.featureSets().describe())
                .set("l1", p.train().l1())
                .set("beta1", train.beta1())
                .set("beta2", train.beta2())
                .set("eps", train.eps())
                .set("eval_samples", train.evalSamples())
                .set("notebook_instances", train.notebookInstances())
                .set("warmup_steps", train.warmupSteps())
                .set("loss_normalization", train.lossNormalization().specName())
                .set("weight_fro", finiteOrNull(Math.sqrt(stats.frobeniusSq())))
                .set("bias_norm", finiteOrNull(norm(t.b())))
                .set("train_loss", finite ? finiteOrNull(t.trainLoss()) : null)
                .set("test_loss", finite ? finiteOrNull(t.testLoss()) : null)
                .set("dataset_size", finite ? dataset.size() : null)
                .set("dataset_seed_index", finite ? p.datasetSeedIndex() : null)
                .set("dataset_seed", finite ? p.datasetSeed() : null)
                .set("dataset_test_size", finite ? dataset.testSize() : null)
                .set("dataset_normalize", finite ? dataset.normalization().specName() : null)
                .set("dataset_minibatch", finite ? dataset.minibatch() : null)
                .set("dataset_zero_draws", data == null ? null : data.zeroDraws())
                .set("mean_data_dim", regime == null ? null : finiteOrNull(regime.meanDataDimensionality()))
                .set("sum_max_data_dim", regime == null ? null : finiteOrNull(regime.sumMaxDimensionality()))
                .set("mean_hidden_norm", regime == null ? null : finiteOrNull(regime.meanHiddenNorm()))
                .set("mean_top_feature_dim", regime == null ? null
                        : finiteOrNull(regime.meanTopFeatureDimensionality()))
                .set("features_above_threshold", regime == null ? null : regime.featuresAboveThreshold())
                .build();
    }

    /**
     * The {@code datapoints} rows of model {@code p}: one per training point, in order; none without a
     * dataset or when the model did not train to status ok ({@link DatasetView#points} empty).
     */
    List<Row> datapoints(GridPoint p, DatasetView data) {
        if (data == null) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>(data.points().size());
        for (DataPoint d : data.points()) {
            int[] features = d.features();
            float[] values = d.values();
            Integer[] f = new Integer[features.length];
            Float[] v = new Float[values.length];
            for (int k = 0; k < f.length; k++) {
                f[k] = features[k];
                v[k] = values[k];
            }
            rows.add(RowBuilder.of(Tables.DATAPOINTS_SCHEMA)
                    .set("sweep_id", sweepId)
                    .set("point_id", p.pointId())
                    .set("seed", p.seedIndex())
                    .set("point_index", d.index())
                    .set("hidden_norm", finiteOrNull(d.hiddenNorm()))
                    .set("data_dim", finiteOrNull(d.dimensionality()))
                    .set("max_data_dim", finiteOrNull(d.maxDimensionality()))
                    .set("features", f)
                    .set("values", v)
                    .build());
        }
        return rows;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** The {@code features} rows of model {@code p}: one per feature, in feature order. */
    List<Row> features(GridPoint p, TrainedModel t, ModelStats stats) {
        List<Row> rows = new ArrayList<>(p.nFeatures());
        double[] importance = p.importance();
        for (FeatureStats f : stats.features()) {
            int i = f.feature();
            rows.add(RowBuilder.of(Tables.FEATURES_SCHEMA)
                    .set("sweep_id", sweepId)
                    .set("point_id", p.pointId())
                    .set("seed", p.seedIndex())
                    .set("feature", i)
                    .set("importance", importance[i])
                    .set("probability", p.probability(i))
                    .set("norm", finiteOrNull(f.norm()))
                    .set("interference", finiteOrNull(f.interference()))
                    .set("dimensionality", finiteOrNull(f.dimensionality()))
                    .set("bias", finiteOrNull(f.bias()))
                    .set("embedding", boxed(t.w()[i]))
                    .set("readout", t.w2() == null ? null : boxed(t.w2()[i]))
                    .build());
        }
        return rows;
    }

    /** The {@code curves} rows of model {@code p}: one per recorded step x feature. */
    List<Row> curves(GridPoint p, List<CurvePoint> curve) {
        List<Row> rows = new ArrayList<>(curve.size() * p.nFeatures());
        for (CurvePoint c : curve) {
            double[][] w = c.w();
            double[] norm = c.norm();
            for (int f = 0; f < c.nFeatures(); f++) {
                rows.add(RowBuilder.of(Tables.CURVES_SCHEMA)
                        .set("sweep_id", sweepId)
                        .set("point_id", p.pointId())
                        .set("seed", p.seedIndex())
                        .set("step", c.step())
                        .set("feature", f)
                        .set("loss", finiteOrNull(c.loss()))
                        .set("frobenius_sq", finiteOrNull(c.frobeniusSq()))
                        .set("norm", finiteOrNull(norm[f]))
                        .set("dimensionality", finiteOrNull(c.dimensionality(f)))
                        .set("embedding", boxed(w[f]))
                        .build());
            }
        }
        return rows;
    }

    /**
     * The {@code failures} row of model {@code p} whose training threw {@code e} on attempt {@code attempt}
     * (the first line of the message, at most 1,000 characters).
     */
    Row failure(GridPoint p, int attempt, Throwable e, String executor, Timestamp at) {
        return failure(sweepId, p.pointId(), p.seedIndex(), attempt, e, executor, at);
    }

    /**
     * The {@code failures} row of the model or SAE {@code pointId} (seed index {@code seed}) of sweep
     * {@code sweepId} whose training threw {@code e} on attempt {@code attempt}: the first line of the message, at
     * most 1,000 characters.
     */
    static Row failure(String sweepId, String pointId, int seed, int attempt, Throwable e, String executor,
            Timestamp at) {
        String message = e.getMessage() == null ? null : e.getMessage().lines().findFirst().orElse("");
        if (message != null && message.length() > 1000) {
            message = message.substring(0, 1000);
        }
        return RowBuilder.of(Tables.FAILURES_SCHEMA)
                .set("sweep_id", sweepId)
                .set("point_id", pointId)
                .set("seed", seed)
                .set("attempt", attempt)
                .set("error_class", e.getClass().getName())
                .set("message", message)
                .set("executor", executor)
                .set("failed_at", at)
                .build();
    }

    /**
     * The {@code sweeps} row of a sweep that ran to its end: its spec, totals and the provenance of the
     * run (this JVM's versions, {@code OMP_NUM_THREADS}, Spark's version and master, the executor hosts).
     *
     * @param failed models without a models row (their last attempt threw)
     * @param waves  waves committed
     */
    static Row sweep(SweepPlan plan, Instant started, Instant finished, long failed, int waves, String sparkVersion,
            String master, String hosts) {
        SweepSpec spec = plan.spec();
        String java = System.getProperty("java.version");
        String versions = new ObjectMapper().createObjectNode().put("java", java).put("spark", sparkVersion)
                .put("nd4j", Provenance.nd4jVersion()).put("blas", Provenance.blas())
                .put("tms", Provenance.codeVersion()).toString();
        return RowBuilder.of(Tables.SWEEPS_SCHEMA)
                .set("sweep_id", spec.sweepId())
                .set("name", spec.name())
                .set("description", spec.description())
                .set("spec_json", spec.canonicalJson())
                .set("spec_hash", spec.specHash())
                .set("semantics_version", SweepSpec.SEMANTICS_VERSION)
                .set("n_points", plan.pointCount())
                .set("n_models", (long) plan.modelCount())
                .set("n_packs", plan.taskCount())
                .set("started_at", Timestamp.from(started))
                .set("finished_at", Timestamp.from(finished))
                .set("code_version", Provenance.codeVersion())
                .set("git_commit", Provenance.gitCommit())
                .set("java_version", java)
                .set("spark_version", sparkVersion)
                .set("nd4j_version", Provenance.nd4jVersion())
                .set("blas", Provenance.blas())
                .set("master", master)
                .set("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"))
                .set("hosts", hosts)
                .set("versions", versions)
                .set("status", SweepCompletion.of(failed).spelling())
                .set("n_failed", failed)
                .set("n_waves", waves)
                .build();
    }

    /** {@code row} boxed, its non-finite entries null. */
    static Double[] boxed(double[] row) {
        Double[] out = new Double[row.length];
        for (int k = 0; k < row.length; k++) {
            out[k] = finiteOrNull(row[k]);
        }
        return out;
    }

    static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Double nanToNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
