package io.jgrad.nn;

import io.jgrad.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A stack of {@link TransformerEncoderLayer}s as PyTorch's {@code nn.TransformerEncoder}: the layers in order
 * (state-dict names {@code layers.0. ...}), then an optional final {@code norm}. {@link #call(Inputs)} takes
 * {@code src}, the optional {@code mask} and {@code srcKeyPaddingMask}, and the option {@code isCausal}, passed to
 * every layer.
 */
public final class TransformerEncoder extends Module {
    private static final Signature SIGNATURE = Signature.of("src").optional("mask", "srcKeyPaddingMask")
            .option("isCausal", Boolean.class, false);

    private final Sequential layers;
    private final LayerNorm norm;

    /** {@code numLayers} layers of these settings, with a final LayerNorm (of the settings' eps) when {@code finalNorm}. */
    public TransformerEncoder(TransformerSettings s, int numLayers, boolean finalNorm) {
        this(layers(s, numLayers), finalNorm ? new LayerNorm(new int[] {s.dModel()}, s.layerNormEps(), true) : null);
    }

    /** These layers (at least one), then {@code norm} (null for none). */
    public TransformerEncoder(List<TransformerEncoderLayer> layers, LayerNorm norm) {
        if (layers.isEmpty()) throw new IllegalArgumentException("TransformerEncoder: needs at least one layer");
        this.layers = registerModule("layers", new Sequential(layers.toArray(Module[]::new)));
        this.norm = norm == null ? null : registerModule("norm", norm);
    }

    private static List<TransformerEncoderLayer> layers(TransformerSettings s, int n) {
        if (n <= 0) throw new IllegalArgumentException("TransformerEncoder: numLayers must be positive, got " + n);
        List<TransformerEncoderLayer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new TransformerEncoderLayer(s));
        return out;
    }

    /** The layers, in order. */
    public List<TransformerEncoderLayer> layers() {
        return layers.layers().stream().map(TransformerEncoderLayer.class::cast).toList();
    }

    /** The final norm, or null. */
    public LayerNorm norm() { return norm; }

    @Override
    public Signature signature() { return SIGNATURE; }

    @Override
    public Tensor forward(Tensor src) { return encode(src, null, null, false); }

    @Override
    protected Outputs forward(Inputs in) {
        return Outputs.of(encode(in.tensor("src"), in.tensorOrNull("mask"), in.tensorOrNull("srcKeyPaddingMask"),
                in.option("isCausal", Boolean.class)));
    }

    private Tensor encode(Tensor src, Tensor mask, Tensor keyPaddingMask, boolean causal) {
        Tensor x = src;
        for (TransformerEncoderLayer layer : layers()) x = layer.encode(x, mask, keyPaddingMask, causal);
        return norm == null ? x : norm.call(x);
    }

    @Override
    public String toString() { return "TransformerEncoder(" + layers.layers().size() + " layers, norm=" + (norm != null) + ")"; }
}
