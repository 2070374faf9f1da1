package io.jgrad.examples;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.backend.Backends;
import io.jgrad.data.Dataset;
import io.jgrad.data.text.TextCorpus;
import io.jgrad.data.text.TextDataset;
import io.jgrad.data.text.Tokenizer;
import io.jgrad.data.text.Tokenizers;
import io.jgrad.decode.Sampler;
import io.jgrad.metrics.TokenMetrics;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Loss;
import io.jgrad.nn.Module;
import io.jgrad.optim.Adam;
import io.jgrad.train.ModelCard;
import io.jgrad.train.ModelCheckpoint;
import io.jgrad.train.ModelFiles;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a character language model on the fortunes corpus ({@link FortunesText}: split by a fixed tail of every
 * file): {@code char-lstm} (a 2-layer LSTM, {@link CharLstm}) or {@code char-transformer} (a small decoder-only
 * Transformer, {@link CharTransformer}). The text is cut into windows of {@link #WINDOW} characters side by side;
 * Adam, the gradients' global norm clipped to {@code --clip-norm}. Validation bits per character after each epoch,
 * the test part's once at the end; then a sample of generated text, and last {@code test bits per char: X.XXX}.
 * The model file carries the vocabulary (and {@code vocab.json} holds it too).
 */
final class CharLanguageModel {
    enum Kind { LSTM, TRANSFORMER }

    /** The window (context) length in characters. */
    static final int WINDOW = 64;
    /** The sample's length in characters, its prompt, sampling temperature and top-k. */
    static final int SAMPLE_LENGTH = 300;
    static final String PROMPT = "The ";
    static final double TEMPERATURE = 0.8;
    static final int TOP_K = 20;

    private final TrainingHarness harness;
    private final PrintWriter out;

    CharLanguageModel(PrintWriter out, boolean plain) {
        this.harness = new TrainingHarness(out, plain);
        this.out = out;
    }

    static String name(Kind kind) { return kind == Kind.LSTM ? "char-lstm" : "char-transformer"; }

    /** The model for {@code vocab} characters: the LSTM 64-128x2, or the Transformer d 128, 4 heads, 2 layers. */
    static Module model(Kind kind, int vocab) {
        return kind == Kind.LSTM ? new CharLstm(vocab, 64, 128, 2) : new CharTransformer(vocab, WINDOW, 128, 4, 2);
    }

    static String architecture(Kind kind) {
        return kind == Kind.LSTM ? "Embedding(V,64) LSTM(64,128,layers=2,batch_first) Dense(128,V)"
                : "Embedding(V,128)+LearnedPositions(64) 2x pre-norm TransformerEncoderLayer(128,4 heads,ff 512,GELU,"
                + "causal) LayerNorm Dense(128,V)";
    }

    /**
     * @param clipNorm   the gradients' global norm is clipped to it (0: no clipping)
     * @param exportData write the token streams beside the model (for {@code tools/char_lm_torch.py})
     */
    int train(Kind kind, TrainingHarness.Settings s, double clipNorm, boolean exportData) throws Exception {
        String name = name(kind);
        Path dir = s.data() != null ? s.data() : TextCorpus.FORTUNES_DIR;
        FortunesText text = TrainingHarness.onHost(() -> FortunesText.read(dir));
        if (exportData) text.export(s.out());
        int vocab = text.tokenizer().vocabSize();
        Dataset train = TrainingHarness.limited(TextDataset.windows(text.train(), WINDOW), s.limit());
        Dataset validation = TrainingHarness.limited(TextDataset.windows(text.validation(), WINDOW), s.limit());
        Dataset test = TrainingHarness.limited(TextDataset.windows(text.test(), WINDOW), s.limit());
        int steps = s.epochs() * Math.ceilDiv(train.size(), s.batchSize());
        harness.info(s).printf(Locale.ROOT, "%s: %d training, %d validation and %d test windows of %d characters "
                        + "(%s split by file tail: last %.0f%% test, %.0f%% before it validation), %d characters in "
                        + "the vocabulary, backend %s, batch %d, Adam lr %s, clip norm %s, %d epochs (%d steps)%n",
                name, train.size(), validation.size(), test.size(), WINDOW, dir, 100 * FortunesText.TEST_TAIL,
                100 * FortunesText.VALIDATION_TAIL, vocab, Backends.defaultBackend().name(),
                s.batchSize(), s.lr(), clipNorm > 0 ? clipNorm : "off", s.epochs(), steps);
        harness.info(s).flush();

        Generator.global().manualSeed(s.seed());
        Module model = model(kind, vocab);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        Loss loss = (logits, targets) -> ce.compute(logits.reshape(-1, vocab), targets.reshape(-1));
        var fitted = harness.fit(name, model, new Adam(model.parameters(), s.lr()), loss,
                List.of(TokenMetrics.bitsPerToken(-1)), clipNorm, List.of(),
                TrainingHarness.loader(train, s.batchSize()).shuffle(s.seed()).build(),
                TrainingHarness.loader(validation, 256).build(), s);
        double bits = fitted.trainer().evaluate(TrainingHarness.loader(test, 256).build()).get("bits_per_token");

        model.eval();
        String sample = sample(model, text, s.seed());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", name);
        meta.put("architecture", architecture(kind));
        meta.put("epochs", Integer.toString(fitted.history().size()));
        meta.put("test_bits_per_char", String.format(Locale.ROOT, "%.4f", bits));
        Map<String, String> hyper = new LinkedHashMap<>();
        hyper.put("dataset", dir.toString());
        hyper.put("split", String.format(Locale.ROOT, "tail of every file: last %.0f%% test, %.0f%% before it validation",
                100 * FortunesText.TEST_TAIL, 100 * FortunesText.VALIDATION_TAIL));
        hyper.put("window", Integer.toString(WINDOW));
        hyper.put("optimizer", "Adam");
        hyper.put("lr", Double.toString(s.lr()));
        hyper.put("batch_size", Integer.toString(s.batchSize()));
        hyper.put("epochs", Integer.toString(fitted.history().size()));
        hyper.put("clip_norm", Double.toString(clipNorm));
        if (s.limit() != null) hyper.put("limit", Integer.toString(s.limit()));
        ModelCard card = new ModelCard(null, List.of(), hyper, s.seed()).withTokenizer(text.tokenizer());
        Path modelFile = s.out().resolve(SavedModels.MODEL_FILE);
        ModelFiles.save(model, modelFile, card, meta);
        Tokenizers.save(text.tokenizer(), s.out().resolve("vocab.json"));

        PrintWriter info = harness.info(s);
        info.printf(Locale.ROOT, "%.1f s of training (%.0f ms per step)%n", fitted.seconds(),
                1000 * fitted.seconds() / Math.max(1, steps));
        info.printf(Locale.ROOT, "wrote %s (with the vocabulary), vocab.json, %s, history.csv, history.json%s to %s%n",
                modelFile.getFileName(), ModelCheckpoint.LAST, exportData
                        ? ", train.i32, validation.i32, test.i32" : "", s.out());
        info.printf(Locale.ROOT, "sample (temperature %s, top-k %d, prompt \"%s\"):%n%s%n", TEMPERATURE, TOP_K,
                PROMPT, PROMPT + sample);
        info.flush();
        out.printf(Locale.ROOT, "test bits per char: %.3f%n", bits);
        out.flush();
        return 0;
    }

    /** {@link #SAMPLE_LENGTH} characters after {@link #PROMPT}, seeded with the run's seed. */
    private static String sample(Module model, FortunesText text, long seed) {
        return continuation(model, text.tokenizer(), PROMPT, SAMPLE_LENGTH, new Sampler(TEMPERATURE, TOP_K, 1), seed);
    }

    /**
     * {@code length} characters sampled after {@code prompt} from a {@link CharLstm} or {@link CharTransformer},
     * drawn from {@code new Generator(seed)}.
     *
     * @throws IllegalArgumentException if the prompt is empty or holds a character outside the vocabulary
     */
    static String continuation(Module model, Tokenizer tokenizer, String prompt, int length, Sampler sampler,
                               long seed) {
        int[] ids = tokenizer.encode(prompt);
        if (ids.length == 0) throw new IllegalArgumentException("the prompt is empty");
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) wide[i] = ids[i];
        Tensor p = Tensor.of(wide, 1, wide.length);
        Generator g = new Generator(seed);
        try (var noGrad = Grad.off()) {
            List<int[]> rows = switch (model) {
                case CharLstm lstm -> sampler.sample(lstm, null, p, length, -1, g);
                case CharTransformer transformer -> sampler.sample(transformer, p, length, -1, g);
                default -> throw new IllegalArgumentException(model.getClass().getSimpleName()
                        + " is not a character language model");
            };
            return tokenizer.decode(rows.getFirst());
        }
    }
}
