package org.tmssweep.spark.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.spec.SpecException;
import org.tmssweep.spark.spec.SpecParser;
import org.tmssweep.spark.spec.SweepSpec;

/** Loads a spec file for a command, turning every problem into a {@link UserError} naming the file. */
final class Specs {
    private Specs() {
    }

    static SweepPlan plan(Path file) {
        if (!Files.exists(file)) {
            throw new UserError(file + ": no such spec file");
        }
        if (Files.isDirectory(file)) {
            throw new UserError(file + ": is a directory, not a spec file");
        }
        if (!Files.isReadable(file)) {
            throw new UserError(file + ": cannot read spec (permission denied)");
        }
        SweepSpec spec;
        try {
            spec = SpecParser.parse(file);
        } catch (SpecException e) {
            throw new UserError(file + ": " + e.getMessage());
        }
        try {
            return SweepPlan.of(spec);
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": " + e.getMessage());
        }
    }
}
