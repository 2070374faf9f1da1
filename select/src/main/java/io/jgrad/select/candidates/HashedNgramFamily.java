package io.jgrad.select.candidates;

import io.jgrad.Generator;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Sequential;
import io.jgrad.select.TaskProfile;

/**
 * Strong small-data text baselines on hashed n-gram frequencies ({@link FeatureEncoding.HashedNgrams}): the linear
 * kind is a logistic regression on the bag of n-grams; the fastText kind maps the bag to a {@code dim}-wide mean
 * n-gram embedding (a dense layer without bias) and classifies it, optionally through a hidden ReLU layer.
 */
public final class HashedNgramFamily implements CandidateFamily {
    private final boolean embedding;
    private final HyperparameterSpace space;

    private HashedNgramFamily(boolean embedding) {
        this.embedding = embedding;
        HyperparameterSpace.Builder b = HyperparameterSpace.builder()
                .choice("buckets", 4096, 1024, 4096, 16384)
                .choice("max_n", 2, 1, 2, 3);
        if (embedding) b.choice("dim", 32, 16, 32, 64).choice("hidden", 0, 0, 64);
        this.space = FamilyParts.training(b, 1e-2).build();
    }

    /** Logistic regression on the hashed n-gram bag. */
    public static HashedNgramFamily linear() { return new HashedNgramFamily(false); }

    /** fastText: mean hashed n-gram embedding, then a classifier (with an optional hidden layer). */
    public static HashedNgramFamily fastText() { return new HashedNgramFamily(true); }

    @Override
    public String name() { return embedding ? "fasttext" : "ngram-linear"; }

    @Override
    public String description() {
        return embedding ? "fastText-style mean of hashed n-gram embeddings, then a classifier"
                : "bag of hashed token n-grams, linear / logistic";
    }

    @Override
    public HyperparameterSpace space() { return space; }

    @Override
    public FeatureEncoding encoding(Hyperparameters config) {
        return new FeatureEncoding.HashedNgrams(config.intValue("buckets"), config.intValue("max_n"));
    }

    @Override
    public Module build(TaskProfile profile, Hyperparameters config, Generator random) {
        int buckets = config.intValue("buckets"), out = FamilyParts.outputs(profile);
        if (!embedding) return new Sequential(new Dense(buckets, out));
        int dim = config.intValue("dim"), hidden = config.intValue("hidden");
        Sequential model = new Sequential(new Dense(buckets, dim, false));
        if (hidden > 0) model.add(new Dense(dim, hidden)).add(new ReLU());
        return model.add(new Dense(hidden > 0 ? hidden : dim, out));
    }
}
