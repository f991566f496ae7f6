package org.tmssweep.spark.cli;

import java.nio.file.Path;
import java.util.List;
import org.tmssweep.core.train.Nd4jNatives;
import org.tmssweep.core.train.Trainer;
import org.tmssweep.spark.grid.GridPoint;
import org.tmssweep.spark.grid.SweepPlan;

/**
 * Refuses a local-mode run whose sweep has models on an ND4J kernel ({@link Trainer#usesNd4j}) when ND4J's
 * native jars for this platform are not on the class path ({@link Nd4jNatives}): one line and exit 2 before
 * anything is written, instead of every such model failing. Only in local mode, where the tasks run in this
 * JVM: a cluster's executors may run another platform, the one the application jar was built for.
 */
final class Nd4jNativesCheck {
    private Nd4jNativesCheck() {
    }

    /** Throws {@link UserError} when the run that {@code options} start would train ND4J models without natives. */
    static void check(SparkOptions options, Path spec, List<SweepPlan> plans) {
        String master = SparkOptions.settings(options.master, options.conf, options.ui, System::getProperty)
                .get(SparkOptions.MASTER);
        String refusal = refusal(spec, plans, master, Nd4jNatives.absentMessage());
        if (refusal != null) {
            throw new UserError(refusal);
        }
    }

    /**
     * The refusal for a run of {@code plans} on {@code master}, or null when it may go on: when the master is not
     * local, when {@code absent} ({@link Nd4jNatives#absentMessage()}) is null, or when no toy model trains on
     * an ND4J kernel.
     */
    static String refusal(Path spec, List<SweepPlan> plans, String master, String absent) {
        if (absent == null || !master.startsWith("local")) {
            return null;
        }
        long models = 0;
        long nd4j = 0;
        for (SweepPlan plan : plans) {
            for (GridPoint p : plan.points()) {
                models++;
                if (Trainer.usesNd4j(p.toModelSpec())) {
                    nd4j++;
                }
            }
        }
        if (nd4j == 0) {
            return null;
        }
        return spec + ": " + nd4j + " of " + models + " toy models train on an ND4J kernel, but " + absent;
    }
}
