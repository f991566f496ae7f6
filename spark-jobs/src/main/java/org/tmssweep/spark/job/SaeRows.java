package org.tmssweep.spark.job;

import static org.tmssweep.spark.job.TableRows.boxed;
import static org.tmssweep.spark.job.TableRows.finiteOrNull;

import java.io.Serial;
import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.tmssweep.core.sae.SaeConfig;
import org.tmssweep.core.sae.SaeMetrics;
import org.tmssweep.core.sae.SyntheticFeaturesConfig;
import org.tmssweep.core.sae.TrainedSae;
import org.tmssweep.core.train.TrainStatus;
import org.tmssweep.spark.grid.SaePoint;
import org.tmssweep.spark.tables.RowBuilder;
import org.tmssweep.spark.tables.Tables;

/**
 * Turns a trained sparse autoencoder into rows of {@code sae_models}, {@code sae_latents} and
 * {@code sae_features}, column by column by name against the schemas in {@link Tables}, and a failed one into
 * a {@code failures} row (its SAE point id and seed index). Non-finite numbers are stored as null. Pure functions
 * of their arguments and the sweep's constants; serializable, so the training tasks carry it.
 */
final class SaeRows implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String sweepId;
    private final String specHash;
    private final String codeVersion;

    SaeRows(String sweepId, String specHash, String codeVersion) {
        this.sweepId = sweepId;
        this.specHash = specHash;
        this.codeVersion = codeVersion;
    }

    /**
     * The {@code sae_models} row of SAE {@code p}, trained in unit {@code unit} into {@code t}, scored against
     * {@code truth} (G x d); {@code cross} is its cross MMCS with the SAE of {@code crossLatents} latents (NaN and
     * null without one).
     */
    Row model(int unit, SaePoint p, TrainedSae t, double[][] truth, double cross, Integer crossLatents) {
        SaeConfig c = p.config();
        SyntheticFeaturesConfig syn = p.synthetic();
        boolean ok = t.status() == TrainStatus.OK;
        double[][] dictionary = t.dictionary();
        Long truthSeed = syn != null ? Long.valueOf(syn.truthSeed()) : p.hierarchy() != null
                ? Long.valueOf(p.absorptionSeed()) : null;
        return RowBuilder.of(Tables.SAE_MODELS_SCHEMA)
                .set("sweep_id", sweepId)
                .set("point_id", p.pointId())
                .set("seed", p.seedIndex())
                .set("rng_seed", p.rngSeed())
                .set("grid_index", p.index())
                .set("unit", unit)
                .set("toy_point_id", p.toyPointId())
                .set("toy_seed", p.toyPointId() == null ? null : p.toySeedIndex())
                .set("source", p.source().specName())
                .set("features", p.features())
                .set("dim", p.dim())
                .set("latents", c.latents())
                .set("ratio", p.ratio())
                .set("l1", c.l1())
                .set("l1_per_latent", c.l1PerLatent())
                .set("tied", c.tied())
                .set("decoder_bias", c.decoderBias())
                .set("decoder_norm", c.decoderNorm().specName())
                .set("init", c.init().specName())
                .set("reconstruction", c.reconstruction().specName())
                .set("optimizer", c.optimizer().specName())
                .set("lr", c.lr())
                .set("weight_decay", c.weightDecay())
                .set("beta1", c.beta1())
                .set("beta2", c.beta2())
                .set("eps", c.eps())
                .set("batch_size", c.batchSize())
                .set("steps", c.steps())
                .set("resample", c.resample().specName())
                .set("resample_every", c.resampleEvery())
                .set("resample_window", c.resampleWindow())
                .set("resample_scale", c.resampleScale())
                .set("eval_samples", c.evalSamples())
                .set("mean_active", syn == null ? null : syn.meanActive())
                .set("decay", syn == null ? null : syn.decay())
                .set("frequencies", syn == null ? null : syn.frequencies().specName())
                .set("alpha_draw", syn == null ? null : syn.alphaDraw().specName())
                .set("empty_samples", syn == null ? null : syn.emptySamples().specName())
                .set("truth_seed", truthSeed)
                .set("hierarchy", p.hierarchy())
                .set("status", t.status().specName())
                .set("reconstruction_loss", finiteOrNull(t.loss().reconstruction()))
                .set("l1_loss", finiteOrNull(t.loss().l1()))
                .set("l0", finiteOrNull(t.loss().l0()))
                .set("loss", finiteOrNull(t.loss().loss()))
                .set("dead_latents", ok ? t.deadLatents() : null)
                .set("resampled_latents", t.resampledLatents())
                .set("mmcs", finiteOrNull(SaeMetrics.mmcs(truth, dictionary)))
                .set("recovered_fraction", ok ? SaeMetrics.recoveredFraction(truth, dictionary,
                        p.recoveryThreshold()) : null)
                .set("recovery_threshold", p.recoveryThreshold())
                .set("cross_mmcs", crossLatents == null ? null : finiteOrNull(cross))
                .set("cross_latents", crossLatents)
                .set("train_seconds", t.trainNanos() / 1e9)
                .set("spec_hash", specHash)
                .set("code_version", codeVersion)
                .build();
    }

    /** The {@code sae_latents} rows of SAE {@code p}: one per latent, in order. */
    List<Row> latents(SaePoint p, TrainedSae t, double[][] truth) {
        double[][] dictionary = t.dictionary();
        SaeMetrics.LatentMatch[] matches = SaeMetrics.bestMatches(truth, dictionary);
        double[] firing = t.firing();
        List<Row> rows = new ArrayList<>(dictionary.length);
        for (int j = 0; j < dictionary.length; j++) {
            Double f = finiteOrNull(firing[j]);
            rows.add(RowBuilder.of(Tables.SAE_LATENTS_SCHEMA)
                    .set("sweep_id", sweepId)
                    .set("point_id", p.pointId())
                    .set("seed", p.seedIndex())
                    .set("latent", j)
                    .set("firing", f)
                    .set("dead", f == null ? null : f == 0.0)
                    .set("best_feature", matches[j].feature())
                    .set("best_cosine", finiteOrNull(matches[j].cosine()))
                    .set("decoder", boxed(dictionary[j]))
                    .build());
        }
        return rows;
    }

    /**
     * The {@code sae_features} rows of SAE {@code p}: one per true feature of {@code truth}, in order, with its
     * firing probability {@code probability[g]} ({@code probability} null where the rule draws them).
     */
    List<Row> features(SaePoint p, TrainedSae t, double[][] truth, double[] probability) {
        double[][] dictionary = t.dictionary();
        // for each true feature (a row of truth), its best dictionary element: bestMatches with the roles swapped
        SaeMetrics.LatentMatch[] best = SaeMetrics.bestMatches(dictionary, truth);
        double[][] unit = unitRows(truth);
        List<Row> rows = new ArrayList<>(truth.length);
        for (int g = 0; g < truth.length; g++) {
            rows.add(RowBuilder.of(Tables.SAE_FEATURES_SCHEMA)
                    .set("sweep_id", sweepId)
                    .set("point_id", p.pointId())
                    .set("seed", p.seedIndex())
                    .set("feature", g)
                    .set("probability", probability == null ? null : probability[g])
                    .set("max_cosine", finiteOrNull(best[g].cosine()))
                    .set("best_latent", best[g].feature())
                    .set("direction", boxed(unit[g]))
                    .build());
        }
        return rows;
    }

    /** The {@code failures} row of SAE {@code p}, whose training (or its toy model's) threw {@code e}. */
    Row failure(SaePoint p, int attempt, Throwable e, String executor, Timestamp at) {
        return TableRows.failure(sweepId, p.pointId(), p.seedIndex(), attempt, e, executor, at);
    }

    private static double[][] unitRows(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double n = 0;
            for (double x : rows[i]) {
                n += x * x;
            }
            n = Math.sqrt(n);
            out[i] = rows[i].clone();
            if (n > 0) {
                for (int k = 0; k < out[i].length; k++) {
                    out[i][k] /= n;
                }
            }
        }
        return out;
    }
}
