package org.tmssweep.spark.grid;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.tmssweep.spark.spec.SweepSpec;

/**
 * A spec expanded on the driver: every model to train, how models are packed into tasks, in which
 * order packs are trained and how that order is cut into waves. Everything here is a pure function
 * of the spec, so a resumed run cuts the same waves as the run it resumes. Driver-only; not meant to
 * be serialized.
 *
 * <p>A spec with {@code sae.source} trains sparse autoencoders ({@link SaePlan}): then {@code points} are the toy
 * models the SAEs read (none for the synthetic and absorption sources), trained inside the SAE tasks, and
 * {@code packs} and {@code waves} are empty; {@link #sae()} holds the SAEs, their tasks and waves.
 *
 * @param spec   the spec
 * @param points every toy model, in grid order
 * @param packs  packs in training order (grid order, or the spec's deterministic shuffle)
 * @param waves  consecutive slices of {@code packs}
 * @param sae    the sparse autoencoders of an SAE sweep, else null
 */
public record SweepPlan(SweepSpec spec, List<GridPoint> points, List<Pack> packs, List<Wave> waves, SaePlan sae) {
    /** Automatic waves: about this many per sweep ... */
    public static final int AUTO_WAVES = 16;
    /** ... but at least this many models each (a wave costs a few Spark jobs and files). */
    public static final int AUTO_MIN_WAVE_MODELS = 512;

    public SweepPlan {
        points = List.copyOf(points);
        packs = List.copyOf(packs);
        waves = List.copyOf(waves);
    }

    /** A plan without sparse autoencoders. */
    public SweepPlan(SweepSpec spec, List<GridPoint> points, List<Pack> packs, List<Wave> waves) {
        this(spec, points, packs, waves, null);
    }

    public static SweepPlan of(SweepSpec spec) {
        if (spec.saeSource() != null) {
            SaePlan sae = SaePlan.of(spec);
            return new SweepPlan(spec, sae.toyModels(), List.of(), List.of(), sae);
        }
        List<GridPoint> points = Grid.expand(spec);
        List<GridPoint> order = points;
        if (spec.order() == SweepSpec.Order.SHUFFLED) {
            order = new ArrayList<>(points);
            Collections.shuffle(order, new Random(shuffleSeed(spec)));
        }
        List<Pack> packs = Packer.pack(order, spec.pack());
        if (spec.order() == SweepSpec.Order.SHUFFLED) {
            // Packs group one shape; shuffle them too, so that early waves mix every shape.
            List<Pack> shuffled = new ArrayList<>(packs);
            Collections.shuffle(shuffled, new Random(shuffleSeed(spec) + 1));
            packs = shuffled;
        }
        return new SweepPlan(spec, points, packs, cut(packs, waveModels(spec.wave(), points.size())));
    }

    /**
     * The shuffle's seed: the first 8 bytes of the spec hash. {@link java.util.Random}'s algorithm is
     * specified by the JDK, so the order is the same on every machine and release.
     */
    static long shuffleSeed(SweepSpec spec) {
        return Long.parseUnsignedLong(spec.specHash().substring(0, 16), 16);
    }

    /** Models per wave: the spec's {@code wave}, or max(512, ceil(models / 16)) when 0. */
    static int waveModels(int wave, int models) {
        return wave > 0 ? wave : Math.max(AUTO_MIN_WAVE_MODELS, (models + AUTO_WAVES - 1) / AUTO_WAVES);
    }

    /** Cuts packs, in order, into waves of at least {@code size} models (the last may be smaller). */
    static List<Wave> cut(List<Pack> packs, int size) {
        List<Wave> waves = new ArrayList<>();
        List<Pack> current = new ArrayList<>();
        int models = 0;
        for (Pack p : packs) {
            current.add(p);
            models += p.size();
            if (models >= size) {
                waves.add(new Wave(waves.size(), current));
                current = new ArrayList<>();
                models = 0;
            }
        }
        if (!current.isEmpty()) {
            waves.add(new Wave(waves.size(), current));
        }
        return waves;
    }

    /** Models the sweep trains: toy models, and the SAEs of an SAE sweep. */
    public int modelCount() {
        return points.size() + (sae == null ? 0 : sae.saes().size());
    }

    /** Spark tasks: packs, or the units of an SAE sweep. */
    public int taskCount() {
        return sae == null ? packs.size() : sae.units().size();
    }

    /** Waves: of packs, or of the units of an SAE sweep. */
    public int waveCount() {
        return sae == null ? waves.size() : sae.waves().size();
    }

    /** True iff some model trains on a finite dataset (the sweep writes the {@code datapoints} table). */
    public boolean trainsOnDatasets() {
        return points.stream().anyMatch(p -> p.train().dataset().finite());
    }

    /** Grid points (models / seeds); for an SAE sweep, toy points plus SAE points. */
    public long pointCount() {
        return points.size() / spec.seeds() + (sae == null ? 0 : sae.pointCount());
    }

    /**
     * Rough training cost in multiply-adds: 6·B·n·m per model-step (forward 2 matmuls, backward 4;
     * docs/paper.md), B the samples of a step (the batch, or a finite dataset's T points or minibatch),
     * summed over models; plus the SAEs' ({@link SaePlan#estimatedMacs}).
     */
    public double estimatedMacs() {
        double total = sae == null ? 0 : sae.estimatedMacs();
        for (GridPoint p : points) {
            total += 6.0 * p.train().stepBatch() * p.nFeatures() * p.nHidden() * p.train().steps();
        }
        return total;
    }
}
