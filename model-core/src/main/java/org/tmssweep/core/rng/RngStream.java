package org.tmssweep.core.rng;

/**
 * The named streams of a model's seed ({@link Rng#derive(long, RngStream)}): every random number a model
 * uses comes from one of them, so that init, training data and evaluation data are independent of each
 * other and of how the models are packed. A model trained on a finite dataset also has a dataset seed, whose
 * streams ({@link #DATASET}, {@link #TEST_SET}) draw the points it shares with the models of other init seeds. Each stream's {@link #id()} is hashed into its state: renaming one
 * would change every trained number, so the ids are fixed (RngTest holds golden values).
 */
public enum RngStream {
    /** W at initialisation (Trainer.initialWeights). */
    INIT("init"),
    /** W2 at initialisation, for the untied ABS model (Trainer.initialReadout). */
    INIT_W2("init.w2"),
    /** The fresh training batch of every step (PackRun). */
    DATA("data"),
    /** The samples on which {@code final_loss} is measured (Trainer.evalLoss). */
    EVAL("eval"),
    /** The fixed samples on which a learning curve's loss is measured (CurveRecorder). */
    CURVE("curve"),
    /**
     * The points of a finite training set ({@code FiniteDataset.training}). Derived from the spec's
     * dataset seed, not from its model seed, so that models differing only in their init seed share one
     * training set.
     */
    DATASET("dataset"),
    /** The fresh points of a finite dataset's test set ({@code FiniteDataset.test}), from the dataset seed too. */
    TEST_SET("test_set"),
    /**
     * The order in which minibatch epochs visit a finite training set (one shuffle per epoch), from the
     * model seed: each init seed sees its own order of the shared points.
     */
    SHUFFLE("shuffle"),
    /**
     * A sparse autoencoder's encoder, decoder and biases at initialisation ({@code SaeTrainer}), from the SAE's
     * own seed.
     */
    SAE_INIT("sae.init"),
    /** The fresh training batch of every step of a sparse autoencoder ({@code SaeTrainer}), from the SAE's seed. */
    SAE_DATA("sae.data"),
    /**
     * The fresh samples on which a trained sparse autoencoder's losses, L0 and firing frequencies are measured
     * ({@code SaeTrainer}), from the SAE's seed.
     */
    SAE_EVAL("sae.eval"),
    /** The new directions of the dead latents that a sparse autoencoder resamples ({@code SaeTrainer}). */
    SAE_RESAMPLE("sae.resample"),
    /**
     * The fixed parts of a sparse-dictionary data source with known features (the ground-truth directions and
     * the correlation matrix of {@code SyntheticFeatures}, the directions of {@code AbsorptionToy}), from the
     * source's truth seed, not from an SAE's seed: SAEs that differ in size, penalty or seed see one truth.
     */
    SAE_FEATURES("sae.features");

    private final String id;

    RngStream(String id) {
        this.id = id;
    }

    /** The name hashed into the stream's state. */
    public String id() {
        return id;
    }
}
