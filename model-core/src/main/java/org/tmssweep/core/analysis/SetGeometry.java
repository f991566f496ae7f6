package org.tmssweep.core.analysis;

/**
 * Geometry of one feature set of a trained model (docs/paper.md §5 rows 10-12): the cosines between the
 * W rows of every pair of its members, each pair classified by {@link FeatureSetGeometry}.
 *
 * @param set           0-based index of the set in the spec's {@link org.tmssweep.core.config.FeatureSets}
 * @param kind          {@code correlated} or {@code anticorrelated}
 * @param members       member feature indices in spec order, comma-separated
 * @param pairs         number of member pairs, k (k - 1) / 2
 * @param orthogonal    pairs with |cos| &le; {@link FeatureSetGeometry#ORTHOGONAL_MAX}
 * @param antipodal     pairs with cos &le; -{@link FeatureSetGeometry#ALIGNED_MIN}
 * @param collapsed     pairs with cos &ge; {@link FeatureSetGeometry#ALIGNED_MIN} (one direction, the (a+b)/sqrt 2 of row 12)
 * @param unrepresented pairs with a member of norm &le; {@link org.tmssweep.core.metrics.ModelStats#REPRESENTED_NORM}
 * @param meanAbsCos    mean |cos| over the pairs whose members are both represented (NaN if none)
 * @param maxAbsCos     largest such |cos| (NaN if none): small = a local (almost) orthogonal basis (row 11)
 * @param label         the one relation every pair shares, else {@code mixed}
 * @param cosines       cos of each pair (a &lt; b in member order: (0,1), (0,2), ..., (1,2), ...), NaN when a
 *                      row is zero
 */
public record SetGeometry(int set, String kind, String members, int pairs, int orthogonal, int antipodal,
                          int collapsed, int unrepresented, double meanAbsCos, double maxAbsCos, String label,
                          double[] cosines) {

    public SetGeometry {
        cosines = cosines.clone();
    }

    @Override
    public double[] cosines() {
        return cosines.clone();
    }
}
