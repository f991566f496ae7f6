package org.tmssweep.spark.report;

/** A figure of a sweep page: files {@code baseName.png/.svg}, a heading and a caption (plain text). */
record FigureEntry(String baseName, String title, String caption) {
    static final FigureEntry DIMENSIONALITY = new FigureEntry("dimensionality",
            "Dimensions per feature vs sparsity",
            "Dimensions per feature against 1/(1\u2212S) on a log axis (the paper's \u201cFeature dimensionality\u201d "
            + "figure). The line is D* = m/\u2016W\u2016\u00b2_F per model, averaged over seeds; the light dots are each "
            + "feature's D\u1d62 = \u2016W\u1d62\u2016\u00b2 / \u03a3\u2c7c(\u0174\u1d62\u00b7W\u2c7c)\u00b2. What to look for: D* "
            + "is 1 while dense, then drops and sticks at 1/2 (antipodal pairs) over a range of sparsity; D\u1d62 "
            + "cluster on the dashed lines 3/4 (tetrahedron), 2/3 (triangle), 1/2 (antipodal pair), 2/5 "
            + "(pentagon), 3/8 (square antiprism); D\u1d62 = 0 are features the model did not learn.");
    static final FigureEntry REPRESENTED = new FigureEntry("represented",
            "Represented features vs sparsity",
            "Number of features with \u2016W\u1d62\u2016 > 0.5 per model (light dots: each seed; line: mean over "
            + "seeds) against 1/(1\u2212S). The dashed line is n_hidden = m. Superposition: more than m features "
            + "with norm \u2248 1 as sparsity rises. A linear model never goes above m; a dense ReLU-output "
            + "model behaves like it.");
    static final FigureEntry FEATURES = new FigureEntry("features",
            "Features per model (W\u1d40W, bias, norms)",
            "One panel per sparsity (seed 0, or the lowest usable seed; at most "
            + FeaturePanelsFigure.MAX_PANELS + " panels, evenly spaced), like the paper's \u201cbasic results\u201d "
            + "figure. Left: W\u1d40W \u2014 the diagonal is \u2016W\u1d62\u2016\u00b2 (red when \u2248 1), off-diagonal "
            + "cells are interference (blue: negative, e.g. \u22121 for an antipodal pair; red: positive) \u2014 "
            + "and the bias column b. Right: \u2016W\u1d62\u2016 per feature, bar colour = superposition "
            + "\u221a\u03a3\u2c7c\u2260\u1d62(\u0174\u1d62\u00b7W\u2c7c)\u00b2 (dark: orthogonal to every other feature; yellow: "
            + "\u2265 1). The dashed line separates the first m features. What to look for: dense models keep only "
            + "the m most important features (dark bars, identity block); as sparsity rises the least important "
            + "features enter first, as antipodal pairs and then other polytopes (yellow bars), with negative "
            + "biases.");
    static final FigureEntry PHASES = new FigureEntry("phases",
            "Phase diagram: empirical vs theory",
            "From the phases table (tms analyze). x: r = importance of the extra (last) feature / importance of "
            + "feature 0; y: density 1\u2212S; both log. Left: the empirical phase of the lowest-loss seed at each "
            + "grid point; middle: the majority phase after dropping the highest-loss seed (the paper averages 9 "
            + "of 10 fits); right: the closed-form theory (Wattenberg's toy model of the toy model). The black "
            + "line is the theoretical boundary: below it the extra feature shares the dimension antipodally "
            + "(superposition); above it the extra feature is not learned (r < 1) or gets the dimension (r > 1). "
            + "Empirical classes use ||W_i|| \u2265 0.5 (docs/paper.md §3); \u201cconfused\u201d (W\u2080 \u2248 W\u2081, "
            + "same sign) is a solution the theory omits.");
    static final FigureEntry EMBEDDINGS = new FigureEntry("embeddings",
            "Feature embeddings in 2-D",
            "The paper's intro figure for m = 2 models: each W\u1d62 as a line from the origin, labelled i, one "
            + "panel per grid point (the lowest-loss seed). What to look for (n=5, I=0.9^i): dense \u2014 the two "
            + "most important features orthogonal, the rest ~0; \u224880% sparse \u2014 two antipodal pairs; "
            + "\u224890% sparse \u2014 all five as a pentagon.");
    static final FigureEntry PRIVILEGED = new FigureEntry("privileged",
            "Privileged basis: weights per neuron",
            "relu_hidden models (h = ReLU(Wx)): one stacked bar per hidden neuron, segments = its weight on each "
            + "feature (colour = feature), lowest-loss seed per grid point. A neuron is monosemantic when it stores "
            + "one feature (|W\u2096\u1da0| \u2265 0.1 of its largest weight), polysemantic otherwise. Paper: dense "
            + "\u2014 every neuron monosemantic; sparser \u2014 more features than neurons, polysemantic neurons.");
    static final FigureEntry COMPUTATION = new FigureEntry("computation",
            "Computation in superposition: |W\u2081| per neuron",
            "abs models (h = ReLU(W\u2081x), y' = ReLU(W\u2082h + b), target |x|): one stacked bar per hidden neuron, "
            + "segments = |W\u2081\u2096\u1da0| after the footnote-15 normalisation (each neuron scaled so its largest "
            + "weight is 1, W\u2082 by the inverse), colour = feature in importance order (weights below 0.1 summed into "
            + "one grey segment); neurons sorted by the "
            + "importance of their largest feature; lowest-loss seed per grid point. A bar of height 1 in one colour "
            + "is a monosemantic neuron; extra segments (\u2265 0.1) make it polysemantic. Paper: 1\u2212S = 1 and 0.3 "
            + "\u2014 all neurons monosemantic (ReLU(x) / ReLU(\u2212x) pairs for the most important features); from "
            + "0.1 on a growing number of polysemantic neurons, first on low-importance features; at 0.001 all "
            + "neurons highly polysemantic. W\u2081 and W\u2082 per neuron: the neurons table (weights, readout_weights).");
    static final FigureEntry POLYTOPES = new FigureEntry("polytopes",
            "Polytope census vs sparsity",
            "From the polytopes table (tms analyze): represented features (||W\u1d62|| > 0.5) linked by "
            + "|\u0174\u1d62\u00b7W\u2c7c| \u2265 0.1 form components of k features spanning d dimensions, named "
            + "dedicated (1 in 1), digon (2 in 1, antipodal), triangle (3 in 2), tetrahedron (4 in 3), pentagon "
            + "(5 in 2), square antiprism (8 in 3); other shapes pooled. y: components per model of the "
            + "lowest-loss seed, averaged over the grid points of that sparsity.");
    static final FigureEntry ATTACKS = new FigureEntry("attacks",
            "Adversarial vulnerability vs sparsity",
            "From the attacks table (tms analyze): the paper's analytic L2 attack (norm 0.1 \u00d7 the mean input "
            + "norm, along (W\u1d40W)\u1d62 of the feature it hurts most) on the lowest-loss seed of each grid point. "
            + "Solid (left axis): vulnerability (L\u2032\u2212L)/(L\u2032\u2080\u2212L\u2080), the loss increase relative "
            + "to an orthogonal no-superposition model of the same m; 1 means as robust as that baseline. Dashed "
            + "(right axis): features per dimension \u2016W\u2016\u00b2_F/m. Paper: vulnerability rises sharply "
            + "(> 3\u00d7) as superposition forms and tracks features per dimension.");
    static final FigureEntry CURVES = new FigureEntry("curves",
            "Learning dynamics: D\u1d62 and loss over training",
            "From the curves table (train.curve_every): one panel per model (the first "
            + LearningCurvesFigure.MAX_MODELS + " in grid order), each with a shared training-step axis. "
            + "Top: each feature's dimensionality D\u1d62(t) (one line per feature; dashed lines at 1, 2/3, 1/2, "
            + "1/3). Bottom: the loss on the model's fixed evaluation set, log scale. What to look for (paper "
            + "\u201cLearning dynamics\u201d): D\u1d62 sit on plateaus at simple fractions and jump between them "
            + "(e.g. from \u2248 1 or 1/3 to 1/2), and the loss drops at each jump.");
    static final FigureEntry FEATURE_SETS = new FigureEntry("feature-sets",
            "Feature sets and a varied feature in 2-D",
            "m = 2 models with correlated / anticorrelated feature sets or a varied feature 0 (sparsity_first): "
            + "each Wᵢ as a line from the origin, members of one set in one colour (grey: independent), the "
            + "lowest-loss seed per grid point. Paper (rows 9, 10, 12): correlated pairs orthogonal, anticorrelated "
            + "pairs antipodal, three correlated pairs side by side in a hexagon or collapsed onto one direction as "
            + "density grows; a much sparser feature 0 is dropped and the pentagon becomes two digons. The panel "
            + "title lists each set's set_geometry label (orth, anti, coll, othe = other, mixe, unre).");
    static final FigureEntry PERTURBED = new FigureEntry("perturbed",
            "Perturbing a single feature",
            "Paper row 9: the density of feature 0 varies, the other features keep theirs. Left: final loss of the "
            + "lowest-loss seed; right: ‖W₀‖ and the number of represented features (‖Wᵢ‖ > 0.5). "
            + "Paper: when feature 0 is about 2.5× sparser than the rest, the pentagon snaps to two digons and "
            + "‖W₀‖ drops to 0 (a first-order change).");
    static final FigureEntry COLLAPSE = new FigureEntry("collapse",
            "Collapse of correlated pairs vs density",
            "From set_geometry (tms analyze): the number of correlated pairs whose two W rows point the same way "
            + "(cos ≥ 0.9, the pair stored as its principal component (a+b)/√2), lowest-loss seed, averaged "
            + "over the grid points of one density. Paper row 12 (3 pairs, m = 2): none collapsed at 1−S ≤ 0.05, "
            + "one at 0.05–0.15, two at 0.15–0.2, all three at 0.25–0.5.");
    static final FigureEntry DD_LOSS = new FigureEntry("dd-loss",
            "Finite datasets: test and train loss vs T",
            "Models trained on T fixed points (dataset.size; Henighan et al. 2023, “Superposition, "
            + "Memorization, and Double Descent”): test_loss and train_loss of the models table against T, "
            + "both axes log; faint points: every model (each dataset seed K and init seed), lines: the mean per T. "
            + "The arrow marks the bump: the interior T (neither the smallest nor the largest) with the highest "
            + "mean test loss. What to look for: train loss near 0 while the model can store its T points "
            + "(small T), rising towards the test loss as T grows; the test loss peaks between the "
            + "memorising and the generalising regime (double descent).");
    static final FigureEntry DD_DIMS = new FigureEntry("dd-dims",
            "Finite datasets: data vs feature dimensionality",
            "From the models table: mean_data_dim, the mean over the training points of D_X(i) = "
            + "‖hᵢ‖²/Σⱼ(ĥᵢ·hⱼ)² (hᵢ = W xᵢ), and "
            + "mean_top_feature_dim, the mean Dᵢ of the " + DoubleDescentFigures.TOP_FEATURES
            + " features with the largest ‖Wᵢ‖, against T, both log; faint: each model, line: the "
            + "mean per T. Dashed: m/T, the mean D_X of the points when their hidden vectors form a regular "
            + "T-gon (the largest possible). What to look for (the sequel): at small T the model stores data "
            + "points (D_X on m/T, features of small Dᵢ); at large T it stores features (D_X near 0, about "
            + "five features on a pentagon in m = 2, their Dᵢ below the pentagon's 2/5); the dotted line "
            + "marks where Dᵢ overtakes D_X.");
    static final FigureEntry DD_HIDDEN = new FigureEntry("dd-hidden",
            "Finite datasets: training points and features in 2-D",
            "m = 2 models only, for the " + HiddenVectorsFigure.SMALLEST_T + " smallest and the "
            + HiddenVectorsFigure.LARGEST_T + " largest T: the model of the lowest dataset seed K with the "
            + "lowest test loss. Upper panel: the hidden vectors hᵢ = W xᵢ of its T training points "
            + "(recomputed from the datapoints table's non-zero features and values and W; ReLU'd for "
            + "relu_hidden), as arrows from the origin up to T = " + HiddenVectorsFigure.ARROWS_UP_TO
            + ", dots beyond. Lower panel: every feature Wᵢ as a line from the origin, the "
            + DoubleDescentFigures.TOP_FEATURES + " longest coloured and labelled with their index, grey the rest "
            + "(those shorter than " + Math.round(100 * HiddenVectorsFigure.MIN_DRAWN_NORM) + "% of the longest "
            + "left out). What to look for (the sequel's figure of the two regimes): at small T the hᵢ form "
            + "a regular T-gon (the model memorises the points) while the features are small and scattered; at "
            + "large T the hᵢ are a cloud and the largest features form a pentagon.");
    static final FigureEntry DD_NORMS = new FigureEntry("dd-norms",
            "Finite datasets: weight and bias norms vs T",
            "weight_fro ‖W‖_F and bias_norm ‖b‖ of the models table against T, both log; faint: "
            + "each model, line: the mean per T; the dotted line is the test-loss bump of dd-loss. What to look "
            + "for (the sequel, at n = 10,000): both norms grow with T while the model memorises, fall fast in "
            + "the middle regime, then plateau once it stores features.");
    static final FigureEntry DD_HEATMAP = new FigureEntry("dd-heatmap",
            "Finite datasets: mean test loss over (T, m)",
            "Sweeps of finite datasets over several n_hidden = m: the mean test loss of the models at each "
            + "(T, m), T on a log axis, colour log₁₀ of the mean (value printed in the cell). The black "
            + "box in each row is that m's bump (the interior T of highest mean test loss). What to look for "
            + "(the sequel): double descent in both T and m, regions where a larger m or a larger T raises the "
            + "test loss.");
}
