package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * One Transformer decoder layer as PyTorch's {@code nn.TransformerDecoderLayer}: self-attention on the target
 * ({@code self_attn}), attention from the target to the encoder's output, the memory ({@code multihead_attn}), and a
 * feed-forward block ({@code linear1}, the activation, dropout, {@code linear2}), each with dropout and a residual
 * connection, normalized by {@code norm1}, {@code norm2} and {@code norm3} after the residual (post-norm, the default)
 * or before the block ({@code normFirst}). Inputs are [length, batch, dModel], or [batch, length, dModel] with
 * {@code batchFirst}.
 *
 * <p>{@link #call(Inputs)} takes {@code tgt} and {@code memory}, the optional {@code tgtMask}, {@code memoryMask},
 * {@code tgtKeyPaddingMask} and {@code memoryKeyPaddingMask} (as MultiheadAttention's masks) and the options
 * {@code tgtIsCausal} and {@code memoryIsCausal}.
 */
public final class TransformerDecoderLayer extends Module {
    private static final Signature SIGNATURE = Signature.of("tgt", "memory")
            .optional("tgtMask", "memoryMask", "tgtKeyPaddingMask", "memoryKeyPaddingMask")
            .option("tgtIsCausal", Boolean.class, false)
            .option("memoryIsCausal", Boolean.class, false);

    private final TransformerSettings settings;
    private final MultiheadAttention selfAttn, crossAttn;
    private final FeedForward feedForward;
    private final LayerNorm norm1, norm2, norm3;
    private final Dropout dropout1, dropout2;

    /** PyTorch's defaults: feed-forward 2048, dropout 0.1, ReLU, eps 1e-5, [length, batch, dModel], post-norm. */
    public TransformerDecoderLayer(int dModel, int nhead) { this(TransformerSettings.of(dModel, nhead)); }

    public TransformerDecoderLayer(TransformerSettings s) {
        this.settings = s;
        selfAttn = registerModule("self_attn", new MultiheadAttention(s.dModel(), s.nhead(), s.dropout(), true, s.batchFirst()));
        crossAttn = registerModule("multihead_attn",
                new MultiheadAttention(s.dModel(), s.nhead(), s.dropout(), true, s.batchFirst()));
        feedForward = new FeedForward(this, s, "dropout3");
        norm1 = registerModule("norm1", new LayerNorm(new int[] {s.dModel()}, s.layerNormEps(), true));
        norm2 = registerModule("norm2", new LayerNorm(new int[] {s.dModel()}, s.layerNormEps(), true));
        norm3 = registerModule("norm3", new LayerNorm(new int[] {s.dModel()}, s.layerNormEps(), true));
        dropout1 = registerModule("dropout1", new Dropout(s.dropout()));
        dropout2 = registerModule("dropout2", new Dropout(s.dropout()));
    }

    public TransformerSettings settings() { return settings; }

    @Override
    public Signature signature() { return SIGNATURE; }

    @Override
    protected Outputs forward(Inputs in) {
        return Outputs.of(decode(in.tensor("tgt"), in.tensor("memory"), in.tensorOrNull("tgtMask"),
                in.tensorOrNull("memoryMask"), in.tensorOrNull("tgtKeyPaddingMask"),
                in.tensorOrNull("memoryKeyPaddingMask"), in.option("tgtIsCausal", Boolean.class),
                in.option("memoryIsCausal", Boolean.class)));
    }

    /** The layer on tgt and memory with their masks. */
    Tensor decode(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtPadding, Tensor memoryPadding,
                  boolean tgtCausal, boolean memoryCausal) {
        Tensor x = tgt;
        if (settings.normFirst()) {
            Tensor n1 = norm1.call(x);
            x = x.add(dropout1.call(selfAttn.attend(n1, n1, n1, tgtPadding, tgtMask, tgtCausal, false, true)[0]));
            Tensor n2 = norm2.call(x);
            x = x.add(dropout2.call(crossAttn.attend(n2, memory, memory, memoryPadding, memoryMask, memoryCausal, false, true)[0]));
            return x.add(feedForward.apply(norm3.call(x)));
        }
        x = norm1.call(x.add(dropout1.call(selfAttn.attend(x, x, x, tgtPadding, tgtMask, tgtCausal, false, true)[0])));
        x = norm2.call(x.add(dropout2.call(crossAttn.attend(x, memory, memory, memoryPadding, memoryMask, memoryCausal, false, true)[0])));
        return norm3.call(x.add(feedForward.apply(x)));
    }

    @Override
    public String toString() { return "TransformerDecoderLayer(" + settings + ")"; }
}
