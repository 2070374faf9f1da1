package io.jgrad.bench;

import io.jgrad.Device;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.Storage;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The {@code backend} parameter of the kernel benchmarks, injected into their {@code @Setup}: the device their tensors
 * and models live on, {@code cpu} (the default) or {@code cuda} / {@code cuda:N}, so that {@code -p backend=cpu,cuda}
 * measures the same kernels on both. The device's backend is the one {@link Backends#forDevice} picks, the best
 * available or the provider {@code -Djgrad.backend} names (e.g. {@code -jvmArgsAppend -Djgrad.backend=reference} with
 * {@code backend=cpu}). For the trial it is the default backend, so that what the benchmarked code creates itself
 * (optimizer state, temporaries) lands there too, as with {@code jgrad train --device}.
 *
 * <p>A value that is not a device, or a device with no usable backend here, fails the trial at setup with one line
 * naming the value and the reason ({@link Unavailable}).
 */
@State(Scope.Benchmark)
public class BackendParam {
    @Param({"cpu"})
    public String backend;

    private Backend selected;
    private Backend previousDefault;

    @Setup(Level.Trial)
    public void select() {
        Device device;
        try {
            device = Device.parse(backend);
        } catch (IllegalArgumentException e) {
            throw new Unavailable("backend=" + backend + " is not a device (cpu, cuda or cuda:N): " + e.getMessage()
                    + ". To benchmark another provider on a device, keep backend=cpu (or cuda) and pass "
                    + "-jvmArgsAppend -Djgrad.backend=<provider>, e.g. reference");
        }
        try {
            selected = Backends.forDevice(device);
        } catch (IllegalStateException e) {
            throw new Unavailable("backend=" + backend + " cannot run here: " + e.getMessage());
        }
        previousDefault = Backends.defaultBackend();
        Backends.setDefault(selected);
    }

    @TearDown(Level.Trial)
    public void restore() {
        if (previousDefault != null) Backends.setDefault(previousDefault);
    }

    /** The selected backend. */
    Backend get() { return selected; }

    /** The device the benchmark runs on. */
    Device device() { return selected.device(); }

    /**
     * Ends one invocation that produced {@code result}: waits for the backend's queued work (a no-op on the CPU, whose
     * ops finish before they return) and releases the result's storage (a flag on the CPU, device memory back to the
     * allocator on a GPU). Returns {@code result} for JMH's blackhole.
     */
    Storage finish(Storage result) {
        selected.synchronize();
        result.close();
        return result;
    }

    /** {@link #finish(Storage)} for a tensor that is the only storage its op created. */
    Tensor finish(Tensor result) {
        finish(result.storage());
        return result;
    }

    /** Why a trial cannot run: one line, without a stack trace (JMH prints the exception). */
    static final class Unavailable extends IllegalStateException {
        Unavailable(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() { return this; }
    }
}
