package org.tmssweep.spark.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tmssweep.spark.grid.GridPoint;
import org.tmssweep.spark.grid.Pack;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.grid.Wave;
import org.tmssweep.spark.spec.SpecLimits;
import org.tmssweep.spark.spec.SpecSuite;
import org.tmssweep.spark.spec.SweepSpec;

/**
 * Golden identities of every shipped preset: a change to any preset's sweep_id, spec hash, point
 * ids, rng seeds, grid order or pack and wave layout fails here, naming the preset and the field.
 *
 * <p>Sweep ids and point ids name results on disk: a run resumes, skips and joins by them, so a
 * change that moves them silently orphans every table written before. Each preset under
 * {@code deploy/sweeps} (recursively) is loaded with {@link Specs#plans}, the code path of
 * {@code tms run} and {@code tms plan}, and summarised in one line of
 * {@code src/test/resources/golden/preset-ids.tsv}:
 *
 * <ul>
 *   <li>a spec: {@code sweep_id}, {@code spec_hash} (in full), {@code models} and {@code points}, and
 *       four digests (first 16 hex digits of a SHA-256): {@code point_ids} over the sorted distinct
 *       point ids, {@code rng_seeds} over the sorted {@code point_id/seed_index/rng_seed} of every
 *       model, {@code grid_order} over {@code index point_id seed_index} in grid order (the index is
 *       a table column), and {@code plan} over the packs and waves in training order (pack indices
 *       are a table column; resume recuts the same waves);</li>
 *   <li>an SAE spec ({@code sae.source}) also: {@code saes}, and the digests {@code sae_point_ids},
 *       {@code sae_rng_seeds} ({@code point_id/seed_index/rng_seed} with the toy model's point id and seed
 *       index) and {@code sae_plan} (its units and waves, by SAE index);</li>
 *   <li>a suite: its {@code name} and the sweep ids of its members, in the order it runs them.</li>
 * </ul>
 *
 * A preset added, removed or renamed without updating the file fails too.
 *
 * <p>When a change is meant (a new preset, an edited preset, or a deliberate semantics change with
 * {@link SweepSpec#SEMANTICS_VERSION} bumped), regenerate the file and review its diff:
 *
 * <pre>
 * mvn -o -q -pl model-core,spark-jobs test -Dtest=PresetIdsGoldenTest -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true
 * </pre>
 */
class PresetIdsGoldenTest {
    /** System property that makes the test rewrite the golden file instead of comparing. */
    static final String UPDATE = "golden.update";
    static final Path SWEEPS = Paths.get("..", "deploy", "sweeps");
    static final Path GOLDEN = Paths.get("src", "test", "resources", "golden", "preset-ids.tsv");

    private static final String HEADER = """
            # Golden identities of every preset under deploy/sweeps, as `tms run` loads them.
            # Checked by PresetIdsGoldenTest; regenerate (then review the diff) with
            #   mvn -o -q -pl model-core,spark-jobs test -Dtest=PresetIdsGoldenTest -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true
            # Digests are the first 16 hex digits of a SHA-256; the test's Javadoc says over what.
            """;

