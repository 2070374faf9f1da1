package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.ReferenceBackend;
import io.jgrad.backend.Storage;
import io.jgrad.testing.Views;
import io.jgrad.testing.Views.Kind;
import io.jgrad.testing.Views.View;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The dtypes the kit does not send through MatmulOps and FusedOps (it checks F32, F64 and I64 matmul and floating
 * fused ops): I32 and BOOL products (64-bit wrapping sums, narrowed), the dense layer's epilogue on I32, and ReLU's
 * gradient on integers and BOOL, each against the reference backend, exactly.
 */
@GpuTest
class MatmulFusedDtypesGpuTest {
    private static final Backend REFERENCE = new ReferenceBackend();

    private static Backend cuda() { return Backends.named("cuda", Device.cuda(0)); }

    private static long[] values(HostStorage h) {
        long[] out = new long[h.length()];
        for (int i = 0; i < out.length; i++) out[i] = h.getLong(i);
        return out;
    }

    private static void assertSame(String what, Function<Backend, Storage> op) {
        Backend cuda = cuda();
        HostStorage expected = REFERENCE.download(op.apply(REFERENCE)), actual = cuda.download(op.apply(cuda));
        assertEquals(expected.dtype(), actual.dtype(), what);
        assertArrayEquals(values(expected), values(actual), what);
    }

    @Test
    void integerAndBoolProductsWrapAndNarrowAsTheReference() {
        SplittableRandom rnd = new SplittableRandom(41);
        for (DType t : new DType[] {DType.I32, DType.BOOL}) {
            for (Kind kind : new Kind[] {Kind.CONTIGUOUS, Kind.TRANSPOSED, Kind.STEP_SLICED}) {
                // Large magnitudes, so that I32 sums leave the int range and are narrowed.
                View a = Views.make(kind, Shape.of(2, 9, 13), t, rnd, r -> r.nextInt(-2_000_000_000, 2_000_000_000));
                View b = Views.make(kind, Shape.of(2, 13, 5), t, rnd, r -> r.nextInt(-7, 8));
                assertSame("matmul " + t + " " + kind, be -> be.matmul(a.on(be), a.layout(), b.on(be), b.layout()));
            }
        }
    }

    @Test
    void linearReluOnIntegers() {
        SplittableRandom rnd = new SplittableRandom(42);
        View x = Views.make(Kind.CONTIGUOUS, Shape.of(7, 5), DType.I32, rnd, r -> r.nextInt(-9, 10));
        View w = Views.make(Kind.CONTIGUOUS, Shape.of(4, 5), DType.I32, rnd, r -> r.nextInt(-9, 10));
        View bias = Views.make(Kind.STEP_SLICED, Shape.of(4), DType.I32, rnd, r -> r.nextInt(-9, 10));
        assertSame("linearRelu I32",
                be -> be.linearRelu(x.on(be), x.layout(), w.on(be), w.layout(), bias.on(be), bias.layout()));
        assertSame("linear I32",
                be -> be.linear(x.on(be), x.layout(), w.on(be), w.layout(), bias.on(be), bias.layout()));
    }

    @Test
    void reluBackwardOnIntegersAndBool() {
        SplittableRandom rnd = new SplittableRandom(43);
        for (DType t : new DType[] {DType.I32, DType.I64, DType.BOOL}) {
            View g = Views.make(Kind.TRANSPOSED, Shape.of(6, 11), t, rnd, r -> r.nextInt(-5, 6));
            View x = Views.make(Kind.CONTIGUOUS, Shape.of(6, 11), t, rnd, r -> r.nextInt(-5, 6));
            assertSame("reluBackward " + t, be -> be.reluBackward(g.on(be), g.layout(), x.on(be), x.layout()));
        }
    }
}
