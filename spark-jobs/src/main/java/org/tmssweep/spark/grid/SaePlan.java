package org.tmssweep.spark.grid;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tmssweep.core.sae.SaeConfig;
import org.tmssweep.core.sae.SyntheticFeaturesConfig;
import org.tmssweep.spark.spec.Param;
import org.tmssweep.spark.spec.SaeRule;
import org.tmssweep.spark.spec.SaeSourceKind;
import org.tmssweep.spark.spec.SpecException;
import org.tmssweep.spark.spec.SweepSpec;

/**
 * The sparse autoencoders of a spec with {@code sae.source}, expanded on the driver: the toy models they read
 * (for a toy source), the SAEs ({@link SaePoint}), the tasks ({@link SaeUnit}) and the waves. A pure function of
 * the spec, so a resumed run cuts the same waves. Driver-only.
 *
 * <p>Expansion: the spec's assignments ({@link SweepSpec#assignments()}, SAE keys nested inside the toy-model
 * keys) split into their toy-model part and their sae part. For a toy source, each distinct toy part is a toy
 * point with the spec's seeds (a {@link GridPoint} exactly as in a sweep without SAEs: same canonical text, ids
 * and seed), and each toy model is one unit with the SAEs of every sae part over it, each with sae.seeds seeds.
 * For the other sources, the SAEs (sae parts x sae.seeds) are grouped by their cross key into units. Waves are
 * cut from the units in order, as {@link SweepPlan} cuts packs (by the models they hold, toy models included).
 *
 * @param toyModels the toy models, in grid order (empty unless the source is toy)
 * @param saes      every SAE, in SAE order ({@link SaePoint#index()})
 * @param units     the tasks, in grid order
 * @param waves     consecutive slices of {@code units}
 */
public record SaePlan(List<GridPoint> toyModels, List<SaePoint> saes, List<SaeUnit> units, List<SaeWave> waves) {
    /** Sae keys that are not part of an SAE point (sweep-wide settings that change no SAE's training). */
    static final Set<Param> NOT_IN_POINT = EnumSet.of(Param.SAE_SEEDS, Param.SAE_RECOVERY_THRESHOLD);

    public SaePlan {
        toyModels = List.copyOf(toyModels);
        saes = List.copyOf(saes);
        units = List.copyOf(units);
        waves = List.copyOf(waves);
    }

    /**
     * One wave of an SAE sweep: units trained by one Spark job and committed at once.
     *
     * @param index wave number, 0-based
     * @param units the units, in order
     */
    public record SaeWave(int index, List<SaeUnit> units) implements Serializable {
        public SaeWave {
            units = List.copyOf(units);
        }

        /** Models trained by the wave: SAEs and toy models. */
        public int modelCount() {
            return units.stream().mapToInt(SaeUnit::modelCount).sum();
        }
    }

