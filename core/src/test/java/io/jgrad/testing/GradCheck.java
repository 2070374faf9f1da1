package io.jgrad.testing;

import io.jgrad.Autograd;
import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Layout;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.backend.HostStorage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Finite-difference gradient checker in F64 (as PyTorch's {@code gradcheck}): compares the gradients backward
 * computes for every input that requires grad with central differences.
 *
 * <p>For a scalar output the upstream gradient is 1; for any other output it is a random tensor {@code v}, so the
 * checked quantity is {@code sum(f(x) * v)} and every output element (and its position) matters.
 * Inputs may be non-contiguous views (transposed, sliced): the perturbed copies keep the input's layout.
 */
public final class GradCheck {
    public static final double EPS = 1e-6;
    public static final double ATOL = 1e-5;
    public static final double RTOL = 1e-3;

    private GradCheck() {}

    /** Checks a function of one input. */
    public static void check(UnaryOperator<Tensor> f, Tensor x) {
        checkAll(in -> f.apply(in[0]), x);
    }

    /** Checks a function of two inputs. */
    public static void check(java.util.function.BinaryOperator<Tensor> f, Tensor x, Tensor y) {
        checkAll(in -> f.apply(in[0], in[1]), x, y);
    }

    /** Checks a function of several inputs; throws AssertionError naming the input, position and both values. */
    public static void checkAll(Function<Tensor[], Tensor> f, Tensor... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            Tensor x = inputs[i];
            if (x.requiresGrad() && x.dtype() != DType.F64) {
                throw new AssertionError("gradcheck: input " + i + " requires grad but is " + x.dtype() + "; use F64");
            }
            if (x.requiresGrad() && !x.isLeaf()) {
                throw new AssertionError("gradcheck: input " + i + " must be a leaf");
            }
            x.zeroGrad();
        }
        Tensor out = f.apply(inputs);
        if (inputs.length > 0) assertOnBackendOf(inputs[0], "output", out);
        if (!out.dtype().isFloating()) throw new AssertionError("gradcheck: output dtype " + out.dtype() + " is not floating");
        Tensor upstream = upstreamFor(out);
        boolean anyRequires = Arrays.stream(inputs).anyMatch(Tensor::requiresGrad);
        if (!anyRequires) throw new AssertionError("gradcheck: no input requires grad");
        if (out.requiresGrad()) out.to(DType.F64).backward(upstream);
        double[] v = upstream.toDoubleArray();

        for (int i = 0; i < inputs.length; i++) {
            Tensor x = inputs[i];
            if (!x.requiresGrad()) continue;
            Tensor grad = x.grad();
            if (grad != null) assertOnBackendOf(x, "gradient of input " + i, grad);
            if (grad != null && !grad.shape().equals(x.shape())) {
                throw new AssertionError("gradcheck: gradient of input " + i + " has shape " + grad.shape() + ", input has " + x.shape());
            }
            double[] analytic = grad == null ? new double[x.numel()] : grad.toDoubleArray();
            compare(i, x, analytic, numericGradient(f, inputs, i, v));
        }
    }

    /** Results live where the inputs do: a backend that computed on another (or on the host) fails here. */
    private static void assertOnBackendOf(Tensor input, String what, Tensor result) {
        if (result.backend() != input.backend()) {
            throw new AssertionError("gradcheck: the " + what + " is on backend " + result.backend().name()
                    + ", the input on " + input.backend().name());
        }
    }

    /**
     * Second-order check (PyTorch's {@code gradgradcheck}): the first-order gradients of {@code f}, computed with
     * {@code createGraph}, must themselves have the right gradients. The checked scalar is
     * {@code sum_i sum(grad_i(f; u) * w_i)}, where {@code grad_i(f; u)} is the gradient of {@code sum(f * u)} with
     * respect to input i and the {@code w_i} are fixed random weights; it is differentiated with respect to every
     * input and to the upstream gradient {@code u} itself, so the rules' dependence on both is checked against
     * central differences.
     */
    public static void checkSecondOrder(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor probe;
        try (var off = Grad.off()) {
            probe = f.apply(inputs);
        }
        Tensor upstream = upstreamFor(probe).to(inputs[0].backend()).requiresGrad(true);
        int n = inputs.length;
        Tensor[] weights = new Tensor[n];
        for (int i = 0; i < n; i++) {
            weights[i] = Tensor.randn(new Generator(7919L * (i + 1) ^ inputs[i].numel()), inputs[i].dims()).to(DType.F64)
                    .to(inputs[i].backend());
        }
        boolean[] wrt = new boolean[n];
        for (int i = 0; i < n; i++) wrt[i] = inputs[i].requiresGrad();
        Function<Tensor[], Tensor> firstOrder = args -> {
            // checkAll evaluates with grad mode on for the analytic gradient and off for the central differences, on
            // perturbed copies that require no grad; the first-order gradient needs a graph either way.
            boolean analytic = Grad.isEnabled();
            Tensor[] in = Arrays.copyOf(args, n);
            List<Tensor> wrtArgs = new ArrayList<>();
            try (var on = Grad.on()) {
                for (int i = 0; i < n; i++) {
                    if (!wrt[i]) continue;
                    if (!analytic) in[i] = in[i].detach().requiresGrad(true);
                    wrtArgs.add(in[i]);
                }
                Tensor out = f.apply(in).to(DType.F64);
                List<Tensor> grads = Autograd.grad(List.of(out), wrtArgs, List.of(args[n]), analytic, analytic, true);
                Tensor total = Tensor.zeros(DType.F64).to(inputs[0].backend());
                for (int i = 0, k = 0; i < n; i++) {
                    if (!wrt[i]) continue;
                    Tensor g = grads.get(k++);
                    if (g != null) total = total.add(g.to(DType.F64).mul(weights[i]).sum());
                }
                return total;
            }
        };
        Tensor[] all = Arrays.copyOf(inputs, n + 1);
        all[n] = upstream;
        checkAll(firstOrder, all);
    }

    /**
     * Checks a computation that reads tensors it captured (e.g. a module's parameters) rather than taking them as
     * arguments: each element of each parameter is perturbed in place (grad mode off) and restored exactly.
     */
    public static void checkCaptured(Supplier<Tensor> f, Tensor... params) {
        for (int i = 0; i < params.length; i++) {
            Tensor p = params[i];
            if (!p.requiresGrad() || p.dtype() != DType.F64 || !p.isLeaf()) {
                throw new AssertionError("gradcheck: parameter " + i + " must be an F64 leaf that requires grad");
            }
            if (Arrays.stream(p.layout().strides()).anyMatch(st -> st == 0) && p.numel() > 1) {
                throw new AssertionError("gradcheck: parameter " + i + " is an expanded view; its elements cannot be perturbed alone");
            }
            p.zeroGrad();
        }
        Tensor out = f.get();
        Tensor upstream = upstreamFor(out);
        if (out.requiresGrad()) out.to(DType.F64).backward(upstream);
        double[] v = upstream.toDoubleArray();
        for (int i = 0; i < params.length; i++) {
            Tensor p = params[i];
            double[] analytic = p.grad() == null ? new double[p.numel()] : p.grad().toDoubleArray();
            double[] original = p.toDoubleArray();
            double[] numeric = new double[p.numel()];
            try (var off = Grad.off()) {
                for (int j = 0; j < numeric.length; j++) {
                    Tensor element = element(p, unravel(j, p.dims()));
                    element.fill(original[j] + EPS);
                    double plus = weighted(f.get(), v);
                    element.fill(original[j] - EPS);
                    double minus = weighted(f.get(), v);
                    element.fill(original[j]);
                    numeric[j] = (plus - minus) / (2 * EPS);
                }
            }
            compare(i, p, analytic, numeric);
        }
    }

    /** A 0-d view of one element. */
    private static Tensor element(Tensor t, int[] index) {
        Tensor e = t;
        for (int d : index) e = e.select(0, d);
        return e;
    }

    private static Tensor upstreamFor(Tensor out) {
        return out.numel() == 1
                ? Tensor.ones(DType.F64, out.dims())
                : Tensor.randn(new Generator(20240607L ^ out.numel()), out.dims()).to(DType.F64);
    }

    private static void compare(int i, Tensor x, double[] analytic, double[] numeric) {
        for (int j = 0; j < analytic.length; j++) {
            double a = analytic[j], n = numeric[j];
            if (!(Math.abs(a - n) <= ATOL + RTOL * Math.abs(n))) {
                throw new AssertionError(String.format(
                        "gradcheck: input %d (shape %s), flat position %d %s: analytic %.10g vs numeric %.10g (diff %.3g)%n"
                                + "analytic: %s%nnumeric:  %s",
                        i, x.shape(), j, Arrays.toString(unravel(j, x.dims())), a, n, Math.abs(a - n),
                        preview(analytic), preview(numeric)));
            }
        }
    }

    private static double[] numericGradient(Function<Tensor[], Tensor> f, Tensor[] inputs, int which, double[] v) {
        Tensor x = inputs[which];
        double[] result = new double[x.numel()];
        Tensor[] args = inputs.clone();
        try (var off = Grad.off()) {
            for (int j = 0; j < result.length; j++) {
                args[which] = perturbed(x, j, EPS);
                double plus = weighted(f.apply(args), v);
                args[which] = perturbed(x, j, -EPS);
                double minus = weighted(f.apply(args), v);
                result[j] = (plus - minus) / (2 * EPS);
            }
        }
        return result;
    }

    private static double weighted(Tensor out, double[] v) {
        double[] o = out.toDoubleArray();
        if (o.length != v.length) throw new AssertionError("gradcheck: output size changed under perturbation");
        double s = 0;
        for (int k = 0; k < o.length; k++) s += o[k] * v[k];
        return s;
    }

    /** A copy of {@code x} with element {@code flat} (row-major) moved by {@code delta}, keeping x's layout when it can. */
    static Tensor perturbed(Tensor x, int flat, double delta) {
        Layout layout = x.layout();
        boolean shared = Arrays.stream(layout.strides()).anyMatch(s -> s == 0);
        if (shared) {
            // An expanded leaf shares memory between elements: perturb a contiguous copy instead.
            double[] data = x.toDoubleArray();
            data[flat] += delta;
            return Tensor.of(data, x.dims()).to(x.backend());
        }
        HostStorage host = x.backend().download(x.storage());
        double[] data = host.doubles().clone();
        data[layout.indexOf(unravel(flat, x.dims()))] += delta;
        return Tensor.fromStorage(x.backend().upload(HostStorage.wrap(data)), layout, x.backend());
    }

    static int[] unravel(int flat, int[] dims) {
        int[] idx = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            if (dims[d] == 0) return idx;
            idx[d] = flat % dims[d];
            flat /= dims[d];
        }
        return idx;
    }

    private static String preview(double[] a) {
        double[] head = Arrays.copyOf(a, Math.min(a.length, 12));
        return Arrays.toString(head) + (a.length > 12 ? " ..." : "");
    }

    /** A random F64 leaf requiring grad, values in [low, high), for gradient checks. */
    public static Tensor leaf(long seed, double low, double high, int... shape) {
        return Tensor.uniform(new Generator(seed), low, high, shape).to(DType.F64).requiresGrad(true);
    }

    /** A random F64 leaf with values bounded away from zero in magnitude: |x| in [0.2, 1.5), random sign. */
    public static Tensor awayFromZero(long seed, int... shape) {
        Generator g = new Generator(seed);
        Tensor mag = Tensor.uniform(g, 0.2, 1.5, shape).to(DType.F64);
        Tensor sign = Tensor.bernoulli(g, 0.5, shape).to(DType.F64).mul(2).sub(1);
        return mag.mul(sign).requiresGrad(true);
    }
}
