package org.tmssweep.spark.job;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.tmssweep.spark.tables.Tables;

/**
 * Writes one table's rows to a Parquet file from inside a task (or on the driver) with Spark's own Parquet
 * writer, set up on the driver exactly as a {@code DataFrame.write().parquet(...)} of the same schema would
 * set it up ({@link ParquetFileFormat#prepareWrite}: the session's codec, timestamp and legacy-format
 * settings, Spark's schema in the footer). So the files read back as the same rows a Spark SQL write gives,
 * without a Spark job per table: {@link TrainAndWrite} writes a wave's rows in the training tasks.
 *
 * <p>The table's partition column ({@link Tables#PARTITION}, the first value of every row) is not stored in
 * the file: it is the directory the commit renames the file into, as for a partitioned Spark write.
 * This uses Spark SQL's file-format classes ({@code org.apache.spark.sql.execution.datasources}), which
 * are not a public API; the tests that compare these tables with Spark-written ones (same rows, same schema)
 * check them against the Spark version the build pins.
 */
final class DirectParquet implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final StructType dataSchema;
    private final int partitionIndex;
    private final OutputWriterFactory factory;
    /**
     * Broadcast: deserialised once per executor, not with every task (≈ 10-20 ms a task for the four tables).
     * One broadcast holds the configurations of all the writers {@link #prepare} set up together (each
     * broadcast costs the driver ≈ 9-25 ms); this writer's is entry {@link #confIndex}.
     */
    private final Broadcast<HadoopConf[]> conf;
    private final int confIndex;
    /**
     * Idle row serializers by schema, kept for the JVM's life: a serializer is not thread-safe, and building
     * one compiles its projection (measured at 5-50 ms, more than writing a pack's rows). A write borrows
     * one and gives it back, so there are at most as many per schema as writes ever ran at once.
     */
    private static final Map<StructType, Queue<ExpressionEncoder.Serializer<Row>>> SERIALIZERS =
            new ConcurrentHashMap<>();

    private DirectParquet(StructType dataSchema, int partitionIndex, OutputWriterFactory factory,
            Broadcast<HadoopConf[]> conf, int confIndex) {
        this.dataSchema = dataSchema;
        this.partitionIndex = partitionIndex;
        this.factory = factory;
        this.conf = conf;
        this.confIndex = confIndex;
    }

    /**
     * Sets up the writers of tables with schemas {@code tableSchemas} (partition column included) on the
     * driver: entry i of the result writes schema i, or is null where that schema is null. Their Hadoop
     * configurations are broadcast together, and live as long as a writer is referenced (Spark's context
     * cleaner removes them after that) or until {@link #release}.
     */
    static DirectParquet[] prepare(SparkSession spark, StructType... tableSchemas) throws IOException {
        int count = tableSchemas.length;
        StructType[] dataSchemas = new StructType[count];
        int[] partitions = new int[count];
        OutputWriterFactory[] factories = new OutputWriterFactory[count];
        HadoopConf[] confs = new HadoopConf[count];
        for (int t = 0; t < count; t++) {
            if (tableSchemas[t] == null) {
                continue;
            }
            int partition = -1;
            List<StructField> data = new ArrayList<>();
            StructField[] fields = tableSchemas[t].fields();
            for (int i = 0; i < fields.length; i++) {
                if (fields[i].name().equals(Tables.PARTITION)) {
                    partition = i;
                } else {
                    data.add(fields[i]);
                }
            }
            dataSchemas[t] = new StructType(data.toArray(new StructField[0]));
            partitions[t] = partition;
            Job job = Job.getInstance(new Configuration(spark.sparkContext().hadoopConfiguration()));
            factories[t] = new ParquetFileFormat().prepareWrite(spark, job,
                    scala.collection.immutable.Map$.MODULE$.<String, String>empty(), dataSchemas[t]);
            confs[t] = new HadoopConf(job.getConfiguration());
        }
        Broadcast<HadoopConf[]> conf = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(confs);
        DirectParquet[] out = new DirectParquet[count];
        for (int t = 0; t < count; t++) {
            if (tableSchemas[t] != null) {
                out[t] = new DirectParquet(dataSchemas[t], partitions[t], factories[t], conf, t);
            }
        }
        return out;
    }

    /**
     * Writes {@code rows} to a new file {@code dir/name<extension>} (e.g. {@code .snappy.parquet}) and returns its
     * path. {@code task} and {@code attempt} only name the Hadoop task attempt the writer runs as.
     */
    Path write(List<Row> rows, Path dir, String name, int task, int attempt) throws IOException {
        TaskAttemptContext ctx = new TaskAttemptContextImpl(conf.value()[confIndex].value(),
                new TaskAttemptID("tms", 0, TaskType.MAP, task, attempt));
        Path file = new Path(dir, name + factory.getFileExtension(ctx));
        Queue<ExpressionEncoder.Serializer<Row>> idle = SERIALIZERS.computeIfAbsent(dataSchema,
                s -> new ConcurrentLinkedQueue<>());
        ExpressionEncoder.Serializer<Row> polled = idle.poll();
        ExpressionEncoder.Serializer<Row> serializer = polled != null ? polled
                : ExpressionEncoder.apply(dataSchema).createSerializer();
        OutputWriter writer = factory.newInstance(file.toString(), dataSchema, ctx);
        try {
            for (Row r : rows) {
                writer.write(serializer.apply(withoutPartition(r)));
            }
        } catch (RuntimeException e) {
            try {
                writer.close(); // the file is never adopted: only the exception matters
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        } finally {
            idle.offer(serializer);
        }
        writer.close();
        return file;
    }

    /**
     * Removes the writers' broadcast configurations from the executors (driver only, after the last write);
     * null entries are skipped, and a broadcast that several of them share is removed once.
     */
    static void release(DirectParquet... writers) {
        Set<Broadcast<HadoopConf[]>> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (DirectParquet w : writers) {
            if (w != null && done.add(w.conf)) {
                w.conf.destroy();
            }
        }
    }

    private Row withoutPartition(Row r) {
        if (partitionIndex < 0) {
            return r;
        }
        Object[] values = new Object[r.length() - 1];
        for (int i = 0, j = 0; i < r.length(); i++) {
            if (i != partitionIndex) {
                values[j++] = r.get(i);
            }
        }
        return RowFactory.create(values);
    }

    /** A Hadoop configuration that travels with a task (Configuration itself is Writable, not Serializable). */
    static final class HadoopConf implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private transient Configuration conf;

        HadoopConf(Configuration conf) {
            this.conf = conf;
        }

        Configuration value() {
            return conf;
        }

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            conf.write(out);
        }

        @Serial
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            conf = new Configuration(false);
            conf.readFields(in);
        }
    }
}
