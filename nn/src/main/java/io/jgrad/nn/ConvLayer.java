package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.PaddingMode;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.nn.init.Init;
import io.jgrad.nn.init.Initializer;

import java.util.Map;

/**
 * What {@link Conv1d}, {@link Conv2d} and {@link ConvTranspose2d} share: hyperparameters set fluently
 * ({@code Conv2d.of(64, 3).stride(2).padding(1)}), parameters {@code weight} and {@code bias} created from the input
 * channels (given, or inferred from the first input or a loaded state dict), and PyTorch's default initialization:
 * weight U(-1/sqrt(fanIn), 1/sqrt(fanIn)) ({@link Init#torchDefault()}), bias U(-1/sqrt(fanIn), 1/sqrt(fanIn)) with
 * fanIn = {@code weight.dim(1) * kernel area}, exactly as {@code torch.nn.ConvNd.reset_parameters}.
 *
 * <p>Setters that change the parameters' shape or values (groups, bias, initializers, generator, dtype) rebuild an
 * already built layer; stride, padding and dilation only change how it is applied.
 */
public abstract class ConvLayer<L extends ConvLayer<L>> extends Module {
    protected int outChannels;
    protected final int[] kernel;
    protected int[] stride, padding, dilation;
    protected PaddingMode paddingMode = PaddingMode.EXPLICIT;
    protected int groups = 1;
    private boolean useBias = true;
    private Initializer weightInit = Init.torchDefault();
    private Initializer biasInit;     // null: U(-1/sqrt(fanIn), 1/sqrt(fanIn))
    private Generator generator;      // null: Generator.global()
    private DType dtype;              // null: F32, or the first input's floating dtype for a lazy layer
    protected int inChannels = -1;

    protected ConvLayer(int outChannels, int[] kernel) {
        String name = getClass().getSimpleName();
        if (outChannels <= 0) throw new IllegalArgumentException(name + ": output channels must be positive, got " + outChannels);
        for (int k : kernel) if (k <= 0) throw new IllegalArgumentException(name + ": kernel size must be positive, got " + k);
        this.outChannels = outChannels;
        this.kernel = kernel.clone();
        this.stride = filled(1);
        this.padding = filled(0);
        this.dilation = filled(1);
    }

    private int[] filled(int v) {
        int[] a = new int[kernel.length];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @SuppressWarnings("unchecked")
    private L self() { return (L) this; }

    /** Builds the parameters now for a known number of input channels (constructors with {@code in}). */
    protected final void buildNow(int in) {
        if (in <= 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": input channels must be positive, got " + in);
        build(in, DType.F32, null);
    }

    // ---- hyperparameters -----------------------------------------------------------------------------------------

    public L stride(int s) { return setAll("stride", s, 1, v -> stride = v); }

    public L padding(int p) {
        paddingMode = PaddingMode.EXPLICIT;
        return setAll("padding", p, 0, v -> padding = v);
    }

    /** {@code SAME} (output as large as the input, stride 1 only) or {@code VALID} (no padding). */
    public L padding(PaddingMode mode) {
        paddingMode = mode;
        return self();
    }

    public L dilation(int d) { return setAll("dilation", d, 1, v -> dilation = v); }

    /** Splits the channels into {@code g} groups convolved separately; both channel counts must be divisible by g. */
    public L groups(int g) {
        if (g <= 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": groups must be positive, got " + g);
        if (outChannels % g != 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": output channels " + outChannels + " are not divisible by groups " + g);
        }
        groups = g;
        return rebuild();
    }

    /** No bias term. */
    public L withoutBias() {
        useBias = false;
        removeParameter("bias");
        return self();
    }

    public L weightInit(Initializer init) {
        weightInit = init;
        return rebuild();
    }

    public L biasInit(Initializer init) {
        biasInit = init;
        return rebuild();
    }

    /** The generator used to initialize (e.g. {@code new Generator(seed)}); re-initializes a built layer. */
    public L generator(Generator g) {
        generator = g;
        return rebuild();
    }

    public L dtype(DType type) {
        dtype = type;
        return rebuild();
    }

    private L setAll(String what, int v, int min, java.util.function.Consumer<int[]> set) {
        if (v < min) throw new IllegalArgumentException(getClass().getSimpleName() + ": " + what + " must be >= " + min + ", got " + v);
        set.accept(filled(v));
        return self();
    }

    private L rebuild() {
        if (isBuilt()) build(inChannels, dtype == null ? weight().dtype() : dtype, weight().backend());
        return self();
    }

    // ---- building ------------------------------------------------------------------------------------------------

    /** Called with the input channels before the parameters are created (a depthwise layer sets its groups here). */
    protected void beforeBuild(int in) {}

