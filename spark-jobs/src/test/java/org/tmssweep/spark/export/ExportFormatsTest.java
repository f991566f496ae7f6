package org.tmssweep.spark.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .npy/.npz and safetensors writers: byte for byte what {@code numpy.save} writes, read back by an
 * independent Java reader, loaded by NumPy without pickle (where python3 with NumPy exists), and written all
 * or nothing.
 */
class ExportFormatsTest {
    @TempDir
    Path tmp;

    /** W[k][j] of model {@code i}: distinct, exactly representable values the Python checks recompute. */
    static double w(int i, int k, int j) {
        return i * 100 + k * 10 + j + 0.25;
    }

    static final ModelExport.Shape TIED = new ModelExport.Shape(3, 2, false);
    static final ModelExport.Shape UNTIED = new ModelExport.Shape(2, 3, true);

    static ModelExport.Weights weights(int i, ModelExport.Shape s) {
        double[] w = new double[s.n() * s.m()];
        double[] b = new double[s.n()];
        double[] w2 = s.untied() ? new double[s.n() * s.m()] : null;
        for (int j = 0; j < s.n(); j++) {
            b[j] = -j - 0.5 - i;
            for (int k = 0; k < s.m(); k++) {
                w[k * s.n() + j] = w(i, k, j);
                if (w2 != null) {
                    w2[j * s.m() + k] = -w(i, k, j);
                }
            }
        }
        return new ModelExport.Weights(s, w, b, w2);
    }

    static final ModelExport.Keys KEYS = new ModelExport.Keys(List.of(
            new ModelExport.KeyColumn("sweep_id", ModelExport.KeyType.STRING),
            new ModelExport.KeyColumn("seed", ModelExport.KeyType.INT),
            new ModelExport.KeyColumn("rng_seed", ModelExport.KeyType.LONG),
            new ModelExport.KeyColumn("sparsity", ModelExport.KeyType.DOUBLE),
            new ModelExport.KeyColumn("dataset_size", ModelExport.KeyType.INT),
            new ModelExport.KeyColumn("feature_sets", ModelExport.KeyType.STRING),
            new ModelExport.KeyColumn("flag", ModelExport.KeyType.BOOLEAN)),
            List.of(Arrays.asList("s-1", 0, 1L << 40, 0.9, null, null, true),
                    Arrays.asList("s-2ü", 3, -7L, 0.0, 50, "correlated[0,1]", false)));

    private Path export(String name) throws IOException {
        Path file = tmp.resolve(name);
        ModelExport.write(file, ModelExport.Format.of(file), KEYS, List.of(TIED, UNTIED),
                List.of(weights(0, TIED), weights(1, UNTIED)).iterator());
        return file;
    }

    @Test
    void npzReadsBackInJavaWithEveryArrayAndKey() throws IOException {
        Map<String, ExportFiles.Npy> npz = ExportFiles.readNpz(export("m.npz"));
        assertEquals(List.of("W_0", "b_0", "W_1", "b_1", "W2_1", "keys", "about"), List.copyOf(npz.keySet()));
        assertArrayEquals(new long[] {2, 3}, npz.get("W_0").shape());
        assertArrayEquals(weights(0, TIED).w(), npz.get("W_0").doubles());
        assertArrayEquals(weights(1, UNTIED).w(), npz.get("W_1").doubles());
        assertArrayEquals(new long[] {2, 3}, npz.get("W2_1").shape(), "W2 is n x m");
        assertArrayEquals(weights(1, UNTIED).w2(), npz.get("W2_1").doubles());
        assertArrayEquals(weights(1, UNTIED).b(), npz.get("b_1").doubles());
        ExportFiles.Npy keys = npz.get("keys");
        assertEquals(Map.of("sweep_id", "<U4", "seed", "<i4", "rng_seed", "<i8", "sparsity", "<f8",
                "dataset_size", "<f8", "feature_sets", "<U15", "flag", "|b1"), keys.fields());
        assertEquals(List.of("s-1", "s-2ü"), keys.column("sweep_id"));
        assertEquals(List.of(0, 3), keys.column("seed"));
        assertEquals(List.of(1L << 40, -7L), keys.column("rng_seed"));
        assertTrue(Double.isNaN((Double) keys.column("dataset_size").get(0)), "a null int is NaN");
        assertEquals(50.0, keys.column("dataset_size").get(1));
        assertEquals(List.of("", "correlated[0,1]"), keys.column("feature_sets"));
        assertEquals(List.of(true, false), keys.column("flag"));
    }

