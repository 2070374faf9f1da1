package io.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.Storage;

import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of every suite of the {@link BackendTestKit}: the backend under test, the reference backend (the oracle),
 * tolerances and comparisons. Each test runs with the backend under test as the thread's default backend
 * ({@link Backends#use}), so every tensor a test creates without naming a backend lands on it.
 */
public abstract class KitSuite {
    /** The oracle every backend is compared with: plain loops, every dtype. */
    protected static final Backend REFERENCE = Backends.named("reference", Device.CPU);
    /** F64 results of the same algorithm agree to this (relative and absolute) on every backend. */
    protected static final double F64_TOLERANCE = 1e-10;

    private final BackendTestKit kit;
    private Backends.Use onBackend;

    protected KitSuite(BackendTestKit kit) { this.kit = kit; }

    /** The backend under test. */
    protected final Backend backend() { return kit.backend(); }

    @BeforeEach
    final void useTheBackendUnderTest() { onBackend = Backends.use(backend()); }

    @AfterEach
    final void restoreTheDefaultBackend() { onBackend.close(); }

    /** The relative and absolute tolerance for results in {@code dtype} (0 for integers and BOOL: exact). */
    protected final double tolerance(DType dtype) {
        if (!dtype.isFloating()) return 0;
        return dtype == DType.F64 ? F64_TOLERANCE : kit.f32Tolerance();
    }

    /**
     * Same dtype, length and elements: floats within {@link #tolerance} (relative and absolute), NaN where the
     * expected value is NaN, the same infinity where it is infinite; integers exactly.
     */
    protected final void assertClose(String what, HostStorage expected, HostStorage actual) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertEquals(expected.length(), actual.length(), what + ": length");
        double tol = tolerance(expected.dtype());
        for (int i = 0; i < expected.length(); i++) {
            if (expected.dtype().isFloating()) {
                double e = expected.getDouble(i), a = actual.getDouble(i);
                boolean ok = Double.isNaN(e) ? Double.isNaN(a)
                        : Double.isInfinite(e) ? e == a : Math.abs(e - a) <= tol + tol * Math.abs(e);
                if (!ok) fail(what + ": element " + i + " expected " + e + " but was " + a);
            } else if (expected.getLong(i) != actual.getLong(i)) {
                fail(what + ": element " + i + " expected " + expected.getLong(i) + " but was " + actual.getLong(i));
            }
        }
    }

    /**
     * Runs {@code op} on the reference and on the backend under test (each uploading its own inputs, e.g. with
     * {@link Views.View#on}) and asserts that the downloaded results agree ({@link #assertClose}).
     */
    protected final void assertSameOnBoth(String what, Function<Backend, Storage> op) {
        assertClose(what, REFERENCE.download(op.apply(REFERENCE)), backend().download(op.apply(backend())));
    }

    /** Equal element by element, sign of zero included; any NaN matches any NaN. */
    protected static void assertSameBits(String what, HostStorage expected, HostStorage actual) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertEquals(expected.length(), actual.length(), what + ": length");
        for (int i = 0; i < expected.length(); i++) {
            double e = expected.getDouble(i), a = actual.getDouble(i);
            boolean same = Double.isNaN(e) ? Double.isNaN(a)
                    : Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(a);
            if (!same) fail(what + ": element " + i + " expected " + e + " but was " + a);
        }
    }

    /** Fails unless every tensor lives on the backend under test. */
    protected final void assertOnBackend(String what, Tensor... tensors) {
        for (Tensor t : tensors) {
            assertSame(backend(), t.backend(),
                    () -> what + " is on " + t.backend().name() + ", not on " + backend().name());
        }
    }
}