    /** The plan of a spec with {@code sae.source}. */
    public static SaePlan of(SweepSpec spec) {
        SaeSourceKind kind = spec.saeSource();
        if (kind == null) {
            throw new IllegalArgumentException("spec: has no sae.source");
        }
        double threshold = (Double) spec.get(Param.SAE_RECOVERY_THRESHOLD).values().get(0);
        int saeSeeds = spec.saeSeeds();
        List<GridPoint> toys = new ArrayList<>();
        List<SaePoint> saes = new ArrayList<>();
        List<SaeUnit> units = new ArrayList<>();
        try {
            if (kind == SaeSourceKind.TOY) {
                Map<String, List<Map<Param, Object>>> byToy = new LinkedHashMap<>();
                Map<String, Map<Param, Object>> toyParts = new LinkedHashMap<>();
                for (Map<Param, Object> a : spec.assignments()) {
                    EnumMap<Param, Object> toy = new EnumMap<>(Param.class);
                    a.forEach((p, v) -> {
                        if (!p.isSae()) {
                            toy.put(p, v);
                        }
                    });
                    String canonical = Grid.canonical(toy);
                    byToy.computeIfAbsent(canonical, c -> new ArrayList<>()).add(a);
                    toyParts.putIfAbsent(canonical, toy);
                }
                long toyIndex = 0;
                for (Map.Entry<String, List<Map<Param, Object>>> e : byToy.entrySet()) {
                    for (int seed : spec.seedIndices()) {
                        GridPoint toy = Grid.point(toyIndex++, e.getKey(), seed, toyParts.get(e.getKey()));
                        toys.add(toy);
                        List<SaePoint> over = new ArrayList<>();
                        for (Map<Param, Object> a : e.getValue()) {
                            for (int s = 0; s < saeSeeds; s++) {
                                over.add(point(saes.size(), toy.canonical() + ";toy_seed=" + seed, toy, a, s,
                                        threshold));
                                saes.add(over.get(over.size() - 1));
                            }
                        }
                        units.add(new SaeUnit(units.size(), toy, over));
                    }
                }
            } else {
                Map<String, List<SaePoint>> byCross = new LinkedHashMap<>();
                for (Map<Param, Object> a : spec.assignments()) {
                    for (int s = 0; s < saeSeeds; s++) {
                        SaePoint p = point(saes.size(), "v" + SweepSpec.SEMANTICS_VERSION, null, a, s, threshold);
                        saes.add(p);
                        byCross.computeIfAbsent(p.crossKey(), c -> new ArrayList<>()).add(p);
                    }
                }
                for (List<SaePoint> group : byCross.values()) {
                    units.add(new SaeUnit(units.size(), null, group));
                }
            }
        } catch (SpecException e) {
            throw new IllegalArgumentException(e.getMessage(), e); // the parser checked every point already
        }
        int models = toys.size() + saes.size();
        int size = SweepPlan.waveModels(spec.wave(), models);
        List<SaeWave> waves = new ArrayList<>();
        List<SaeUnit> current = new ArrayList<>();
        int inWave = 0;
        for (SaeUnit u : units) {
            current.add(u);
            inWave += u.modelCount();
            if (inWave >= size) {
                waves.add(new SaeWave(waves.size(), current));
                current = new ArrayList<>();
                inWave = 0;
            }
        }
        if (!current.isEmpty()) {
            waves.add(new SaeWave(waves.size(), current));
        }
        return new SaePlan(toys, saes, units, waves);
    }

    /** The SAE of assignment {@code a} with seed index {@code seed}; {@code prefix} starts its canonical text. */
    static SaePoint point(long index, String prefix, GridPoint toy, Map<Param, Object> a, int seed, double threshold)
            throws SpecException {
        StringBuilder canonical = new StringBuilder(prefix);
        StringBuilder cross = new StringBuilder(prefix);
        for (Map.Entry<Param, Object> e : new EnumMap<>(a).entrySet()) {
            Param p = e.getKey();
            if (!p.isSae() || NOT_IN_POINT.contains(p)) {
                continue;
            }
            String kv = ";" + p.key() + "=" + Param.render(e.getValue());
            canonical.append(kv);
            if (p != Param.SAE_LATENTS && p != Param.SAE_RATIO) {
                cross.append(kv);
            }
        }
        String text = canonical.toString();
        SaeSourceKind kind = SaeRule.source(a);
        SaeConfig config = SaeRule.config(a);
        SyntheticFeaturesConfig synthetic = kind == SaeSourceKind.SYNTHETIC ? SaeRule.synthetic(a) : null;
        boolean absorption = kind == SaeSourceKind.ABSORPTION;
        return new SaePoint(index, String.format("%016x", GridPoint.hash64(text)), seed,
                GridPoint.hash64(text + ";seed=" + seed), text, cross + ";seed=" + seed,
                toy == null ? null : toy.pointId(), toy == null ? -1 : toy.seedIndex(), kind, SaeRule.features(a),
                SaeRule.dim(a), config, synthetic, absorption ? SaeRule.absorptionTruthSeed(a) : 0L,
                absorption ? SaeRule.hierarchy(a) : null, threshold);
    }

    /** Distinct SAE points (SAEs / sae.seeds). */
    public long pointCount() {
        return saes.stream().map(SaePoint::pointId).distinct().count();
    }

    /** Rough training cost of the SAEs in multiply-adds ({@link SaePoint#estimatedMacs}). */
    public double estimatedMacs() {
        return saes.stream().mapToDouble(SaePoint::estimatedMacs).sum();
    }
}
