package io.jgrad.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link Architecture} entries of the attention and Transformer layers, the positional encodings and RMSNorm,
 * with PyTorch's argument names as settings.
 */
final class AttentionLayerTypes {
    private AttentionLayerTypes() {}

    static List<LayerType<?>> all() {
        List<LayerType<?>> types = new ArrayList<>();
        types.add(new LayerType<>("RMSNorm", RMSNorm.class,
                n -> settings("normalized_shape", BuiltinLayerTypes.ints(n.normalizedShape()),
                        "eps", n.eps(), "affine", n.isAffine()),
                c -> new RMSNorm(c.ints("normalized_shape"), c.has("eps") ? c.doubleValue("eps") : null,
                        c.bool("affine", true))));
        types.add(new LayerType<>("MultiheadAttention", MultiheadAttention.class,
                m -> settings("embed_dim", m.embedDim(), "num_heads", m.numHeads(), "dropout", m.dropout(),
                        "bias", m.hasBias(), "add_bias_kv", m.hasBiasKv(), "add_zero_attn", m.addZeroAttn(),
                        "kdim", m.kdim(), "vdim", m.vdim(), "batch_first", m.batchFirst()),
                c -> new MultiheadAttention(c.intValue("embed_dim"), c.intValue("num_heads"), c.doubleValue("dropout", 0),
                        c.bool("bias", true), c.bool("add_bias_kv", false), c.bool("add_zero_attn", false),
                        c.intValue("kdim", c.intValue("embed_dim")), c.intValue("vdim", c.intValue("embed_dim")),
                        c.bool("batch_first", false))));
        types.add(new LayerType<>("TransformerEncoderLayer", TransformerEncoderLayer.class, l -> describe(l.settings()),
                c -> new TransformerEncoderLayer(settings(c))));
        types.add(new LayerType<>("TransformerDecoderLayer", TransformerDecoderLayer.class, l -> describe(l.settings()),
                c -> new TransformerDecoderLayer(settings(c))));
        types.add(new LayerType<>("TransformerEncoder", TransformerEncoder.class,
                e -> stack(e.layers(), e.norm()),
                c -> new TransformerEncoder(layers(c, TransformerEncoderLayer.class), norm(c))));
        types.add(new LayerType<>("TransformerDecoder", TransformerDecoder.class,
                d -> stack(d.layers(), d.norm()),
                c -> new TransformerDecoder(layers(c, TransformerDecoderLayer.class), norm(c))));
        types.add(new LayerType<>("SinusoidalPositionalEncoding", SinusoidalPositionalEncoding.class,
                p -> settings("d_model", p.dModel(), "max_len", p.maxLen(), "batch_first", p.batchFirst()),
                c -> new SinusoidalPositionalEncoding(c.intValue("d_model"), c.intValue("max_len"),
                        c.bool("batch_first", false))));
        types.add(new LayerType<>("LearnedPositionalEncoding", LearnedPositionalEncoding.class,
                p -> settings("max_len", p.maxLen(), "d_model", p.dModel(), "batch_first", p.batchFirst()),
                c -> new LearnedPositionalEncoding(c.intValue("max_len"), c.intValue("d_model"),
                        c.bool("batch_first", false))));
        return types;
    }

    private static Map<String, Object> describe(TransformerSettings s) {
        return settings("d_model", s.dModel(), "nhead", s.nhead(), "dim_feedforward", s.dimFeedforward(),
                "dropout", s.dropout(), "activation", s.activation().kind().name().toLowerCase(Locale.ROOT),
                "layer_norm_eps", s.layerNormEps(), "batch_first", s.batchFirst(), "norm_first", s.normFirst());
    }

    private static TransformerSettings settings(LayerConfig c) {
        String activation = c.string("activation", "relu");
        if (!activation.equals("relu") && !activation.equals("gelu")) {
            throw c.error("activation", "must be relu or gelu");
        }
        return new TransformerSettings(c.intValue("d_model"), c.intValue("nhead"), c.intValue("dim_feedforward", 2048),
                c.doubleValue("dropout", 0.1), activation.equals("gelu") ? Activation.GELU : Activation.RELU,
                c.doubleValue("layer_norm_eps", 1e-5), c.bool("batch_first", false), c.bool("norm_first", false));
    }

    private static Map<String, Object> stack(List<? extends Module> layers, LayerNorm norm) {
        Map<String, Object> s = settings("layers", layers.stream().map(Architecture::describe).toList());
        if (norm != null) s.put("norm", Architecture.describe(norm));
        return s;
    }

    /** The stack's {@code "layers"}, each of {@code type}. */
    private static <M extends Module> List<M> layers(LayerConfig c, Class<M> type) {
        List<M> out = new ArrayList<>();
        for (Module m : c.layers("layers")) {
            if (!type.isInstance(m)) {
                throw c.error("layers", "must hold " + type.getSimpleName() + "s, got " + m.getClass().getSimpleName());
            }
            out.add(type.cast(m));
        }
        return out;
    }

    private static LayerNorm norm(LayerConfig c) {
        if (!c.has("norm")) return null;
        LayerConfig n = c.nested("norm");
        return new LayerNorm(n.ints("normalized_shape"), n.doubleValue("eps", 1e-5), n.bool("affine", true));
    }

    private static Map<String, Object> settings(Object... keysAndValues) { return BuiltinLayerTypes.settings(keysAndValues); }
}
