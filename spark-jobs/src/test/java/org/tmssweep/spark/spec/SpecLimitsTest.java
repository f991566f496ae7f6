package org.tmssweep.spark.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.spark.grid.GridPoint;
import org.tmssweep.spark.grid.SweepPlan;

/**
 * The size limits: the model count is computed from the parsed spec without expanding the grid (and agrees
 * with the expansion), a spec of 10^12 models or of one enormous model is refused in well under a second
 * with one line naming the numbers and the limit, and every shipped preset is far inside the defaults.
 */
class SpecLimitsTest {
    /**
     * The refusals must come within this time: they take about 0.1 s (YAML parse included), while expanding
     * such a grid would take hours; the margin is for a loaded build machine.
     */
    private static final int FAIL_FAST_SECONDS = 5;
    /** Every preset's model must need less than this share of the default per-model limit. */
    private static final double PRESET_MEMORY_SHARE = 0.25;

    /** A comma-separated list of {@code count} values from {@code first} in steps of {@code step}. */
    static String values(int count, double first, double step) {
        return IntStream.range(0, count).mapToObj(i -> String.valueOf(Math.round((first + i * step) * 1e9) / 1e9))
                .collect(Collectors.joining(", "));
    }

    static String ints(int count, int first) {
        return IntStream.range(first, first + count).mapToObj(String::valueOf).collect(Collectors.joining(", "));
    }

    /** 100 n_features x 100 n_hidden x 1000 sparsities x 100 learning rates x 100 step counts x 10 seeds = 10^12 models. */
    static final String TERA = "name: tera\nn_features: [" + ints(100, 1) + "]\nn_hidden: [" + ints(100, 1) + "]\n"
            + "sparsity: [" + values(1000, 0, 0.0005) + "]\ntrain: {lr: [" + values(100, 0.0001, 0.0001) + "], steps: ["
            + ints(100, 1) + "]}\nseeds: 10\n";

