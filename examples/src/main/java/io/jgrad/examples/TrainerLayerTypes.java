package io.jgrad.examples;

import io.jgrad.nn.Architecture;
import io.jgrad.nn.LayerType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models of the sequence trainers ({@code char-lstm}, {@code char-transformer}, {@code seq2seq},
 * {@code fashion-rnn}) as {@link Architecture} layer types, so that their model files carry an architecture and
 * {@code evaluate}, {@code predict} and {@code inspect} rebuild them without the training run. The settings are the
 * models' sizes; the types are named {@code jgrad.examples.<class>} and exist wherever the examples module registers
 * them ({@link JgradCli#commandLine()} does).
 */
final class TrainerLayerTypes {
    private static boolean registered;

    private TrainerLayerTypes() {}

    /** Registers the four types; later calls do nothing. */
    static synchronized void register() {
        if (registered) return;
        Architecture.register(new LayerType<>("jgrad.examples.CharLstm", CharLstm.class,
                m -> settings("vocab", m.vocab(), "embedding", m.embeddingSize(), "hidden", m.hiddenSize(),
                        "layers", m.layers()),
                c -> new CharLstm(c.intValue("vocab"), c.intValue("embedding"), c.intValue("hidden"),
                        c.intValue("layers"))));
        Architecture.register(new LayerType<>("jgrad.examples.CharTransformer", CharTransformer.class,
                m -> settings("vocab", m.vocab(), "context", m.context(), "d_model", m.dModel(), "nhead", m.heads(),
                        "num_layers", m.numLayers()),
                c -> new CharTransformer(c.intValue("vocab"), c.intValue("context"), c.intValue("d_model"),
                        c.intValue("nhead"), c.intValue("num_layers"))));
        Architecture.register(new LayerType<>("jgrad.examples.DateSeq2Seq", DateSeq2Seq.class,
                m -> settings("vocab", m.vocab(), "pad_id", m.padId(), "embedding", m.embeddingSize(),
                        "hidden", m.hidden()),
                c -> new DateSeq2Seq(c.intValue("vocab"), c.intValue("pad_id"), c.intValue("embedding"),
                        c.intValue("hidden"))));
        Architecture.register(new LayerType<>("jgrad.examples.FashionRnn", FashionRnn.RowClassifier.class,
                m -> settings("hidden", m.hidden()), c -> new FashionRnn.RowClassifier(c.intValue("hidden"))));
        registered = true;
    }

    /** Keys and values, in order (so that the JSON is the same from run to run). */
    private static Map<String, Object> settings(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return out;
    }
}
