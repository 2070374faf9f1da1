package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * One Transformer encoder layer as PyTorch's {@code nn.TransformerEncoderLayer}: self-attention ({@code self_attn}, a
 * {@link MultiheadAttention}) and a feed-forward block ({@code linear1}, the activation, dropout, {@code linear2}),
 * each with dropout and a residual connection, normalized by {@code norm1} and {@code norm2} ({@link LayerNorm}) after
 * the residual (post-norm, the default) or before the block ({@code normFirst}). Inputs are [length, batch, dModel],
 * or [batch, length, dModel] with {@code batchFirst}.
 *
 * <p>{@link #call(Inputs)} takes {@code src}, the optional {@code srcMask} and {@code srcKeyPaddingMask} (as
 * MultiheadAttention's {@code attnMask} and {@code keyPaddingMask}) and the option {@code isCausal}.
 */
public final class TransformerEncoderLayer extends Module {
    private static final Signature SIGNATURE = Signature.of("src").optional("srcMask", "srcKeyPaddingMask")
            .option("isCausal", Boolean.class, false);

    private final TransformerSettings settings;
    private final MultiheadAttention selfAttn;
    private final FeedForward feedForward;
    private final LayerNorm norm1, norm2;
    private final Dropout dropout1;

    /** PyTorch's defaults: feed-forward 2048, dropout 0.1, ReLU, eps 1e-5, [length, batch, dModel], post-norm. */
    public TransformerEncoderLayer(int dModel, int nhead) { this(TransformerSettings.of(dModel, nhead)); }

    public TransformerEncoderLayer(TransformerSettings s) {
        this.settings = s;
        selfAttn = registerModule("self_attn", new MultiheadAttention(s.dModel(), s.nhead(), s.dropout(), true, s.batchFirst()));
        feedForward = new FeedForward(this, s, "dropout2");
        norm1 = registerModule("norm1", new LayerNorm(new int[] {s.dModel()}, s.layerNormEps(), true));
        norm2 = registerModule("norm2", new LayerNorm(new int[] {s.dModel()}, s.layerNormEps(), true));
        dropout1 = registerModule("dropout1", new Dropout(s.dropout()));
    }

    public TransformerSettings settings() { return settings; }

    @Override
    public Signature signature() { return SIGNATURE; }

    @Override
    public Tensor forward(Tensor src) { return encode(src, null, null, false); }

    @Override
    protected Outputs forward(Inputs in) {
        return Outputs.of(encode(in.tensor("src"), in.tensorOrNull("srcMask"), in.tensorOrNull("srcKeyPaddingMask"),
                in.option("isCausal", Boolean.class)));
    }

    /** The layer on src with its masks. */
    Tensor encode(Tensor src, Tensor mask, Tensor keyPaddingMask, boolean causal) {
        Tensor x = src;
        if (settings.normFirst()) {
            x = x.add(selfAttention(norm1.call(x), mask, keyPaddingMask, causal));
            return x.add(feedForward.apply(norm2.call(x)));
        }
        x = norm1.call(x.add(selfAttention(x, mask, keyPaddingMask, causal)));
        return norm2.call(x.add(feedForward.apply(x)));
    }

    private Tensor selfAttention(Tensor x, Tensor mask, Tensor keyPaddingMask, boolean causal) {
        return dropout1.call(selfAttn.attend(x, x, x, keyPaddingMask, mask, causal, false, true)[0]);
    }

    @Override
    public String toString() { return "TransformerEncoderLayer(" + settings + ")"; }
}
