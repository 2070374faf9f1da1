package io.jgrad.nn;

import io.jgrad.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A stack of {@link TransformerDecoderLayer}s as PyTorch's {@code nn.TransformerDecoder}: the layers in order
 * (state-dict names {@code layers.0. ...}), then an optional final {@code norm}. {@link #call(Inputs)} takes
 * {@code tgt} and {@code memory} and the decoder layer's optional masks and options, passed to every layer.
 */
public final class TransformerDecoder extends Module {
    private static final Signature SIGNATURE = Signature.of("tgt", "memory")
            .optional("tgtMask", "memoryMask", "tgtKeyPaddingMask", "memoryKeyPaddingMask")
            .option("tgtIsCausal", Boolean.class, false)
            .option("memoryIsCausal", Boolean.class, false);

    private final Sequential layers;
    private final LayerNorm norm;

    /** {@code numLayers} layers of these settings, with a final LayerNorm (of the settings' eps) when {@code finalNorm}. */
    public TransformerDecoder(TransformerSettings s, int numLayers, boolean finalNorm) {
        this(layers(s, numLayers), finalNorm ? new LayerNorm(new int[] {s.dModel()}, s.layerNormEps(), true) : null);
    }

    /** These layers (at least one), then {@code norm} (null for none). */
    public TransformerDecoder(List<TransformerDecoderLayer> layers, LayerNorm norm) {
        if (layers.isEmpty()) throw new IllegalArgumentException("TransformerDecoder: needs at least one layer");
        this.layers = registerModule("layers", new Sequential(layers.toArray(Module[]::new)));
        this.norm = norm == null ? null : registerModule("norm", norm);
    }

    private static List<TransformerDecoderLayer> layers(TransformerSettings s, int n) {
        if (n <= 0) throw new IllegalArgumentException("TransformerDecoder: numLayers must be positive, got " + n);
        List<TransformerDecoderLayer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new TransformerDecoderLayer(s));
        return out;
    }

    /** The layers, in order. */
    public List<TransformerDecoderLayer> layers() {
        return layers.layers().stream().map(TransformerDecoderLayer.class::cast).toList();
    }

    /** The final norm, or null. */
    public LayerNorm norm() { return norm; }

    @Override
    public Signature signature() { return SIGNATURE; }

    @Override
    protected Outputs forward(Inputs in) {
        Tensor x = in.tensor("tgt"), memory = in.tensor("memory");
        for (TransformerDecoderLayer layer : layers()) {
            x = layer.decode(x, memory, in.tensorOrNull("tgtMask"), in.tensorOrNull("memoryMask"),
                    in.tensorOrNull("tgtKeyPaddingMask"), in.tensorOrNull("memoryKeyPaddingMask"),
                    in.option("tgtIsCausal", Boolean.class), in.option("memoryIsCausal", Boolean.class));
        }
        return Outputs.of(norm == null ? x : norm.call(x));
    }

    @Override
    public String toString() { return "TransformerDecoder(" + layers.layers().size() + " layers, norm=" + (norm != null) + ")"; }
}
