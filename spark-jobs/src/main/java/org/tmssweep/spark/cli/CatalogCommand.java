package org.tmssweep.spark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.types.StructField;
import org.tmssweep.spark.tables.Tables;
import org.tmssweep.spark.tables.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "catalog", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Print SQL that registers a results directory's tables in a Spark catalog.",
            "For every table: CREATE TABLE IF NOT EXISTS <db>.<table> (...) USING parquet",
            "PARTITIONED BY (...) LOCATION '<absolute URI>', then ALTER TABLE ... RECOVER",
            "PARTITIONS (the same as MSCK REPAIR TABLE) so the partitions on disk are found;",
            "then CREATE OR REPLACE VIEW for model_summary and feature_summary. Feed it to",
            "spark-sql, beeline or a notebook. Waves committed later appear after running the",
            "RECOVER PARTITIONS statements (or the whole output) again: it is idempotent."},
        footer = {"", "Example:", "  tms catalog --out results/demo --database tms > catalog.sql",
            "  spark-sql -f catalog.sql -e 'SELECT count(*) FROM tms.models'"})
final class CatalogCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results directory of tms run")
    String out;

    @Option(names = "--database", paramLabel = "NAME", defaultValue = "tms",
            description = "Database (schema) to create the tables in (default: ${DEFAULT-VALUE})")
    String database;

    @Override
    public Integer call() throws IOException {
        String outDir = OutDir.resolve(out, true);
        if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new UserError("--database: must be letters, digits and _, got '" + database + "'");
        }
        List<String> st = statements(new Configuration(), outDir, database);
        if (st.size() <= 1) {
            throw new UserError("--out: no tables under " + outDir + " (expected " + String.join(", ", Tables.ALL) + ")");
        }
        PrintWriter pw = commandSpec.commandLine().getOut();
        for (String s : st) {
            pw.println(s + ";");
        }
        return 0;
    }

    /** The statements, without trailing semicolons: database, tables with partition recovery, views. */
    static List<String> statements(Configuration conf, String outDir, String db) throws IOException {
        List<String> st = new ArrayList<>();
        st.add("CREATE DATABASE IF NOT EXISTS " + db);
        Set<String> present = new LinkedHashSet<>();
        Map<String, String> names = new HashMap<>();
        for (String table : Tables.ALL) {
            Path p = new Path(outDir, table);
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p)) {
                continue;
            }
            String uri = fs.makeQualified(p).toUri().toString().replace("'", "\\'");
            List<String> partitions = table.equals(Tables.SWEEPS) ? List.of(Tables.PARTITION)
                    : List.of(Tables.PARTITION, Tables.WAVE);
            List<String> cols = new ArrayList<>();
            for (StructField f : Tables.schema(table).fields()) {
                if (!partitions.contains(f.name())) {
                    cols.add("  " + f.name() + " " + f.dataType().sql());
                }
            }
            cols.add("  " + Tables.PARTITION + " STRING");
            if (partitions.contains(Tables.WAVE)) {
                cols.add("  " + Tables.WAVE + " INT");
            }
            String qualified = db + "." + table;
            st.add("CREATE TABLE IF NOT EXISTS " + qualified + " (\n" + String.join(",\n", cols) + ")\nUSING parquet\n"
                    + "PARTITIONED BY (" + String.join(", ", partitions) + ")\nLOCATION '" + uri + "'");
            st.add("ALTER TABLE " + qualified + " RECOVER PARTITIONS");
            present.add(table);
            names.put(table, qualified);
        }
        for (String view : Views.available(present)) {
            st.add("CREATE OR REPLACE VIEW " + db + "." + view + " AS\n" + Views.sql(view, names));
        }
        return st;
    }
}
