package io.jgrad.examples;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.data.Datasets;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Dense;
import io.jgrad.nn.LSTM;
import io.jgrad.nn.Module;
import io.jgrad.nn.RecurrentLayer;
import io.jgrad.optim.Adam;

import java.io.PrintWriter;
import java.util.List;

/**
 * {@code fashion-rnn}: Fashion-MNIST read row by row, each image a sequence of 28 steps of 28 pixels (standardized as
 * for {@code fashion-mlp}), through an LSTM whose last state feeds a dense classifier; Adam. Writes the model, history
 * and curves like the other Fashion-MNIST trainers; the last line is the test accuracy.
 */
final class FashionRnn {
    /** The LSTM's hidden size. */
    static final int HIDDEN = 128;

    private final TrainingHarness harness;

    FashionRnn(PrintWriter out, boolean plain) { this.harness = new TrainingHarness(out, plain); }

    /**
     * Images [B, 784] (row after row) as sequences [B, 28, 28], an LSTM(28, hidden) and a dense layer on its last
     * state.
     */
    static final class RowClassifier extends Module {
        private final int hidden;
        private final RecurrentLayer lstm;
        private final Dense head;

        RowClassifier(int hidden) {
            this.hidden = hidden;
            lstm = registerModule("lstm", new LSTM(28, hidden).batchFirst(true).returnSequences(false));
            head = registerModule("head", new Dense(hidden, 10));
        }

        int hidden() { return hidden; }

        @Override
        public Tensor forward(Tensor images) {
            if (images.rank() != 2 || images.dim(1) != 28 * 28) {
                throw new IllegalArgumentException("fashion-rnn: expected images [B, 784], got shape " + images.shape());
            }
            return head.call(lstm.call(images.reshape(images.dim(0), 28, 28)));
        }
    }

    static final String ARCHITECTURE = "rows of 28 pixels -> LSTM(28,128, batch_first) last state -> Dense(128,10)";

    int train(TrainingHarness.Settings s) throws Exception {
        FashionMlp.Standardized standardized = TrainingHarness.onHost(
                () -> FashionMlp.standardized(Datasets.fashionMnist(s.data())));
        TrainingHarness.Data data = harness.prepare("fashion-rnn", "Adam lr", standardized.data(), s);
        Generator.global().manualSeed(s.seed());
        Module model = new RowClassifier(HIDDEN);
        return harness.train(new TrainingHarness.Run("fashion-rnn", ARCHITECTURE, model,
                new Adam(model.parameters(), s.lr()), new CrossEntropyLoss(), List.of(),
                TrainingHarness.loader(data.train(), s.batchSize()).shuffle(s.seed()).build(),
                TrainingHarness.loader(data.validation(), 1000).build(),
                TrainingHarness.loader(data.test(), 1000).build(), true, standardized.preprocessing()), s);
    }
}
