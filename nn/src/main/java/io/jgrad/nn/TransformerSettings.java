package io.jgrad.nn;

/**
 * The settings of a {@link TransformerEncoderLayer} or {@link TransformerDecoderLayer}, named as PyTorch's arguments.
 * Immutable; each setter returns a copy: {@code TransformerSettings.of(256, 4).dimFeedforward(1024).dropout(0)}.
 *
 * @param dModel         the embedding size
 * @param nhead          the attention heads (dModel must be divisible by it)
 * @param dimFeedforward the feed-forward block's hidden size (PyTorch's default 2048)
 * @param dropout        after attention, inside and after the feed-forward block, and on attention weights (0.1)
 * @param activation     of the feed-forward block: {@link Activation#RELU} (default) or {@link Activation#GELU}
 * @param layerNormEps   the layer norms' eps (1e-5)
 * @param batchFirst     inputs [batch, length, dModel] instead of [length, batch, dModel] (false)
 * @param normFirst      layer norm before each block (pre-norm) instead of after each residual (false)
 */
public record TransformerSettings(int dModel, int nhead, int dimFeedforward, double dropout, Activation activation,
                                  double layerNormEps, boolean batchFirst, boolean normFirst) {
    public TransformerSettings {
        if (dModel <= 0 || nhead <= 0 || dimFeedforward <= 0) {
            throw new IllegalArgumentException("Transformer: dModel, nhead and dimFeedforward must be positive, got "
                    + dModel + ", " + nhead + " and " + dimFeedforward);
        }
        if (dModel % nhead != 0) {
            throw new IllegalArgumentException("Transformer: dModel " + dModel + " is not divisible by nhead " + nhead);
        }
        if (activation == null || !(activation.kind() == Activation.Kind.RELU || activation.kind() == Activation.Kind.GELU)) {
            throw new IllegalArgumentException("Transformer: activation must be relu or gelu, got " + activation);
        }
    }

    /** PyTorch's defaults for the rest. */
    public static TransformerSettings of(int dModel, int nhead) {
        return new TransformerSettings(dModel, nhead, 2048, 0.1, Activation.RELU, 1e-5, false, false);
    }

    public TransformerSettings dimFeedforward(int size) {
        return new TransformerSettings(dModel, nhead, size, dropout, activation, layerNormEps, batchFirst, normFirst);
    }

    public TransformerSettings dropout(double p) {
        return new TransformerSettings(dModel, nhead, dimFeedforward, p, activation, layerNormEps, batchFirst, normFirst);
    }

    public TransformerSettings activation(Activation f) {
        return new TransformerSettings(dModel, nhead, dimFeedforward, dropout, f, layerNormEps, batchFirst, normFirst);
    }

    public TransformerSettings layerNormEps(double eps) {
        return new TransformerSettings(dModel, nhead, dimFeedforward, dropout, activation, eps, batchFirst, normFirst);
    }

    public TransformerSettings batchFirst(boolean on) {
        return new TransformerSettings(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, on, normFirst);
    }

    public TransformerSettings normFirst(boolean on) {
        return new TransformerSettings(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, on);
    }
}
