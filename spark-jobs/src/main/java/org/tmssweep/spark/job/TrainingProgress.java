package org.tmssweep.spark.job;

import java.util.BitSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Spark listener that turns finished training tasks of one wave into model counts. Task i of the
 * wave's training stage trains the wave's pack i, so its size is known; a pack counts once even if
 * retried or speculated.
 */
final class TrainingProgress extends SparkListener {
    private final String jobGroup;
    private final int[] packSizes;
    private final ProgressSink sink;
    private final int wave;
    private final int waves;
    private final long doneBefore;
    private final long trainedBefore;
    private final long modelsTotal;
    private final long failedBefore;
    private final long startNanos;
    private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
    private final BitSet done = new BitSet();
    private long modelsDone;

    /**
     * @param startNanos when this run started training (for rate and ETA across waves)
     */
    TrainingProgress(String jobGroup, int[] packSizes, ProgressSink sink, int wave, int waves, long doneBefore,
            long trainedBefore, long modelsTotal, long failedBefore, long startNanos) {
        this.jobGroup = jobGroup;
        this.packSizes = packSizes.clone();
        this.sink = sink;
        this.wave = wave;
        this.waves = waves;
        this.doneBefore = doneBefore;
        this.trainedBefore = trainedBefore;
        this.modelsTotal = modelsTotal;
        this.failedBefore = failedBefore;
        this.startNanos = startNanos;
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        if (jobStart.properties() != null && jobGroup.equals(jobStart.properties().getProperty("spark.jobGroup.id"))) {
            for (Object id : scala.jdk.javaapi.CollectionConverters.asJava(jobStart.stageIds())) {
                stages.add((Integer) id);
            }
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (!stages.contains(taskEnd.stageId()) || !taskEnd.taskInfo().successful()) {
            return;
        }
        int index = taskEnd.taskInfo().index();
        synchronized (this) {
            if (index < 0 || index >= packSizes.length || done.get(index)) {
                return;
            }
            done.set(index);
            modelsDone += packSizes[index];
            sink.update(new ProgressSink.Progress(wave, waves, doneBefore + modelsDone, modelsTotal,
                    trainedBefore + modelsDone, done.cardinality(), packSizes.length, failedBefore,
                    (System.nanoTime() - startNanos) / 1_000_000));
            notifyAll();
        }
    }

    /**
     * Listener events arrive asynchronously after the job returns: waits (bounded) until every pack
     * has been counted, so the last progress line is not lost when the listener is removed.
     */
    synchronized void awaitAllCounted(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (done.cardinality() < packSizes.length) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}
