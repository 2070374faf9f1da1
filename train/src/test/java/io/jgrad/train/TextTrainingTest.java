package io.jgrad.train;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.data.DataLoader;
import io.jgrad.data.text.CharTokenizer;
import io.jgrad.data.text.SpecialTokens;
import io.jgrad.data.text.TextDataset;
import io.jgrad.data.text.Tokenizer;
import io.jgrad.decode.Greedy;
import io.jgrad.decode.StepModel;
import io.jgrad.metrics.TokenMetrics;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Loss;
import io.jgrad.nn.Module;
import io.jgrad.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The text pieces with the trainer: a bigram character model (one-hot input, one dense layer, logits {@code [B, T, V]})
 * learns text where each character determines the next, the token metrics track it, the vocabulary travels in the
 * model file, and greedy decoding reproduces the text.
 */
class TextTrainingTest {
    @TempDir
    Path dir;

    /** Logits [B, T, V] from ids [B, T]: a dense layer over one-hot characters. */
    static final class Bigram extends Module {
        private final int vocab;
        private final Dense out;

        Bigram(int vocab, Generator g) {
            this.vocab = vocab;
            out = registerModule("out", new Dense(vocab, vocab).generator(g));
        }

        @Override
        public Tensor forward(Tensor ids) { return out.call(ids.oneHot(vocab).to(DType.F32)); }
    }

    @Test
    void aTokenizerInTheMetadataIsReadStrictly() {
        CharTokenizer t = CharTokenizer.fit("ab", SpecialTokens.of(SpecialTokens.PAD));
        ModelCard card = ModelCard.empty().withTokenizer(t);
        assertEquals(card, ModelCard.fromMetadata(card.toMetadata(), "m.safetensors"));
        assertNull(ModelCard.fromMetadata(ModelCard.empty().toMetadata(), "m.safetensors").tokenizer());
        var e = assertThrows(IllegalArgumentException.class,
                () -> ModelCard.fromMetadata(Map.of(ModelCard.TOKENIZER_KEY, "{}"), "m.safetensors"));
        assertTrue(e.getMessage().startsWith("m.safetensors: metadata jgrad.tokenizer: invalid vocabulary"),
                e.getMessage());
    }

    @Test
    void aCharacterModelLearnsItsTextAndTheMetricsSayHowWell() throws IOException {
        String text = "black fury.".repeat(80); // every character different, so each determines the next
        CharTokenizer tokenizer = CharTokenizer.fit(text, SpecialTokens.of(SpecialTokens.PAD));
        int vocab = tokenizer.vocabSize(), pad = tokenizer.requireSpecial(SpecialTokens.PAD);
        TextDataset windows = TextDataset.windows(tokenizer.encode(text), 16, 8);
        Module model = new Bigram(vocab, new Generator(1));
        CrossEntropyLoss ce = new CrossEntropyLoss().ignoreIndex(pad);
        Loss loss = (logits, targets) -> ce.compute(logits.reshape(-1, vocab), targets.reshape(-1)); // class axis last
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 0.05), loss)
                .metrics(TokenMetrics.perplexity(pad), TokenMetrics.bitsPerToken(pad), TokenMetrics.accuracy(pad))
                .progress(Progress.silent()).build();
        DataLoader loader = DataLoader.builder(windows).batchSize(16).shuffle(2).build();
        History h = trainer.fit(loader, DataLoader.of(windows, 32), 20);
        Map<String, Double> last = h.last();
        assertEquals(1.0, last.get("val_token_accuracy"), 1e-12, last.toString());
        assertTrue(last.get("val_perplexity") < 1.1, last.toString());
        assertEquals(Math.log(last.get("val_perplexity")) / Math.log(2), last.get("val_bits_per_token"), 1e-4);
        assertEquals(last.get("val_loss"), Math.log(last.get("val_perplexity")), 1e-4, "perplexity = exp(loss)");

        Path file = dir.resolve("bigram.safetensors");
        ModelFiles.save(model, file, ModelCard.empty().withTokenizer(tokenizer), Map.of());
        Tokenizer loaded = ModelCard.fromMetadata(ModelFiles.load(new Bigram(vocab, new Generator(9)), file).metadata(),
                file.toString()).tokenizer();
        assertEquals(tokenizer, loaded);

        StepModel<Void> lastCharacter = new StepModel<>() {
            @Override
            public Step<Void> step(Tensor tokens, Void state) {
                Tensor logits = model.call(tokens);
                return new Step<>(logits.select(1, tokens.dim(1) - 1), null);
            }

            @Override
            public Void select(Void state, Tensor rows) { return null; }
        };
        model.eval();
        int[] generated = Greedy.decode(lastCharacter, null, Tensor.of(new long[] {loaded.encode("l")[0]}, 1, 1), 11, -1)
                .getFirst();
        assertEquals("ack fury.bl", loaded.decode(generated));
    }
}
