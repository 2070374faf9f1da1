package io.jgrad.testing;

import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.BinaryOp;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.IndexRangeException;
import io.jgrad.backend.Storage;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ReleaseCheckingBackend} passes the SPI's defaults, and fails a default that leaks (returning or failing) or
 * closes its input.
 */
class ReleaseCheckingBackendTest {
    private static final OpaqueStorageBackend OPAQUE = OpaqueStorageBackend.INSTANCE;
    private static final Layout ROWS = Layout.contiguous(Shape.of(2, 3));

    private static Storage input(Backend b) { return b.upload(HostStorage.wrap(new float[] {1, 2, 3, 4, 5, 6})); }

    @Test
    void aDefaultThatReleasesItsTemporariesPasses() {
        Backend b = ReleaseCheckingBackend.over(OPAQUE, OpaqueStorageBackend::isClosed);
        Storage x = input(b);
        Storage y = b.softmax(x, ROWS, 1, true);
        assertFalse(OpaqueStorageBackend.isClosed(x), "the input stays open");
        assertFalse(OpaqueStorageBackend.isClosed(y), "the result stays open");
        float lse = (float) (3 + Math.log(1 + Math.exp(-1) + Math.exp(-2)));
        assertArrayEquals(new float[] {1 - lse, 2 - lse, 3 - lse, 1 - lse, 2 - lse, 3 - lse}, b.download(y).floats(),
                1e-6f);
        b.binaryInPlace(BinaryOp.ADD, x, ROWS, x, ROWS);
        assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, b.download(x).floats());
    }

    /** Storages that never read as closed: every temporary of softmax looks leaked. */
    @Test
    void aTemporaryLeftOpenFailsTheCall() {
        Backend b = ReleaseCheckingBackend.over(OPAQUE, s -> false);
        AssertionError e = assertThrows(AssertionError.class, () -> b.softmax(input(b), ROWS, 1, false));
        assertTrue(e.getMessage().startsWith("softmax left 4 of the 5 storages it created open besides its result: "
                + "[reduce -> F32[2], binary -> F32[6]"), e.getMessage());
    }

    /**
     * maxPool2dBackward given a position outside the plane fails in scatterAdd after allocating its result: the
     * failure comes through as it is when that storage was closed, as an AssertionError naming it when it was not.
     */
    @Test
    void aDefaultThatFailsMustHaveClosedWhatItCreated() {
        Shape one = Shape.of(1, 1, 1, 1), input = Shape.of(1, 1, 2, 2);
        Layout l = Layout.contiguous(one);
        Backend b = ReleaseCheckingBackend.over(OPAQUE, OpaqueStorageBackend::isClosed);
        Storage g = b.upload(HostStorage.wrap(new float[] {1})), index = b.upload(HostStorage.wrap(new long[] {99}));
        assertThrows(IndexRangeException.class, () -> b.maxPool2dBackward(g, l, index, l, input));
        Backend neverClosed = ReleaseCheckingBackend.over(OPAQUE, s -> false);
        AssertionError e = assertThrows(AssertionError.class,
                () -> neverClosed.maxPool2dBackward(g, l, index, l, input));
        assertEquals("maxPool2dBackward failed and left open [allocate -> F32[4]]", e.getMessage());
        assertInstanceOf(IndexRangeException.class, e.getCause());
    }

    /** Primitives whose assign closes its destination: binaryInPlace then closes the storage it was given. */
    @Test
    void closingAnInputFailsTheCall() {
        Backend closingAssign = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class}, (proxy, m, args) -> {
                    Object result;
                    try {
                        result = m.invoke(OPAQUE, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (m.getName().equals("assign")) ((Storage) args[0]).close();
                    return result;
                });
        Backend b = ReleaseCheckingBackend.over(closingAssign, OpaqueStorageBackend::isClosed);
        Storage x = input(b), y = input(b);
        AssertionError e = assertThrows(AssertionError.class, () -> b.binaryInPlace(BinaryOp.MUL, x, ROWS, y, ROWS));
        assertEquals("binaryInPlace closed storages passed to it: arguments [1]", e.getMessage());
    }
}
