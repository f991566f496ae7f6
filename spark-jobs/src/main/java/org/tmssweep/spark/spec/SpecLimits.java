package org.tmssweep.spark.spec;

import java.util.Locale;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.config.TrainConfig;

/**
 * How large a sweep may be, checked by {@link SpecParser} on the parsed spec before any grid point is
 * built, so that a spec asking for far too much fails at once with one line instead of filling the
 * driver's memory while it expands.
 *
 * <p>{@link #DEFAULT_MAX_MODELS}: the driver holds the whole plan (one {@code GridPoint} per model) while
 * a sweep runs; planning 10<sup>6</sup> small models took 14–48 s and 1.9–3.4 GB of resident memory in the
 * default 4 GB driver, so ten times more cannot run in the default settings. Larger sweeps raise the limit
 * together with the driver's memory.
 *
 * <p>{@link #DEFAULT_MAX_MODEL_BYTES}: one model trains inside one Spark task; 1 GiB fits a 2 GB executor of
 * one core (the cluster defaults of {@code deploy/conf/spark-defaults.conf}) and two tasks in the default
 * 4 GB local-mode driver. The largest model of the presets that run under the defaults,
 * {@code followups/double-descent-small}'s n = 1,000, m = 2 trained full-batch on T = 2,000 points with 16,384
 * test points, is estimated at 202 MiB by {@link #modelBytes}; the paper's n = 400, m = 30 models at batches of
 * 1,024 at 19 MiB. {@code followups/double-descent-paper} (n = 10,000) is above the default and is run with a
 * larger limit.
 *
 * @param maxModels     most models (grid points × seeds) in one sweep, at least 1
 * @param maxModelBytes most bytes one model may need while it trains ({@link #modelBytes}), at least 1
 */
public record SpecLimits(long maxModels, long maxModelBytes) {
    /** Default of {@link #maxModels}. */
    public static final long DEFAULT_MAX_MODELS = 1_000_000L;
    /** Default of {@link #maxModelBytes}: 1 GiB. */
    public static final long DEFAULT_MAX_MODEL_BYTES = 1L << 30;
    /** The defaults. */
    public static final SpecLimits DEFAULT = new SpecLimits(DEFAULT_MAX_MODELS, DEFAULT_MAX_MODEL_BYTES);
    /** No limit (for code that builds specs it knows to be small). */
    public static final SpecLimits NONE = new SpecLimits(Long.MAX_VALUE - 1, Long.MAX_VALUE);

    /** The evaluation runs in chunks of at most this many samples (the trainer's chunk). */
    static final int EVAL_CHUNK = 4096;

    public SpecLimits {
        if (maxModels < 1) {
            throw new IllegalArgumentException("maxModels: must be >= 1, got " + maxModels);
        }
        if (maxModelBytes < 1) {
            throw new IllegalArgumentException("maxModelBytes: must be >= 1, got " + maxModelBytes);
        }
    }

    /**
     * A rough upper estimate of the memory one model needs while it trains, in bytes:
     * <ul>
     *   <li>4 bytes (single precision, as training runs) for each of 4·P numbers, P = n·m (twice for
     *       {@code abs}, whose W₂ is untied) + n: the weights, their gradients and AdamW's two moments;
     *       4·B·(n + m), B the samples of a step (the batch, or a finite dataset's minibatch or T points):
     *       a step's inputs, outputs and hidden activations, and their gradients; and 2·min(eval_samples,
     *       4096)·n: a chunk of the evaluation's inputs and outputs;</li>
     *   <li>8 bytes for each of (T + T_test)·n + T·m numbers for a finite dataset of T training and
     *       T_test test points: every entry of the points as if none were zero (a stored entry is a float
     *       and its index), and the hidden vectors of the training points in double precision.</li>
     * </ul>
     * A pack of k models needs about k times this. Computed in double precision, so it does not overflow
     * for any int sizes.
     */
    public static double modelBytes(ModelKind kind, int n, int m, TrainConfig train) {
        double nd = n;
        double md = m;
        double params = nd * md * (kind == ModelKind.ABS ? 2 : 1) + nd;
        double step = train.stepBatch();
        double floats = 4 * params + 4 * step * (nd + md) + 2.0 * Math.min(train.evalSamples(), EVAL_CHUNK) * nd;
        double doubles = 0;
        if (train.dataset().finite()) {
            doubles = ((double) train.dataset().size() + train.dataset().testSize()) * nd + train.dataset().size() * md;
        }
        return 4 * floats + 8 * doubles;
    }

    /**
     * A rough upper estimate of the memory one sparse autoencoder of k latents on d-dimensional inputs with
     * batches of B samples needs while it trains, in bytes: 64·k·d for the encoder and decoder (float32 weights
     * and gradients, AdamW's double-precision moments, the double-precision copies of the final parameters) and
     * 12·B·(k + d) for a step's inputs, codes, reconstructions and their gradients. The SAEs of a task train one
     * after the other, so a task needs about its largest SAE's estimate.
     */
    public static double saeBytes(int d, int k, int batch) {
        return 64.0 * k * d + 12.0 * batch * ((double) k + d);
    }

    /**
     * A byte count as written on the command line: digits with an optional binary suffix k, m, g or t
     * (also kb/kib, mb/mib ..., any case), e.g. {@code 512m}, {@code 2g}, {@code 1073741824}.
     *
     * @throws IllegalArgumentException naming the text when it is not such a size or is below 1 byte
     */
    public static long parseBytes(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        java.util.regex.Matcher mt = java.util.regex.Pattern.compile("([0-9]+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)")
                .matcher(t);
        if (!mt.matches()) {
            throw new IllegalArgumentException("must be a size such as 512m, 2g or 1073741824 (bytes), got '" + text
                    + "'");
        }
        int shift = switch (mt.group(2).isEmpty() ? 'b' : mt.group(2).charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        long value;
        try {
            value = Long.parseLong(mt.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is too large, got '" + text + "'");
        }
        if (value < 1) {
            throw new IllegalArgumentException("must be at least 1 byte, got '" + text + "'");
        }
        if (value > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("is too large, got '" + text + "'");
        }
        return value << shift;
    }

    /** Bytes in binary units with three significant digits: {@code 512 B}, {@code 1.5 KiB}, {@code 1 GiB}. */
    public static String formatBytes(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        double v = bytes;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        if (u == 0) {
            return String.format(Locale.ROOT, "%.0f B", v);
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s + " " + units[u];
    }
}
