package io.jgrad;

/**
 * Mixed precision: inside an autocast scope, matrix products and convolutions of F32 tensors may compute with their
 * inputs rounded to a 16-bit floating-point format and F32 accumulation, on backends that have units for it (the
 * CUDA backend: cuBLAS and cuDNN tensor cores). Tensors, results, parameters (the F32 "master weights") and optimizer
 * state stay F32; F64 ops are never affected; backends without reduced-precision units (cpu, reference) compute in
 * F32 as outside the scope. The setting belongs to the thread, like {@link Scope}: open it around a whole training
 * step so that the backward pass's products use the same precision as the forward pass's.
 * <pre>{@code
 * try (Autocast ignored = Autocast.enable(Autocast.Precision.BF16)) {
 *     Tensor loss = lossFn.apply(model.forward(x), y);
 *     loss.backward();
 * }
 * }</pre>
 * BF16 keeps F32's exponent range; F16 has 10 mantissa bits but overflows above 65504 and flushes small gradients to
 * zero, so F16 training needs dynamic loss scaling (the optimizers' {@code LossScaler}).
 */
public final class Autocast implements AutoCloseable {
    /** The input precision of matrix products and convolutions; accumulation is always F32. */
    public enum Precision {
        /** No rounding: F32 inputs (the default, and every F64 op). */
        F32,
        /** bfloat16 inputs: 8 exponent bits, 7 mantissa bits. */
        BF16,
        /** IEEE half inputs: 5 exponent bits, 10 mantissa bits. */
        F16
    }

    private static final ThreadLocal<Precision> CURRENT = ThreadLocal.withInitial(() -> Precision.F32);

    private final Precision previous;
    private final Thread owner;
    private boolean closed;

    private Autocast(Precision previous) {
        this.previous = previous;
        this.owner = Thread.currentThread();
    }

    /** Sets this thread's precision until the returned scope closes, which restores the previous one. */
    public static Autocast enable(Precision precision) {
        if (precision == null) throw new IllegalArgumentException("autocast: precision must not be null");
        Autocast scope = new Autocast(CURRENT.get());
        CURRENT.set(precision);
        return scope;
    }

    /** This thread's precision for F32 matrix products and convolutions ({@link Precision#F32} outside any scope). */
    public static Precision current() { return CURRENT.get(); }

    /** Restores the precision that was current when this scope was opened; closing twice does nothing. */
    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("autocast: a scope must be closed on the thread that opened it ("
                    + owner.getName() + "), not on " + Thread.currentThread().getName());
        }
        closed = true;
        CURRENT.set(previous);
    }
}
