package io.jgrad;

import io.jgrad.autograd.Grad;
import io.jgrad.autograd.Op;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.BinaryOp;
import io.jgrad.backend.CompareOp;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.RandomDistribution;
import io.jgrad.backend.ReduceOp;
import io.jgrad.backend.Storage;
import io.jgrad.backend.UnaryOp;

import java.util.List;

/**
 * An n-dimensional array with reverse-mode autodiff: storage + layout + backend + autograd link. Immutable from the
 * outside except for the explicit in-place ops ({@link #addInPlace}, {@link #zero}, ...), which bump a version
 * counter that backward checks. Views (reshape, transpose, slice, expand, ...) share storage.
 *
 * <p>The methods here are one-liners; each op's forward lives in an op class of this package
 * ({@code Elementwise}, {@code Reductions}, {@code Views}, {@code Indexing}, {@code LinearAlgebra}, ...), which
 * records what it did as an {@link Op}; every op's gradient rule is in one table ({@code Gradients}).
 */
public final class Tensor {
    private final Storage storage;
    private final Layout layout;
    private final Backend backend;
    private final VersionCounter version;
    private GradFn gradFn;
    private boolean requiresGrad;
    private boolean retainsGrad;
    private Tensor grad;

    Tensor(Storage storage, Layout layout, Backend backend, VersionCounter version) {
        this.storage = storage;
        this.layout = layout;
        this.backend = backend;
        this.version = version;
    }

    /** A new tensor owning a fresh contiguous storage (released with the thread's open {@link Scope}, if any). */
    static Tensor fresh(Storage storage, Shape shape, Backend backend) {
        return fresh(storage, Layout.contiguous(shape), backend);
    }

    /** {@link #fresh(Storage, Shape, Backend)} for a result the backend laid out other than contiguously. */
    static Tensor fresh(Storage storage, Layout layout, Backend backend) {
        Scope.track(storage, backend);
        return new Tensor(storage, layout, backend, new VersionCounter());
    }

    /** A view sharing this tensor's storage and version counter. */
    Tensor view(Layout newLayout) {
        return new Tensor(storage, newLayout, backend, version);
    }

    /** Records the op that produced this tensor, when grad mode is on and one of its inputs requires grad. */
    Tensor recordedAs(Op op) {
        if (!Grad.isEnabled()) return this;
        boolean any = false;
        for (Tensor t : op.inputs()) any |= t.requiresGrad;
        if (!any) return this;
        this.gradFn = new GradFn(op);
        this.requiresGrad = true;
        return this;
    }

    // ---- creation ------------------------------------------------------------------------------------------------

    public static Tensor zeros(int... shape) { return Creation.full(DType.F32, Shape.of(shape), 0); }

    public static Tensor zeros(DType dtype, int... shape) { return Creation.full(dtype, Shape.of(shape), 0); }

    public static Tensor ones(int... shape) { return Creation.full(DType.F32, Shape.of(shape), 1); }

    public static Tensor ones(DType dtype, int... shape) { return Creation.full(dtype, Shape.of(shape), 1); }

    public static Tensor full(double value, int... shape) { return Creation.full(DType.F32, Shape.of(shape), value); }

    public static Tensor full(DType dtype, double value, int... shape) { return Creation.full(dtype, Shape.of(shape), value); }

    public static Tensor zerosLike(Tensor t) { return Creation.full(t.dtype(), t.shape(), 0, t.backend); }

    public static Tensor onesLike(Tensor t) { return Creation.full(t.dtype(), t.shape(), 1, t.backend); }

    /**
     * Zeros made directly on {@code device}: by the current default backend ({@link Backends#use}) when it runs on
     * that device, else by the device's best backend. The other device forms below choose their backend alike.
     */
    public static Tensor zeros(Device device, DType dtype, int... shape) { return full(device, dtype, 0, shape); }

    public static Tensor ones(Device device, DType dtype, int... shape) { return full(device, dtype, 1, shape); }

    public static Tensor full(Device device, DType dtype, double value, int... shape) {
        return Creation.full(dtype, Shape.of(shape), value, Creation.on(device));
    }

    /** Zeros of {@code shape} with this tensor's dtype, on its backend (PyTorch's {@code new_zeros}). */
    public Tensor newZeros(int... shape) { return Creation.full(dtype(), Shape.of(shape), 0, backend); }

    /** Ones of {@code shape} with this tensor's dtype, on its backend. */
    public Tensor newOnes(int... shape) { return Creation.full(dtype(), Shape.of(shape), 1, backend); }

