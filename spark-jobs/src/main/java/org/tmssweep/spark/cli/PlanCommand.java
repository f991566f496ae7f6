package org.tmssweep.spark.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tmssweep.spark.grid.GridPoint;
import org.tmssweep.spark.grid.Pack;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.spec.Param;
import org.tmssweep.spark.spec.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "plan", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Show what a spec expands to, without training anything.",
            "Prints the axes, fixed values, number of models and tasks, estimated cost, and the models.",
            "A spec above --max-models or --max-model-memory is refused, as by tms run."},
        footer = {"", "Example:", "  tms plan deploy/sweeps/demo.yaml"})
final class PlanCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Parameters(index = "0", paramLabel = "SPEC", description = "Sweep spec (YAML) or suite of specs")
    Path spec;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "Show at most N models (default: ${DEFAULT-VALUE}; 0 = all)")
    int limit;

    @picocli.CommandLine.Mixin
    SpecLimitOptions specLimits;

    @Override
    public Integer call() {
        List<SweepPlan> plans = Specs.plans(spec, specLimits.limits());
        PrintWriter out = commandSpec.commandLine().getOut();
        if (plans.size() > 1) {
            out.printf("suite %s: %d sweeps, %d models in all, run in this order into one --out%n", spec,
                    plans.size(), plans.stream().mapToLong(SweepPlan::modelCount).sum());
        }
        for (int i = 0; i < plans.size(); i++) {
            if (plans.size() > 1) {
                out.printf("%n=== suite sweep %d/%d ===%n", i + 1, plans.size());
            }
            print(plans.get(i), limit, out);
        }
        return 0;
    }

    /** The plan of an SAE sweep: its SAEs, the toy models they read, tasks, cost, axes and the SAEs one by one. */
    static void printSae(SweepPlan plan, int limit, PrintWriter out) {
        SweepSpec s = plan.spec();
        org.tmssweep.spark.grid.SaePlan sae = plan.sae();
        boolean toy = !sae.toyModels().isEmpty();
        double toyMacs = plan.estimatedMacs() - sae.estimatedMacs();
        out.printf("sweep      %s%n", s.sweepId());
        out.printf("spec_hash  %s%n", s.specHash());
        out.printf("saes       %d SAE points x %d SAE seed(s) = %d SAEs on %s data%n", sae.pointCount(), s.saeSeeds(),
                sae.saes().size(), s.saeSource().specName());
        if (toy) {
            out.printf("toy models %d (%d point(s) x %d seed(s)), trained in the SAE tasks%n", sae.toyModels().size(),
                    sae.toyModels().size() / s.seeds(), s.seeds());
        }
        out.printf("tasks      %d (%s)%n", plan.taskCount(), toy ? "one per toy model with the SAEs over it"
                : "one per group of SAEs that differ only in size");
        out.printf("cost       ~%.3g GMAC: SAEs ~%.3g GMAC (6·batch·k·d per SAE step)%s%n", plan.estimatedMacs() / 1e9,
                sae.estimatedMacs() / 1e9, toy ? String.format(java.util.Locale.ROOT,
                        ", toy models ~%.3g GMAC (6·batch·n·m per model-step)", toyMacs / 1e9) : "");
        printAxes(s, out);
        printGroupsAndWhens(s, out);
        out.printf("waves      %d wave(s) of %s models%n", plan.waveCount(), sae.waves().stream()
                .map(w -> String.valueOf(w.modelCount())).distinct().limit(4)
                .collect(java.util.stream.Collectors.joining("/")));
        printFixed(s, out);
        List<String> header = List.of("grid_index", "task", "point_id", "seed", "toy_point_id", "toy_seed",
                "features", "dim", "latents", "l1", "steps", "batch_size", "gmac");
        List<List<String>> rows = new ArrayList<>();
        for (org.tmssweep.spark.grid.SaeUnit u : sae.units()) {
            for (org.tmssweep.spark.grid.SaePoint p : u.saes()) {
                rows.add(List.of(String.valueOf(p.index()), String.valueOf(u.index()), p.pointId(),
                        String.valueOf(p.seedIndex()), p.toyPointId() == null ? "-" : p.toyPointId(),
                        p.toyPointId() == null ? "-" : String.valueOf(p.toySeedIndex()), String.valueOf(p.features()),
                        String.valueOf(p.dim()), String.valueOf(p.config().latents()), String.valueOf(p.config().l1()),
                        String.valueOf(p.config().steps()), String.valueOf(p.config().batchSize()),
                        String.format(java.util.Locale.ROOT, "%.3g", p.estimatedMacs() / 1e9)));
            }
        }
        rows.sort((a, b) -> Long.compare(Long.parseLong(a.get(0)), Long.parseLong(b.get(0))));
        int shown = limit <= 0 ? rows.size() : Math.min(limit, rows.size());
        out.println("saes:");
        out.print(TablePrinter.aligned(header, rows.subList(0, shown)));
        if (shown < rows.size()) {
            out.printf("... %d more (use --limit 0 to list all)%n", rows.size() - shown);
        }
    }

    /** The axes: block, each axis with its values as the spec renders them. */
    static void printAxes(SweepSpec s, PrintWriter out) {
        out.println("axes:");
        if (s.axes().isEmpty()) {
            out.println("  (none: a single point)");
        }
        for (SweepSpec.ParamValues a : s.axes()) {
            List<String> vs = new ArrayList<>();
            a.values().forEach(v -> vs.add(Param.render(v)));
            out.printf("  %-26s %d values: %s%n", a.param().key(), a.values().size(), String.join(", ", vs));
        }
    }

    /** The fixed: block, each parameter that is not an axis with its one value. */
    static void printFixed(SweepSpec s, PrintWriter out) {
        out.println("fixed:");
        for (SweepSpec.ParamValues v : s.values()) {
            if (!v.axis()) {
                out.printf("  %-26s %s%n", v.param().key(), Param.render(v.values().get(0)));
            }
        }
    }

    /** Zip/points groups (one axis each: their rows) and when blocks (with how many points match). */
    static void printGroupsAndWhens(SweepSpec s, PrintWriter out) {
        if (!s.groups().isEmpty()) {
            out.println("zip groups (parameters that advance together; one axis each):");
            for (SweepSpec.Group g : s.groups()) {
                List<String> keys = g.params().stream().map(Param::key).toList();
                out.printf("  %-26s %d steps of (%s):%n", g.key(), g.rows().size(), String.join(", ", keys));
                int shown = 0;
                for (List<Object> row : g.rows()) {
                    if (shown++ == 20) {
                        out.printf("    ... %d more%n", g.rows().size() - 20);
                        break;
                    }
                    out.printf("    (%s)%n", String.join(", ", row.stream().map(Param::render).toList()));
                }
            }
        }
        if (!s.whens().isEmpty()) {
            List<java.util.Map<Param, Object>> points = s.assignments();
            out.println("when (the first matching block sets a parameter instead of its top-level value):");
            int i = 0;
            for (SweepSpec.When w : s.whens()) {
                List<String> cond = new ArrayList<>();
                for (int k = 0; k < w.ifParams().size(); k++) {
                    cond.add(w.ifParams().get(k).key() + " = " + Param.render(w.ifValues().get(k)));
                }
                List<String> set = new ArrayList<>();
                for (SweepSpec.ParamValues v : w.set()) {
                    List<String> vs = v.values().stream().map(Param::render).toList();
                    set.add(v.param().key() + " = " + (v.axis() ? "[" + String.join(", ", vs) + "]" : vs.get(0)));
                }
                long matched = points.stream().filter(w::matches).count();
                out.printf("  when[%d] if %s: set %s   (%d of %d points match)%n", i++, String.join(" and ", cond),
                        String.join(", ", set), matched, points.size());
            }
        }
    }

    static void print(SweepPlan plan, int limit, PrintWriter out) {
        if (plan.sae() != null) {
            printSae(plan, limit, out);
            return;
        }
        SweepSpec s = plan.spec();
        out.printf("sweep      %s%n", s.sweepId());
        out.printf("spec_hash  %s%n", s.specHash());
        out.printf("points     %d x %d seed(s) = %d models%n", s.pointCount(), s.seeds(), plan.modelCount());
        out.printf("tasks      %d (pack %s)%n", plan.packs().size(), s.pack() == 0 ? "auto" : String.valueOf(s.pack()));
        out.printf("cost       ~%.3g GMAC (6·batch·n·m per model-step)%n", plan.estimatedMacs() / 1e9);
        printAxes(s, out);
        printGroupsAndWhens(s, out);
        out.printf("order      %s; %d wave(s) of %s models%n", s.order().name().toLowerCase(java.util.Locale.ROOT),
                plan.waves().size(), plan.waves().stream().map(w -> String.valueOf(w.modelCount()))
                        .distinct().limit(4).collect(java.util.stream.Collectors.joining("/")));
        if (s.recordsCurves()) {
            long rows = 0;
            for (Pack pack : plan.packs()) {
                for (org.tmssweep.spark.grid.GridPoint g : pack.points()) {
                    rows += (long) g.nFeatures() * org.tmssweep.spark.job.SweepJob.curvePoints(g.train().steps(),
                            s.curveEvery());
                }
            }
            out.printf("curves     every %d steps (train.curve_every): %d rows in the curves table%n", s.curveEvery(),
                    rows);
        }
        if (plan.trainsOnDatasets()) {
            long rows = plan.points().stream().mapToLong(g -> g.train().dataset().size()).sum();
            out.printf("datapoints %d rows in the datapoints table (one per training point of each dataset model)%n",
                    rows);
        }
        printFixed(s, out);
        // "batch": the points a step trains on (train.batch_size fresh samples, or a finite dataset's T or
        // minibatch, where train.batch_size is not used); a sweep on finite datasets also lists each model's T and K.
        boolean datasets = plan.trainsOnDatasets();
        List<String> header = new ArrayList<>(List.of("grid_index", "task", "point_id", "seed", "model", "n_features",
                "n_hidden", "sparsity", "importance", "steps", "batch", "lr"));
        if (datasets) {
            header.addAll(List.of("dataset_size", "dataset_seed"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (Pack pack : plan.packs()) {
            for (GridPoint p : pack.points()) {
                List<String> row = new ArrayList<>(List.of(String.valueOf(p.index()), String.valueOf(pack.index()),
                        p.pointId(), String.valueOf(p.seedIndex()), p.model().specName(), String.valueOf(p.nFeatures()),
                        String.valueOf(p.nHidden()), String.valueOf(p.sparsity()),
                        Double.isNaN(p.importanceDecay()) ? "vector" : "decay " + p.importanceDecay(),
                        String.valueOf(p.train().steps()), String.valueOf(p.train().stepBatch()),
                        String.valueOf(p.train().lr())));
                if (datasets) {
                    boolean finite = p.train().dataset().finite();
                    row.add(finite ? String.valueOf(p.train().dataset().size()) : "-");
                    row.add(finite ? String.valueOf(p.datasetSeedIndex()) : "-");
                }
                rows.add(row);
            }
        }
        rows.sort((a, b) -> Long.compare(Long.parseLong(a.get(0)), Long.parseLong(b.get(0))));
        int shown = limit <= 0 ? rows.size() : Math.min(limit, rows.size());
        out.println("models:");
        out.print(TablePrinter.aligned(header, rows.subList(0, shown)));
        if (shown < rows.size()) {
            out.printf("... %d more (use --limit 0 to list all)%n", rows.size() - shown);
        }
    }
}
