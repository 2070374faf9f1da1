package io.jgrad.testing;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Finite-difference checks (F64, on the backend under test) of every unary op, each on several layouts: contiguous,
 * transposed, sliced with a step, expanded (broadcast view), a non-contiguous leaf, 0-d and an empty tensor. Sample
 * points avoid each op's kinks. The F32 gradients agree with the F64 ones to float precision.
 */
public abstract class UnaryGradientChecks extends KitSuite {
    /** How an op's sample values are drawn. */
    enum Domain { ANY, POSITIVE, AWAY_FROM_ZERO, ABOVE_MINUS_ONE }

    record Op(String name, UnaryOperator<Tensor> f, Domain domain) {}

    static final List<Op> OPS = List.of(
            new Op("neg", Tensor::neg, Domain.ANY),
            new Op("abs", Tensor::abs, Domain.AWAY_FROM_ZERO),
            new Op("exp", Tensor::exp, Domain.ANY),
            new Op("log", Tensor::log, Domain.POSITIVE),
            new Op("log1p", Tensor::log1p, Domain.ABOVE_MINUS_ONE),
            new Op("sqrt", Tensor::sqrt, Domain.POSITIVE),
            new Op("rsqrt", Tensor::rsqrt, Domain.POSITIVE),
            new Op("reciprocal", Tensor::reciprocal, Domain.AWAY_FROM_ZERO),
            new Op("square", Tensor::square, Domain.ANY),
            new Op("erf", Tensor::erf, Domain.ANY),
            new Op("sin", Tensor::sin, Domain.ANY),
            new Op("cos", Tensor::cos, Domain.ANY),
            new Op("tanh", Tensor::tanh, Domain.ANY),
            new Op("sigmoid", Tensor::sigmoid, Domain.ANY),
            new Op("relu", Tensor::relu, Domain.AWAY_FROM_ZERO),
            new Op("leakyRelu(0.1)", x -> x.leakyRelu(0.1), Domain.AWAY_FROM_ZERO),
            new Op("elu(1.3)", x -> x.elu(1.3), Domain.AWAY_FROM_ZERO),
            new Op("gelu", Tensor::gelu, Domain.ANY),
            new Op("geluTanh", Tensor::geluTanh, Domain.ANY),
            new Op("silu", Tensor::silu, Domain.ANY),
            new Op("softplus", Tensor::softplus, Domain.ANY),
            new Op("softplus(beta 2, threshold 1)", x -> x.softplus(2, 1), Domain.AWAY_FROM_ZERO),
            new Op("pow(2)", x -> x.pow(2), Domain.ANY),
            new Op("pow(3)", x -> x.pow(3), Domain.ANY),
            new Op("pow(0)", x -> x.pow(0), Domain.ANY),
            new Op("pow(-1.5)", x -> x.pow(-1.5), Domain.POSITIVE),
            new Op("pow(0.5)", x -> x.pow(0.5), Domain.POSITIVE),
            new Op("clamp(-0.5, 0.5)", x -> x.clamp(-0.5, 0.5), Domain.ANY),
            new Op("clamp(min only)", x -> x.clamp(0.1, Double.NaN), Domain.ANY),
            new Op("clamp(max only)", x -> x.clamp(Double.NaN, -0.1), Domain.ANY),
            new Op("sign", Tensor::sign, Domain.AWAY_FROM_ZERO));

    enum Variant { CONTIGUOUS, TRANSPOSED, STEP_SLICED, EXPANDED, NON_CONTIGUOUS_LEAF, SCALAR, EMPTY }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Op op : OPS) for (Variant v : Variant.values()) all.add(Arguments.of(op.name(), v, op));
        return all.stream();
    }

    protected UnaryGradientChecks(BackendTestKit kit) { super(kit); }

    /** A leaf on the backend under test with values drawn from the op's domain. */
    private Tensor sample(Domain d, long seed, int... shape) {
        Tensor x = switch (d) {
            case ANY -> GradCheck.leaf(seed, -2, 2, shape);
            case POSITIVE -> GradCheck.leaf(seed, 0.3, 2.5, shape);
            case AWAY_FROM_ZERO -> GradCheck.awayFromZero(seed, shape);
            case ABOVE_MINUS_ONE -> GradCheck.leaf(seed, -0.7, 2, shape);
        };
        assertOnBackend("the sample", x);
        return x;
    }

    static Stream<Arguments> ops() { return OPS.stream().map(op -> Arguments.of(op.name(), op)); }

    /** The same rules in F32: the gradient stays F32 and agrees with the F64 gradient to float precision. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void f32GradientAgreesWithF64(String name, Op op) {
        Tensor x64 = sample(op.domain(), name.hashCode(), 3, 4);
        Tensor x32 = x64.detach().to(DType.F32).requiresGrad(true);
        Tensor v = Tensor.randn(new Generator(9), 3, 4);
        Tensor y32 = op.f().apply(x32);
        assertEquals(DType.F32, y32.dtype(), "forward stays F32");
        y32.backward(v);
        op.f().apply(x64).backward(v.to(DType.F64));
        assertEquals(DType.F32, x32.grad().dtype());
        assertOnBackend("the F32 gradient", x32.grad());
        double[] g32 = x32.grad().toDoubleArray(), g64 = x64.grad().toDoubleArray();
        for (int i = 0; i < g32.length; i++) {
            assertEquals(g64[i], g32[i], 1e-5 + 1e-4 * Math.abs(g64[i]), name + " at " + i);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(String name, Variant variant, Op op) {
        UnaryOperator<Tensor> f = op.f();
        long seed = name.hashCode();
        switch (variant) {
            case CONTIGUOUS -> GradCheck.check(f, sample(op.domain(), seed, 3, 4));
            case TRANSPOSED -> GradCheck.check(x -> f.apply(x.t()), sample(op.domain(), seed, 4, 3));
            case STEP_SLICED -> GradCheck.check(x -> f.apply(x.slice(1, 1, 8, 3)), sample(op.domain(), seed, 2, 8));
            case EXPANDED -> GradCheck.check(x -> f.apply(x.expand(3, 4)), sample(op.domain(), seed, 1, 4));
            case NON_CONTIGUOUS_LEAF -> {
                Tensor base = sample(op.domain(), seed, 4, 5).detach();
                Tensor leaf = base.transpose(0, 1).slice(0, 0, 5, 2).requiresGrad(true);
                GradCheck.check(f, leaf);
            }
            case SCALAR -> GradCheck.check(f, sample(op.domain(), seed));
            case EMPTY -> {
                Tensor x = sample(op.domain(), seed, 0, 3);
                GradCheck.check(y -> f.apply(y).sum(), x);
                assertEquals(x.shape(), x.grad() == null ? x.shape() : x.grad().shape());
            }
        }
    }
}
