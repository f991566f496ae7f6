package org.tmssweep.spark.grid;

import java.io.Serializable;
import java.util.List;

/**
 * What one Spark task of an SAE sweep trains: for {@code sae.source: toy}, one toy model (a grid point and toy
 * seed) and then every SAE over its hidden vectors; for the other sources, the SAEs that differ only in their
 * size (one cross key, {@link SaePoint#crossKey}), so that cross_mmcs is computed in the task. Which SAEs share
 * a unit depends only on the spec; every SAE's result depends only on its own {@link SaePoint} (and, for a toy
 * source, on the toy model, whose seed is its own point's).
 *
 * @param index unit number, 0-based, in grid order
 * @param toy   the toy model to train first, or null
 * @param saes  the SAEs, in grid order
 */
public record SaeUnit(int index, GridPoint toy, List<SaePoint> saes) implements Serializable {
    public SaeUnit {
        saes = List.copyOf(saes);
        if (saes.isEmpty()) {
            throw new IllegalArgumentException("saes: a unit needs at least one SAE");
        }
    }

    /** Models trained: the SAEs and the toy model. */
    public int modelCount() {
        return saes.size() + (toy == null ? 0 : 1);
    }

    /** Estimated work (multiply-adds) of the unit: its SAEs' and its toy model's. */
    public double estimatedMacs() {
        double w = toy == null ? 0 : 6.0 * toy.train().stepBatch() * toy.nFeatures() * toy.nHidden()
                * toy.train().steps();
        for (SaePoint s : saes) {
            w += s.estimatedMacs();
        }
        return w;
    }
}
