package org.tmssweep.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.spec.SpecParser;

/**
 * The same spec on local[1] and local[2] gives identical models and features rows (timing and
 * provenance columns aside): seeds come from the points, packs from the spec.
 */
class DeterminismSparkTest {
    static final String SPEC = """
            name: det
            model: [linear, relu_output]
            n_features: 5
            n_hidden: 2
            sparsity: [0.0, 0.8, 0.95]
            importance_decay: 0.9
            seeds: 2
            train: {steps: 200, batch_size: 64, eval_samples: 512}
            """;
    static final List<String> VARYING = List.of("train_ms", "code_version");

    @TempDir
    Path tmp;

    @Test
    void oneCoreAndTwoCoresWriteIdenticalRows() throws Exception {
        SweepPlan plan = SweepPlan.of(SpecParser.parse(SPEC));
        List<List<String>> one = runOn("local[1]", plan, tmp.resolve("one"));
        List<List<String>> two = runOn("local[2]", plan, tmp.resolve("two"));
        assertEquals(12, one.get(0).size());
        assertEquals(60, one.get(1).size());
        assertEquals(one.get(0), two.get(0), "models");
        assertEquals(one.get(1), two.get(1), "features");
    }

    private static List<List<String>> runOn(String master, SweepPlan plan, Path out) throws Exception {
        SparkSession spark = SparkTestSupport.start(master);
        try {
            SweepJob.run(spark, plan, out.toString(), ProgressSink.NONE);
            return List.of(SparkTestSupport.rows(spark, out.resolve("models").toString(), VARYING),
                    SparkTestSupport.rows(spark, out.resolve("features").toString(), VARYING));
        } finally {
            spark.stop();
        }
    }
}
