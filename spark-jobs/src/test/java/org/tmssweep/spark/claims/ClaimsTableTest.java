package org.tmssweep.spark.claims;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * What the {@code claims} table keeps when one study is scored again (no Spark session: rows as read). The write
 * itself runs in ClaimsSparkTest.
 */
class ClaimsTableTest {
    static final Timestamp AT = new Timestamp(1_700_000_000_000L);
    /** The schema before the study column. */
    static final StructType OLD = new StructType(Arrays.copyOf(ClaimsTable.SCHEMA.fields(),
            ClaimsTable.SCHEMA.fields().length - 1));

    static Row old(String id) {
        return new GenericRowWithSchema(new Object[] {id, 1, "PASS", "m", "p", "c", "s", "src",
            scala.jdk.javaapi.CollectionConverters.asScala(List.of("a")).toSeq(),
            scala.jdk.javaapi.CollectionConverters.asScala(List.of("a-1")).toSeq(), "v", "g", AT}, OLD);
    }

    static Row current(String id, String study) {
        Object[] v = Arrays.copyOf(((GenericRowWithSchema) old(id)).values(), ClaimsTable.SCHEMA.size());
        v[v.length - 1] = study;
        return new GenericRowWithSchema(v, ClaimsTable.SCHEMA);
    }

    @Test
    void theStudyColumnIsLast() {
        StructField last = ClaimsTable.SCHEMA.fields()[ClaimsTable.SCHEMA.size() - 1];
        assertEquals("study", last.name());
        assertEquals(List.of("id", "row", "status", "measured", "paper", "criterion", "statement", "source", "presets",
                "sweep_ids", "code_version", "git_commit", "evaluated_at"), Arrays.asList(OLD.fieldNames()));
    }

    @Test
    void rowsOfOtherStudiesAreKeptAndOfTheScoredOnesReplaced() {
        List<Row> previous = List.of(current("r01.a", "paper"), current("m1.b", "memorization"), current("m2.c", "memorization"));
        List<Row> kept = ClaimsTable.kept(previous, Set.of(Study.MEMORIZATION));
        assertEquals(1, kept.size());
        assertEquals("r01.a", kept.get(0).get(0));
        assertEquals("paper", kept.get(0).get(ClaimsTable.SCHEMA.size() - 1));
        assertEquals(ClaimsTable.SCHEMA.size(), kept.get(0).size());
        assertArrayEquals(new String[] {"a-1"}, (String[]) kept.get(0).get(9));
        assertEquals(List.of(), ClaimsTable.kept(previous, EnumSet.allOf(Study.class)));
        assertEquals(3, ClaimsTable.kept(previous, Set.of(Study.DICTIONARY)).size());
    }

    @Test
    void aTableFromBeforeTheStudyColumnIsReadByIdAndUnknownIdsAreDropped() {
        List<Row> previous = List.of(old("r01.a"), old("r02.b"), old("m1.c"), old("zz.unknown"));
        List<Row> kept = ClaimsTable.kept(previous, Set.of(Study.PAPER));
        assertEquals(1, kept.size());
        assertEquals("m1.c", kept.get(0).get(0));
        assertEquals("memorization", kept.get(0).get(ClaimsTable.SCHEMA.size() - 1));
        assertEquals(AT, kept.get(0).get(12));
        Map<String, Object> none = Map.of();
        assertEquals(none.size(), ClaimsTable.kept(List.of(old("zz.unknown")), Set.of()).size());
    }
}
