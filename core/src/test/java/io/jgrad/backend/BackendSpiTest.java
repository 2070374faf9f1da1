package io.jgrad.backend;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SPI's default implementations, the reference backend's strided loops, discovery and storage helpers. */
class BackendSpiTest {
    /** A backend that implements only the primitives (delegating to the reference) and keeps every default method. */
    static Backend primitivesOnly() { return primitivesOnly(new ReferenceBackend()); }

    /** A backend whose non-default methods delegate to {@code ref} and that keeps every default method. */
    static Backend primitivesOnly(Backend ref) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, m, args) -> {
            if (m.isDefault()) return InvocationHandler.invokeDefault(proxy, m, args);
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "primitives-only";
                };
            }
            try {
                return m.invoke(ref, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, -1})
    void defaultSoftmaxMatchesTheReference(int axis) {
        Backend defaults = primitivesOnly();
        Tensor x = Tensor.randn(new Generator(axis + 10), 3, 4, 5).to(DType.F64).mul(5).transpose(0, 2);
        Tensor viaDefaults = x.to(defaults);
        assertSame(defaults, viaDefaults.backend());
        assertArrayEquals(x.softmax(axis).toDoubleArray(), viaDefaults.softmax(axis).toDoubleArray(), 1e-15);
        assertArrayEquals(x.logSoftmax(axis).toDoubleArray(), viaDefaults.logSoftmax(axis).toDoubleArray(), 1e-13);
        Tensor big = Tensor.of(new double[] {1000, 1001, 1002}).to(defaults);
        assertTrue(java.util.Arrays.stream(big.logSoftmax(0).toDoubleArray()).allMatch(Double::isFinite));
    }

    @Test
    void defaultInPlaceOpWritesThroughAStridedView() {
        Backend defaults = primitivesOnly();
        Tensor a = Tensor.zeros(DType.F64, 2, 3).to(defaults);
        a.t().slice(0, 0, 3, 2).addInPlace(Tensor.of(new double[] {1, 2}).to(defaults));
        assertArrayEquals(new double[] {1, 0, 1, 2, 0, 2}, a.toDoubleArray());
    }

    @Test
    void gradientsFlowBackAcrossBackends() {
        Backend defaults = primitivesOnly();
        Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
        x.to(defaults).mul(3).sum().backward();
        assertSame(x.backend(), x.grad().backend());
        assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray());
    }

    @Test
    void referenceBackendIsRegisteredAndDefaultInCore() {
        assertTrue(Backends.providers().stream().anyMatch(p -> p.provider().name().equals("reference") && p.availability().available()));
        Backend b = Backends.named("reference", Device.CPU);
        assertEquals("reference", b.name());
        assertEquals(Device.CPU, b.device());
        assertSame(b, Backends.named("reference", Device.CPU));
        assertEquals(Device.CPU, Tensor.zeros(1).device());
    }

    @Test
    void useSetsTheThreadsDefaultUntilClosed() {
        Backend before = Backends.defaultBackend();
        Backend other = primitivesOnly();
        try (var outer = Backends.use(other)) {
            assertSame(other, Backends.defaultBackend());
            assertSame(other, Tensor.zeros(2).backend());
            Backend reference = Backends.named("reference", Device.CPU);
            try (var inner = Backends.use(reference)) {
                assertSame(reference, Tensor.ones(1).backend());
            }
            assertSame(other, Backends.defaultBackend());
        }
        assertSame(before, Backends.defaultBackend());
    }

    @Test
    void fromStorageChecksTheLayoutFits() {
        HostStorage h = HostStorage.wrap(new float[] {1, 2, 3, 4, 5, 6});
        Backend b = Backends.defaultBackend();
        Tensor t = Tensor.fromStorage(h, new Layout(Shape.of(2, 2), new int[] {1, 2}, 1), b);
        assertArrayEquals(new double[] {2, 4, 3, 5}, t.toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.fromStorage(h, new Layout(Shape.of(2, 3), new int[] {3, 1}, 1), b));
        assertTrue(e.getMessage().contains("needs 7 elements but the storage holds 6"), e.getMessage());
        float[] raw = {1, 2};
        Tensor wrapped = Tensor.wrap(raw, Shape.of(2));
        assertArrayEquals(new float[] {1, 2}, wrapped.toFloatArray());
    }

    @Test
    void hostStorageConvertsBetweenTypes() {
        HostStorage s = HostStorage.allocate(DType.I64, 2);
        s.setDouble(0, -2.7);
        s.setLong(1, Long.MAX_VALUE);
        assertEquals(-2, s.getLong(0));
        assertEquals(Long.MAX_VALUE, s.getLong(1));
        HostStorage b = HostStorage.allocate(DType.BOOL, 2);
        b.setDouble(0, 0.5);
        assertEquals(1, b.getDouble(0));
        assertEquals(0, b.getLong(1));
        assertThrows(IllegalArgumentException.class, () -> HostStorage.wrap(new short[1]));
        assertEquals(DType.F32, HostStorage.wrap(new float[3]).dtype());
        assertEquals(3, HostStorage.wrap(new float[3]).length());
    }

    @Test
    void stridedCursorWalksSeveralLayoutsInRowMajorOrder() {
        Shape shape = Shape.of(2, 3);
        Layout contiguous = Layout.contiguous(shape);
        Layout transposed = new Layout(shape, new int[] {1, 2}, 0);
        Layout broadcast = new Layout(shape, new int[] {0, 1}, 4);
        StridedCursor c = new StridedCursor(shape, contiguous, transposed, broadcast);
        int[][] seen = new int[6][];
        for (int i = 0; i < 6; i++, c.next()) seen[i] = new int[] {c.offset(0), c.offset(1), c.offset(2)};
        assertArrayEquals(new int[][] {{0, 0, 4}, {1, 2, 5}, {2, 4, 6}, {3, 1, 4}, {4, 3, 5}, {5, 5, 6}}, seen);
        assertThrows(IllegalArgumentException.class, () -> new StridedCursor(Shape.of(3), contiguous));
    }

    @Test
    void layoutBasics() {
        Layout l = Layout.contiguous(Shape.of(2, 3, 4));
        assertArrayEquals(new int[] {12, 4, 1}, l.strides());
        assertTrue(l.isContiguous());
        assertEquals(24, l.requiredStorageLength());
        Layout p = l.permute(2, 0, 1);
        assertArrayEquals(new int[] {1, 12, 4}, p.strides());
        assertEquals(false, p.isContiguous());
        Layout n = l.narrow(2, 1, 2, 2);
        assertEquals(1, n.offset());
        assertArrayEquals(new int[] {12, 4, 2}, n.strides());
        assertEquals(1 + 12 + 8 + 2 + 1, n.requiredStorageLength());
        assertEquals(1 + 12 + 4 * 2 + 2, n.indexOf(1, 2, 1));
        assertTrue(new Layout(Shape.of(1, 3), new int[] {99, 1}, 0).isContiguous(), "size-1 dims may have any stride");
        Layout b = Layout.contiguous(Shape.of(3, 1)).broadcastTo(Shape.of(2, 3, 4), "test");
        assertArrayEquals(new int[] {0, 1, 0}, b.strides());
        assertEquals(3, b.requiredStorageLength());
        assertEquals(0, Layout.contiguous(Shape.of(0, 5)).requiredStorageLength());
        assertThrows(IllegalArgumentException.class, () -> new Layout(Shape.of(2), new int[] {1, 1}, 0));
        assertThrows(IllegalArgumentException.class, () -> new Layout(Shape.of(2), new int[] {1}, -1));
        assertEquals(l, Layout.contiguous(Shape.of(2, 3, 4)));
        assertEquals(l.hashCode(), Layout.contiguous(Shape.of(2, 3, 4)).hashCode());
        assertEquals(null, l.permute(1, 0, 2).reshapeView(Shape.of(6, 4)), "merging non-adjacent axes needs a copy");
        assertArrayEquals(new int[] {4, 12, 1}, l.permute(1, 0, 2).reshapeView(Shape.of(3, 2, 4)).strides());
    }
}
