package org.tmssweep.spark.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The configuration of a model apart from its sparsity and seed. Models sharing a key form one curve
 * over sparsity in the sweep-level figures.
 */
public record SeriesKey(String model, int nFeatures, int nHidden, Double importanceDecay, int steps,
        int batchSize, double lr) implements Comparable<SeriesKey> {

    private static final Comparator<SeriesKey> ORDER = Comparator.comparing(SeriesKey::model)
            .thenComparingInt(SeriesKey::nFeatures)
            .thenComparingInt(SeriesKey::nHidden)
            .thenComparing(SeriesKey::importanceDecay, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(SeriesKey::steps)
            .thenComparingInt(SeriesKey::batchSize)
            .thenComparingDouble(SeriesKey::lr);

    public SeriesKey {
        Objects.requireNonNull(model, "model");
    }

    @Override
    public int compareTo(SeriesKey o) {
        return ORDER.compare(this, o);
    }

    /** Full description, e.g. {@code relu_output n=20 m=5 I=0.7^i}. */
    public String describe() {
        return String.join(" ", parts(true, true, true, true, true));
    }

    /**
     * A label naming only what differs among {@code all}; the model kind is always named.
     */
    public String label(Collection<SeriesKey> all) {
        boolean nm = all.stream().map(k -> k.nFeatures + "/" + k.nHidden).distinct().count() > 1;
        boolean imp = all.stream().map(SeriesKey::importanceDecay).distinct().count() > 1;
        boolean train = all.stream().map(k -> k.steps + "/" + k.batchSize).distinct().count() > 1;
        boolean lrDiff = all.stream().map(SeriesKey::lr).distinct().count() > 1;
        return String.join(" ", parts(nm, imp, train, lrDiff, false));
    }

    private List<String> parts(boolean nm, boolean imp, boolean train, boolean lrPart, boolean always) {
        List<String> p = new ArrayList<>();
        p.add(model);
        if (nm || always) {
            p.add("n=" + nFeatures + " m=" + nHidden);
        }
        if (imp || always) {
            p.add(importanceDecay == null ? "I=1" : "I=" + Fmt.num(importanceDecay) + "^i");
        }
        if (train || always) {
            p.add(steps + " steps, batch " + batchSize);
        }
        if (lrPart || always) {
            p.add("lr " + Fmt.num(lr));
        }
        return p;
    }
}
