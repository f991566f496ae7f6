package org.tmssweep.spark.job;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.metrics.FeatureStats;
import org.tmssweep.core.metrics.ModelStats;
import org.tmssweep.core.train.TrainStatus;
import org.tmssweep.core.train.TrainedModel;
import org.tmssweep.core.train.Trainer;
import org.tmssweep.spark.grid.GridPoint;
import org.tmssweep.spark.grid.Pack;

/**
 * The task body: trains one pack in one batched computation and turns each model into rows. A pure
 * function of the pack and the sweep's constants, so Spark may retry or speculate it freely.
 */
public final class TrainPack implements FlatMapFunction<Pack, PointResult> {
    private static final long serialVersionUID = 1L;

    private final String sweepId;
    private final String specHash;
    private final String codeVersion;

    public TrainPack(String sweepId, String specHash, String codeVersion) {
        this.sweepId = sweepId;
        this.specHash = specHash;
        this.codeVersion = codeVersion;
    }

    @Override
    public Iterator<PointResult> call(Pack pack) {
        List<ModelSpec> specs = new ArrayList<>(pack.size());
        for (GridPoint p : pack.points()) {
            specs.add(p.toModelSpec());
        }
        List<TrainedModel> trained = new Trainer().train(specs);
        List<PointResult> out = new ArrayList<>(pack.size());
        for (int i = 0; i < pack.size(); i++) {
            out.add(toRows(pack.index(), pack.points().get(i), trained.get(i)));
        }
        return out.iterator();
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
                t.trainNanos() / 1e6, t.status().specName(), specHash, codeVersion);
        List<Row> features = new ArrayList<>(p.nFeatures());
        double[] importance = p.importance();
        for (FeatureStats f : stats.features()) {
            double[] row = t.w()[f.feature()];
            Double[] embedding = new Double[row.length];
            for (int k = 0; k < row.length; k++) {
                embedding[k] = finiteOrNull(row[k]);
            }
            features.add(RowFactory.create(sweepId, p.pointId(), p.seedIndex(), f.feature(),
                    importance[f.feature()], p.probability(), finiteOrNull(f.norm()), finiteOrNull(f.interference()),
                    finiteOrNull(f.dimensionality()), finiteOrNull(f.bias()), embedding));
        }
        return new PointResult(t.status().specName(), model, features);
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