    @Test
    void safetensorsReadsBackInJavaWithTheKeysInTheMetadata() throws IOException {
        ExportFiles.Safetensors st = ExportFiles.readSafetensors(export("m.safetensors"));
        assertEquals(List.of("W_0", "b_0", "W_1", "b_1", "W2_1"), List.copyOf(st.dtypes().keySet()));
        assertArrayEquals(new long[] {2, 3}, st.shapes().get("W_0"));
        assertArrayEquals(weights(0, TIED).w(), st.doubles("W_0"));
        assertArrayEquals(weights(1, UNTIED).w2(), st.doubles("W2_1"));
        assertArrayEquals(weights(0, TIED).b(), st.doubles("b_0"));
        assertEquals("2", st.metadata().get("n_models"));
        assertEquals("[\"s-1\",\"s-2ü\"]", st.metadata().get("keys.sweep_id"));
        assertEquals("[1099511627776,-7]", st.metadata().get("keys.rng_seed"));
        assertEquals("[null,50]", st.metadata().get("keys.dataset_size"));
        assertEquals("[null,\"correlated[0,1]\"]", st.metadata().get("keys.feature_sets"));
        assertEquals("[\"sweep_id\",\"seed\",\"rng_seed\",\"sparsity\",\"dataset_size\",\"feature_sets\",\"flag\"]",
                st.metadata().get("columns"));
        assertEquals(ModelExport.ABOUT, st.metadata().get("about"));
    }

    /** Arrays built the same way in Java and in NumPy: numpy.save's bytes must equal Npy.write's. */
    @Test
    void npyIsByteForByteWhatNumpySaveWrites() throws IOException {
        Python.assumeNumpy();
        List<Tensor> tensors = List.of(
                Tensor.f64("f64", new double[] {0.5, -1, 2e-300, Double.NaN, 3, 4}, 2, 3),
                Tensor.i32("i32", new int[] {1, -2, 3, Integer.MAX_VALUE}, 4),
                Tensor.i64("i64", new long[] {Long.MIN_VALUE}, 1, 1),
                Tensor.f64("scalar", new double[] {7}),
                Tensor.f64("empty", new double[0], 0, 5),
                Tensor.bool("bool", new boolean[] {true, false, true}, 3),
                Tensor.unicode("str", List.of("ab", "", "ü€𝄞")),
                Tensor.records("rec", List.of(Tensor.i32("a", new int[] {1, 2}, 2), Tensor.unicode("b", List.of("x", "yz")),
                        Tensor.f64("c", new double[] {0.25, -0.5}, 2))));
        String script = String.join("\n",
                "import sys, numpy as np",
                "d = sys.argv[1]",
                "np.save(d + '/f64.npy', np.array([0.5, -1, 2e-300, np.nan, 3, 4]).reshape(2, 3))",
                "np.save(d + '/i32.npy', np.array([1, -2, 3, 2**31 - 1], dtype='<i4'))",
                "np.save(d + '/i64.npy', np.array([[-2**63]], dtype='<i8'))",
                "np.save(d + '/scalar.npy', np.float64(7))",
                "np.save(d + '/empty.npy', np.zeros((0, 5)))",
                "np.save(d + '/bool.npy', np.array([True, False, True]))",
                "np.save(d + '/str.npy', np.array(['ab', '', 'ü€𝄞']))",
                "np.save(d + '/rec.npy', np.array([(1, 'x', 0.25), (2, 'yz', -0.5)],"
                        + " dtype=[('a', '<i4'), ('b', '<U2'), ('c', '<f8')]))");
        Path dir = Files.createDirectory(tmp.resolve("numpy"));
        Python.Result r = Python.run(script, dir.toString());
        assertEquals(0, r.code(), r.output());
        for (Tensor t : tensors) {
            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            Npy.write(t, ours);
            byte[] theirs = Files.readAllBytes(dir.resolve(t.name() + ".npy"));
            assertEquals(new String(theirs, 0, Math.min(theirs.length, 128), java.nio.charset.StandardCharsets.ISO_8859_1),
                    new String(ours.toByteArray(), 0, Math.min(ours.size(), 128), java.nio.charset.StandardCharsets.ISO_8859_1),
                    t.name() + ": header");
            assertArrayEquals(theirs, ours.toByteArray(), t.name());
        }
    }

