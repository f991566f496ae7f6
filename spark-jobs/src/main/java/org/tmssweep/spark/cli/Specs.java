package org.tmssweep.spark.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.spec.SpecException;
import org.tmssweep.spark.spec.SpecLimits;
import org.tmssweep.spark.spec.SpecParser;
import org.tmssweep.spark.spec.SpecSuite;
import org.tmssweep.spark.spec.SweepSpec;

/** Loads a spec file for a command, turning every problem into a {@link UserError} naming the file. */
final class Specs {
    private Specs() {
    }

    /**
     * The plans a file asks for: its own, or, for a suite ({@link SpecSuite}), each member's in
     * order. Every member is loaded and checked before this returns, so a bad member stops a suite
     * before anything runs.
     */
    static List<SweepPlan> plans(Path file) {
        return plans(file, SpecLimits.DEFAULT);
    }

    /** {@link #plans(Path)} with every spec checked against {@code limits} before its grid is expanded. */
    static List<SweepPlan> plans(Path file, SpecLimits limits) {
        Optional<SpecSuite> suite = suite(file);
        if (suite.isEmpty()) {
            return List.of(plan(file, limits));
        }
        List<SweepPlan> plans = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Path member : suite.get().members()) {
            if (suite(member).isPresent()) {
                throw new UserError(file + ": " + member + ": a suite cannot contain another suite");
            }
            SweepPlan plan;
            try {
                plan = plan(member, limits);
            } catch (UserError e) {
                throw new UserError(file + ": suite member " + e.getMessage());
            }
            if (ids.contains(plan.spec().sweepId())) {
                throw new UserError(file + ": " + member + ": the same sweep (" + plan.spec().sweepId()
                        + ") is already in the suite");
            }
            ids.add(plan.spec().sweepId());
            plans.add(plan);
        }
        return plans;
    }

    /** The suite in the file, or empty when it is a spec. */
    static Optional<SpecSuite> suite(Path file) {
        checkReadable(file);
        try {
            return SpecSuite.read(file);
        } catch (SpecException e) {
            throw new UserError(file + ": " + e.getMessage());
        }
    }

    private static void checkReadable(Path file) {
        if (!Files.exists(file)) {
            throw new UserError(file + ": no such spec file");
        }
        if (Files.isDirectory(file)) {
            throw new UserError(file + ": is a directory, not a spec file");
        }
        if (!Files.isReadable(file)) {
            throw new UserError(file + ": cannot read spec (permission denied)");
        }
    }

    static SweepPlan plan(Path file) {
        return plan(file, SpecLimits.DEFAULT);
    }

    static SweepPlan plan(Path file, SpecLimits limits) {
        checkReadable(file);
        SweepSpec spec;
        try {
            spec = SpecParser.parse(file, limits);
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