    @Test
    @Timeout(FAIL_FAST_SECONDS)
    void aSpecOfATrillionModelsIsRefusedAtOnceNamingTheProductAndTheLimit() {
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(TERA));
        assertEquals("the spec expands to 1000000000000 models (n_features 100 x n_hidden 100 x sparsity 1000 x "
                + "train.steps 100 x train.lr 100 x seeds 10), above the limit of 1000000 models per sweep; "
                + "--max-models N raises it (docs/spec.md, \"Size limits\")", e.getMessage());
    }

    @Test
    @Timeout(FAIL_FAST_SECONDS)
    void aWhenBlockThatTestsALongAxisIsCountedWithoutExpandingEither() {
        // the when block tests sparsity, so sparsity's 1000 values are enumerated; everything else multiplies
        String spec = TERA + "when: [{if: {sparsity: 0.0}, set: {train: {batch_size: [8, 16]}}}]\n";
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(spec));
        assertTrue(e.getMessage().startsWith("the spec expands to more than 1000000 models (at most n_features 100 x "
                + "n_hidden 100 x sparsity 1000 x train.steps 100 x train.batch_size 2 x train.lr 100 x seeds 10 = "
                + "2000000000000), above the limit"), e.getMessage());
    }

    @Test
    void theLimitIsInclusiveAndSeedsCount() throws SpecException {
        String spec = "name: s\nn_features: 3\nn_hidden: 2\nsparsity: [0.0, 0.5, 0.9]\nseeds: 4\n";
        assertEquals(3, SpecParser.parse(spec, new SpecLimits(12, SpecLimits.DEFAULT_MAX_MODEL_BYTES)).pointCount());
        SpecException e = assertThrows(SpecException.class,
                () -> SpecParser.parse(spec, new SpecLimits(11, SpecLimits.DEFAULT_MAX_MODEL_BYTES)));
        assertTrue(e.getMessage().startsWith("the spec expands to 12 models (sparsity 3 x seeds 4), above the limit "
                + "of 11 models"), e.getMessage());
    }

    @Test
    void theCountWithoutExpandingIsTheExpansionsSize() throws SpecException {
        List<String> specs = List.of(
                "name: a\nn_features: [3, 4]\nn_hidden: [1, 2]\nsparsity: [0.0, 0.5, 0.9]\nseeds: 2\n",
                "name: b\nn_features: 4\nn_hidden: 2\nzip: [{sparsity: [0.0, 0.5], train: {lr: [0.1, 0.01]}}]\n"
                        + "importance_decay: [1.0, 0.9, 0.8]\n",
                "name: c\nn_hidden: 2\npoints: [{n_features: 3, sparsity: 0.1}, {n_features: 5, sparsity: 0.2},"
                        + " {n_features: 7, sparsity: 0.3}]\ntrain: {lr: [0.1, 0.2]}\n",
                // when blocks that change how many values a later parameter has
                "name: d\nn_features: [2, 3, 4]\nn_hidden: 2\nsparsity: [0.0, 0.9]\n"
                        + "when: [{if: {n_features: 3}, set: {sparsity: [0.1, 0.2, 0.3, 0.4]}},"
                        + " {if: {n_features: 4, n_hidden: 2}, set: {train: {lr: [0.1, 0.2, 0.3]}}}]\n",
                // a when block testing a zipped parameter, and one setting a parameter absent at the top level
                "name: e\nn_hidden: [1, 2]\nzip: [{n_features: [2, 3, 5], sparsity: [0.0, 0.5, 0.9]}]\n"
                        + "when: [{if: {sparsity: 0.5}, set: {train: {steps: [10, 20]}}},"
                        + " {if: {n_hidden: 2}, set: {importance_first: [2.0, 3.0]}}]\nseeds: 3\n");
        for (String text : specs) {
            SweepSpec s = SpecParser.parse(text);
            long expanded = s.assignments().size();
            assertEquals(expanded, s.pointCountUpTo(Long.MAX_VALUE - 1), text);
            assertEquals(expanded, s.pointCount(), text);
            assertEquals(expanded * s.seeds(), SweepPlan.of(s).modelCount(), text);
            // below the true count, the count stops just above the cap
            for (long cap = 0; cap < expanded; cap++) {
                long c = s.pointCountUpTo(cap);
                assertTrue(c > cap && c <= cap + 1, text + " cap " + cap + ": " + c);
            }
            assertEquals(expanded, s.pointCountUpTo(expanded), text);
        }
    }

    @Test
    @Timeout(FAIL_FAST_SECONDS)
    void anEnormousModelIsRefusedAtOnceNamingItsShapeAndTheLimit() {
        SpecException wide = assertThrows(SpecException.class,
                () -> SpecParser.parse("name: w\nn_features: 1000000000\nn_hidden: 5\n"));
        assertEquals("a model of n_features 1000000000, n_hidden 5 (relu_output, train.batch_size 1024) needs about "
                + "44.8 TiB while it trains, above the limit of 1 GiB per model; --max-model-memory SIZE raises it "
                + "(docs/spec.md, \"Size limits\")", wide.getMessage());
        SpecException batch = assertThrows(SpecException.class,
                () -> SpecParser.parse("name: b\nn_features: 20\nn_hidden: 5\ntrain: {batch_size: 100000000}\n"));
        assertTrue(batch.getMessage().startsWith("a model of n_features 20, n_hidden 5 (relu_output, "
                + "train.batch_size 100000000) needs about 37.3 GiB"), batch.getMessage());
        SpecException data = assertThrows(SpecException.class,
                () -> SpecParser.parse("name: d\nn_features: 10000\nn_hidden: 2\nsparsity: 0.99\n"
                        + "dataset: {size: 2000000000, minibatch: 10}\n"));
        assertTrue(data.getMessage().startsWith("a model of n_features 10000, n_hidden 2 (relu_output, dataset.size "
                + "2000000000 + test_size "), data.getMessage());
        // the model kind counts: abs has a second weight matrix
        double relu = SpecLimits.modelBytes(ModelKind.RELU_OUTPUT, 100, 100, TrainConfig.defaults());
        double abs = SpecLimits.modelBytes(ModelKind.ABS, 100, 100, TrainConfig.defaults());
        assertEquals(4.0 * 4 * 100 * 100, abs - relu, 0);
    }

    @Test
    void anEnormousModelOnlyInOnePointIsFound() {
        String spec = "name: z\nn_hidden: 2\nn_features: [10, 20, 300000000]\n";
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(spec));
        assertTrue(e.getMessage().startsWith("a model of n_features 300000000, n_hidden 2"), e.getMessage());
        assertEquals(3, assertDoesNotThrow(spec, new SpecLimits(10, 1L << 50)).pointCount());
    }

    private static SweepSpec assertDoesNotThrow(String text, SpecLimits limits) {
        try {
            return SpecParser.parse(text, limits);
        } catch (SpecException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void everyPresetRunByDefaultIsFarInsideTheDefaults() throws Exception {
        double largest = 0;
        for (Path f : PresetsTest.presets()) {
            String key = Path.of("..", "deploy", "sweeps").relativize(f).toString().replace('\\', '/');
            if (SpecSuite.read(f).isPresent() || PresetsTest.ABOVE_DEFAULT_LIMITS.contains(key)) {
                continue; // PresetsTest checks that the defaults refuse those
            }
            SweepPlan plan = SweepPlan.of(SpecParser.parse(f));
            assertTrue(plan.modelCount() <= SpecLimits.DEFAULT_MAX_MODELS / 10, f + ": " + plan.modelCount());
            for (GridPoint p : plan.points()) {
                largest = Math.max(largest, SpecLimits.modelBytes(p.model(), p.nFeatures(), p.nHidden(), p.train()));
            }
        }
        assertTrue(largest < PRESET_MEMORY_SHARE * SpecLimits.DEFAULT_MAX_MODEL_BYTES, SpecLimits.formatBytes(largest));
    }

    @Test
    void sizesParseWithBinarySuffixesAndPrintWithThreeDigits() {
        assertEquals(1L << 30, SpecLimits.parseBytes("1g"));
        assertEquals(512L << 20, SpecLimits.parseBytes("512M"));
        assertEquals(2L << 40, SpecLimits.parseBytes("2TiB"));
        assertEquals(4096, SpecLimits.parseBytes("4096"));
        assertEquals(3L << 10, SpecLimits.parseBytes(" 3 kb "));
        for (String bad : new String[] {"", "g", "1.5g", "-1g", "0", "1x", "99999999999999999999", "9000000t"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpecLimits.parseBytes(bad),
                    bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertEquals("1 GiB", SpecLimits.formatBytes(1L << 30));
        assertEquals("1.5 KiB", SpecLimits.formatBytes(1536));
        assertEquals("37.3 TiB", SpecLimits.formatBytes(41e12));
        assertEquals("100 B", SpecLimits.formatBytes(100));
        assertThrows(IllegalArgumentException.class, () -> new SpecLimits(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SpecLimits(1, 0));
    }
}
