package org.tmssweep.spark.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmssweep.spark.grid.SweepPlan;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every {@code ```yaml} block of docs/spec.md is accepted by the parser, so the reference cannot show
 * a key, a value or a combination that {@code tms run} rejects. Each block is one of four kinds:
 * <ul>
 * <li>a <b>suite</b> (a top-level {@code suite} key): read as a suite, and every member it names is a
 *     preset of deploy/sweeps/paper that parses (the doc's example names real presets);</li>
 * <li>a <b>whole spec</b> (a top-level {@code name}): parsed as it stands and expanded;</li>
 * <li>a <b>menu</b> of independent examples (first line {@value #MENU_MARKER}...): each top-level key is
 *     added on its own to a minimal spec ({@link #BASE}), which is parsed and expanded;</li>
 * <li>any other block is a <b>fragment</b>: all its keys are added together to the minimal spec, which
 *     is parsed and expanded.</li>
 * </ul>
 * A key of the minimal spec that a fragment sets inside a {@code zip} or {@code points} group is left
 * out of it (a parameter is given once). The presets under deploy/sweeps are checked by
 * {@link PresetsTest} and the golden ids test.
 */
class SpecDocBlocksTest {
    static final Path SPEC_MD = Paths.get("..", "docs", "spec.md");
    /** The first line of a block whose top-level keys are independent examples. */
    static final String MENU_MARKER = "# each key on its own";
    /** The minimal spec a fragment or a menu entry is added to. */
    static final String BASE = """
            name: docs-fragment
            n_features: 20
            n_hidden: 5
            sparsity: 0.9
            """;
    /** spec.md has at least this many yaml blocks (the test must not pass by finding none). */
    static final int MIN_BLOCKS = 4;

    record Block(int line, String text) {
        boolean isMenu() {
            return text.startsWith(MENU_MARKER);
        }
    }

    /** The {@code ```yaml} blocks of a Markdown text, each with the line number of its opening fence. */
    static List<Block> yamlBlocks(String markdown) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().equals("```yaml")) {
                StringBuilder b = new StringBuilder();
                int start = i + 1;
                for (i++; i < lines.length && !lines[i].strip().equals("```"); i++) {
                    b.append(lines[i]).append('\n');
                }
                assertTrue(i < lines.length, "spec.md:" + start + ": yaml block not closed");
                blocks.add(new Block(start, b.toString()));
            }
        }
        return blocks;
    }

    static Map<String, Object> load(String yaml) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        assertTrue(root instanceof Map<?, ?>, "not a YAML mapping: " + yaml);
        Map<String, Object> map = new LinkedHashMap<>();
        ((Map<?, ?>) root).forEach((k, v) -> map.put(String.valueOf(k), v));
        return map;
    }

    /** The minimal spec with {@code fragment}'s keys added (replacing the base's), as YAML text. */
    static String onBase(Map<String, Object> fragment) {
        Map<String, Object> spec = load(BASE);
        for (String group : List.of("zip", "points")) {
            if (fragment.get(group) instanceof List<?> entries) {
                for (Object e : entries) {
                    if (e instanceof Map<?, ?> m) {
                        m.keySet().forEach(k -> spec.remove(String.valueOf(k)));
                    }
                }
            }
        }
        spec.putAll(fragment);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(spec);
    }

    static void parsesAndExpands(String where, String text) {
        try {
            SweepSpec spec = SpecParser.parse(text);
            SweepPlan plan = SweepPlan.of(spec);
            assertTrue(plan.modelCount() > 0, where + ": no models");
        } catch (SpecException e) {
            throw new AssertionError(where + ": " + e.getMessage() + "\n" + text, e);
        }
    }

    @Test
    void everyYamlBlockOfTheSpecReferenceParses(@TempDir Path tmp) throws IOException, SpecException {
        List<Block> blocks = yamlBlocks(Files.readString(SPEC_MD, StandardCharsets.UTF_8));
        assertTrue(blocks.size() >= MIN_BLOCKS, "yaml blocks found in spec.md: " + blocks.size());
        int suites = 0;
        int specs = 0;
        for (Block b : blocks) {
            String where = "spec.md:" + b.line();
            Map<String, Object> map = load(b.text());
            if (map.containsKey("suite")) {
                Path file = Files.writeString(tmp.resolve("suite.yaml"), b.text());
                SpecSuite suite = SpecSuite.read(file).orElseThrow(() -> new AssertionError(where + ": not a suite"));
                Path presets = Paths.get("..", "deploy", "sweeps", "paper");
                for (Path member : suite.members()) {
                    Path preset = presets.resolve(member.getFileName());
                    assertTrue(Files.isRegularFile(preset), where + ": the suite names " + member.getFileName()
                            + ", not a preset of deploy/sweeps/paper");
                    parsesAndExpands(where + " (" + preset + ")", Files.readString(preset, StandardCharsets.UTF_8));
                }
                suites++;
            } else if (map.containsKey("name")) {
                parsesAndExpands(where, b.text());
                specs++;
            } else if (b.isMenu()) {
                for (Map.Entry<String, Object> e : map.entrySet()) {
                    parsesAndExpands(where + " key " + e.getKey(), onBase(Map.of(e.getKey(), e.getValue())));
                }
            } else {
                parsesAndExpands(where, onBase(map));
            }
        }
        assertTrue(specs >= 1, "whole specs in spec.md: " + specs);
        assertTrue(suites >= 1, "suites in spec.md: " + suites);
    }

    @Test
    void theBlockReaderFindsEveryBlockAndItsLine() {
        String md = "text\n```yaml\na: 1\n```\n\n```bash\nx\n```\n```yaml\n" + MENU_MARKER + "\nb: [2]\n```\n";
        List<Block> blocks = yamlBlocks(md);
        assertEquals(List.of(new Block(2, "a: 1\n"), new Block(9, MENU_MARKER + "\nb: [2]\n")), blocks);
        assertTrue(blocks.get(1).isMenu());
        assertFalse(blocks.get(0).isMenu());
    }

    @Test
    void aFragmentsGroupReplacesTheBaseKeysItSets() {
        Map<String, Object> spec = load(onBase(load("zip:\n  - {n_hidden: [2, 3], sparsity: [0.9, 0.99]}\n")));
        assertFalse(spec.containsKey("n_hidden"));
        assertFalse(spec.containsKey("sparsity"));
        assertEquals(20, spec.get("n_features"));
    }
}
