package org.tmssweep.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.RequiresNd4jNatives;

/** {@code tms bench --quick} as a smoke test: structure of the output, never speed. */
class BenchCommandTest {

    @Test
    @RequiresNd4jNatives
    void quickJsonPrintsOneRecordPerCaseWithEveryField() {
        TmsCliTest.Result r = TmsCliTest.run("bench", "--quick", "--json", "--cases",
                "n5_m2_s0.9_i20,n400_m30_s0.99_i4,memory", "--memory-models", "40");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(3, lines.size(), r.out());
        for (String field : new String[] {"\"name\": \"n5_m2_s0.9_i20\"", "\"n_features\": 5", "\"n_hidden\": 2",
            "\"batch\": 1024", "\"instances\": 20", "\"sparsity\": 0.9", "\"us_per_model_step\": ",
            "\"model_steps_per_s_per_core\": ", "\"gflops\": ", "\"sgemm_gflops\": ", "\"ratio_to_sgemm\": ",
            "\"speedup_vs_reference\": "}) {
            assertTrue(lines.get(0).contains(field), field + " in " + lines.get(0));
        }
        assertTrue(lines.get(0).startsWith("{") && lines.get(0).endsWith("}"));
        assertTrue(lines.get(1).contains("\"name\": \"n400_m30_s0.99_i4\""), lines.get(1));
        assertTrue(lines.get(2).contains("\"name\": \"memory\"") && lines.get(2).contains("\"rss_mb_end\": "),
                lines.get(2));
    }

    @Test
    void anUnknownCaseIsABadInput() {
        TmsCliTest.Result r = TmsCliTest.run("bench", "--cases", "nope");
        assertEquals(Tms.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("unknown case 'nope'"), r.err());
    }
}
