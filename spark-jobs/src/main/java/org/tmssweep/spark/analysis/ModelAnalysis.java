package org.tmssweep.spark.analysis;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.tmssweep.core.analysis.AdversarialAttack;
import org.tmssweep.core.analysis.AttackResult;
import org.tmssweep.core.analysis.FeatureSetGeometry;
import org.tmssweep.core.analysis.SetGeometry;
import org.tmssweep.core.analysis.Fraction;
import org.tmssweep.core.analysis.Fractions;
import org.tmssweep.core.analysis.NeuronStats;
import org.tmssweep.core.analysis.NeuronSummary;
import org.tmssweep.core.analysis.NullPhaseResult;
import org.tmssweep.core.analysis.PhaseClassifier;
import org.tmssweep.core.analysis.PhaseResult;
import org.tmssweep.core.analysis.PhaseTheory;
import org.tmssweep.core.analysis.PolytopeCensus;
import org.tmssweep.core.analysis.PolytopeComponent;
import org.tmssweep.core.config.FeatureSets;
import org.tmssweep.core.config.ModelKind;
import org.tmssweep.core.metrics.ModelStats;

/**
 * The derived rows of one model: a pure function of its {@link ModelInput} that calls the model-core
 * analyses and returns plain rows in the schemas of {@link AnalysisTables}. No Spark context needed.
 */
public final class ModelAnalysis {
    /** Relative tolerance when checking that the theory's assumptions (equal densities, I_1 = I_0) hold. */
    static final double SAME = 1e-9;

    private ModelAnalysis() {
    }

    /** Every derived row of {@code in}; none for an incomplete model (missing rows, non-finite weights). */
    public static List<TaggedRow> rows(ModelInput in, int attackSamples, long attackSeed) {
        List<TaggedRow> out = new ArrayList<>();
        if (!in.complete()) {
            return out;
        }
        for (Row r : polytopes(in)) {
            out.add(new TaggedRow(AnalysisTables.POLYTOPES, r));
        }
        for (Row r : fractions(in)) {
            out.add(new TaggedRow(AnalysisTables.FRACTIONS, r));
        }
        for (Row r : neurons(in)) {
            out.add(new TaggedRow(AnalysisTables.NEURONS, r));
        }
        Row phase = phase(in);
        if (phase != null) {
            out.add(new TaggedRow(AnalysisTables.PHASES, phase));
        }
        Row attack = attack(in, attackSamples, attackSeed);
        if (attack != null) {
            out.add(new TaggedRow(AnalysisTables.ATTACKS, attack));
        }
        for (Row r : setGeometry(in)) {
            out.add(new TaggedRow(AnalysisTables.SET_GEOMETRY, r));
        }
        return out;
    }

    /** One row per feature set of a model that has sets (none otherwise). */
    static List<Row> setGeometry(ModelInput in) {
        List<Row> out = new ArrayList<>();
        FeatureSets sets = FeatureSets.parse(in.featureSets());
        for (SetGeometry g : FeatureSetGeometry.of(in.w(), sets)) {
            double[] cos = g.cosines();
            Double[] cosines = new Double[cos.length];
            for (int i = 0; i < cos.length; i++) {
                cosines[i] = finiteOrNull(cos[i]);
            }
            out.add(RowFactory.create(in.sweepId(), in.pointId(), in.seed(), g.set(), g.kind(), g.members(),
                    sets.sets().get(g.set()).size(), in.sparsity(), finiteOrNull(in.finalLoss()), g.pairs(),
                    g.orthogonal(), g.antipodal(), g.collapsed(), g.unrepresented(), finiteOrNull(g.meanAbsCos()),
                    finiteOrNull(g.maxAbsCos()), g.label(), cosines));
        }
        return out;
    }

    static List<Row> polytopes(ModelInput in) {
        List<Row> out = new ArrayList<>();
        for (PolytopeComponent c : PolytopeCensus.of(in.w())) {
            out.add(RowFactory.create(in.sweepId(), in.pointId(), in.seed(), c.component(), c.size(), c.dimension(),
                    c.label(), c.members(), finiteOrNull(c.meanDimensionality()), c.ideal()));
        }
        return out;
    }

    static List<Row> fractions(ModelInput in) {
        List<Row> out = new ArrayList<>();
        for (int f = 0; f < in.nFeatures(); f++) {
            boolean represented = norm(in.w()[f]) > ModelStats.REPRESENTED_NORM;
            double d = in.dimensionality() == null ? Double.NaN : in.dimensionality()[f];
            if (Double.isFinite(d)) {
                Fraction near = Fractions.nearest(d, AnalysisTables.MAX_DENOMINATOR);
                Fraction sticky = Fractions.nearestSticky(d);
                out.add(RowFactory.create(in.sweepId(), in.pointId(), in.seed(), f, represented, d, near.label(),
                        near.value(), near.error(), sticky.label(), sticky.error()));
            } else {
                out.add(RowFactory.create(in.sweepId(), in.pointId(), in.seed(), f, represented, null, null, null,
                        null, null, null));
            }
        }
        return out;
    }

