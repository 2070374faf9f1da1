package io.jgrad.select.candidates;

import io.jgrad.select.Modality;

import java.util.List;

/** The built-in candidate families for each modality, cheapest first. */
public final class Families {
    private static final String SEQUENCE_LAYERS = "needs sequence layers (Embedding, GRU/LSTM, Conv1d over tokens,"
            + " attention) that this build does not have yet";

    private Families() {}

    /**
     * Tabular: linear/logistic baseline and MLPs. Images: MLP baseline, small CNN, ResNet-style. Text: hashed n-gram
     * linear and fastText-style baselines, then GRU, LSTM, 1-D CNN and a small Transformer listed as unavailable.
     */
    public static List<CandidateFamily> forModality(Modality modality) {
        return switch (modality) {
            case TABULAR -> List.of(new LinearFamily(), new MlpFamily());
            case IMAGES -> List.of(new MlpFamily(), new SmallCnnFamily(), new ResNetFamily());
            case TEXT -> List.of(HashedNgramFamily.linear(), HashedNgramFamily.fastText(),
                    new UnavailableFamily("gru", "embedding + GRU, last state to a classifier", SEQUENCE_LAYERS),
                    new UnavailableFamily("lstm", "embedding + LSTM, last state to a classifier", SEQUENCE_LAYERS),
                    new UnavailableFamily("cnn1d", "embedding + 1-D convolutions with global max pooling",
                            SEQUENCE_LAYERS),
                    new UnavailableFamily("transformer", "embedding + small Transformer encoder, mean pooling",
                            SEQUENCE_LAYERS));
        };
    }
}
