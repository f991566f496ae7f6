package org.tmssweep.spark.claims;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates claims against the tables of a results directory. The core ({@link #evaluate(List, Map,
 * Claim.Sql)}) is pure: it resolves each claim's presets from a name-to-sweep_id map, substitutes them into
 * the SQL, runs it through the given function and judges the rows; the Spark side only runs SQL over the
 * views {@code tms query} registers and converts rows.
 */
public final class ClaimsEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimsEngine.class);

    private ClaimsEngine() {
    }

    /** Claims evaluated, and the sweep each preset name resolved to. */
    public record Evaluation(List<ClaimResult> results, Map<String, String> sweeps) {

        /** The results of one study's claims, with the same sweeps. */
        public Evaluation of(Study study) {
            return new Evaluation(results.stream().filter(r -> r.claim().study() == study).toList(), sweeps);
        }

        public long count(Verdict v) {
            return results.stream().filter(r -> r.verdict() == v).count();
        }
    }

    /**
     * The latest complete sweep of every sweep name, from the {@code sweeps} view (a name may have several
     * sweeps when its spec changed; the latest finished one is what the claims read).
     */
    public static Map<String, String> latestSweeps(SparkSession spark) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!spark.catalog().tableExists("sweeps")) {
            return out;
        }
        for (Row r : spark.sql("SELECT name, sweep_id FROM (SELECT name, sweep_id, row_number() OVER (PARTITION BY name"
                + " ORDER BY finished_at DESC, sweep_id) AS k FROM sweeps WHERE status LIKE 'complete%') WHERE k = 1"
                + " ORDER BY name").collectAsList()) {
            out.put(r.getString(0), r.getString(1));
        }
        return out;
    }

    /** Evaluates {@code claims} over the views registered in {@code spark}. */
    public static Evaluation evaluate(SparkSession spark, List<Claim> claims) {
        Map<String, String> sweeps = latestSweeps(spark);
        return evaluate(claims, sweeps, sql -> toRecs(spark.sql(sql).collectAsList()));
    }

    /** The pure core: see the class comment. A measurement that throws is a FAIL that says why. */
    public static Evaluation evaluate(List<Claim> claims, Map<String, String> sweeps, Claim.Sql runner) {
        List<ClaimResult> out = new ArrayList<>();
        for (Claim c : claims) {
            List<String> missing = c.presets().stream().filter(p -> !sweeps.containsKey(p)).toList();
            if (!missing.isEmpty()) {
                out.add(new ClaimResult(c, Verdict.NOT_RUN, "preset(s) not in this directory: " + String.join(", ", missing),
                        List.of()));
                continue;
            }
            List<String> ids = c.presets().stream().map(sweeps::get).toList();
            long t0 = System.nanoTime();
            try {
                List<Rec> rows = c.measure().run(sql -> runner.query(substitute(sql, sweeps)));
                Judgement j = c.judge().apply(rows);
                out.add(new ClaimResult(c, j.pass() ? Verdict.PASS : Verdict.FAIL, j.measured(), ids));
            } catch (Exception e) {
                // Exception, not RuntimeException: Spark's analysis and parse errors are checked exceptions that
                // Scala throws undeclared, and one claim's bad SQL must not stop the others or the report.
                LOG.debug("claim {} failed to evaluate", c.id(), e);
                out.add(new ClaimResult(c, Verdict.FAIL, "error: " + e.getClass().getSimpleName() + ": "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), ids));
            }
            LOG.debug("claim {} evaluated in {} ms", c.id(), (System.nanoTime() - t0) / 1_000_000);
        }
        return new Evaluation(List.copyOf(out), Map.copyOf(sweeps));
    }

    /** Replaces every {@code {preset}} with the quoted sweep_id it resolved to. */
    static String substitute(String sql, Map<String, String> sweeps) {
        Matcher m = Claim.PLACEHOLDER.matcher(sql);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String id = sweeps.get(m.group(1));
            if (id == null) {
                throw new IllegalArgumentException("no sweep for preset " + m.group(1));
            }
            m.appendReplacement(b, Matcher.quoteReplacement("'" + id.replace("'", "''") + "'"));
        }
        m.appendTail(b);
        return b.toString();
    }

    static List<Rec> toRecs(List<Row> rows) {
        List<Rec> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            StructField[] fields = r.schema().fields();
            for (int k = 0; k < fields.length; k++) {
                m.put(fields[k].name(), convert(r.get(k)));
            }
            out.add(new Rec(m));
        }
        return out;
    }

    private static Object convert(Object v) {
        if (v instanceof scala.collection.Seq<?> seq) {
            List<Object> list = new ArrayList<>();
            for (Object o : scala.jdk.javaapi.CollectionConverters.asJava(seq)) {
                list.add(convert(o));
            }
            return list;
        }
        if (v instanceof java.math.BigDecimal bd) {
            return bd.doubleValue();
        }
        return v;
    }
}
