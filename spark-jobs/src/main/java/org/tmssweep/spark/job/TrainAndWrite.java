package org.tmssweep.spark.job;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Row;
import org.tmssweep.spark.grid.Pack;
import org.tmssweep.spark.tables.Tables;

/**
 * A training task that also writes its rows: trains a pack with {@link TrainPack}, writes the pack's
 * models, features (and curves, datapoints, failures) rows as one Parquet file per table into a directory of its own
 * task attempt ({@code ATTEMPTS/task-<attempt id>/<table>/part-<pack>.<ext>}), and returns the files and
 * the counts of its models' outcomes. The driver moves the files of the attempt whose result it received
 * into the wave's staging area ({@link WaveStore#adopt}) and deletes the rest, so a failed, retried or
 * speculative attempt never leaves rows behind; the wave commit is unchanged. One Spark job per wave
 * instead of a training job plus a write job per table ({@link WaveJob} says when it is used).
 */
final class TrainAndWrite implements Function<Pack, TrainAndWrite.TaskFiles> {
    @Serial
    private static final long serialVersionUID = 1L;

    /** What one task wrote: the counts of its models' outcomes and one file per table. */
    record TaskFiles(int pack, WaveJob.Counts counts, List<String> tables, List<String> files) implements Serializable {
    }

    /**
     * The writers of a wave's tables; {@code curves} is null unless the sweep records learning curves,
     * {@code datapoints} unless it trains models on finite datasets.
     */
    record Writers(DirectParquet models, DirectParquet features, DirectParquet curves, DirectParquet failures,
            DirectParquet datapoints) implements Serializable {
    }

    private final TrainPack train;
    private final Writers writers;
    private final String attempts;

    TrainAndWrite(TrainPack train, Writers writers, String attempts) {
        this.train = train;
        this.writers = writers;
        this.attempts = attempts;
    }

    @Override
    public TaskFiles call(Pack pack) throws IOException {
        WaveJob.Counts counts = WaveJob.Counts.NONE;
        List<Row> models = new ArrayList<>(pack.size());
        List<Row> features = new ArrayList<>();
        List<Row> curves = new ArrayList<>();
        List<Row> datapoints = new ArrayList<>();
        List<Row> failures = new ArrayList<>();
        for (Iterator<PointResult> it = train.call(pack); it.hasNext(); ) {
            PointResult r = it.next();
            counts = counts.plus(WaveJob.Counts.of(r));
            if (r.failed()) {
                failures.add(r.failure());
            } else {
                models.add(r.model());
                features.addAll(r.features());
                curves.addAll(r.curves());
                datapoints.addAll(r.datapoints());
            }
        }
        TaskContext task = TaskContext.get();
        long attemptId = task == null ? 0 : task.taskAttemptId();
        int attempt = task == null ? 0 : task.attemptNumber();
        Path dir = new Path(attempts, "task-" + attemptId);
        String name = String.format("part-%05d", pack.index());
        List<String> tables = new ArrayList<>();
        List<String> files = new ArrayList<>();
        write(writers.models(), models, dir, Tables.MODELS, name, pack.index(), attempt, tables, files);
        write(writers.features(), features, dir, Tables.FEATURES, name, pack.index(), attempt, tables, files);
        if (writers.curves() != null) {
            write(writers.curves(), curves, dir, Tables.CURVES, name, pack.index(), attempt, tables, files);
        }
        if (writers.datapoints() != null) {
            write(writers.datapoints(), datapoints, dir, Tables.DATAPOINTS, name, pack.index(), attempt, tables,
                    files);
        }
        if (!failures.isEmpty()) {
            write(writers.failures(), failures, dir, Tables.FAILURES, name, pack.index(), attempt, tables, files);
        }
        return new TaskFiles(pack.index(), counts, tables, files);
    }

    private static void write(DirectParquet writer, List<Row> rows, Path dir, String table, String name, int pack,
            int attempt, List<String> tables, List<String> files) throws IOException {
        Path file = writer.write(rows, new Path(dir, table), name, pack, attempt);
        tables.add(table);
        files.add(file.toString());
    }
}
