package org.tmssweep.spark.job;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Row;
import org.tmssweep.core.metrics.ModelStats;
import org.tmssweep.core.sae.AbsorptionToy;
import org.tmssweep.core.sae.SaeMetrics;
import org.tmssweep.core.sae.SaeSource;
import org.tmssweep.core.sae.SaeSpec;
import org.tmssweep.core.sae.SaeTrainer;
import org.tmssweep.core.sae.SyntheticFeatures;
import org.tmssweep.core.sae.ToyHiddenSource;
import org.tmssweep.core.sae.TrainedSae;
import org.tmssweep.core.train.TrainListener;
import org.tmssweep.core.train.TrainStatus;
import org.tmssweep.core.train.TrainedModel;
import org.tmssweep.core.train.Trainer;
import org.tmssweep.spark.grid.GridPoint;
import org.tmssweep.spark.grid.SaePoint;
import org.tmssweep.spark.grid.SaeUnit;
import org.tmssweep.spark.spec.SaeSourceKind;
import org.tmssweep.spark.tables.Tables;

/**
 * The task body of an SAE sweep: trains one {@link SaeUnit} and writes its rows, as {@link TrainAndWrite} does
 * for a pack of toy models (one Parquet file per table in a directory of the task attempt, adopted by the
 * driver). A pure function of the unit and the sweep's constants.
 *
 * <ol>
 *   <li>For a toy source, the toy model is trained alone (as in a sweep without SAEs: its seed is its own
 *       point's), its {@code models} and {@code features} rows are written, and its hidden vectors become the
 *       SAEs' data ({@link ToyHiddenSource#of}). A toy model that throws or diverges leaves its SAEs without
 *       data: each gets a {@code failures} row.</li>
 *   <li>The SAEs are trained in packs of one {@link SaeSpec#packKey()} ({@link SaeTrainer}; each SAE's result
 *       is the one it gets alone). When a pack throws, its SAEs are trained one by one, and an SAE that still
 *       throws becomes a {@code failures} row. A divergence is not a failure: the SAE's status is diverged.</li>
 *   <li>cross_mmcs: among the SAEs of one cross key ({@link SaePoint#crossKey}, always within one unit), each
 *       dictionary against the one of the next larger k ({@link SaeMetrics#crossMmcs}).</li>
 * </ol>
 */
final class TrainSaeUnit implements Function<SaeUnit, TrainAndWrite.TaskFiles> {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * The writers of an SAE sweep's tables; {@code models} and {@code features} are null unless the source is
     * toy.
     */
    record Writers(DirectParquet models, DirectParquet features, DirectParquet failures, DirectParquet saeModels,
            DirectParquet saeLatents, DirectParquet saeFeatures) implements Serializable {
    }

    private final TableRows rows;
    private final SaeRows saeRows;
    private final int attempt;
    private final Writers writers;
    private final String attempts;

    /**
     * @param attempt  recorded in failures rows
     * @param attempts the wave's directory of task attempts ({@link WaveStore#attempts})
     */
    TrainSaeUnit(String sweepId, String specHash, String codeVersion, int attempt, Writers writers, String attempts) {
        this.rows = new TableRows(sweepId, specHash, codeVersion);
        this.saeRows = new SaeRows(sweepId, specHash, codeVersion);
        this.attempt = attempt;
        this.writers = writers;
        this.attempts = attempts;
    }

    /** The rows of one unit, by table. */
    record UnitRows(WaveJob.Counts counts, List<Row> models, List<Row> features, List<Row> failures,
            List<Row> saeModels, List<Row> saeLatents, List<Row> saeFeatures) {
    }

