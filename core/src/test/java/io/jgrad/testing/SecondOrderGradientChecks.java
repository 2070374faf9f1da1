package io.jgrad.testing;

import io.jgrad.Autograd;
import io.jgrad.BatchNormOptions;
import io.jgrad.Conv2dOptions;
import io.jgrad.ConvTranspose2dOptions;
import io.jgrad.F;
import io.jgrad.Pool2dOptions;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.jgrad.testing.GradCheck.awayFromZero;
import static io.jgrad.testing.GradCheck.leaf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Double backward on the backend under test (F64): gradients computed with {@code createGraph} are differentiable,
 * checked against finite differences of the first-order gradients for every kind of recorded op (PyTorch's
 * gradgradcheck, {@link GradCheck#checkSecondOrder}, which also differentiates with respect to the upstream gradient
 * and so exercises the backward ops' own rules), and Hessian-vector products against finite differences of the
 * gradient.
 */
public abstract class SecondOrderGradientChecks extends KitSuite {
    protected SecondOrderGradientChecks(BackendTestKit kit) { super(kit); }

    private static final List<Arguments> CASES = new ArrayList<>();
    /** The seed of the next sample; each case starts from its own, so its inputs do not depend on the test order. */
    private static long seed;

    private static void add(String name, Function<Tensor[], Tensor> f, Supplier<Tensor[]> inputs) {
        long firstSeed = 100 + 16L * CASES.size();
        Supplier<Tensor[]> seeded = () -> {
            seed = firstSeed;
            return inputs.get();
        };
        CASES.add(Arguments.of(name, f, seeded));
    }

    private static Tensor any(int... shape) { return leaf(seed++, -2, 2, shape); }

    private static Tensor pos(int... shape) { return leaf(seed++, 0.4, 2.2, shape); }

    private static Tensor[] ts(Tensor... t) { return t; }

    static {
        // Elementwise: every unary op with a non-zero second derivative, and the binary ops with broadcasting.
        add("exp", in -> in[0].exp(), () -> ts(any(2, 3)));
        add("log", in -> in[0].log(), () -> ts(pos(2, 3)));
        add("log1p", in -> in[0].log1p(), () -> ts(pos(3)));
        add("sqrt", in -> in[0].sqrt(), () -> ts(pos(2, 3)));
        add("rsqrt", in -> in[0].rsqrt(), () -> ts(pos(2, 3)));
        add("reciprocal", in -> in[0].reciprocal(), () -> ts(awayFromZero(seed++, 2, 3)));
        add("square", in -> in[0].square(), () -> ts(any(2, 3)));
        add("erf", in -> in[0].erf(), () -> ts(any(2, 3)));
        add("sin cos", in -> in[0].sin().mul(in[0].cos()), () -> ts(any(2, 3)));
        add("tanh", in -> in[0].tanh(), () -> ts(any(2, 3)));
        add("sigmoid", in -> in[0].sigmoid(), () -> ts(any(2, 3)));
        add("relu times x", in -> in[0].relu().mul(in[0]), () -> ts(awayFromZero(seed++, 2, 3)));
        add("leaky relu times x", in -> in[0].leakyRelu(0.1).mul(in[0]), () -> ts(awayFromZero(seed++, 2, 3)));
        add("elu", in -> in[0].elu(1.3), () -> ts(awayFromZero(seed++, 2, 3)));
        add("gelu", in -> in[0].gelu(), () -> ts(any(2, 3)));
        add("gelu tanh", in -> in[0].geluTanh(), () -> ts(any(2, 3)));
        add("silu", in -> in[0].silu(), () -> ts(any(2, 3)));
        add("softplus", in -> in[0].softplus(), () -> ts(any(2, 3)));
        add("pow scalar", in -> in[0].pow(3.5), () -> ts(pos(2, 3)));
        add("abs times x", in -> in[0].abs().mul(in[0]), () -> ts(awayFromZero(seed++, 4)));
        add("clamp times x", in -> in[0].clamp(-1, 1).mul(in[0]), () -> ts(awayFromZero(seed++, 5)));
        add("mul broadcast", in -> in[0].mul(in[1]).mul(in[0]), () -> ts(any(2, 3), any(3)));
        add("div broadcast", in -> in[0].div(in[1]), () -> ts(any(2, 3), awayFromZero(seed++, 2, 1)));
        add("pow tensor", in -> in[0].pow(in[1]), () -> ts(pos(2, 3), any(3)));
        add("minimum maximum", in -> in[0].minimum(in[1]).mul(in[0].maximum(in[1])), () -> ts(any(3, 2), any(3, 2)));
        add("where", in -> Tensor.where(in[0].gt(0), in[0].square(), in[1].exp()), () -> ts(any(3, 4), any(4)));

        // Reductions and softmax.
        add("sum keepDim times x", in -> in[0].sum(1, true).mul(in[0]), () -> ts(any(2, 3)));
        add("mean squared", in -> in[0].mean(0, false).square(), () -> ts(any(3, 2)));
        add("max times x", in -> in[0].max(1, true).mul(in[0]), () -> ts(any(2, 4)));
        add("prod", in -> in[0].prod(1, false), () -> ts(pos(2, 3)));
        add("var", in -> in[0].var(new int[] {1}, 1, false), () -> ts(any(2, 4)));
        add("logsumexp", in -> in[0].logsumexp(1, false), () -> ts(any(2, 4)));
        add("softmax", in -> in[0].softmax(1), () -> ts(any(2, 4)));
        add("log softmax", in -> in[0].logSoftmax(-1), () -> ts(any(3, 4)));

        // Linear algebra: matmul, linear and linear+ReLU (fused ops with their own rules).
        add("matmul batched broadcast", in -> in[0].matmul(in[1]).square(), () -> ts(any(2, 2, 3), any(3, 4)));
        add("linear", in -> F.linear(in[0], in[1], in[2]).tanh(), () -> ts(any(3, 4), any(5, 4), any(5)));
        add("linear relu", in -> F.linearRelu(in[0], in[1], in[2]).square(), () -> ts(any(3, 4), any(5, 4), any(5)));

        // Views, joins and indexing (linear maps: their rules must carry the upstream gradient's dependence).
        add("reshape permute", in -> in[0].reshape(3, 4).t().square(), () -> ts(any(2, 6)));
        add("slice with step", in -> in[0].slice(1, 1, 7, 2).square(), () -> ts(any(2, 7)));
        add("narrow of transposed", in -> in[0].t().narrow(0, 1, 2).exp(), () -> ts(any(3, 4)));
        add("expand", in -> in[0].expand(2, 3, 4).square(), () -> ts(any(3, 1)));
        add("contiguous copy", in -> in[0].t().contiguous().square(), () -> ts(any(3, 4)));
        add("concat", in -> Tensor.concat(List.of(in[0], in[1].square()), 0).exp(), () -> ts(any(2, 3), any(1, 3)));
        add("gather", in -> in[0].gather(1, Tensor.of(new long[][] {{0, 2, 2}, {1, 1, 0}})).square(), () -> ts(any(2, 3)));
        add("indexSelect", in -> in[0].indexSelect(0, Tensor.of(new long[] {2, 0, 2})).square(), () -> ts(any(3, 2)));
        add("scatterAdd", in -> in[0].scatterAdd(1, Tensor.of(new long[][] {{0, 0, 2}, {1, 2, 2}}), in[1].square()).exp(),
                () -> ts(any(2, 3), any(2, 3)));
        add("pad", in -> in[0].pad(new int[] {1, 2, 0, 1}, 0.5).square(), () -> ts(any(2, 3)));
        add("maskedSelect squared", in -> in[0].maskedSelect(Tensor.of(new boolean[] {true, false, true})).square(),
                () -> ts(any(2, 3)));

        // Convolution, pooling and batch normalization, whose rules call recorded backward ops.
        Conv2dOptions strided = Conv2dOptions.defaults().stride(2, 1).padding(1, 0).dilation(1);
        add("conv2d", in -> F.conv2d(in[0], in[1], in[2], strided).square(), () -> ts(any(2, 2, 5, 4), any(3, 2, 3, 2), any(3)));
        add("conv2d groups dilation", in -> F.conv2d(in[0], in[1], null, Conv2dOptions.defaults().padding(2).dilation(2).groups(2)).tanh(),
                () -> ts(any(1, 4, 5, 5), any(4, 2, 2, 3)));
        add("conv_transpose2d", in -> F.convTranspose2d(in[0], in[1], in[2], ConvTranspose2dOptions.defaults().stride(2).padding(1).outputPadding(1)).square(),
                () -> ts(any(1, 2, 3, 3), any(2, 3, 3, 3), any(3)));
        add("conv1d", in -> F.conv1d(in[0], in[1], null).square(), () -> ts(any(2, 2, 6), any(3, 2, 3)));
        add("max_pool2d", in -> F.maxPool2d(in[0].square(), Pool2dOptions.kernel(2).stride(1)), () -> ts(any(1, 2, 4, 4)));
        add("avg_pool2d", in -> F.avgPool2d(in[0], Pool2dOptions.kernel(3).stride(2).padding(1)).square(), () -> ts(any(1, 2, 5, 5)));
        add("adaptive_avg_pool2d", in -> F.adaptiveAvgPool2d(in[0], 2, 3).square(), () -> ts(any(1, 2, 5, 4)));
        add("batch_norm training", in -> F.batchNorm(in[0], null, null, in[1], in[2], BatchNormOptions.train()).square(),
                () -> ts(any(3, 2, 2, 2), any(2), any(2)));
        add("batch_norm eval", in -> F.batchNorm(in[0], Tensor.of(new double[] {0.3, -0.2}), Tensor.of(new double[] {1.5, 0.7}),
                in[1], in[2], BatchNormOptions.eval()).square(), () -> ts(any(3, 2, 2), any(2), any(2)));
        add("group_norm", in -> F.groupNorm(in[0], 2, in[1], in[2], 1e-5).square(), () -> ts(any(2, 4, 3), any(4), any(4)));
        add("instance_norm", in -> F.instanceNorm(in[0], null, null, in[1], null, true, BatchNormOptions.train()).square(),
                () -> ts(any(2, 2, 4), any(2)));
        add("upsample nearest", in -> F.upsampleNearest(in[0], 2).square(), () -> ts(any(1, 2, 2, 3)));
    }

    static Stream<Arguments> cases() { return CASES.stream(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsOfGradientsMatchFiniteDifferences(String name, Function<Tensor[], Tensor> f, Supplier<Tensor[]> inputs) {
        GradCheck.checkSecondOrder(f, inputs.get());
    }

    /** f(x) = sum(tanh(x W)^2) + sum(x^3), a function with a dense Hessian. */
    private static Tensor f(Tensor x, Tensor w) { return x.matmul(w).tanh().square().sum().add(x.pow(3).sum()); }

    @Test
    void hessianVectorProductMatchesFiniteDifferencesOfTheGradient() {
        Tensor x = leaf(1, -1, 1, 2, 3);
        Tensor w = leaf(2, -1, 1, 3, 4).detach();
        Tensor v = leaf(3, -1, 1, 2, 3).detach();
        Tensor gx = Autograd.grad(f(x, w), x, true);
        Tensor hv = Autograd.grad(gx.mul(v).sum(), x, false);

        double eps = 1e-5;
        Tensor plus = x.detach().add(v.mul(eps)).requiresGrad(true), minus = x.detach().sub(v.mul(eps)).requiresGrad(true);
        Tensor numeric = Autograd.grad(f(plus, w), plus, false).sub(Autograd.grad(f(minus, w), minus, false)).div(2 * eps);
        double[] a = hv.toDoubleArray(), n = numeric.toDoubleArray();
        for (int i = 0; i < a.length; i++) assertEquals(n[i], a[i], 1e-6 + 1e-5 * Math.abs(n[i]), "Hv[" + i + "]");
        assertTrue(hv.abs().sum().item() > 0.1, "a meaningful, non-zero product");
    }

    @Test
    void hessianVectorProductThroughAConvolutionalModel() {
        // Conv -> tanh -> avg pool -> linear: every rule's own rule is on the path of the second pass.
        Tensor x = leaf(4, -1, 1, 1, 2, 5, 5);
        Tensor k = leaf(5, -1, 1, 3, 2, 3, 3), lw = leaf(6, -1, 1, 2, 12);
        Function<Tensor, Tensor> loss = kernel -> {
            Tensor h = F.avgPool2d(F.conv2d(x, kernel, null, Conv2dOptions.defaults().padding(1)).tanh(), 2);
            return F.linear(h.reshape(1, 12), lw, null).logSoftmax(1).select(1, 0).sum().neg();
        };
        Tensor v = leaf(7, -1, 1, 3, 2, 3, 3).detach();
        Tensor hv = Autograd.grad(Autograd.grad(loss.apply(k), k, true).mul(v).sum(), k, false);
        double eps = 1e-5;
        Tensor kp = k.detach().add(v.mul(eps)).requiresGrad(true), km = k.detach().sub(v.mul(eps)).requiresGrad(true);
        Tensor numeric = Autograd.grad(loss.apply(kp), kp, false).sub(Autograd.grad(loss.apply(km), km, false)).div(2 * eps);
        double[] a = hv.toDoubleArray(), n = numeric.toDoubleArray();
        for (int i = 0; i < a.length; i++) assertEquals(n[i], a[i], 1e-6 + 1e-4 * Math.abs(n[i]), "Hv[" + i + "]");
    }

}
