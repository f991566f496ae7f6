package org.tmssweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.tmssweep.core.RequiresNd4jNatives;
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
 * the same way, shows that the recording sees ND4J when it is used. Run where ND4J's native libraries cannot be
 * found (a build for another platform), the plain-Java packs train as before and a pack on an ND4J kernel stops
 * with one line naming the missing jars, before asking for any ND4J class.
 */
class LazyNd4jTest {

    /** Defines the project's classes itself (so their references resolve through it) and records every name asked. */
    static class RecordingLoader extends ClassLoader {
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

    /** A recording loader that cannot see ND4J's native libraries for this platform, as in another platform's build. */
    static final class NoNativesLoader extends RecordingLoader {
        NoNativesLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        public URL getResource(String name) {
            for (Nd4jNatives.NativeJar jar : Nd4jNatives.JARS) {
                if (name.startsWith(jar.folder() + "/" + Nd4jNatives.platform() + "/")) {
                    return null;
                }
            }
            return super.getResource(name);
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
        return runIn(new RecordingLoader(LazyNd4jTest.class.getClassLoader()), probe);
    }

    private static RecordingLoader runIn(RecordingLoader loader, Class<? extends Runnable> probe) throws Exception {
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
    @RequiresNd4jNatives
    void trainingOnAnNd4jKernelLoadsNd4j() throws Exception {
        RecordingLoader loader = runIsolated(Nd4jShapes.class);
        assertFalse(loader.nd4jClasses().isEmpty(), "the recording sees ND4J when a pack uses it");
    }

    @Test
    void withoutTheNativesPlainJavaTrainsAndAnNd4jPackStopsWithOneLineBeforeLoadingNd4j() throws Exception {
        ClassLoader parent = LazyNd4jTest.class.getClassLoader();
        RecordingLoader plain = runIn(new NoNativesLoader(parent), PlainJavaShapes.class);
        assertEquals(List.of(), plain.nd4jClasses(), "ND4J classes asked for by the plain-Java packs");

        RecordingLoader loader = new NoNativesLoader(parent);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runIn(loader, Nd4jShapes.class));
        String platform = Nd4jNatives.platform();
        assertTrue(e.getMessage().startsWith("ND4J's native libraries for " + platform + " are not on the class path "
                + "(missing org.bytedeco:javacpp:" + platform + ", org.bytedeco:openblas:" + platform
                + ", org.nd4j:nd4j-native:" + platform + ";"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertEquals(List.of(), loader.nd4jClasses(), "ND4J classes asked for before stopping");
    }
}