    /** The weight's shape for {@code in} input channels. */
    protected abstract Shape weightShape(int in);

    /** The bias length. */
    protected int biasLength() { return outChannels; }

    /** The rank of inputs this layer takes ([N, C, L] is 3, [N, C, H, W] is 4). */
    protected abstract int inputRank();

    /** Applies the convolution with the current weight and bias (null when there is none). */
    protected abstract Tensor apply(Tensor x, Tensor weight, Tensor bias);

    @SuppressWarnings("try") // the scope only routes creation to the backend; it is not read
    private void build(int in, DType type, Backend backend) {
        String name = getClass().getSimpleName();
        beforeBuild(in);
        if (in % groups != 0) {
            throw new IllegalArgumentException(name + ": input channels " + in + " are not divisible by groups " + groups);
        }
        inChannels = in;
        Generator g = generator == null ? Generator.global() : generator;
        DType t = dtype != null ? dtype : type;
        Shape ws = weightShape(in);
        try (var on = creatingOn(backend)) {
            registerParameter("weight", weightInit.create(ws, t, g));
            if (useBias) {
                double bound = 1 / Math.sqrt(Init.fans(ws).fanIn());
                Initializer bi = biasInit != null ? biasInit : Init.uniform(-bound, bound);
                registerParameter("bias", bi.create(Shape.of(biasLength()), t, g));
            }
        }
    }

    // ---- use -----------------------------------------------------------------------------------------------------

    @Override
    public Tensor forward(Tensor x) {
        String name = getClass().getSimpleName();
        if (x.rank() != inputRank()) {
            throw new IllegalArgumentException(name + ": expected a " + inputRank() + "-D input "
                    + (inputRank() == 4 ? "[N, C, H, W]" : "[N, C, L]") + ", got shape " + x.shape());
        }
        if (!isBuilt() && x.dim(1) % groups != 0) {
            throw new IllegalArgumentException(name + ": input channels " + x.dim(1) + " (input shape " + x.shape()
                    + ") are not divisible by groups " + groups);
        }
        if (!isBuilt()) build(x.dim(1), x.dtype().isFloating() ? x.dtype() : DType.F32, x.backend());
        if (x.dim(1) != inChannels) {
            throw new IllegalArgumentException(name + ": expected " + inChannels + " input channels, got shape " + x.shape());
        }
        return apply(x, weight(), bias());
    }

    @Override
    protected void materialize(String prefix, Map<String, Tensor> state) {
        if (isBuilt()) return;
        Tensor w = state.get(prefix + "weight");
        if (w == null || w.rank() != inputRank()) return;
        int in = inChannelsFromWeight(w.shape());
        if (in > 0 && weightShape(in).equals(w.shape())) build(in, w.dtype().isFloating() ? w.dtype() : DType.F32, null);
    }

    /** The input channels a stored weight of this shape implies. */
    protected int inChannelsFromWeight(Shape w) { return w.dim(1) * groups; }

    public boolean isBuilt() { return inChannels >= 0; }

    /** The input channels, or -1 before a lazy layer has seen its first input. */
    public int inChannels() { return inChannels; }

    public int outChannels() { return outChannels; }

    public int groups() { return groups; }

    /** The kernel size per spatial dimension (a copy). */
    public int[] kernel() { return kernel.clone(); }

    /** The stride per spatial dimension (a copy). */
    public int[] stride() { return stride.clone(); }

    /** The explicit padding per spatial dimension (a copy); see {@link #paddingMode()}. */
    public int[] padding() { return padding.clone(); }

    /** {@code EXPLICIT} (the {@link #padding()} numbers), {@code SAME} or {@code VALID}. */
    public PaddingMode paddingMode() { return paddingMode; }

    /** The dilation per spatial dimension (a copy). */
    public int[] dilation() { return dilation.clone(); }

    /** Whether the layer adds a bias. */
    public boolean hasBias() { return useBias; }

    /** The weight, or null before a lazy layer is built. */
    public Tensor weight() { return parameter("weight"); }

    /** The bias, or null without one (or before a lazy layer is built). */
    public Tensor bias() { return parameter("bias"); }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + (isBuilt() ? inChannels : "?") + ", " + outChannels
                + ", kernel=" + java.util.Arrays.toString(kernel) + ", stride=" + java.util.Arrays.toString(stride)
                + (paddingMode == PaddingMode.EXPLICIT ? ", padding=" + java.util.Arrays.toString(padding) : ", padding=" + paddingMode)
                + (groups != 1 ? ", groups=" + groups : "") + ", bias=" + useBias + ")";
    }
}
