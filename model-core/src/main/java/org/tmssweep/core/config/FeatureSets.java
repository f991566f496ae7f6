package org.tmssweep.core.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Structure of the data across features (paper §"Correlated and anticorrelated features", docs/paper.md
 * §1): disjoint sets of features that are drawn together. Features in no set are independent, as in
 * every other experiment. An immutable, validated value; part of {@link ModelSpec}, so the data stream
 * stays a pure function of the spec.
 * <ul>
 *   <li>{@link Kind#CORRELATED}: one Bernoulli(p) draw per sample decides whether the whole set is
 *       non-zero; the non-zero values are independent U[0, 1). Each member has density p and
 *       P(all members non-zero) = p, P(some but not all) = 0.</li>
 *   <li>{@link Kind#ANTICORRELATED}: at most one member is non-zero per sample, by
 *       {@link #anticorrelation()} ({@link AnticorrelationRule#PAPER} by default).</li>
 * </ul>
 * p is the common density of the set's members ({@link ModelSpec#probability(int)}); a set whose
 * members have different densities is rejected by {@link #check(int, double[])}.
 *
 * @param sets            disjoint sets, each of at least 2 distinct feature indices &ge; 0
 * @param anticorrelation rule for the anticorrelated sets
 */
public record FeatureSets(List<FeatureSet> sets, AnticorrelationRule anticorrelation) implements Serializable {

    /** No sets: every feature independent (the default of every experiment but rows 10-12, 14). */
    public static final FeatureSets NONE = new FeatureSets(List.of(), AnticorrelationRule.PAPER);

    /** Kinds of set. */
    public enum Kind {
        CORRELATED, ANTICORRELATED;

        public String specName() {
            return Checks.specName(this);
        }
    }

    /**
     * One set.
     *
     * @param kind    correlated or anticorrelated
     * @param members feature indices, at least 2, distinct, each &ge; 0 (kept in the given order)
     */
    public record FeatureSet(Kind kind, List<Integer> members) implements Serializable {
        public FeatureSet {
            Checks.notNull("feature set kind", kind);
            Checks.notNull("feature set members", members);
            members = List.copyOf(members);
            if (members.size() < 2) {
                throw new IllegalArgumentException(kind.specName() + " set: must have at least 2 features, got "
                        + members);
            }
            for (int f : members) {
                if (f < 0) {
                    throw new IllegalArgumentException(kind.specName() + " set " + members
                            + ": feature indices must be >= 0, got " + f);
                }
            }
            if (members.stream().distinct().count() != members.size()) {
                throw new IllegalArgumentException(kind.specName() + " set: must not repeat a feature, got " + members);
            }
        }

        public int size() {
            return members.size();
        }

        /** Canonical text, e.g. {@code correlated[0,1]}. */
        @Override
        public String toString() {
            return kind.specName() + members.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
        }
    }

    public FeatureSets {
        Checks.notNull("feature sets", sets);
        Checks.notNull("anticorrelation", anticorrelation);
        sets = List.copyOf(sets);
        if (sets.stream().noneMatch(x -> x.kind() == Kind.ANTICORRELATED)) {
            anticorrelation = AnticorrelationRule.PAPER; // no effect without such sets: one value, one meaning
        }
        List<Integer> seen = new ArrayList<>();
        for (FeatureSet s : sets) {
            for (int f : s.members()) {
                if (seen.contains(f)) {
                    throw new IllegalArgumentException("feature sets: must be disjoint, feature " + f
                            + " is in more than one set (" + describe(sets) + ")");
                }
                seen.add(f);
            }
        }
    }

    /** Sets of one kind each, in that order: correlated first, then anticorrelated. */
    public static FeatureSets of(List<List<Integer>> correlated, List<List<Integer>> anticorrelated,
                                 AnticorrelationRule rule) {
        List<FeatureSet> out = new ArrayList<>();
        correlated.forEach(m -> out.add(new FeatureSet(Kind.CORRELATED, m)));
        anticorrelated.forEach(m -> out.add(new FeatureSet(Kind.ANTICORRELATED, m)));
        return new FeatureSets(out, rule);
    }

    public boolean isEmpty() {
        return sets.isEmpty();
    }

    /**
     * Checks the sets against a model: indices below {@code n}, equal density within a set, and for
     * {@link AnticorrelationRule#ARENA} a set probability k p &le; 1. Messages name the set and value.
     */
    public void check(int nFeatures, double[] probability) {
        for (FeatureSet s : sets) {
            double p = probability[checkIndex(s, s.members().get(0), nFeatures)];
            for (int f : s.members()) {
                checkIndex(s, f, nFeatures);
                if (probability[f] != p) {
                    throw new IllegalArgumentException(s + ": members must have one density, got probability["
                            + f + "] = " + probability[f] + " vs " + p);
                }
            }
            if (s.kind() == Kind.ANTICORRELATED && anticorrelation.setProbability(s.size(), p) > 1) {
                throw new IllegalArgumentException(s + ": the arena rule needs k * p <= 1, got " + s.size() + " * " + p);
            }
        }
    }

    private static int checkIndex(FeatureSet s, int f, int n) {
        if (f >= n) {
            throw new IllegalArgumentException(s + ": feature indices must be < n_features = " + n + ", got " + f);
        }
        return f;
    }

    /** Index of the set holding each feature, -1 for an independent feature; length n. */
    public int[] setIndex(int nFeatures) {
        int[] out = new int[nFeatures];
        Arrays.fill(out, -1);
        for (int i = 0; i < sets.size(); i++) {
            for (int f : sets.get(i).members()) {
                out[f] = i;
            }
        }
        return out;
    }

    /**
     * Canonical text: {@code ""} for none, else the sets joined by ';', with {@code ;anticorrelation=arena}
     * appended when that rule applies to some set, e.g. {@code correlated[0,1];correlated[2,3]}.
     */
    public String describe() {
        String s = describe(sets);
        boolean anyAnti = sets.stream().anyMatch(x -> x.kind() == Kind.ANTICORRELATED);
        return anyAnti && anticorrelation != AnticorrelationRule.PAPER
                ? s + ";anticorrelation=" + anticorrelation.specName() : s;
    }

    /**
     * Inverse of {@link #describe()} (null or blank = {@link #NONE}), for reading the {@code models} table.
     *
     * @throws IllegalArgumentException naming the text when it is not of that form
     */
    public static FeatureSets parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        List<FeatureSet> sets = new ArrayList<>();
        AnticorrelationRule rule = AnticorrelationRule.PAPER;
        for (String part : text.split(";")) {
            String t = part.trim();
            if (t.startsWith("anticorrelation=")) {
                rule = AnticorrelationRule.parse(t.substring("anticorrelation=".length()));
                continue;
            }
            int open = t.indexOf('[');
            if (open < 0 || !t.endsWith("]")) {
                throw new IllegalArgumentException("feature_sets: cannot read '" + text + "' (part '" + t + "')");
            }
            Kind kind = Checks.parseEnum(Kind.class, t.substring(0, open));
            List<Integer> members = new ArrayList<>();
            for (String m : t.substring(open + 1, t.length() - 1).split(",")) {
                try {
                    members.add(Integer.parseInt(m.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("feature_sets: cannot read '" + text + "' (index '" + m + "')");
                }
            }
            sets.add(new FeatureSet(kind, members));
        }
        return new FeatureSets(sets, rule);
    }

    private static String describe(List<FeatureSet> sets) {
        return sets.stream().map(FeatureSet::toString).collect(Collectors.joining(";"));
    }

    @Override
    public String toString() {
        return "FeatureSets[" + describe() + "]";
    }
}