    /** NumPy opens the .npz without allow_pickle and finds every value (a script that exits 1 on a mismatch). */
    @Test
    void numpyLoadsTheNpzWithoutPickle() throws IOException {
        Python.assumeNumpy();
        Path file = export("m.npz");
        String script = String.join("\n",
                "import sys, numpy as np",
                "f = np.load(sys.argv[1])",
                "assert sorted(f.files) == sorted(['W_0', 'b_0', 'W_1', 'b_1', 'W2_1', 'keys', 'about']), f.files",
                "def w(i, k, j): return i * 100 + k * 10 + j + 0.25",
                "for i, (n, m) in enumerate([(3, 2), (2, 3)]):",
                "    W = f['W_%d' % i]",
                "    assert W.dtype == np.float64 and W.shape == (m, n), (W.dtype, W.shape)",
                "    assert all(W[k, j] == w(i, k, j) for k in range(m) for j in range(n))",
                "    assert list(f['b_%d' % i]) == [-j - 0.5 - i for j in range(n)]",
                "assert (f['W2_1'] == -f['W_1'].T).all()",
                "k = f['keys']",
                "assert k.shape == (2,) and k.dtype.names == ('sweep_id', 'seed', 'rng_seed', 'sparsity', 'dataset_size',"
                        + " 'feature_sets', 'flag'), k.dtype",
                "assert list(k['sweep_id']) == ['s-1', 's-2ü'] and list(k['seed']) == [0, 3]",
                "assert k['rng_seed'][0] == 2**40 and k['sparsity'][0] == 0.9",
                "assert np.isnan(k['dataset_size'][0]) and k['dataset_size'][1] == 50",
                "assert list(k['feature_sets']) == ['', 'correlated[0,1]'] and list(k['flag']) == [True, False]",
                "assert str(f['about'][0]).startswith('tms-sweep models')",
                "print('ok')");
        Python.Result r = Python.run(script, file.toString());
        assertEquals(0, r.code(), r.output());
        assertEquals("ok", r.output().strip());
    }

    /** The safetensors file parsed in Python with json and NumPy only (and with the safetensors package if present). */
    @Test
    void pythonReadsTheSafetensorsFile() throws IOException {
        Python.assumeNumpy();
        Path file = export("m.safetensors");
        String script = String.join("\n",
                "import sys, json, struct, numpy as np",
                "raw = open(sys.argv[1], 'rb').read()",
                "(n,) = struct.unpack('<Q', raw[:8])",
                "h = json.loads(raw[8:8 + n])",
                "meta = h.pop('__metadata__')",
                "data = raw[8 + n:]",
                "t = {k: np.frombuffer(data[v['data_offsets'][0]:v['data_offsets'][1]], dtype='<f8').reshape(v['shape'])"
                        + " for k, v in h.items()}",
                "assert all(v['dtype'] == 'F64' for v in h.values())",
                "assert t['W_0'].shape == (2, 3) and t['W_0'][1, 2] == 12.25, t['W_0']",
                "assert (t['W2_1'] == -t['W_1'].T).all()",
                "assert json.loads(meta['keys.sweep_id']) == ['s-1', 's-2ü']",
                "assert json.loads(meta['keys.dataset_size']) == [None, 50]",
                "assert json.loads(meta['keys.sparsity']) == [0.9, 0.0]",
                "try:",
                "    from safetensors.numpy import load_file",
                "except ImportError:",
                "    load_file = None",
                "if load_file is not None:",
                "    s = load_file(sys.argv[1])",
                "    assert (s['W_1'] == t['W_1']).all()",
                "print('ok')");
        Python.Result r = Python.run(script, file.toString());
        assertEquals(0, r.code(), r.output());
        assertEquals("ok", r.output().strip());
    }

