package io.jgrad.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@link Architecture} entries of {@link Embedding}, {@link SimpleRNN}, {@link LSTM} and {@link GRU}. */
final class RecurrentLayerTypes {
    private RecurrentLayerTypes() {}

    static List<LayerType<?>> all() {
        return List.of(
                new LayerType<>("Embedding", Embedding.class, RecurrentLayerTypes::embedding, RecurrentLayerTypes::embedding),
                new LayerType<>("SimpleRNN", SimpleRNN.class,
                        r -> { Map<String, Object> s = recurrent(r); s.put("nonlinearity", r.isRelu() ? "relu" : "tanh"); return s; },
                        c -> configure(c, new SimpleRNN(c.intValue("input_size", -1), c.intValue("hidden_size"), relu(c)))),
                new LayerType<>("LSTM", LSTM.class, RecurrentLayerTypes::recurrent,
                        c -> configure(c, new LSTM(c.intValue("input_size", -1), c.intValue("hidden_size")))),
                new LayerType<>("GRU", GRU.class, RecurrentLayerTypes::recurrent,
                        c -> configure(c, new GRU(c.intValue("input_size", -1), c.intValue("hidden_size")))));
    }

    private static Map<String, Object> embedding(Embedding e) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("num_embeddings", e.numEmbeddings());
        s.put("embedding_dim", e.embeddingDim());
        if (e.paddingIndex() >= 0) s.put("padding_idx", e.paddingIndex());
        if (!Double.isNaN(e.maxNorm())) {
            s.put("max_norm", e.maxNorm());
            s.put("norm_type", e.normType());
        }
        return s;
    }

    private static Embedding embedding(LayerConfig c) {
        Embedding e = new Embedding(c.intValue("num_embeddings"), c.intValue("embedding_dim"),
                c.has("padding_idx") ? c.intValue("padding_idx") : null, null);
        if (c.has("max_norm")) e.maxNorm(c.doubleValue("max_norm"), c.doubleValue("norm_type", 2));
        return e;
    }

    private static Map<String, Object> recurrent(RecurrentLayer r) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (r.isBuilt()) s.put("input_size", r.inputSize());
        s.put("hidden_size", r.hiddenSize());
        s.put("num_layers", r.numLayers());
        s.put("bias", r.hasBias());
        s.put("batch_first", r.isBatchFirst());
        s.put("dropout", r.dropoutProbability());
        s.put("bidirectional", r.isBidirectional());
        s.put("return_sequences", r.returnsSequences());
        return s;
    }

    private static boolean relu(LayerConfig c) {
        String f = c.string("nonlinearity", "tanh");
        if (!f.equals("tanh") && !f.equals("relu")) throw c.error("nonlinearity", "must be \"tanh\" or \"relu\", got \"" + f + "\"");
        return f.equals("relu");
    }

    private static <R extends RecurrentLayer> R configure(LayerConfig c, R r) {
        r.numLayers(c.intValue("num_layers", 1)).bias(c.bool("bias", true)).batchFirst(c.bool("batch_first", false))
                .dropout(c.doubleValue("dropout", 0)).bidirectional(c.bool("bidirectional", false))
                .returnSequences(c.bool("return_sequences", true));
        return r;
    }
}
