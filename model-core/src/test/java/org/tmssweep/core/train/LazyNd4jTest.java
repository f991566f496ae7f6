package org.tmssweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.config.DatasetConfig;
import org.tmssweep.core.config.DatasetNormalization;
import org.tmssweep.core.config.FeatureSets;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.ModelSpec;
import org.tmssweep.core.config.TrainConfig;
import org.tmssweep.core.metrics.ModelStats;

/**
 * ND4J is loaded only by a pack that runs one of its kernels: training on the plain-Java kernels (fresh
 * batches in both input modes, a finite dataset), evaluating the models and computing their statistics asks
 * for no {@code org.nd4j} class. The training runs in a class loader of its own that defines this project's
 * classes itself, so every class they reference is asked of it and recorded; a pack on the ND4J kernel, run
 * the same way, shows that the recording sees ND4J when it is used.
 */
class LazyNd4jTest {

    /** Defines the project's classes itself (so their references resolve through it) and records every name asked. */
    static final class RecordingLoader extends ClassLoader {
        final Set<String> requested = ConcurrentHashMap.newKeySet();

        RecordingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            if (!name.startsWith("org.tmssweep.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes;
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        bytes = in.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        List<String> nd4jClasses() {
            return requested.stream().filter(n -> n.startsWith("org.nd4j.")).sorted().toList();
        }
    }

    private static ModelSpec spec(int n, int m, double density, TrainConfig cfg, long datasetSeed) {
        double[] p = new double[n];
        Arrays.fill(p, density);
        double[] imp = new double[n];
        Arrays.fill(imp, 1.0);
        return new ModelSpec(ModelKind.RELU_OUTPUT, n, m, p, imp, cfg, 1, FeatureSets.NONE, datasetSeed);
    }

    /** Trains packs of the given shapes and computes what a sweep computes of each model. */
    private static void trainAndDescribe(int n, int m) {
        TrainConfig fresh = TrainConfig.builder().steps(3).batchSize(16).evalSamples(64).build();
        TrainConfig finite = TrainConfig.builder().steps(3)
                .dataset(new DatasetConfig(8, 16, DatasetNormalization.UNIT, 0)).build();
        List<List<ModelSpec>> packs = List.of(List.of(spec(n, m, 0.3, fresh, 0)), List.of(spec(n, m, 0.05, fresh, 0)),
                List.of(spec(n, m, 0.05, finite, 7)));
        List<TrainedModel> trained = new ArrayList<>();
        for (List<ModelSpec> pack : packs) {
            trained.addAll(new Trainer().train(pack));
        }
        for (TrainedModel t : trained) {
            if (t.status() != TrainStatus.OK || ModelStats.of(t.w(), t.b()) == null) {
                throw new IllegalStateException("training failed: " + t.status());
            }
        }
    }

    /** Shapes on the plain-Java kernels (n m &lt;= 500). */
    public static final class PlainJavaShapes implements Runnable {
        @Override
        public void run() {
            trainAndDescribe(20, 5);
        }
    }

    /** A shape on the ND4J kernel on fresh batches (n m &gt; 500). */
    public static final class Nd4jShapes implements Runnable {
        @Override
        public void run() {
            trainAndDescribe(40, 20);
        }
    }

    private static RecordingLoader runIsolated(Class<? extends Runnable> probe) throws Exception {
        RecordingLoader loader = new RecordingLoader(LazyNd4jTest.class.getClassLoader());
        Runnable r = (Runnable) loader.loadClass(probe.getName()).getDeclaredConstructor().newInstance();
        assertEquals(loader, r.getClass().getClassLoader(), "the probe runs on the recording loader's classes");
        r.run();
        return loader;
    }

    @Test
    void trainingOnThePlainJavaKernelsLoadsNoNd4jClass() throws Exception {
        RecordingLoader loader = runIsolated(PlainJavaShapes.class);
        assertTrue(loader.requested.contains("org.tmssweep.core.model.JavaToyModel"), "trained on the Java kernel");
        assertTrue(loader.requested.contains("org.tmssweep.core.model.FusedRowToyModel"), "and the dataset kernel");
        assertEquals(List.of(), loader.nd4jClasses(), "ND4J classes asked for");
    }

    @Test
    void trainingOnAnNd4jKernelLoadsNd4j() throws Exception {
        RecordingLoader loader = runIsolated(Nd4jShapes.class);
        assertFalse(loader.nd4jClasses().isEmpty(), "the recording sees ND4J when a pack uses it");
    }
}