    @Test
    void aFailedWriteLeavesNoFileAndKeepsAnOldOne() throws IOException {
        Path file = tmp.resolve("x.npz");
        // the second model's weights do not match its shape: fails after the first model was written
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelExport.write(file,
                ModelExport.Format.NPZ, KEYS, List.of(TIED, UNTIED),
                List.of(weights(0, TIED), weights(1, TIED)).iterator()));
        assertTrue(e.getMessage().startsWith("model 1: weights of shape"), e.getMessage());
        assertFalse(Files.exists(file));
        Files.writeString(file, "old");
        assertThrows(IllegalStateException.class, () -> ModelExport.write(file, ModelExport.Format.SAFETENSORS, KEYS,
                List.of(TIED, UNTIED), List.of(weights(0, TIED)).iterator()));
        assertEquals("old", Files.readString(file), "the old file is untouched");
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(file), s.toList(), "no temporary file left");
        }
        export("x.npz");
        assertEquals(7, ExportFiles.readNpz(file).size(), "a good write replaces it");
    }

    @Test
    void theFileGetsTheDefaultPermissionsOfANewFile() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(tmp.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(export("m.npz")),
                "the umask's permissions, not the owner-only ones of a temporary file");
    }

    @Test
    void theFormatFollowsTheExtensionAndBadTargetsAreNamed() throws IOException {
        assertEquals(ModelExport.Format.NPZ, ModelExport.Format.of(Path.of("a/b.NPZ")));
        assertEquals(ModelExport.Format.SAFETENSORS, ModelExport.Format.of(Path.of("m.safetensors")));
        for (String bad : new String[] {"m.npy", "m", ".npz", "m.npz.txt"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelExport.Format.of(Path.of(bad)), bad);
            assertTrue(e.getMessage().contains("must end in .npz (NumPy) or .safetensors"), e.getMessage());
        }
        assertEquals("directory " + tmp.resolve("no") + " does not exist", AtomicFile.problem(tmp.resolve("no/m.npz")));
        assertEquals(tmp + " is a directory", AtomicFile.problem(tmp));
        assertEquals(null, AtomicFile.problem(tmp.resolve("m.npz")));
    }

    @Test
    void weightsComeFromFeatureRowsInAnyOrderAndGapsAreNamed() {
        List<ModelExport.FeatureRow> rows = new ArrayList<>(List.of(
                new ModelExport.FeatureRow(2, List.of(1.0, 2.0), 0.5, null),
                new ModelExport.FeatureRow(0, Arrays.asList(3.0, null), null, null),
                new ModelExport.FeatureRow(1, List.of(5.0, 6.0), -1.0, null)));
        ModelExport.Weights w = ModelExport.weights("m", TIED, rows);
        // W is m x n: row k holds every feature's k-th embedding entry
        assertArrayEquals(new double[] {3, 5, 1, Double.NaN, 6, 2}, w.w());
        assertArrayEquals(new double[] {Double.NaN, -1, 0.5}, w.b());
        rows.remove(1);
        assertEquals("m: features has no row for feature 0 (n_features 3)", assertThrows(IllegalArgumentException.class,
                () -> ModelExport.weights("m", TIED, rows)).getMessage());
        rows.add(new ModelExport.FeatureRow(2, List.of(1.0, 2.0), 0.5, null));
        assertEquals("m: features has feature 2 twice", assertThrows(IllegalArgumentException.class,
                () -> ModelExport.weights("m", TIED, rows)).getMessage());
        assertEquals("m: feature 0's embedding has 1 entries, n_hidden is 2", assertThrows(IllegalArgumentException.class,
                () -> ModelExport.weights("m", TIED, List.of(new ModelExport.FeatureRow(0, List.of(1.0), 0.0, null))))
                .getMessage());
        assertEquals("m: feature 0's readout has no entries, n_hidden is 3", assertThrows(IllegalArgumentException.class,
                () -> ModelExport.weights("m", UNTIED, List.of(new ModelExport.FeatureRow(0, List.of(1.0, 2.0, 3.0), 0.0,
                        null)))).getMessage());
    }

    @Test
    void safetensorsRefusesTypesItCannotHoldAndRepeatedNames() {
        assertThrows(IllegalArgumentException.class,
                () -> new Safetensors.Layout("s", Tensor.Type.unicode(3), new long[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.header(List.of(
                new Safetensors.Layout("a", Tensor.Type.F64, new long[] {1}),
                new Safetensors.Layout("a", Tensor.Type.F64, new long[] {1})), Map.of()));
        byte[] h = Safetensors.header(List.of(new Safetensors.Layout("a", Tensor.Type.F64, new long[] {2, 1})),
                Map.of("k", "v\"q"));
        assertEquals(0, h.length % Safetensors.ALIGN);
        assertEquals("{\"__metadata__\":{\"k\":\"v\\\"q\"},\"a\":{\"dtype\":\"F64\",\"shape\":[2,1],\"data_offsets\":[0,16]}}",
                new String(h, java.nio.charset.StandardCharsets.UTF_8).strip());
    }
}