    @Test
    void everyPresetKeepsItsIds() throws IOException {
        Map<String, Map<String, String>> actual = summaries();
        assertTrue(actual.size() >= 10, "presets found: " + actual.keySet());
        if (Boolean.getBoolean(UPDATE)) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, format(actual), StandardCharsets.UTF_8);
            return;
        }
        Map<String, Map<String, String>> golden = parse(Files.readString(GOLDEN, StandardCharsets.UTF_8));
        List<String> problems = new ArrayList<>();
        for (String path : golden.keySet()) {
            if (!actual.containsKey(path)) {
                problems.add(path + ": in the golden file but no longer a preset");
            }
        }
        for (Map.Entry<String, Map<String, String>> e : actual.entrySet()) {
            Map<String, String> expected = golden.get(e.getKey());
            if (expected == null) {
                problems.add(e.getKey() + ": a preset missing from the golden file");
                continue;
            }
            TreeSet<String> fields = new TreeSet<>(expected.keySet());
            fields.addAll(e.getValue().keySet());
            for (String field : fields) {
                String was = expected.get(field);
                String now = e.getValue().get(field);
                if (!Objects.equals(was, now)) {
                    problems.add(e.getKey() + ": " + field + " changed from " + was + " to " + now);
                }
            }
        }
        assertTrue(problems.isEmpty(), "preset ids differ from " + GOLDEN + " (if meant, regenerate it with -D"
                + UPDATE + "=true, see PresetIdsGoldenTest):\n  " + String.join("\n  ", problems));
    }

    /** Every preset file, by path relative to deploy/sweeps, to its summary fields. */
    static Map<String, Map<String, String>> summaries() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(SWEEPS)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Path file : files) {
            String key = SWEEPS.relativize(file).toString().replace('\\', '/');
            Optional<SpecSuite> suite = Specs.suite(file);
            // Identities do not depend on the run-time size limits: a preset above them is pinned too.
            List<SweepPlan> plans = Specs.plans(file, SpecLimits.NONE);
            Map<String, String> fields = new LinkedHashMap<>();
            if (suite.isPresent()) {
                fields.put("suite", suite.get().name());
                fields.put("members", plans.stream().map(p -> p.spec().sweepId()).collect(Collectors.joining(",")));
            } else {
                fields.putAll(summary(plans.get(0)));
            }
            out.put(key, fields);
        }
        return out;
    }

    static Map<String, String> summary(SweepPlan plan) {
        SweepSpec spec = plan.spec();
        List<GridPoint> points = plan.points();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("sweep_id", spec.sweepId());
        fields.put("spec_hash", spec.specHash());
        fields.put("models", Integer.toString(plan.modelCount()));
        fields.put("points", Long.toString(plan.pointCount()));
        fields.put("point_ids", digest(new TreeSet<>(points.stream().map(GridPoint::pointId).toList())));
        fields.put("rng_seeds", digest(new TreeSet<>(points.stream()
                .map(p -> p.pointId() + "/" + p.seedIndex() + "/" + p.rngSeed()).toList())));
        fields.put("grid_order", digest(points.stream()
                .map(p -> p.index() + " " + p.pointId() + " " + p.seedIndex()).toList()));
        List<String> layout = new ArrayList<>();
        for (Wave w : plan.waves()) {
            for (Pack pack : w.packs()) {
                layout.add(w.index() + " " + pack.index() + " "
                        + pack.points().stream().map(p -> Long.toString(p.index())).collect(Collectors.joining(",")));
            }
        }
        fields.put("plan", digest(layout));
        if (plan.trainsOnDatasets()) {
            // the 64-bit seeds the training sets are drawn from (docs/spec.md, "The dataset seed")
            fields.put("dataset_seeds", digest(new TreeSet<>(points.stream()
                    .map(p -> p.pointId() + "/" + p.datasetSeedIndex() + "/" + p.datasetSeed()).toList())));
        }
        if (plan.sae() != null) {
            List<org.tmssweep.spark.grid.SaePoint> saes = plan.sae().saes();
            fields.put("saes", Integer.toString(saes.size()));
            fields.put("sae_point_ids", digest(new TreeSet<>(saes.stream()
                    .map(org.tmssweep.spark.grid.SaePoint::pointId).toList())));
            fields.put("sae_rng_seeds", digest(new TreeSet<>(saes.stream().map(p -> p.pointId() + "/"
                    + p.seedIndex() + "/" + p.rngSeed() + "/" + p.toyPointId() + "/" + p.toySeedIndex()).toList())));
            List<String> units = new ArrayList<>();
            for (org.tmssweep.spark.grid.SaePlan.SaeWave w : plan.sae().waves()) {
                for (org.tmssweep.spark.grid.SaeUnit u : w.units()) {
                    units.add(w.index() + " " + u.index() + " " + u.saes().stream()
                            .map(p -> Long.toString(p.index())).collect(Collectors.joining(",")));
                }
            }
            fields.put("sae_plan", digest(units));
        }
        return fields;
    }

    /** First 16 hex digits of the SHA-256 of the lines, each ended by a newline. */
    static String digest(Iterable<String> lines) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                md.update((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** One line per preset: its path, then tab-separated {@code field=value}. */
    static String format(Map<String, Map<String, String>> summaries) {
        StringBuilder sb = new StringBuilder(HEADER);
        summaries.forEach((path, fields) -> {
            sb.append(path);
            fields.forEach((k, v) -> sb.append('\t').append(k).append('=').append(v));
            sb.append('\n');
        });
        return sb.toString();
    }

    static Map<String, Map<String, String>> parse(String text) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t");
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 1; i < cells.length; i++) {
                int eq = cells[i].indexOf('=');
                if (eq < 0) {
                    throw new AssertionError(GOLDEN + ": not field=value: '" + cells[i] + "' in " + line);
                }
                fields.put(cells[i].substring(0, eq), cells[i].substring(eq + 1));
            }
            if (out.put(cells[0], fields) != null) {
                throw new AssertionError(GOLDEN + ": " + cells[0] + " is listed twice");
            }
        }
        return out;
    }
}