    /** {@code value} everywhere in {@code shape}, with this tensor's dtype, on its backend (a scalar for no shape). */
    public Tensor newFull(double value, int... shape) { return Creation.full(dtype(), Shape.of(shape), value, backend); }

    /** 0-d tensor. */
    public static Tensor scalar(double value) { return Creation.full(DType.F32, Shape.scalar(), value); }

    public static Tensor scalar(DType dtype, double value) { return Creation.full(dtype, Shape.scalar(), value); }

    /** {@code 0, 1, ..., end-1} as I64. */
    public static Tensor arange(long end) { return Creation.arange(0, end, 1, DType.I64); }

    public static Tensor arange(double start, double end, double step) { return Creation.arange(start, end, step, DType.F32); }

    public static Tensor arange(double start, double end, double step, DType dtype) { return Creation.arange(start, end, step, dtype); }

    public static Tensor linspace(double start, double end, int steps) { return Creation.linspace(start, end, steps, DType.F32); }

    public static Tensor eye(int n) { return Creation.eye(n, n, DType.F32); }

    public static Tensor eye(int rows, int cols) { return Creation.eye(rows, cols, DType.F32); }

    /**
     * From a Java array of any rank: {@code float[]}, {@code double[][]}, {@code int[][][]}, {@code long[]},
     * {@code boolean[]}, ... Rows must be rectangular. The dtype follows the element type.
     */
    public static Tensor of(Object array) { return Creation.fromArray(array); }

    /** A flat array given a shape. Copies the array. */
    public static Tensor of(float[] data, int... shape) { return Creation.fromFlat(data.clone(), Shape.of(shape)); }

    public static Tensor of(double[] data, int... shape) { return Creation.fromFlat(data.clone(), Shape.of(shape)); }

    public static Tensor of(int[] data, int... shape) { return Creation.fromFlat(data.clone(), Shape.of(shape)); }

    public static Tensor of(long[] data, int... shape) { return Creation.fromFlat(data.clone(), Shape.of(shape)); }

    public static Tensor of(boolean[] data, int... shape) { return Creation.fromFlat(data.clone(), Shape.of(shape)); }

    /** Wraps a host array without copying (it must not be modified afterwards). */
    public static Tensor wrap(Object flatArray, Shape shape) { return Creation.fromFlat(flatArray, shape); }

    /** Wraps a storage of a backend (for backends and advanced use). */
    public static Tensor fromStorage(Storage storage, Layout layout, Backend backend) {
        if (layout.requiredStorageLength() > storage.length()) {
            throw new IllegalArgumentException("layout " + layout + " needs " + layout.requiredStorageLength()
                    + " elements but the storage holds " + storage.length());
        }
        return new Tensor(storage, layout, backend, new VersionCounter());
    }

    // ---- random --------------------------------------------------------------------------------------------------
    // Drawn on the target backend from the generator's Philox stream: a seed gives the same values on every backend.
    // Without a device they go to the default backend; without a dtype, F32 (I64 for randint).

    /** Uniform in [0, 1). */
    public static Tensor rand(Generator g, int... shape) { return uniform(g, DType.F32, 0, 1, shape); }

    /** Uniform in [0, 1) in a floating dtype. */
    public static Tensor rand(Generator g, DType dtype, int... shape) { return uniform(g, dtype, 0, 1, shape); }

    public static Tensor uniform(Generator g, double low, double high, int... shape) {
        return uniform(g, DType.F32, low, high, shape);
    }

    /** Uniform in [low, high) in a floating dtype. */
    public static Tensor uniform(Generator g, DType dtype, double low, double high, int... shape) {
        return RandomOps.draw(g, new RandomDistribution.Uniform(low, high), dtype, Shape.of(shape), Backends.defaultBackend());
    }

    /** Standard normal. */
    public static Tensor randn(Generator g, int... shape) { return normal(g, DType.F32, 0, 1, shape); }

    /** Standard normal in a floating dtype. */
    public static Tensor randn(Generator g, DType dtype, int... shape) { return normal(g, dtype, 0, 1, shape); }

    public static Tensor normal(Generator g, double mean, double std, int... shape) {
        return normal(g, DType.F32, mean, std, shape);
    }

    /** Normal with {@code mean} and {@code std} in a floating dtype. */
    public static Tensor normal(Generator g, DType dtype, double mean, double std, int... shape) {
        return RandomOps.draw(g, new RandomDistribution.Normal(mean, std), dtype, Shape.of(shape), Backends.defaultBackend());
    }

