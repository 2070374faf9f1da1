package io.jgrad;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every op gives exactly the same result on a strided view (transposed, stepped slice with an offset, expanded) as
 * on a contiguous copy of it: the strided loops of the backend must not depend on the layout.
 */
class LayoutInvarianceTest {
    record Op(String name, UnaryOperator<Tensor> f) {}

    static final List<Op> OPS = List.of(
            new Op("exp", Tensor::exp), new Op("relu", Tensor::relu), new Op("neg", Tensor::neg),
            new Op("add row", t -> t.add(Tensor.arange(0, t.dim(-1), 1, DType.F64))),
            new Op("mul self transposed-back", t -> t.mul(t)),
            new Op("div by column", t -> t.div(Tensor.arange(1, t.dim(0) + 1, 1, DType.F64).reshape(-1, 1))),
            new Op("compare", t -> t.gt(0.3).to(DType.F64)),
            new Op("where", t -> Tensor.where(t.gt(0), t, t.mul(-2))),
            new Op("sum(0)", t -> t.sum(0, false)), new Op("sum(1, keep)", t -> t.sum(1, true)), new Op("sum", Tensor::sum),
            new Op("max(1)", t -> t.max(1, false)), new Op("prod(0)", t -> t.prod(0, true)),
            new Op("var(1)", t -> t.var(new int[] {1}, 1, false)), new Op("logsumexp(0)", t -> t.logsumexp(0, false)),
            new Op("argmax(1)", t -> t.argmax(1, false).to(DType.F64)), new Op("argmin(0)", t -> t.argmin(0, false).to(DType.F64)),
            new Op("softmax(0)", t -> t.softmax(0)), new Op("logSoftmax(1)", t -> t.logSoftmax(1)),
            new Op("matmul left", t -> t.matmul(Tensor.arange(0, t.dim(1) * 2, 1, DType.F64).reshape(t.dim(1), 2))),
            new Op("matmul right", t -> Tensor.arange(0, t.dim(0) * 2, 1, DType.F64).reshape(2, t.dim(0)).matmul(t)),
            new Op("matmul self", t -> t.matmul(t.t())),
            new Op("reshape", t -> t.reshape(-1)), new Op("flatten", Tensor::flatten),
            new Op("slice", t -> t.slice(1, 1, t.dim(1), 2)), new Op("select", t -> t.select(0, 1)),
            new Op("concat", t -> Tensor.concat(List.of(t, t.mul(2)), 1)), new Op("stack", t -> Tensor.stack(List.of(t, t), 0)),
            new Op("gather", t -> t.gather(1, Tensor.of(new long[][] {{1, 0}, {2, 2}, {0, 1}}).narrow(0, 0, t.dim(0)))),
            new Op("indexSelect", t -> t.indexSelect(1, Tensor.of(new long[] {2, 0, 2}))),
            new Op("scatterAdd", t -> t.scatterAdd(1, Tensor.of(new long[][] {{0, 0}, {1, 2}, {2, 1}}).narrow(0, 0, t.dim(0)),
                    Tensor.ones(DType.F64, t.dim(0), 2))),
            new Op("scatterAdd src", t -> Tensor.zeros(DType.F64, t.dim(0), 4).scatterAdd(1,
                    Tensor.of(new long[][] {{0, 3, 3}, {1, 1, 2}, {2, 0, 0}}).narrow(0, 0, t.dim(0)), t.narrow(1, 0, 3))),
            new Op("pad", t -> t.pad(new int[] {1, 2, 0, 1}, -1)),
            new Op("to F32", t -> t.to(DType.F32).to(DType.F64)), new Op("to I64", t -> t.mul(10).to(DType.I64).to(DType.F64)),
            new Op("clamp", t -> t.clamp(-0.5, 0.5)), new Op("pow tensor", t -> t.abs().pow(t)),
            new Op("maskedFill", t -> t.maskedFill(t.lt(0), 9)),
            new Op("copyFrom into", t -> Tensor.zeros(DType.F64, t.dims()).copyFrom(t)),
            new Op("addInPlace from", t -> Tensor.ones(DType.F64, t.dims()).addInPlace(t)));

    enum Layouts { TRANSPOSED, STEPPED_SLICE_WITH_OFFSET, EXPANDED }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Op op : OPS) for (Layouts l : Layouts.values()) all.add(Arguments.of(op.name(), l, op));
        return all.stream();
    }

    /** A [3, 4] (or [2, 4] for the slice) non-contiguous F64 view with distinct values. */
    static Tensor view(Layouts l) {
        Tensor base = Tensor.randn(new Generator(l.ordinal() + 1), 5, 9).to(DType.F64);
        return switch (l) {
            case TRANSPOSED -> base.narrow(0, 0, 4).narrow(1, 0, 3).t();
            case STEPPED_SLICE_WITH_OFFSET -> base.slice(0, 1, 5, 2).slice(1, 2, 9, 2);
            case EXPANDED -> base.select(0, 2).narrow(0, 0, 4).expand(3, 4);
        };
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void sameResultAsOnAContiguousCopy(String name, Layouts layout, Op op) {
        Tensor v = view(layout);
        assertFalse(v.isContiguous());
        Tensor c = v.contiguous();
        Tensor onView = op.f().apply(v), onCopy = op.f().apply(c);
        assertEquals(onCopy.shape(), onView.shape());
        assertArrayEquals(onCopy.toDoubleArray(), onView.toDoubleArray(), 0, name + " on " + layout);
    }
}
