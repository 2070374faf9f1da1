package io.jgrad.nn;

import io.jgrad.PaddingMode;
import io.jgrad.Pool1dOptions;
import io.jgrad.Pool2dOptions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@link Architecture} entries of jgrad's own layers. A new layer with settings only is one more line in
 * {@link #all()}: its type name (the class's simple name), how to describe it and how to build it.
 */
final class BuiltinLayerTypes {
    private BuiltinLayerTypes() {}

    static List<LayerType<?>> all() {
        List<LayerType<?>> types = new ArrayList<>();
        types.add(new LayerType<>("Sequential", Sequential.class,
                s -> settings("layers", s.layers().stream().map(Architecture::describe).toList()),
                c -> new Sequential(c.layers("layers").toArray(Module[]::new))));
        types.add(new LayerType<>("Dense", Dense.class, BuiltinLayerTypes::dense, BuiltinLayerTypes::dense));
        types.add(new LayerType<>("Conv1d", Conv1d.class, BuiltinLayerTypes::conv,
                c -> conv(c, c.has("in") ? new Conv1d(c.intValue("in"), c.intValue("out"), kernel(c, 1)[0])
                        : Conv1d.of(c.intValue("out"), kernel(c, 1)[0]))));
        types.add(new LayerType<>("Conv2d", Conv2d.class, BuiltinLayerTypes::conv, c -> {
            int[] k = kernel(c, 2);
            return conv(c, c.has("in") ? new Conv2d(c.intValue("in"), c.intValue("out"), k[0], k[1])
                    : Conv2d.of(c.intValue("out"), k[0], k[1]));
        }));
        types.add(new LayerType<>("ConvTranspose1d", ConvTranspose1d.class, t -> transposedConv(t, t.outputPadding()),
                c -> transposedConv(c, c.has("in") ? new ConvTranspose1d(c.intValue("in"), c.intValue("out"),
                        kernel(c, 1)[0]) : ConvTranspose1d.of(c.intValue("out"), kernel(c, 1)[0]))
                        .outputPadding(uniform(c, "output_padding", 0))));
        types.add(new LayerType<>("ConvTranspose2d", ConvTranspose2d.class, t -> transposedConv(t, t.outputPadding()),
                c -> transposedConv(c, c.has("in") ? new ConvTranspose2d(c.intValue("in"), c.intValue("out"),
                        squareKernel(c)) : ConvTranspose2d.of(c.intValue("out"), squareKernel(c)))
                        .outputPadding(uniform(c, "output_padding", 0))));
        types.add(new LayerType<>("DepthwiseConv2d", DepthwiseConv2d.class, BuiltinLayerTypes::depthwise,
                BuiltinLayerTypes::depthwise));
        types.add(new LayerType<>("SeparableConv2d", SeparableConv2d.class, BuiltinLayerTypes::separable,
                BuiltinLayerTypes::separable));
        types.add(new LayerType<>("MaxPool2d", MaxPool2d.class, p -> pool(p.options()),
                c -> new MaxPool2d(c.intValue("kernel"))
                .stride(c.intValue("stride")).padding(c.intValue("padding")).dilation(c.intValue("dilation", 1))
                .ceilMode(c.bool("ceil_mode", false))));
        types.add(new LayerType<>("AvgPool2d", AvgPool2d.class,
                p -> avgPool(pool(p.options()), p.options().countIncludePad()),
                c -> new AvgPool2d(c.intValue("kernel")).stride(c.intValue("stride")).padding(c.intValue("padding"))
                .ceilMode(c.bool("ceil_mode", false)).countIncludePad(c.bool("count_include_pad", true))));
        types.add(new LayerType<>("MaxPool1d", MaxPool1d.class, p -> pool(p.options()),
                c -> new MaxPool1d(c.intValue("kernel"))
                .stride(c.intValue("stride")).padding(c.intValue("padding")).dilation(c.intValue("dilation", 1))
                .ceilMode(c.bool("ceil_mode", false))));
        types.add(new LayerType<>("AvgPool1d", AvgPool1d.class,
                p -> avgPool(pool(p.options()), p.options().countIncludePad()),
                c -> new AvgPool1d(c.intValue("kernel")).stride(c.intValue("stride")).padding(c.intValue("padding"))
                .ceilMode(c.bool("ceil_mode", false)).countIncludePad(c.bool("count_include_pad", true))));
        types.add(new LayerType<>("BatchNorm1d", BatchNorm1d.class, BuiltinLayerTypes::batchNorm,
                c -> batchNorm(c, c.has("channels") ? new BatchNorm1d(c.intValue("channels")) : new BatchNorm1d())));
        types.add(new LayerType<>("BatchNorm2d", BatchNorm2d.class, BuiltinLayerTypes::batchNorm,
                c -> batchNorm(c, c.has("channels") ? new BatchNorm2d(c.intValue("channels")) : new BatchNorm2d())));
        types.add(new LayerType<>("GroupNorm", GroupNorm.class,
                n -> settings("num_groups", n.groups(), "num_channels", n.channels(), "eps", n.eps(), "affine",
                        n.isAffine()),
                c -> new GroupNorm(c.intValue("num_groups"), c.intValue("num_channels"), c.doubleValue("eps", 1e-5),
                        c.bool("affine", true))));
        types.add(new LayerType<>("InstanceNorm1d", InstanceNorm1d.class, BuiltinLayerTypes::instanceNorm,
                c -> instanceNorm(c, new InstanceNorm1d(c.intValue("channels")))));
        types.add(new LayerType<>("InstanceNorm2d", InstanceNorm2d.class, BuiltinLayerTypes::instanceNorm,
                c -> instanceNorm(c, new InstanceNorm2d(c.intValue("channels")))));
        types.add(new LayerType<>("LayerNorm", LayerNorm.class,
                n -> settings("normalized_shape", ints(n.normalizedShape()), "eps", n.eps(), "affine", n.isAffine()),
                c -> new LayerNorm(c.ints("normalized_shape"), c.doubleValue("eps", 1e-5), c.bool("affine", true))));
        types.add(new LayerType<>("Dropout", Dropout.class, d -> settings("p", d.p()),
                c -> new Dropout(c.doubleValue("p"))));
        types.add(new LayerType<>("ResidualBlock", ResidualBlock.class,
                r -> settings("in", r.inChannels(), "out", r.outChannels(), "stride", r.stride()),
                c -> new ResidualBlock(c.intValue("in"), c.intValue("out"), c.intValue("stride", 1))));
        types.add(new LayerType<>("TokenSequenceModel", TokenSequenceModel.class, BuiltinLayerTypes::tokenSequenceModel,
                BuiltinLayerTypes::tokenSequenceModel));
        types.add(new LayerType<>("GlobalAvgPool2d", GlobalAvgPool2d.class, g -> settings("keep_dims", g.keepsDims()),
                c -> c.bool("keep_dims", false) ? GlobalAvgPool2d.keepDims() : new GlobalAvgPool2d()));
        types.add(plain("Flatten", Flatten.class, Flatten::new));
        types.add(plain("Identity", Identity.class, Identity::new));
        types.add(plain("ReLU", ReLU.class, ReLU::new));
        types.add(plain("Sigmoid", Sigmoid.class, Sigmoid::new));
        types.add(plain("Tanh", Tanh.class, Tanh::new));
        types.add(plain("SiLU", SiLU.class, SiLU::new));
        types.add(new LayerType<>("GELU", GELU.class,
                g -> settings("approximate", g.activation().kind() == Activation.Kind.GELU_TANH ? "tanh" : "none"),
                c -> new GELU(approximateTanh(c))));
        types.add(new LayerType<>("LeakyReLU", LeakyReLU.class, l -> settings("negative_slope", l.activation().a()),
                c -> new LeakyReLU(c.doubleValue("negative_slope", 0.01))));
        types.add(new LayerType<>("ELU", ELU.class, e -> settings("alpha", e.activation().a()),
                c -> new ELU(c.doubleValue("alpha", 1.0))));
        types.add(new LayerType<>("Softplus", Softplus.class,
                s -> settings("beta", s.activation().a(), "threshold", s.activation().b()),
                c -> new Softplus(c.doubleValue("beta", 1), c.doubleValue("threshold", 20))));
        types.add(new LayerType<>("Softmax", Softmax.class, s -> settings("axis", s.axis()),
                c -> new Softmax(c.intValue("axis", -1))));
        types.add(new LayerType<>("LogSoftmax", LogSoftmax.class, s -> settings("axis", s.axis()),
                c -> new LogSoftmax(c.intValue("axis", -1))));
        types.addAll(RecurrentLayerTypes.all());
        types.addAll(AttentionLayerTypes.all());
        return types;
    }

    /** A layer without settings. */
    private static <M extends Module> LayerType<M> plain(String name, Class<M> type, Supplier<M> make) {
        return new LayerType<>(name, type, m -> new LinkedHashMap<>(), c -> make.get());
    }

    /** Settings from alternating keys and values, in that order. */
    static Map<String, Object> settings(Object... keysAndValues) {
        Map<String, Object> s = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) s.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return s;
    }

    static List<Integer> ints(int[] values) { return Arrays.stream(values).boxed().toList(); }

    // ---- Dense: the input size when built (else sized on its first input), bias, a fused activation ------------

    private static Map<String, Object> dense(Dense d) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (d.isBuilt()) s.put("in", d.inFeatures());
        s.put("units", d.units());
        s.put("bias", d.hasBias());
        Activation f = d.activation();
        if (f.kind() != Activation.Kind.IDENTITY) {
            s.put("activation", settings("kind", f.kind().name().toLowerCase(Locale.ROOT), "a", f.a(), "b", f.b()));
        }
        return s;
    }

    private static Dense dense(LayerConfig c) {
        Dense d = c.has("in") ? new Dense(c.intValue("in"), c.intValue("units")) : Dense.of(c.intValue("units"));
        if (!c.bool("bias", true)) d.withoutBias();
        if (c.has("activation")) d.activation(activation(c));
        return d;
    }

    private static Activation activation(LayerConfig c) {
        LayerConfig f = c.nested("activation");
        String kind = f.string("kind", "");
        for (Activation.Kind k : Activation.Kind.values()) {
            if (k.name().toLowerCase(Locale.ROOT).equals(kind)) {
                return new Activation(k, f.doubleValue("a", 0), f.doubleValue("b", 0));
            }
        }
        throw c.error("activation", "has an unknown kind \"" + kind + "\"");
    }

    private static boolean approximateTanh(LayerConfig c) {
        String a = c.string("approximate", "none");
        if (!a.equals("none") && !a.equals("tanh")) {
            throw c.error("approximate", "must be \"none\" or \"tanh\", got \"" + a + "\"");
        }
        return a.equals("tanh");
    }

    // ---- convolutions ---------------------------------------------------------------------------------------------

    private static Map<String, Object> conv(ConvLayer<?> l) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (l.isBuilt()) s.put("in", l.inChannels());
        s.put("out", l.outChannels());
        s.putAll(geometry(l));
        s.put("groups", l.groups());
        s.put("bias", l.hasBias());
        return s;
    }

    /** Kernel, stride, padding (sizes, or {@code "same"} / {@code "valid"}) and dilation, per spatial dimension. */
    private static Map<String, Object> geometry(ConvLayer<?> l) {
        return settings("kernel", ints(l.kernel()), "stride", ints(l.stride()),
                "padding", l.paddingMode() == PaddingMode.EXPLICIT ? ints(l.padding())
                        : l.paddingMode().name().toLowerCase(Locale.ROOT),
                "dilation", ints(l.dilation()));
    }

    /** A transposed convolution: a convolution's settings and the output padding (one value for every dimension). */
    private static Map<String, Object> transposedConv(ConvLayer<?> l, int outputPadding) {
        Map<String, Object> s = conv(l);
        int[] perDimension = new int[l.kernel().length];
        Arrays.fill(perDimension, outputPadding);
        s.put("output_padding", ints(perDimension));
        return s;
    }

    private static Map<String, Object> depthwise(DepthwiseConv2d d) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (d.isBuilt()) s.put("in", d.inChannels());
        s.put("depth_multiplier", d.depthMultiplier());
        s.putAll(geometry(d));
        s.put("bias", d.hasBias());
        return s;
    }

    /** A separable convolution's own settings: the depthwise step's geometry and the pointwise step's channels. */
    private static Map<String, Object> separable(SeparableConv2d l) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (l.depthwise().isBuilt()) s.put("in", l.depthwise().inChannels());
        s.put("out", l.pointwise().outChannels());
        s.putAll(geometry(l.depthwise()));
        return s;
    }

    private static int[] kernel(LayerConfig c, int rank) {
        int[] k = c.ints("kernel");
        if (k.length != rank) throw c.error("kernel", "must have " + rank + " sizes, got " + k.length);
        return k;
    }

    /** The one kernel size of a layer whose kernel is square. */
    private static int squareKernel(LayerConfig c) {
        int[] k = kernel(c, 2);
        if (k[0] != k[1]) throw c.error("kernel", "must be square, got " + Arrays.toString(k));
        return k[0];
    }

    /** Applies the settings besides the channels and kernel (the setters take one value for every dimension). */
    private static <L extends ConvLayer<L>> L conv(LayerConfig c, L layer) {
        geometry(c, layer);
        if (c.intValue("groups", 1) != 1) layer.groups(c.intValue("groups"));
        if (!c.bool("bias", true)) layer.withoutBias();
        return layer;
    }

    /** Applies stride, dilation and padding. */
    private static <L extends ConvLayer<L>> void geometry(LayerConfig c, L layer) {
        layer.stride(uniform(c, "stride", 1)).dilation(uniform(c, "dilation", 1));
        if (c.isString("padding")) layer.padding(paddingMode(c, c.string("padding", "")));
        else layer.padding(uniform(c, "padding", 0));
    }

    /** A transposed convolution's settings besides the output padding; it has no padding modes. */
    private static <L extends ConvLayer<L>> L transposedConv(LayerConfig c, L layer) {
        if (c.isString("padding")) {
            throw c.error("padding", "must be an array of sizes (a transposed convolution has no padding modes), got \""
                    + c.string("padding", "") + "\"");
        }
        return conv(c, layer);
    }

    private static DepthwiseConv2d depthwise(LayerConfig c) {
        int kernel = squareKernel(c), multiplier = c.intValue("depth_multiplier", 1);
        DepthwiseConv2d d;
        if (c.has("in")) d = new DepthwiseConv2d(c.intValue("in"), kernel, multiplier);
        else if (multiplier == 1) d = DepthwiseConv2d.of(kernel);
        else throw c.error("in", "is missing: only depth multiplier 1 infers the input channels, got " + multiplier);
        geometry(c, d);
        if (!c.bool("bias", true)) d.withoutBias();
        return d;
    }

    private static SeparableConv2d separable(LayerConfig c) {
        int kernel = squareKernel(c);
        SeparableConv2d s = c.has("in") ? new SeparableConv2d(c.intValue("in"), c.intValue("out"), kernel)
                : SeparableConv2d.of(c.intValue("out"), kernel);
        geometry(c, s.depthwise()); // SeparableConv2d's own stride, padding and dilation set the depthwise step's
        return s;
    }

    private static PaddingMode paddingMode(LayerConfig c, String mode) {
        for (PaddingMode m : PaddingMode.values()) {
            if (m != PaddingMode.EXPLICIT && m.name().toLowerCase(Locale.ROOT).equals(mode)) return m;
        }
        throw c.error("padding", "must be an array of sizes, \"same\" or \"valid\", got \"" + mode + "\"");
    }

    /** One value for every spatial dimension: the layers' setters take one. */
    private static int uniform(LayerConfig c, String key, int otherwise) {
        if (!c.has(key)) return otherwise;
        int[] v = c.ints(key);
        for (int x : v) {
            if (x != v[0]) throw c.error(key, "must be the same for every dimension, got " + Arrays.toString(v));
        }
        return v[0];
    }

    // ---- token sequence models: their parts as nested layers -----------------------------------------------------

    private static Map<String, Object> tokenSequenceModel(TokenSequenceModel m) {
        Map<String, Object> s = settings("embedding", Architecture.describe(m.embedding()));
        if (m.positions() != null) s.put("positions", Architecture.describe(m.positions()));
        s.put("encoder", Architecture.describe(m.encoder()));
        s.put("pooling", m.pooling().name().toLowerCase(Locale.ROOT));
        s.put("head", Architecture.describe(m.head()));
        return s;
    }

    private static TokenSequenceModel tokenSequenceModel(LayerConfig c) {
        if (!(c.layer("embedding") instanceof Embedding embedding)) {
            throw c.error("embedding", "must be an Embedding");
        }
        String pooling = c.string("pooling", "");
        TokenSequenceModel.Pooling kind = null;
        for (TokenSequenceModel.Pooling p : TokenSequenceModel.Pooling.values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(pooling)) kind = p;
        }
        if (kind == null) throw c.error("pooling", "must be \"last\", \"max\" or \"mean\", got \"" + pooling + "\"");
        return new TokenSequenceModel(embedding, c.has("positions") ? c.layer("positions") : null, c.layer("encoder"),
                kind, c.layer("head"));
    }

    // ---- pooling and normalization --------------------------------------------------------------------------------

    private static Map<String, Object> pool(Pool2dOptions o) {
        return settings("kernel", o.kernelH(), "stride", o.strideH(), "padding", o.padH(), "dilation", o.dilationH(),
                "ceil_mode", o.ceilMode());
    }

    private static Map<String, Object> pool(Pool1dOptions o) {
        return settings("kernel", o.kernel(), "stride", o.stride(), "padding", o.pad(), "dilation", o.dilation(),
                "ceil_mode", o.ceilMode());
    }

    /** A pool's settings without the dilation (average pooling has none) and with whether padding counts. */
    private static Map<String, Object> avgPool(Map<String, Object> pool, boolean countIncludePad) {
        pool.remove("dilation");
        pool.put("count_include_pad", countIncludePad);
        return pool;
    }

    private static Map<String, Object> batchNorm(BatchNorm<?> b) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (b.isBuilt()) s.put("channels", b.channels());
        s.put("eps", b.eps());
        s.put("momentum", b.momentum());
        s.put("affine", b.isAffine());
        return s;
    }

    private static <B extends BatchNorm<B>> B batchNorm(LayerConfig c, B layer) {
        return layer.eps(c.doubleValue("eps", 1e-5)).momentum(c.doubleValue("momentum", 0.1))
                .affine(c.bool("affine", true));
    }

    private static Map<String, Object> instanceNorm(InstanceNorm<?> n) {
        return settings("channels", n.channels(), "eps", n.eps(), "momentum", n.momentum(), "affine", n.isAffine(),
                "track_running_stats", n.tracksRunningStats());
    }

    /** PyTorch's defaults: no affine map and no running statistics. */
    private static <I extends InstanceNorm<I>> I instanceNorm(LayerConfig c, I layer) {
        return layer.eps(c.doubleValue("eps", 1e-5)).momentum(c.doubleValue("momentum", 0.1))
                .affine(c.bool("affine", false)).trackRunningStats(c.bool("track_running_stats", false));
    }
}