    /** Integers in [low, high) as I64. */
    public static Tensor randint(Generator g, long low, long high, int... shape) {
        return RandomOps.draw(g, new RandomDistribution.Integers(low, high), DType.I64, Shape.of(shape), Backends.defaultBackend());
    }

    /** 1 with probability p, else 0 (F32). */
    public static Tensor bernoulli(Generator g, double p, int... shape) { return bernoulli(g, DType.F32, p, shape); }

    /** 1 with probability p, else 0, in any dtype (true/false for BOOL). */
    public static Tensor bernoulli(Generator g, DType dtype, double p, int... shape) {
        return RandomOps.draw(g, new RandomDistribution.Bernoulli(p), dtype, Shape.of(shape), Backends.defaultBackend());
    }

    /** {@link #rand} drawn on {@code device}. */
    public static Tensor rand(Device device, Generator g, DType dtype, int... shape) {
        return uniform(device, g, dtype, 0, 1, shape);
    }

    /** {@link #uniform} drawn on {@code device}. */
    public static Tensor uniform(Device device, Generator g, DType dtype, double low, double high, int... shape) {
        return RandomOps.draw(g, new RandomDistribution.Uniform(low, high), dtype, Shape.of(shape), Creation.on(device));
    }

    /** {@link #randn} drawn on {@code device}. */
    public static Tensor randn(Device device, Generator g, DType dtype, int... shape) {
        return normal(device, g, dtype, 0, 1, shape);
    }

    /** {@link #normal} drawn on {@code device}. */
    public static Tensor normal(Device device, Generator g, DType dtype, double mean, double std, int... shape) {
        return RandomOps.draw(g, new RandomDistribution.Normal(mean, std), dtype, Shape.of(shape), Creation.on(device));
    }

    /** {@link #randint} drawn on {@code device}, as I64 or I32. */
    public static Tensor randint(Device device, Generator g, DType dtype, long low, long high, int... shape) {
        return RandomOps.draw(g, new RandomDistribution.Integers(low, high), dtype, Shape.of(shape), Creation.on(device));
    }

    /** {@link #bernoulli(Generator, DType, double, int...)} drawn on {@code device}. */
    public static Tensor bernoulli(Device device, Generator g, DType dtype, double p, int... shape) {
        return RandomOps.draw(g, new RandomDistribution.Bernoulli(p), dtype, Shape.of(shape), Creation.on(device));
    }

    /** 1 with the probability in each element of {@code probs}, else 0. */
    public static Tensor bernoulli(Generator g, Tensor probs) { return RandomOps.bernoulli(g, probs); }

    /** A random permutation of 0..n-1 (I64), shuffled on the host (see {@code RandomOps.permutation}). */
    public static Tensor permutation(Generator g, int n) { return RandomOps.permutation(g, n); }

    // ---- inspection ----------------------------------------------------------------------------------------------

    public Shape shape() { return layout.shape(); }

    public int[] dims() { return layout.shape().dims(); }

    public int dim(int axis) { return layout.shape().dim(axis); }

    public int rank() { return layout.rank(); }

    public int numel() { return layout.numel(); }

    public DType dtype() { return storage.dtype(); }

    public Device device() { return backend.device(); }

    public Backend backend() { return backend; }

    public Storage storage() { return storage; }

    public Layout layout() { return layout; }

    public boolean isContiguous() { return layout.isContiguous(); }

    /** Number of in-place writes to this tensor's storage (shared with its views). */
    public int version() { return version.get(); }

    // ---- conversion ----------------------------------------------------------------------------------------------

    public float[] toFloatArray() { return (float[]) Creation.hostCopy(this, DType.F32).array(); }

    public double[] toDoubleArray() { return (double[]) Creation.hostCopy(this, DType.F64).array(); }

    public int[] toIntArray() { return (int[]) Creation.hostCopy(this, DType.I32).array(); }

    public long[] toLongArray() { return (long[]) Creation.hostCopy(this, DType.I64).array(); }

