package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.nn.init.Init;
import io.jgrad.nn.init.Initializer;

import java.util.Map;
import java.util.Objects;

/**
 * A fully connected layer, {@code y = x W^T + b}, applied to the last dimension. {@code weight} has shape
 * {@code [units, in]} and {@code bias} {@code [units]}, as PyTorch's Linear. With {@link #of} the input size is taken
 * from the first input (or from a loaded state dict). Defaults match PyTorch: weight U(-1/sqrt(in), 1/sqrt(in))
 * ({@link Init#torchDefault()}), bias U(-1/sqrt(in), 1/sqrt(in)).
 *
 * <p>An {@link #activation} applies a function to the output, as Keras' {@code Dense(128, activation="relu")}; with
 * ReLU the layer runs one fused op ({@link F#linearRelu}). {@link Sequential} and {@link Graph} fuse a Dense followed
 * by a {@link ReLU} layer the same way.
 */
public final class Dense extends Module implements FusesActivation {
    private final int units;
    private int inFeatures = -1;
    private boolean useBias = true;
    private Initializer weightInit = Init.torchDefault();
    private Initializer biasInit; // null: PyTorch's U(-1/sqrt(in), 1/sqrt(in))
    private Generator generator;  // null: Generator.global()
    private DType dtype;          // null: F32, or the first input's floating dtype for a lazy layer
    private Activation activation = Activation.IDENTITY;

    /** A layer with {@code units} outputs whose input size is inferred on the first call. */
    public static Dense of(int units) { return new Dense(units); }

    private Dense(int units) {
        if (units <= 0) throw new IllegalArgumentException("Dense: units must be positive, got " + units);
        this.units = units;
    }

    public Dense(int in, int out) {
        this(out);
        if (in <= 0) throw new IllegalArgumentException("Dense: input size must be positive, got " + in);
        build(in, DType.F32, null);
    }

    public Dense(int in, int out, boolean bias) {
        this(in, out);
        if (!bias) withoutBias();
    }

    // ---- configuration (re-initializes an already built layer) -------------------------------------------------------

    /** No bias term. Returns this. */
    public Dense withoutBias() {
        useBias = false;
        removeParameter("bias");
        return this;
    }

    /** The function applied to the output (none by default); ReLU runs fused with the GEMM. Returns this. */
    public Dense activation(Activation f) {
        this.activation = Objects.requireNonNull(f, "activation");
        return this;
    }

    /** The function applied to the output ({@link Activation#IDENTITY} for none). */
    public Activation activation() { return activation; }

    public Dense weightInit(Initializer init) {
        this.weightInit = init;
        return rebuild();
    }

    public Dense biasInit(Initializer init) {
        this.biasInit = init;
        return rebuild();
    }

    /** The generator used to initialize (e.g. {@code new Generator(seed)}); re-initializes a built layer. */
    public Dense generator(Generator g) {
        this.generator = g;
        return rebuild();
    }

    /** The parameters' dtype (F32 by default). */
    public Dense dtype(DType type) {
        this.dtype = type;
        return rebuild();
    }

    private Dense rebuild() {
        if (isBuilt()) build(inFeatures, dtype == null ? weight().dtype() : dtype, weight().backend());
        return this;
    }

    @SuppressWarnings("try") // the scope only routes creation to the backend; it is not read
    private void build(int in, DType type, Backend backend) {
        inFeatures = in;
        Generator g = generator == null ? Generator.global() : generator;
        DType t = dtype != null ? dtype : type;
        try (var on = creatingOn(backend)) {
            registerParameter("weight", weightInit.create(Shape.of(units, in), t, g));
            if (useBias) {
                double bound = 1 / Math.sqrt(in);
                Initializer bi = biasInit != null ? biasInit : Init.uniform(-bound, bound);
                registerParameter("bias", bi.create(Shape.of(units), t, g));
            }
        }
    }

    // ---- use -----------------------------------------------------------------------------------------------------

    @Override
    public Tensor forward(Tensor x) {
        prepare(x);
        return linear(x, activation);
    }

    /** A following ReLU fuses into the GEMM when this layer has no activation of its own. */
    @Override
    public boolean fuses(Activation f) { return activation.kind() == Activation.Kind.IDENTITY && f.kind() == Activation.Kind.RELU; }

    @Override
    public Tensor forwardFused(Tensor x, Activation f) {
        if (!fuses(f)) throw new IllegalArgumentException("Dense with activation " + activation + " does not fuse " + f);
        prepare(x);
        return linear(x, f);
    }

    /** One fused op (GEMM + bias, + ReLU; leading dimensions are flattened into the GEMM's rows), then {@code f}. */
    private Tensor linear(Tensor x, Activation f) {
        if (f.kind() == Activation.Kind.RELU) return F.linearRelu(x, weight(), bias());
        return f.apply(F.linear(x, weight(), bias()));
    }

    /** Builds a lazy layer on its first input and checks the input's feature count. */
    private void prepare(Tensor x) {
        if (x.rank() == 0) throw new IllegalArgumentException("Dense: input must have at least 1 dimension, got a scalar");
        if (!isBuilt()) build(x.dim(-1), x.dtype().isFloating() ? x.dtype() : DType.F32, x.backend());
        if (x.dim(-1) != inFeatures) {
            throw new IllegalArgumentException("Dense: expected input with last dimension " + inFeatures + ", got shape " + x.shape());
        }
    }

    @Override
    protected void materialize(String prefix, Map<String, Tensor> state) {
        if (isBuilt()) return;
        Tensor w = state.get(prefix + "weight");
        if (w != null && w.rank() == 2 && w.dim(0) == units) build(w.dim(1), w.dtype().isFloating() ? w.dtype() : DType.F32, null);
    }

    public boolean isBuilt() { return inFeatures >= 0; }

    public int units() { return units; }

    /** Whether the layer adds a bias. */
    public boolean hasBias() { return useBias; }

    /** The input size, or -1 before a lazy layer has seen its first input. */
    public int inFeatures() { return inFeatures; }

    /** The weight {@code [units, in]}, or null before a lazy layer is built. */
    public Tensor weight() { return parameter("weight"); }

    /** The bias {@code [units]}, or null without one (or before a lazy layer is built). */
    public Tensor bias() { return parameter("bias"); }

    @Override
    public String toString() {
        return "Dense(in=" + (isBuilt() ? inFeatures : "?") + ", units=" + units + ", bias=" + useBias
                + (activation.kind() == Activation.Kind.IDENTITY ? "" : ", activation=" + activation) + ")";
    }
}
