package io.jgrad.bench;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.cpu.CpuBackend;
import io.jgrad.cpu.gemm.Sgemm;

/**
 * One F32 GEMM as the GEMM benchmarks run it, {@code C[m x n] = op(A) op(B)} with A stored [k, m] when
 * {@code transA} (else [m, k]) and B stored [n, k] when {@code transB} (else [k, n]), on the benchmark's backend:
 * <ul>
 *   <li>the CPU backend ({@code cpu-simd}): its kernel {@link Sgemm#matmul} into a preallocated C, as these benchmarks
 *       have always measured it (no allocation per op);</li>
 *   <li>any other backend (cuda, or reference through {@code -Djgrad.backend}): {@link Backend#matmul} on operands held
 *       there, a transposed operand passed as a transposed view; each run releases its product and synchronises the
 *       backend, so the time includes the device's work.</li>
 * </ul>
 */
sealed interface BenchGemm {
    /** Runs the product once (and waits for it); returns something for JMH's blackhole. */
    Object run();

    /** The GEMM on {@code on}'s backend, with the operands' values from {@code a} and {@code b}. */
    static BenchGemm of(BackendParam on, boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b) {
        if (on.get() instanceof CpuBackend) return new Host(transA, transB, m, n, k, a, b, new float[m * n]);
        Tensor ta = Tensor.wrap(a, transA ? Shape.of(k, m) : Shape.of(m, k)).to(on.get());
        Tensor tb = Tensor.wrap(b, transB ? Shape.of(n, k) : Shape.of(k, n)).to(on.get());
        // The SPI's matmul takes batched views [batch, rows, cols]: a batch of one.
        return new OnBackend(on, (transA ? ta.t() : ta).unsqueeze(0), (transB ? tb.t() : tb).unsqueeze(0));
    }

    /** The CPU backend's kernel on host arrays. */
    record Host(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c)
            implements BenchGemm {
        @Override
        public Object run() {
            Sgemm.matmul(transA, transB, m, n, k, a, b, c);
            return c;
        }
    }

    /** {@link Backend#matmul} of two [1, m, k] and [1, k, n] views on the backend. */
    record OnBackend(BackendParam on, Tensor a, Tensor b) implements BenchGemm {
        @Override
        public Object run() {
            return on.finish(on.get().matmul(a.storage(), a.layout(), b.storage(), b.layout()));
        }
    }
}