    @Override
    public TrainAndWrite.TaskFiles call(SaeUnit unit) throws IOException {
        UnitRows r = train(unit);
        TaskContext task = TaskContext.get();
        long attemptId = task == null ? 0 : task.taskAttemptId();
        int taskAttempt = task == null ? 0 : task.attemptNumber();
        Path dir = new Path(attempts, "task-" + attemptId);
        String name = String.format("part-%05d", unit.index());
        List<String> tables = new ArrayList<>();
        List<String> files = new ArrayList<>();
        if (writers.models() != null) {
            write(writers.models(), r.models(), dir, Tables.MODELS, name, unit.index(), taskAttempt, tables, files);
            write(writers.features(), r.features(), dir, Tables.FEATURES, name, unit.index(), taskAttempt, tables,
                    files);
        }
        write(writers.saeModels(), r.saeModels(), dir, Tables.SAE_MODELS, name, unit.index(), taskAttempt, tables,
                files);
        write(writers.saeLatents(), r.saeLatents(), dir, Tables.SAE_LATENTS, name, unit.index(), taskAttempt, tables,
                files);
        write(writers.saeFeatures(), r.saeFeatures(), dir, Tables.SAE_FEATURES, name, unit.index(), taskAttempt,
                tables, files);
        if (!r.failures().isEmpty()) {
            write(writers.failures(), r.failures(), dir, Tables.FAILURES, name, unit.index(), taskAttempt, tables,
                    files);
        }
        return new TrainAndWrite.TaskFiles(unit.index(), r.counts(), tables, files);
    }

    /** Trains the unit and returns its rows (no files written). */
    UnitRows train(SaeUnit unit) {
        WaveJob.Counts counts = WaveJob.Counts.NONE;
        List<Row> models = new ArrayList<>();
        List<Row> features = new ArrayList<>();
        List<Row> failures = new ArrayList<>();
        List<Row> saeModels = new ArrayList<>();
        List<Row> saeLatents = new ArrayList<>();
        List<Row> saeFeatures = new ArrayList<>();
        SaeSource source = null;
        Throwable noData = null;
        GridPoint toy = unit.toy();
        if (toy != null) {
            try {
                TrainedModel t = new Trainer().train(List.of(toy.toModelSpec()), TrainListener.NONE).get(0);
                ModelStats stats = ModelStats.of(t.w(), t.b());
                models.add(rows.model(unit.index(), toy, t, stats, null));
                features.addAll(rows.features(toy, t, stats));
                counts = counts.plus(new WaveJob.Counts(t.status() == TrainStatus.DIVERGED ? 1 : 0, 0));
                if (t.status() == TrainStatus.OK) {
                    source = ToyHiddenSource.of(t);
                } else {
                    noData = new IllegalStateException("toy model " + toy.pointId() + "/" + toy.seedIndex()
                            + " diverged: its SAEs have no hidden vectors to read");
                }
            } catch (RuntimeException | LinkageError e) {
                failures.add(rows.failure(toy, attempt, e, TrainPack.executor(), now()));
                counts = counts.plus(new WaveJob.Counts(0, 1));
                noData = e;
            }
        } else {
            try {
                source = unit.saes().get(0).buildSource(); // one cross key: every SAE of the unit has this source
            } catch (RuntimeException | LinkageError e) {
                noData = e;
            }
        }
        if (noData != null) {
            for (SaePoint p : unit.saes()) {
                failures.add(saeRows.failure(p, attempt, noData, TrainPack.executor(), now()));
            }
            counts = counts.plus(new WaveJob.Counts(0, unit.saes().size()));
            return new UnitRows(counts, models, features, failures, saeModels, saeLatents, saeFeatures);
        }
        Map<SaePoint, TrainedSae> trained = trainAll(unit.saes(), source, failures);
        counts = counts.plus(new WaveJob.Counts(0, unit.saes().size() - trained.size()));
        double[][] truth = source.truth();
        double[] probability = probabilities(unit, source);
        Map<SaePoint, SaePoint> next = nextLarger(trained);
        for (Map.Entry<SaePoint, TrainedSae> e : trained.entrySet()) {
            SaePoint p = e.getKey();
            TrainedSae t = e.getValue();
            SaePoint larger = next.get(p);
            double cross = larger == null ? Double.NaN
                    : SaeMetrics.crossMmcs(t.dictionary(), trained.get(larger).dictionary());
            saeModels.add(saeRows.model(unit.index(), p, t, truth, cross,
                    larger == null ? null : larger.config().latents()));
            saeLatents.addAll(saeRows.latents(p, t, truth));
            saeFeatures.addAll(saeRows.features(p, t, truth, probability));
            if (t.status() == TrainStatus.DIVERGED) {
                counts = counts.plus(new WaveJob.Counts(1, 0));
            }
        }
        return new UnitRows(counts, models, features, failures, saeModels, saeLatents, saeFeatures);
    }

