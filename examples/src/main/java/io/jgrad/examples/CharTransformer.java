package io.jgrad.examples;

import io.jgrad.Tensor;
import io.jgrad.decode.PrefixModel;
import io.jgrad.nn.Activation;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Embedding;
import io.jgrad.nn.Inputs;
import io.jgrad.nn.LearnedPositionalEncoding;
import io.jgrad.nn.Module;
import io.jgrad.nn.TransformerEncoder;
import io.jgrad.nn.TransformerSettings;

/**
 * {@code char-transformer}'s model, decoder-only: character ids [B, T] (T up to the context length) through an
 * embedding plus learned positions, a stack of pre-norm Transformer layers with causal self-attention (GELU, no
 * dropout) and a final layer norm, and a dense layer to next-character logits [B, T, V]. As a {@link PrefixModel} it
 * reads at most the last context-length characters of a prefix.
 */
final class CharTransformer extends Module implements PrefixModel {
    private final int vocab, context, dModel, heads, numLayers;
    private final Embedding embedding;
    private final LearnedPositionalEncoding positions;
    private final TransformerEncoder layers;
    private final Dense head;

    CharTransformer(int vocab, int context, int dModel, int heads, int numLayers) {
        this.vocab = vocab;
        this.context = context;
        this.dModel = dModel;
        this.heads = heads;
        this.numLayers = numLayers;
        embedding = registerModule("embedding", new Embedding(vocab, dModel));
        positions = registerModule("positions", new LearnedPositionalEncoding(context, dModel, true));
        TransformerSettings s = TransformerSettings.of(dModel, heads).dimFeedforward(4 * dModel).dropout(0)
                .activation(Activation.GELU).batchFirst(true).normFirst(true);
        layers = registerModule("layers", new TransformerEncoder(s, numLayers, true));
        head = registerModule("head", new Dense(dModel, vocab));
    }

    int vocab() { return vocab; }

    /** The context length: the most characters the model reads. */
    int context() { return context; }

    int dModel() { return dModel; }

    int heads() { return heads; }

    int numLayers() { return numLayers; }

    @Override
    public Tensor forward(Tensor ids) {
        if (ids.rank() != 2 || ids.dim(1) > context) {
            throw new IllegalArgumentException("char-transformer: expected ids [B, T] with T <= " + context
                    + " (the context length), got shape " + ids.shape());
        }
        Tensor x = positions.call(embedding.call(ids));
        return head.call(layers.call(Inputs.of(x).with("isCausal", true)).single());
    }

    @Override
    public Tensor nextLogits(Tensor prefixes) {
        int t = prefixes.dim(1), keep = Math.min(t, context);
        Tensor logits = forward(prefixes.narrow(1, t - keep, keep));
        return logits.select(1, keep - 1);
    }
}
