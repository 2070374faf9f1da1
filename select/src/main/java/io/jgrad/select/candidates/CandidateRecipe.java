package io.jgrad.select.candidates;

import io.jgrad.Generator;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Loss;
import io.jgrad.nn.MSELoss;
import io.jgrad.nn.Module;
import io.jgrad.optim.Adam;
import io.jgrad.optim.Optimizer;
import io.jgrad.select.TaskProfile;
import io.jgrad.select.TaskType;

/**
 * How every candidate is built and trained, the same in the probe, the comparison and the final fit: a model
 * initialised from a seed, cross-entropy on logits for classification and mean squared error for regression, Adam at
 * the configuration's {@code lr}.
 */
public final class CandidateRecipe {
    /** Layers initialise from {@code Generator.global()}: building one model at a time keeps a seed's weights. */
    private static final Object BUILD_LOCK = new Object();
    /** Mixed into the seed of the layers' own generators so that they do not repeat the weights' stream. */
    private static final long DROPOUT_STREAM = 0x9e3779b97f4a7c15L;

    private CandidateRecipe() {}

    /**
     * {@code family}'s model for {@code config}, its weights drawn from {@code seed} (the same seed, the same weights
     * and dropout masks, whatever else runs at the same time).
     */
    public static Module build(CandidateFamily family, TaskProfile profile, Hyperparameters config, long seed) {
        TaskProfile encoded = encodedProfile(profile, family.encoding(config));
        synchronized (BUILD_LOCK) {
            Generator.global().manualSeed(seed);
            return family.build(encoded, config, new Generator(seed ^ DROPOUT_STREAM));
        }
    }

    /** The profile with the input shape as the family's model sees it after its encoding. */
    public static TaskProfile encodedProfile(TaskProfile profile, FeatureEncoding encoding) {
        return new TaskProfile(profile.modality(), profile.task(), profile.samples(),
                encoding.encodedShape(profile.inputShape()), profile.classNames(), profile.imbalanceRatio(),
                profile.findings(), profile.tokenIds());
    }

    /** Cross-entropy on logits for classification, mean squared error for regression. */
    public static Loss loss(TaskType task) { return task.isClassification() ? new CrossEntropyLoss() : new MSELoss(); }

    /** Adam over the model's parameters at the configuration's {@code lr}. */
    public static Optimizer optimizer(Module model, Hyperparameters config) {
        return new Adam(model.parameters(), config.doubleValue("lr"));
    }
}
