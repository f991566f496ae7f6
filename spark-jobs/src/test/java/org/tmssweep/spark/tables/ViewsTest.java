package org.tmssweep.spark.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

/** The seed summaries cover the models table: a new column must be a key, a metric or named as neither. */
class ViewsTest {

    @Test
    void everyModelsColumnIsAKeyAMetricOrNamedAsNeither() {
        List<String> classified = new ArrayList<>(Views.POINT_COLUMNS);
        classified.addAll(Views.MODEL_METRICS);
        classified.addAll(Views.MODEL_COLUMNS_NOT_SUMMARISED);
        Set<String> once = new LinkedHashSet<>(classified);
        assertEquals(classified.size(), once.size(), "a column is classified twice: " + classified);
        List<String> schema = Arrays.stream(Tables.MODELS_SCHEMA.fields()).map(StructField::name).toList();
        assertEquals(new LinkedHashSet<>(schema), new LinkedHashSet<>(once.stream().filter(schema::contains).toList()),
                "models columns missing from Views' lists");
        assertTrue(schema.containsAll(once), "Views names a column models does not have: " + once);
    }

    @Test
    void theModelSummaryGroupsByEveryPointColumnAndSummarisesEveryMetric() {
        String sql = Views.sql(Views.MODEL_SUMMARY);
        for (String c : Views.POINT_COLUMNS) {
            assertTrue(sql.contains(", " + c + ",") || sql.contains(", " + c + "\n"), c);
        }
        for (String x : Views.MODEL_METRICS) {
            assertTrue(sql.contains(" AS " + x + "_mean") && sql.contains(" AS " + x + "_ci_high"), x);
        }
    }
}