    public boolean[] toBooleanArray() { return (boolean[]) Creation.hostCopy(this, DType.BOOL).array(); }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1) throw new IllegalStateException("item: tensor of shape " + shape() + " has " + numel() + " elements, not 1");
        return Creation.hostCopy(this, dtype() == DType.I64 ? DType.I64 : DType.F64).getDouble(0);
    }

    /** The value of a one-element integer tensor, exactly. */
    public long longItem() {
        if (numel() != 1) throw new IllegalStateException("longItem: tensor of shape " + shape() + " has " + numel() + " elements, not 1");
        return Creation.hostCopy(this, DType.I64).getLong(0);
    }

    /** This tensor converted to {@code dtype} (itself if already). Gradients flow between floating types. */
    public Tensor to(DType dtype) { return Elementwise.cast(this, dtype); }

    /** This tensor on another device (itself if already there). */
    public Tensor to(Device device) { return Creation.toDevice(this, device); }

    /** This tensor on a given backend (e.g. to compare backends on the same device). */
    public Tensor to(Backend target) { return Creation.toBackend(this, target); }

    // ---- autograd ------------------------------------------------------------------------------------------------

    public boolean requiresGrad() { return requiresGrad; }

    /** Marks a leaf as a parameter whose gradient backward computes. Returns this. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null && !value) {
            throw new IllegalStateException("requiresGrad(false) on a tensor computed by '" + gradFn.op()
                    + "'; use detach() to cut it from the graph");
        }
        if (value && !dtype().isFloating()) {
            throw new IllegalArgumentException("only floating-point tensors can require grad, not " + dtype());
        }
        requiresGrad = value;
        return this;
    }

    /** The accumulated gradient of a leaf (null before backward). */
    public Tensor grad() { return grad; }

    /** Replaces the gradient (e.g. by gradient clipping); null clears it. */
    public void setGrad(Tensor g) {
        if (g != null && !g.shape().equals(shape())) {
            throw new IllegalArgumentException("setGrad: gradient of shape " + g.shape() + " for a tensor of shape " + shape());
        }
        if (g != null && (g.dtype() != dtype() || !g.device().equals(device()))) {
            throw new IllegalArgumentException("setGrad: gradient is " + g.dtype() + " on " + g.device() + " but the tensor is "
                    + dtype() + " on " + device());
        }
        this.grad = g;
    }

    /**
     * Adds to the gradient; used by backward for leaves and tensors that retain their grad. With {@code createGraph}
     * the gradient keeps its graph (double backward), else it is cut from it.
     */
    void accumulateGrad(Tensor g, boolean createGraph) {
        Tensor cast = g.dtype() == dtype() ? g : g.to(dtype());
        if (createGraph) {
            // Recorded ops: a fresh tensor that still depends on the graph the gradient was computed with.
            grad = grad == null ? cast.contiguousCopy() : grad.add(cast);
            return;
        }
        // The incoming tensor may be shared (a rule can pass one gradient to several inputs, and the root's gradient
        // belongs to the caller): keep a private copy, since optimizers and clippers write into .grad() in place.
        if (grad == null) grad = cast != g && cast.isContiguous() ? cast.detach() : cast.detach().contiguousCopy();
        else grad = grad.add(cast.detach());
    }

    /**
     * Clears the gradient. (A gradient computed inside a {@link Scope} is released with the scope, like every tensor
     * made there: training loops that scope their steps clear gradients before the scope ends.)
     */
    public void zeroGrad() { grad = null; }

    /** Keeps the gradient of this non-leaf tensor after backward. */
    public Tensor retainGrad() {
        retainsGrad = true;
        return this;
    }

    public boolean retainsGrad() { return retainsGrad; }

    public boolean isLeaf() { return gradFn == null; }

    /** The op that produced this tensor, or null for a leaf. */
    public GradFn gradFn() { return gradFn; }

    /** The same data, cut from the graph. */
    public Tensor detach() { return view(layout); }

    /** Backpropagates from a one-element tensor (e.g. a loss). */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward: a gradient can only be implied for a one-element tensor, not shape "
                    + shape() + "; pass the upstream gradient explicitly");
        }
        backward(onesLike(this), false);
    }

    public void backward(Tensor gradient) { backward(gradient, false); }

    /** Backpropagates {@code gradient}; with {@code retainGraph} the graph can be walked again. */
    public void backward(Tensor gradient, boolean retainGraph) { AutogradEngine.backward(this, gradient, retainGraph, false); }

    /**
     * Backpropagates {@code gradient}. With {@code createGraph} the gradient rules are recorded too, so the
     * {@code .grad()} of the leaves can be differentiated again (gradient penalties, Hessian-vector products); the
     * graph is then retained whatever {@code retainGraph} says. See {@link Autograd#grad} for gradients that do not
     * go into {@code .grad()}.
     */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        AutogradEngine.backward(this, gradient, retainGraph, createGraph);
    }

    // ---- elementwise ---------------------------------------------------------------------------------------------

    public Tensor add(Tensor o) { return Elementwise.binary(BinaryOp.ADD, this, o); }

    public Tensor add(double s) { return Elementwise.binary(BinaryOp.ADD, this, Elementwise.scalarFor(this, s)); }

    public Tensor sub(Tensor o) { return Elementwise.binary(BinaryOp.SUB, this, o); }

    public Tensor sub(double s) { return Elementwise.binary(BinaryOp.SUB, this, Elementwise.scalarFor(this, s)); }

    public Tensor mul(Tensor o) { return Elementwise.binary(BinaryOp.MUL, this, o); }

    public Tensor mul(double s) { return Elementwise.binary(BinaryOp.MUL, this, Elementwise.scalarFor(this, s)); }

    public Tensor div(Tensor o) { return Elementwise.binary(BinaryOp.DIV, this, o); }

    public Tensor div(double s) { return Elementwise.binary(BinaryOp.DIV, this, Elementwise.scalarFor(this, s)); }

    public Tensor pow(Tensor o) { return Elementwise.binary(BinaryOp.POW, this, o); }

    public Tensor pow(double exponent) { return Elementwise.unary(UnaryOp.POW_SCALAR, this, exponent, 0); }

    public Tensor minimum(Tensor o) { return Elementwise.binary(BinaryOp.MINIMUM, this, o); }

    public Tensor maximum(Tensor o) { return Elementwise.binary(BinaryOp.MAXIMUM, this, o); }

    /** {@code s - this}. */
    public Tensor rsub(double s) { return Elementwise.binary(BinaryOp.SUB, Elementwise.scalarFor(this, s), this); }

    public Tensor neg() { return Elementwise.unary(UnaryOp.NEG, this, 0, 0); }

    public Tensor abs() { return Elementwise.unary(UnaryOp.ABS, this, 0, 0); }

    public Tensor sign() { return Elementwise.unary(UnaryOp.SIGN, this, 0, 0); }

    public Tensor exp() { return Elementwise.unary(UnaryOp.EXP, this, 0, 0); }

    public Tensor log() { return Elementwise.unary(UnaryOp.LOG, this, 0, 0); }

    public Tensor log1p() { return Elementwise.unary(UnaryOp.LOG1P, this, 0, 0); }

    public Tensor sqrt() { return Elementwise.unary(UnaryOp.SQRT, this, 0, 0); }

    public Tensor rsqrt() { return Elementwise.unary(UnaryOp.RSQRT, this, 0, 0); }

    public Tensor reciprocal() { return Elementwise.unary(UnaryOp.RECIPROCAL, this, 0, 0); }

    public Tensor square() { return Elementwise.unary(UnaryOp.SQUARE, this, 0, 0); }

    public Tensor erf() { return Elementwise.unary(UnaryOp.ERF, this, 0, 0); }

    public Tensor sin() { return Elementwise.unary(UnaryOp.SIN, this, 0, 0); }

    public Tensor cos() { return Elementwise.unary(UnaryOp.COS, this, 0, 0); }

    public Tensor tanh() { return Elementwise.unary(UnaryOp.TANH, this, 0, 0); }

    public Tensor sigmoid() { return Elementwise.unary(UnaryOp.SIGMOID, this, 0, 0); }

    public Tensor relu() { return Elementwise.unary(UnaryOp.RELU, this, 0, 0); }

    public Tensor leakyRelu(double negativeSlope) { return Elementwise.unary(UnaryOp.LEAKY_RELU, this, negativeSlope, 0); }

    public Tensor elu(double alpha) { return Elementwise.unary(UnaryOp.ELU, this, alpha, 0); }

    /** Exact GELU (erf form), PyTorch's default. */
    public Tensor gelu() { return Elementwise.unary(UnaryOp.GELU, this, 0, 0); }

    /** GELU with the tanh approximation. */
    public Tensor geluTanh() { return Elementwise.unary(UnaryOp.GELU_TANH, this, 0, 0); }

    public Tensor silu() { return Elementwise.unary(UnaryOp.SILU, this, 0, 0); }

    public Tensor softplus() { return softplus(1, 20); }

    public Tensor softplus(double beta, double threshold) { return Elementwise.unary(UnaryOp.SOFTPLUS, this, beta, threshold); }

    /** Clamps to [min, max]; pass NaN for no bound on a side. */
    public Tensor clamp(double min, double max) { return Elementwise.unary(UnaryOp.CLAMP, this, min, max); }

    public Tensor eq(Tensor o) { return Elementwise.compare(CompareOp.EQ, this, o); }

    public Tensor eq(double s) { return Elementwise.compare(CompareOp.EQ, this, Elementwise.scalarFor(this, s)); }

    public Tensor ne(Tensor o) { return Elementwise.compare(CompareOp.NE, this, o); }

    public Tensor ne(double s) { return Elementwise.compare(CompareOp.NE, this, Elementwise.scalarFor(this, s)); }

    public Tensor lt(Tensor o) { return Elementwise.compare(CompareOp.LT, this, o); }

    public Tensor lt(double s) { return Elementwise.compare(CompareOp.LT, this, Elementwise.scalarFor(this, s)); }

    public Tensor le(Tensor o) { return Elementwise.compare(CompareOp.LE, this, o); }

    public Tensor le(double s) { return Elementwise.compare(CompareOp.LE, this, Elementwise.scalarFor(this, s)); }

    public Tensor gt(Tensor o) { return Elementwise.compare(CompareOp.GT, this, o); }

    public Tensor gt(double s) { return Elementwise.compare(CompareOp.GT, this, Elementwise.scalarFor(this, s)); }

    public Tensor ge(Tensor o) { return Elementwise.compare(CompareOp.GE, this, o); }

    public Tensor ge(double s) { return Elementwise.compare(CompareOp.GE, this, Elementwise.scalarFor(this, s)); }

    /** {@code cond ? x : y}, broadcasting all three. */
    public static Tensor where(Tensor cond, Tensor x, Tensor y) { return Elementwise.where(cond, x, y); }

    /** This tensor with {@code value} where {@code mask} is true. */
    public Tensor maskedFill(Tensor mask, double value) {
        if (!Shape.broadcast("maskedFill", shape(), mask.shape()).equals(shape())) {
            throw new IllegalArgumentException("maskedFill: mask of shape " + mask.shape() + " cannot be broadcast to the tensor's shape " + shape());
        }
        return Elementwise.where(mask, Elementwise.scalarFor(this, value), this);
    }

    /**
     * The elements where {@code mask} (BOOL) is true, as a 1-D tensor in row-major order; the mask and this tensor
     * broadcast against each other, as PyTorch's {@code masked_select}. The gradient goes back to the selected
     * positions (zero elsewhere).
     *
     * <p>The result's length depends on the data, so the number of true elements is read back to the host: on a
     * device backend that is one synchronous read per call. The positions themselves are computed on this tensor's
     * backend (a prefix sum over the mask: a few tensor ops, among them a matrix product, per 64-fold level).
     */
    public Tensor maskedSelect(Tensor mask) { return Indexing.maskedSelect(this, mask); }

    // ---- reductions ----------------------------------------------------------------------------------------------

    public Tensor sum() { return Reductions.reduce(ReduceOp.SUM, this, Reductions.allAxes(this), false); }

    public Tensor sum(int axis, boolean keepDim) { return Reductions.reduce(ReduceOp.SUM, this, new int[] {axis}, keepDim); }

    public Tensor sum(int[] axes, boolean keepDim) { return Reductions.reduce(ReduceOp.SUM, this, axes, keepDim); }

    public Tensor mean() { return Reductions.mean(this, Reductions.allAxes(this), false); }

    public Tensor mean(int axis, boolean keepDim) { return Reductions.mean(this, new int[] {axis}, keepDim); }

    public Tensor mean(int[] axes, boolean keepDim) { return Reductions.mean(this, axes, keepDim); }

    public Tensor max() { return Reductions.reduce(ReduceOp.MAX, this, Reductions.allAxes(this), false); }

    public Tensor max(int axis, boolean keepDim) { return Reductions.reduce(ReduceOp.MAX, this, new int[] {axis}, keepDim); }

    public Tensor max(int[] axes, boolean keepDim) { return Reductions.reduce(ReduceOp.MAX, this, axes, keepDim); }

    public Tensor min() { return Reductions.reduce(ReduceOp.MIN, this, Reductions.allAxes(this), false); }

    public Tensor min(int axis, boolean keepDim) { return Reductions.reduce(ReduceOp.MIN, this, new int[] {axis}, keepDim); }

    public Tensor min(int[] axes, boolean keepDim) { return Reductions.reduce(ReduceOp.MIN, this, axes, keepDim); }

    public Tensor prod() { return Reductions.reduce(ReduceOp.PROD, this, Reductions.allAxes(this), false); }

    public Tensor prod(int axis, boolean keepDim) { return Reductions.reduce(ReduceOp.PROD, this, new int[] {axis}, keepDim); }

    public Tensor prod(int[] axes, boolean keepDim) { return Reductions.reduce(ReduceOp.PROD, this, axes, keepDim); }

    /** Variance with Bessel's correction (unbiased), over all elements. */
    public Tensor var() { return Reductions.var(this, Reductions.allAxes(this), 1, false); }

    /** Variance over axes; {@code correction} 1 is unbiased, 0 the population variance. */
    public Tensor var(int[] axes, int correction, boolean keepDim) { return Reductions.var(this, axes, correction, keepDim); }

    public Tensor std() { return var().sqrt(); }

    public Tensor std(int[] axes, int correction, boolean keepDim) { return var(axes, correction, keepDim).sqrt(); }

    public Tensor logsumexp(int axis, boolean keepDim) { return Reductions.logsumexp(this, new int[] {axis}, keepDim); }

    public Tensor logsumexp(int[] axes, boolean keepDim) { return Reductions.logsumexp(this, axes, keepDim); }

    public Tensor logsumexp() { return Reductions.logsumexp(this, Reductions.allAxes(this), false); }

    /** Index of the maximum of the flattened tensor (I64, 0-d). */
    public Tensor argmax() { return Reductions.arg(true, reshape(-1), 0, false); }

    public Tensor argmax(int axis, boolean keepDim) { return Reductions.arg(true, this, axis, keepDim); }

    public Tensor argmin() { return Reductions.arg(false, reshape(-1), 0, false); }

    public Tensor argmin(int axis, boolean keepDim) { return Reductions.arg(false, this, axis, keepDim); }

    public Tensor softmax(int axis) { return Reductions.softmax(this, axis, false); }

    public Tensor logSoftmax(int axis) { return Reductions.softmax(this, axis, true); }

    // ---- linear algebra ------------------------------------------------------------------------------------------

    /** Matrix product with PyTorch's rules: 1-D vectors, 2-D matrices, batched with broadcast batch dimensions. */
    public Tensor matmul(Tensor o) { return LinearAlgebra.matmul(this, o); }

    // ---- views ---------------------------------------------------------------------------------------------------

    /** Same data, new shape (one dimension may be -1); a view when the strides allow it, else a copy. */
    public Tensor reshape(int... shape) { return Views.reshape(this, shape, false); }

    /** Like reshape but never copies: fails when the layout cannot be viewed in the new shape. */
    public Tensor view(int... shape) { return Views.reshape(this, shape, true); }

    public Tensor flatten() { return reshape(-1); }

    /** Merges dimensions {@code start..end} (inclusive) into one. */
    public Tensor flatten(int start, int end) { return Views.flatten(this, start, end); }

    public Tensor squeeze() { return Views.squeeze(this, null); }

    public Tensor squeeze(int axis) { return Views.squeeze(this, axis); }

    public Tensor unsqueeze(int axis) { return Views.unsqueeze(this, axis); }

    public Tensor transpose(int a, int b) { return Views.transpose(this, a, b); }

    /** Transpose of a 2-D tensor (a 0-d or 1-D tensor is returned as is). */
    public Tensor t() {
        if (rank() > 2) throw new IllegalArgumentException("t: expects a tensor of rank <= 2, got shape " + shape() + "; use transpose(a, b)");
        return rank() < 2 ? this : transpose(0, 1);
    }

    public Tensor permute(int... axes) { return Views.permute(this, axes, "permute"); }

    /** Elements {@code start <= i < end} along an axis, every {@code step}-th; negative indices count from the end. */
    public Tensor slice(int axis, int start, int end, int step) { return Views.slice(this, axis, start, end, step); }

    public Tensor slice(int axis, int start, int end) { return Views.slice(this, axis, start, end, 1); }

    /** {@code length} elements from {@code start} along an axis. */
    public Tensor narrow(int axis, int start, int length) { return Views.narrow(this, axis, start, length); }

    /** The sub-tensor at {@code index} along an axis, which is removed. */
    public Tensor select(int axis, int index) { return Views.select(this, axis, index); }

    /** Broadcasts size-1 dimensions (and new leading ones) to {@code shape}; -1 keeps a dimension. */
    public Tensor expand(int... shape) { return Views.expand(this, shape); }

    public Tensor expandAs(Tensor other) { return Views.expand(this, other.dims()); }

    /** This tensor if contiguous, else a contiguous copy. */
    public Tensor contiguous() { return isContiguous() ? this : contiguousCopy(); }

    /** Always a new contiguous tensor (a copy recorded for autograd). */
    public Tensor contiguousCopy() { return Views.copy(this); }

    // ---- joining, splitting, indexing ----------------------------------------------------------------------------

    public static Tensor concat(List<Tensor> tensors, int axis) { return Indexing.concat(tensors, axis); }

    public static Tensor stack(List<Tensor> tensors, int axis) { return Indexing.stack(tensors, axis); }

    /** Pieces of {@code size} along an axis (the last may be smaller). */
    public List<Tensor> split(int size, int axis) { return Indexing.split(this, size, axis); }

    /** Pieces of the given sizes along an axis. */
    public List<Tensor> split(int[] sizes, int axis) { return Indexing.split(this, sizes, axis); }

    /** {@code chunks} pieces of near-equal size along an axis, as PyTorch's chunk. */
    public List<Tensor> chunk(int chunks, int axis) { return Indexing.chunk(this, chunks, axis); }

    /** {@code out[i][j] = this[i][index[i][j]]} for axis 1 (and likewise for others). */
    public Tensor gather(int axis, Tensor index) { return Indexing.gather(this, axis, index); }

    /** Entries at the given positions (a 1-D I64/I32 tensor) along an axis. */
    public Tensor indexSelect(int axis, Tensor index) { return Indexing.indexSelect(this, axis, index); }

    /** A copy of this tensor with {@code src} added at {@code index} along an axis. */
    public Tensor scatterAdd(int axis, Tensor index, Tensor src) { return Indexing.scatterAdd(this, axis, index, src); }

    /** One-hot encoding of integer class indices: shape + [numClasses], I64. */
    public Tensor oneHot(int numClasses) { return Indexing.oneHot(this, numClasses); }

    /**
     * Constant padding. {@code pads} lists (before, after) pairs starting from the last dimension, as in PyTorch's
     * {@code F.pad}: {@code pad(new int[]{1, 1, 2, 2}, 0)} pads the last dimension by 1 and the one before by 2.
     */
    public Tensor pad(int[] pads, double value) { return Indexing.pad(this, pads, value); }

    // ---- in place ------------------------------------------------------------------------------------------------

    /** {@code this += other} (broadcast to this shape). */
    public Tensor addInPlace(Tensor other) { return InPlace.binary(BinaryOp.ADD, this, other); }

    /** {@code this += alpha * other}. */
    public Tensor addInPlace(Tensor other, double alpha) { return InPlace.binary(BinaryOp.ADD, this, alpha == 1 ? other : other.mul(alpha)); }

    public Tensor subInPlace(Tensor other) { return InPlace.binary(BinaryOp.SUB, this, other); }

    public Tensor mulInPlace(Tensor other) { return InPlace.binary(BinaryOp.MUL, this, other); }

    public Tensor mulInPlace(double s) { return InPlace.binary(BinaryOp.MUL, this, Elementwise.scalarFor(this, s)); }

    public Tensor divInPlace(Tensor other) { return InPlace.binary(BinaryOp.DIV, this, other); }

    /** Overwrites this tensor's elements with {@code src} (broadcast, converted). */
    public Tensor copyFrom(Tensor src) { return InPlace.assign(this, src); }

    public Tensor fill(double value) { return InPlace.assign(this, Elementwise.scalarFor(this, value)); }

    public Tensor zero() { return fill(0); }

    void bumpVersion() { version.bump(); }

    // ---- comparison helpers --------------------------------------------------------------------------------------

    /** Same shape and every element within {@code atol + rtol * |other|} (NaNs equal only if both NaN). */
    public boolean allClose(Tensor other, double rtol, double atol) { return Comparison.allClose(this, other, rtol, atol); }

    /** allClose with PyTorch's defaults (rtol 1e-5, atol 1e-8). */
    public boolean allClose(Tensor other) { return allClose(other, 1e-5, 1e-8); }

    /** Same shape and exactly equal values (dtype may differ). */
    public boolean equalValues(Tensor other) { return Comparison.allClose(this, other, 0, 0); }

    HostStorage hostData() { return backend.download(storage); }

    @Override
    public String toString() { return TensorFormat.format(this); }
}