    /**
     * Trains the SAEs on {@code source} in packs of one pack key, in unit order; an SAE that throws (alone) adds
     * a failures row and is left out of the result.
     */
    private Map<SaePoint, TrainedSae> trainAll(List<SaePoint> saes, SaeSource source, List<Row> failures) {
        Map<SaeSpec.PackKey, List<SaePoint>> packs = new LinkedHashMap<>();
        for (SaePoint p : saes) {
            packs.computeIfAbsent(p.spec(source).packKey(), k -> new ArrayList<>()).add(p);
        }
        SaeTrainer trainer = new SaeTrainer();
        Map<SaePoint, TrainedSae> out = new LinkedHashMap<>();
        for (List<SaePoint> pack : packs.values()) {
            try {
                List<TrainedSae> done = trainer.train(pack.stream().map(p -> p.spec(source)).toList());
                for (int i = 0; i < pack.size(); i++) {
                    out.put(pack.get(i), done.get(i));
                }
            } catch (RuntimeException | LinkageError batched) {
                for (SaePoint p : pack) {
                    try {
                        out.put(p, trainer.train(p.spec(source)));
                    } catch (RuntimeException | LinkageError e) {
                        failures.add(saeRows.failure(p, attempt, e, TrainPack.executor(), now()));
                    }
                }
            }
        }
        // unit order, whatever the packs' order
        Map<SaePoint, TrainedSae> ordered = new LinkedHashMap<>();
        for (SaePoint p : saes) {
            if (out.containsKey(p)) {
                ordered.put(p, out.get(p));
            }
        }
        return ordered;
    }

    /**
     * For each trained SAE, the trained SAE of its cross key with the next larger k (the smallest k above its
     * own; the first in unit order on a tie), or none.
     */
    static Map<SaePoint, SaePoint> nextLarger(Map<SaePoint, TrainedSae> trained) {
        Map<String, List<SaePoint>> byCross = new LinkedHashMap<>();
        trained.keySet().forEach(p -> byCross.computeIfAbsent(p.crossKey(), k -> new ArrayList<>()).add(p));
        Map<SaePoint, SaePoint> next = new LinkedHashMap<>();
        for (List<SaePoint> group : byCross.values()) {
            List<SaePoint> bySize = new ArrayList<>(group);
            bySize.sort(Comparator.comparingInt(p -> p.config().latents())); // stable: unit order within a size
            for (SaePoint p : group) {
                for (SaePoint q : bySize) {
                    if (q.config().latents() > p.config().latents()) {
                        next.put(p, q);
                        break;
                    }
                }
            }
        }
        return next;
    }

    /**
     * Each true feature's firing probability where the data rule fixes it: the toy model's densities, the
     * independent synthetic rule's, the absorption toy's marginals; null for the correlated synthetic rules.
     */
    static double[] probabilities(SaeUnit unit, SaeSource source) {
        SaePoint first = unit.saes().get(0);
        if (first.source() == SaeSourceKind.TOY) {
            double[] p = new double[unit.toy().nFeatures()];
            for (int f = 0; f < p.length; f++) {
                p[f] = unit.toy().probability(f);
            }
            return p;
        }
        if (source instanceof SyntheticFeatures s) {
            return s.config().correlated() ? null : s.probabilities();
        }
        double[] p = new double[AbsorptionToy.FEATURES];
        Arrays.fill(p, AbsorptionToy.OTHER_PROBABILITY);
        p[0] = AbsorptionToy.PARENT_PROBABILITY;
        return p;
    }

    private static Timestamp now() {
        return new Timestamp(System.currentTimeMillis());
    }

    private static void write(DirectParquet writer, List<Row> rows, Path dir, String table, String name, int unit,
            int attempt, List<String> tables, List<String> files) throws IOException {
        Path file = writer.write(rows, new Path(dir, table), name, unit, attempt);
        tables.add(table);
        files.add(file.toString());
    }
}