    /**
     * Neuron rows of relu_hidden and abs models. For abs, {@code in.w()} is W1^T and the statistics are those
     * of W1 (how the neurons read the features); {@code weights} / {@code readout_weights} carry W1 and W2
     * after the footnote-15 normalisation (NeuronStats#normalised).
     */
    static List<Row> neurons(ModelInput in) {
        List<Row> out = new ArrayList<>();
        boolean abs = ModelKind.ABS.specName().equals(in.model());
        if (!ModelKind.RELU_HIDDEN.specName().equals(in.model()) && !abs) {
            return out;
        }
        List<NeuronStats.NormalisedNeuron> normalised = NeuronStats.normalised(in.w(),
                abs && in.completeReadout() ? in.w2() : null);
        for (NeuronSummary s : NeuronStats.summaries(in.w())) {
            NeuronStats.NormalisedNeuron nn = normalised.get(s.neuron());
            out.add(RowFactory.create(in.sweepId(), in.pointId(), in.seed(), s.neuron(), s.semantics(),
                    s.storedFeatures(), s.stored(), s.primaryFeature(), s.primaryWeight(), s.secondaryFeature(),
                    s.secondaryWeight(), s.secondaryRatio(), s.maxAbsWeight(), boxed(nn.read()),
                    nn.write() == null ? null : boxed(nn.write())));
        }
        return out;
    }

    private static Double[] boxed(double[] v) {
        Double[] out = new Double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = finiteOrNull(v[i]);
        }
        return out;
    }

    /**
     * The phases row, or null unless the model is relu_output with (n, m) = (2, 1) or (3, 2), has no
     * feature sets, every feature has the same density, and (for n = 3) the two non-extra features have
     * equal importance:
     * the closed-form theory assumes exactly that.
     */
    static Row phase(ModelInput in) {
        if (!ModelKind.RELU_OUTPUT.specName().equals(in.model()) || in.featureSets() != null) {
            return null; // the theory assumes independent features
        }
        int n = in.nFeatures();
        int m = in.nHidden();
        if (!(n == 2 && m == 1 || n == 3 && m == 2)) {
            return null;
        }
        double[] imp = in.importance();
        double[] prob = in.probability();
        for (int f = 1; f < n; f++) {
            if (!same(prob[f], prob[0])) {
                return null;
            }
        }
        if (n == 3 && !same(imp[1], imp[0])) {
            return null;
        }
        if (!(imp[0] > 0) || !(imp[n - 1] > 0)) {
            return null;
        }
        double density = prob[0];
        double r = imp[n - 1] / imp[0];
        if (!(density > 0 && density <= 1) || !Double.isFinite(r)) {
            return null;
        }
        Double loss = finiteOrNull(in.finalLoss());
        if (n == 2) {
            PhaseResult p = PhaseClassifier.classify2(in.w());
            String theory = PhaseTheory.phase2(density, r).label();
            return RowFactory.create(in.sweepId(), in.pointId(), in.seed(), n, m, density, r, loss, p.phase(), theory,
                    p.phase().equals(theory), PhaseTheory.boundaryDensity2(r), p.normOther(), p.normExtra(), p.dot(),
                    null, null, null, null, null);
        }
        NullPhaseResult p = PhaseClassifier.classify3(in.w());
        String theory = PhaseTheory.phase3(density, r).label();
        return RowFactory.create(in.sweepId(), in.pointId(), in.seed(), n, m, density, r, loss, p.phase(), theory,
                p.phase().equals(theory), PhaseTheory.boundaryDensity3(r), null, null, null, p.v0(), p.v1(), p.v2(),
                p.cosine(), p.rankGap());
    }

    /** The attacks row, or null for an unknown model kind or the untied abs model (no tied W to attack along). */
    static Row attack(ModelInput in, int samples, long seed) {
        ModelKind kind;
        try {
            kind = ModelKind.parse(in.model());
        } catch (RuntimeException e) {
            return null;
        }
        if (kind.untied()) {
            return null;
        }
        double[][] sample = AdversarialAttack.sample(in.probability(), FeatureSets.parse(in.featureSets()), samples,
                seed);
        double lambda = AdversarialAttack.attackNorm(sample, AdversarialAttack.DEFAULT_NORM_FRACTION);
        int m = in.nHidden();
        AttackResult model = AdversarialAttack.attack(kind, in.w(), in.b(), in.importance(), sample, lambda);
        AttackResult base = AdversarialAttack.attack(kind, AdversarialAttack.baselineWeights(in.importance(), m),
                AdversarialAttack.baselineBias(in.importance(), in.probability(), m), in.importance(), sample, lambda);
        double ratio = model.increase() / base.increase();
        double fpd = Double.isFinite(in.frobeniusSq()) ? in.frobeniusSq() / m : Double.NaN;
        return RowFactory.create(in.sweepId(), in.pointId(), in.seed(), in.model(), in.sparsity(), finiteOrNull(fpd),
                lambda, model.worstFeature(), model.cleanLoss(), model.attackedLoss(), model.increase(),
                base.increase(), base.increase() > 0 ? finiteOrNull(ratio) : null);
    }

    private static boolean same(double a, double b) {
        return Math.abs(a - b) <= SAME * Math.max(Math.abs(a), Math.abs(b));
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
