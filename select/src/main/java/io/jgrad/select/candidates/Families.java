package io.jgrad.select.candidates;

import io.jgrad.select.Modality;

import java.util.List;

/** The built-in candidate families for each modality, cheapest first. */
public final class Families {
    private Families() {}

    /**
     * Tabular: linear/logistic baseline and MLPs. Images: MLP baseline, small CNN, ResNet-style. Text: hashed n-gram
     * linear and fastText-style baselines, then the sequence models on token ids: GRU, LSTM, 1-D CNN and a small
     * Transformer.
     */
    public static List<CandidateFamily> forModality(Modality modality) {
        return switch (modality) {
            case TABULAR -> List.of(new LinearFamily(), new MlpFamily());
            case IMAGES -> List.of(new MlpFamily(), new SmallCnnFamily(), new ResNetFamily());
            case TEXT -> List.of(HashedNgramFamily.linear(), HashedNgramFamily.fastText(), RecurrentTextFamily.gru(),
                    RecurrentTextFamily.lstm(), new ConvTextFamily(), new TransformerTextFamily());
        };
    }
}
