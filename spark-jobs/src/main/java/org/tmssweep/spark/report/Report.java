package org.tmssweep.spark.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmssweep.spark.claims.ClaimsEngine;

/**
 * Renders the figure report from table rows alone; a sweep that trains only SAEs (no models rows) gets only its
 * SAE figures. Layout of {@code reportDir}:
 * <pre>
 * index.html                      "The paper, reproduced" (claims given), then links every sweep
 * &lt;sweep_id&gt;/index.html            figures with captions, models left out, the sweep spec
 * &lt;sweep_id&gt;/dimensionality.{png,svg}   D* and D_i vs 1/(1-S), sticky fractions
 * &lt;sweep_id&gt;/represented.{png,svg}      #features with ||W_i|| &gt; 0.5 vs 1/(1-S), line at m
 * &lt;sweep_id&gt;/features.{png,svg}         W^T W + bias + ||W_i|| panels per sparsity
 * &lt;sweep_id&gt;/phases.{png,svg}           n=2,m=1 (or 3,2) phase diagram vs theory (needs tms analyze)
 * &lt;sweep_id&gt;/embeddings.{png,svg}       m=2 embeddings, one panel per point (intro figure)
 * &lt;sweep_id&gt;/privileged.{png,svg}       relu_hidden: stacked weights per neuron
 * &lt;sweep_id&gt;/computation.{png,svg}      abs: stacked normalised |W1| per neuron, one panel per sparsity
 * &lt;sweep_id&gt;/polytopes.{png,svg}        polytope census vs sparsity (needs tms analyze)
 * &lt;sweep_id&gt;/attacks.{png,svg}          adversarial vulnerability vs sparsity (needs tms analyze)
 * &lt;sweep_id&gt;/curves.{png,svg}           D_i(t) and loss(t) (needs train.curve_every)
 * &lt;sweep_id&gt;/feature-sets.{png,svg}     m=2 embeddings coloured by feature set / varied feature 0
 * &lt;sweep_id&gt;/perturbed.{png,svg}        loss, ||W_0|| vs the varied feature's density (sparsity_first)
 * &lt;sweep_id&gt;/collapse.{png,svg}         collapsed correlated pairs vs density (needs tms analyze)
 * &lt;sweep_id&gt;/dd-loss.{png,svg}          finite datasets: test and train loss vs T, the bump annotated
 * &lt;sweep_id&gt;/dd-dims.{png,svg}          finite datasets: mean D_X and mean D_i of the top features vs T
 * &lt;sweep_id&gt;/dd-hidden.{png,svg}        finite datasets, m=2: hidden vectors h_i and features W_i, a few T
 * &lt;sweep_id&gt;/dd-norms.{png,svg}         finite datasets: ||W||_F and ||b|| vs T
 * &lt;sweep_id&gt;/dd-heatmap.{png,svg}       finite datasets, several m: mean test loss over (T, m)
 * &lt;sweep_id&gt;/sae-mmcs-heatmap.{png,svg} SAEs: mean MMCS over (l1, k/G), one panel per setting
 * &lt;sweep_id&gt;/sae-dead-heatmap.{png,svg} SAEs: mean fraction of dead latents over (l1, k/G)
 * &lt;sweep_id&gt;/sae-cross-mmcs.{png,svg}   SAEs: MMCS of neighbouring dictionary sizes vs k, k = G marked
 * &lt;sweep_id&gt;/sae-latent-cosines.{png,svg} SAEs: each latent's best cosine, best SAE per setting
 * &lt;sweep_id&gt;/sae-latents-2d.{png,svg}   SAEs on d = 2: decoder rows over the true directions
 * </pre>
 * Everything is drawn into a staging directory inside {@code reportDir} first and then moved into
 * place file by file (atomically where the file system allows), sweep pages before the top index,
 * so a crash never leaves a half-written file or an index pointing at missing figures.
 */
public final class Report {
    private static final Logger LOG = LoggerFactory.getLogger(Report.class);
    static final String INDEX = "index.html";
    static final List<FigureEntry> FIGURES = List.of(FigureEntry.DIMENSIONALITY, FigureEntry.REPRESENTED,
            FigureEntry.FEATURES);

    private Report() {
    }

    /**
     * Writes the report for every sweep of {@code data} that has model rows; existing files of the same
     * names are replaced.
     *
     * @return the files written (final locations), in a deterministic order
     * @throws UncheckedIOException when a file cannot be written
     */
    public static List<Path> render(ReportData data, Path reportDir) {
        return render(data, reportDir, null);
    }

