package org.tmssweep.core.rng;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic, platform-independent pseudo-random generator: xoshiro256** (Blackman &amp; Vigna)
 * seeded through SplitMix64. Uses only integer arithmetic and {@link StrictMath}, so a seed gives the
 * same sequence on every JVM, platform and JIT state. Not thread-safe; one instance per stream.
 *
 * <p>Never use ND4J's global RNG, {@code java.util.Random} or {@code Math.random} for a model's numbers:
 * every random number of a model comes from an {@code Rng} derived from the model's seed, one stream per
 * purpose ({@link RngStream}).
 */
public final class Rng {
    private static final double DOUBLE_UNIT = 0x1.0p-53;
    private static final float FLOAT_UNIT = 0x1.0p-24f;

    private long s0;
    private long s1;
    private long s2;
    private long s3;
    private double spareGaussian;
    private boolean hasSpare;

    /** A generator whose 256-bit state is filled from {@code seed} by SplitMix64. */
    public Rng(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix(x);
        if ((s0 | s1 | s2 | s3) == 0) { // impossible for SplitMix64 outputs, kept as a guard
            s0 = 1;
        }
    }

    /** SplitMix64's output function (Stafford variant 13). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The independent stream {@code stream} of {@code seed} (see {@link #derive(long, String)}). */
    public static Rng derive(long seed, RngStream stream) {
        return derive(seed, stream.id());
    }

    /**
     * The independent stream named {@code stream} of {@code seed}. The name is hashed (FNV-1a 64 over
     * UTF-8, then mixed) and combined with the mixed seed, so different names or seeds give unrelated
     * states. Code outside this package names its streams with {@link RngStream}.
     */
    static Rng derive(long seed, String stream) {
        long h = 0xCBF29CE484222325L;
        for (byte c : stream.getBytes(StandardCharsets.UTF_8)) {
            h ^= (c & 0xFF);
            h *= 0x100000001B3L;
        }
        return new Rng(mix(seed) ^ mix(h + 0x632BE59BD9B4E019L));
    }

    /** Next 64 random bits (xoshiro256**). */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /**
     * Word {@code i} (0..3) of the xoshiro256** state. With {@link #setState} this lets a hot loop step
     * the generator in local variables (C2 keeps locals, not fields, in registers across iterations):
     * copy the four words out, apply the {@link #nextLong()} update to them, write them back. The
     * outputs are then exactly those of {@code nextLong()}; the Gaussian spare is not part of it.
     */
    public long stateWord(int i) {
        switch (i) {
            case 0: return s0;
            case 1: return s1;
            case 2: return s2;
            case 3: return s3;
            default: throw new IndexOutOfBoundsException("state word " + i);
        }
    }

    /** Replaces the xoshiro256** state (see {@link #stateWord}); must not be all zero. */
    public void setState(long w0, long w1, long w2, long w3) {
        if ((w0 | w1 | w2 | w3) == 0) {
            throw new IllegalArgumentException("xoshiro256** state must not be all zero");
        }
        s0 = w0;
        s1 = w1;
        s2 = w2;
        s3 = w3;
    }

    /** Uniform on [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform on [0, 1) with 24 random bits (every float in the grid k/2^24). */
    public float nextFloat() {
        return (nextLong() >>> 40) * FLOAT_UNIT;
    }

    /**
     * Standard normal by Marsaglia's polar method (both values of a pair are used; the second is
     * kept for the next call). Deterministic: {@link StrictMath#log} and an exact square root.
     */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spareGaussian = v * f;
        hasSpare = true;
        return u * f;
    }
}
