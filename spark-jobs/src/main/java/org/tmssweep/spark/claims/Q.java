package org.tmssweep.spark.claims;

/** SQL fragments the claims share. Presets appear as {@code {name}} placeholders (see {@link Claim}). */
final class Q {
    private Q() {
    }

    /**
     * The lowest-final_loss seed of every grid point of a preset (the paper's best-of-k restarts), as a
     * subquery over {@code models}: one row per point, every models column.
     */
    static String best(String preset) {
        return lowestLoss("models", preset, " AND status = 'ok'");
    }

    /** The same selection over any per-model table with {@code point_id}, {@code seed} and {@code final_loss}. */
    static String lowestLoss(String table, String preset, String filter) {
        return "(SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY point_id ORDER BY final_loss, seed)"
                + " AS best_rank FROM " + table + " WHERE sweep_id = {" + preset + "}" + filter + ") WHERE best_rank = 1)";
    }

    /** Every ok model of a preset. */
    static String models(String preset) {
        return "(SELECT * FROM models WHERE sweep_id = {" + preset + "} AND status = 'ok')";
    }
}