    /**
     * As {@link #render(ReportData, Path)}, and the top index opens with "The paper, reproduced": one card per
     * experiment row with the verdicts of {@code claims} and a thumbnail of a figure this render wrote (drawn
     * only when some claim on a preset sweep was measured; see {@link IndexPage#shown}).
     *
     * @param claims the claims evaluated on the same results directory, or null for no such section
     */
    public static List<Path> render(ReportData data, Path reportDir, ClaimsEngine.Evaluation claims) {
        Headless.ensure();
        try {
            Files.createDirectories(reportDir);
            Path staging = Files.createTempDirectory(reportDir, ".staging-");
            try {
                List<Path> relative = renderInto(data, staging, claims);
                List<Path> written = new ArrayList<>();
                for (Path rel : relative) {
                    Path target = reportDir.resolve(rel);
                    Files.createDirectories(target.getParent());
                    move(staging.resolve(rel), target);
                    written.add(target);
                }
                LOG.info("report: {} files written to {}", written.size(), reportDir);
                return written;
            } finally {
                deleteRecursively(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + reportDir, e);
        }
    }

    /** Renders everything under {@code root}; returns relative paths, the top-level index last. */
    private static List<Path> renderInto(ReportData data, Path root, ClaimsEngine.Evaluation claims)
            throws IOException {
        List<SweepData> sweeps = data.bySweep();
        Map<String, String> dirs = directoryNames(sweeps);
        List<Path> files = new ArrayList<>();
        for (SweepData sweep : sweeps) {
            String dirName = dirs.get(sweep.sweep().sweepId());
            Path dir = Files.createDirectories(root.resolve(dirName));
            if (!sweep.unusableModels().isEmpty()) {
                LOG.warn("sweep {}: {} models left out of the figures (diverged or non-finite)",
                        sweep.sweep().sweepId(), sweep.unusableModels().size());
            }
            List<FigureEntry> entries = new ArrayList<>();
            if (!sweep.models().isEmpty()) {
                files.addAll(FigureWriter.write(DimensionalityFigure.create(sweep), dir, FigureEntry.DIMENSIONALITY.baseName()));
                files.addAll(FigureWriter.write(RepresentedFeaturesFigure.create(sweep), dir, FigureEntry.REPRESENTED.baseName()));
                files.addAll(FigureWriter.write(FeaturePanelsFigure.create(sweep), dir, FigureEntry.FEATURES.baseName()));
                entries.addAll(FIGURES);
            }
            for (Map.Entry<FigureEntry, Optional<? extends Figure>> extra : analysisFigures(sweep).entrySet()) {
                if (extra.getValue().isPresent()) {
                    files.addAll(FigureWriter.write(extra.getValue().get(), dir, extra.getKey().baseName()));
                    entries.add(extra.getKey());
                }
            }
            Path page = dir.resolve(INDEX);
            Files.writeString(page, SweepPage.html(sweep, entries), StandardCharsets.UTF_8);
            files.add(page);
        }
        Path index = root.resolve(INDEX);
        Set<String> written = new HashSet<>();
        for (Path f : files) {
            written.add(root.relativize(f).toString().replace('\\', '/'));
        }
        Files.writeString(index, IndexPage.html(sweeps, dirs, claims, written), StandardCharsets.UTF_8);
        files.add(index);
        return files.stream().map(root::relativize).toList();
    }

    /** The paper-analysis figures, each present only when its data exist for this sweep. */
    static Map<FigureEntry, Optional<? extends Figure>> analysisFigures(SweepData sweep) {
        Map<FigureEntry, Optional<? extends Figure>> out = new LinkedHashMap<>();
        out.put(FigureEntry.PHASES, PhaseDiagramFigure.create(sweep));
        out.put(FigureEntry.EMBEDDINGS, EmbeddingsFigure.create(sweep));
        out.put(FigureEntry.PRIVILEGED, PrivilegedBasisFigure.create(sweep));
        out.put(FigureEntry.COMPUTATION, ComputationFigure.create(sweep));
        out.put(FigureEntry.POLYTOPES, PolytopeCensusFigure.create(sweep));
        out.put(FigureEntry.ATTACKS, AdversarialFigure.create(sweep));
        out.put(FigureEntry.CURVES, LearningCurvesFigure.create(sweep));
        out.put(FigureEntry.FEATURE_SETS, DataRuleFigures.embeddings(sweep));
        out.put(FigureEntry.PERTURBED, DataRuleFigures.perturbed(sweep));
        out.put(FigureEntry.COLLAPSE, DataRuleFigures.collapse(sweep));
        out.putAll(DoubleDescentFigures.all(sweep));
        out.putAll(SaeFigures.all(sweep));
        return out;
    }

    /** A safe, unique directory name per sweep id: characters outside [A-Za-z0-9._-] become '_'. */
    static Map<String, String> directoryNames(List<SweepData> sweeps) {
        Map<String, String> out = new LinkedHashMap<>();
        for (SweepData s : sweeps) {
            String id = s.sweep().sweepId();
            String base = id.replaceAll("[^A-Za-z0-9._-]", "_");
            if (base.isEmpty() || base.startsWith(".")) {
                base = "_" + base;
            }
            String name = base;
            for (int k = 2; out.containsValue(name); k++) {
                name = base + "-" + k;
            }
            out.put(id, name);
        }
        return out;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
