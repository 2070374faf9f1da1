package io.jgrad.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jgrad.Device;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;

import org.junit.jupiter.api.Nested;

/**
 * The tests every backend must pass, abstract over the backend: a backend adopts the whole kit with one subclass in
 * its module's tests (which depend on core's test-jar):
 *
 * <pre>{@code
 * class CudaBackendKitTest extends BackendTestKit {
 *     @Override protected Backend backend() { return availableOrSkip("cuda", Device.cuda(0)); }
 *     @Override protected double f32Tolerance() { return 1e-3; }  // other summation orders, fused multiply-adds
 * }
 * }</pre>
 *
 * Core runs the kit on the reference backend ({@code ReferenceBackendKitTest}) and on {@link OpaqueStorageBackend}
 * (the reference's primitives behind storage the host cannot read, every fused op left to the SPI's defaults, each
 * default call checked by {@link ReleaseCheckingBackend} to close every temporary it creates), backend-cpu on cpu-simd
 * ({@code CpuBackendKitTest}).
 *
 * <p>What it checks, one nested suite per concept (each a class of this package, so a suite reads on its own):
 * <ul>
 *   <li>{@link PrimitiveOpsContract}: every SPI primitive (memory, copy and assign, unary, binary, compare, where,
 *       reductions, arg max/min, softmax, matmul, gather/scatter) against the reference backend, on every input
 *       layout ({@link Views.Kind}: contiguous, transposed, step-sliced, broadcast), 0-d, empty and odd sizes, in
 *       every dtype the op supports, plus sizes big enough for a backend's parallel paths;</li>
 *   <li>{@link FusedOpsContract}: the fused SPI ops a backend may override for speed (linear, linear+ReLU, Adam,
 *       ReLU backward, batch normalization's channel ops) against the reference;</li>
 *   <li>{@link PackedSelfAttentionContract}: attention's backward written into views of one buffer, and self-attention
 *       on a packed projection;</li>
 *   <li>{@link AttentionContract}: scaled dot-product attention's fused forward and backward against the
 *       reference, its F64 gradients (first and second order) and errors;</li>
 *   <li>{@link LayerNormContract}: layer normalization's fused forward and backward against the reference, its F64
 *       gradients (first and second order) and errors;</li>
 *   <li>{@link MseLossContract}: the mean squared error's fused ops (squares, their sum, the gradient) against the
 *       reference, its F64 gradients (first and second order), the op against the composed formula, and errors;</li>
 *   <li>{@link ConvPoolContract}: convolution and its two gradients, max/average/adaptive pooling and their
 *       gradients, through the SPI, against the reference;</li>
 *   <li>{@link TensorApiContract}: whole computations through the Tensor API (an MLP step, convolutions and pooling
 *       with autograd) give the reference's values and gradients, and stay on the backend;</li>
 *   <li>{@link OpGradientChecks}, {@link UnaryGradientChecks}, {@link FunctionalGradientChecks}: F64
 *       finite-difference gradient checks ({@link GradCheck}) of every differentiable op, run on the backend under
 *       test, on contiguous and non-contiguous inputs, broadcasting cases and empty shapes;</li>
 *   <li>{@link SecondOrderGradientChecks}: double backward, gradients of gradients of every kind of recorded op
 *       against finite differences, and Hessian-vector products;</li>
 *   <li>{@link RecurrenceContract}: the fused recurrence (every cell, both directions, lengths) and its backward
 *       against the reference, its F64 gradients and gradients of gradients;</li>
 *   <li>{@link RandomContract}: {@code Backend.random} gives the reference's bits for every distribution and dtype,
 *       is counter-based, and is statistically sane;</li>
 *   <li>{@link IndexCheckContract}: the index kernels report out-of-range indices themselves, with today's messages;</li>
 *   <li>{@link StorageReleaseContract}: {@code Storage.close()} and the use-after-close error, {@code synchronize()};</li>
 *   <li>{@link DeviceFactoriesContract}: the device forms of the factories and {@code newZeros/newOnes/newFull}
 *       create on the backend.</li>
 * </ul>
 *
 * <p>Inputs are made on the host and uploaded ({@code backend.upload}), results downloaded
 * ({@code backend.download}) and compared with the reference's: the kit never assumes that a backend's storage is host
 * memory. Every test runs with the backend under test as the thread's default backend ({@link Backends#use}), so the
 * tensors a Tensor-level test creates live on it; the tests also check that results and gradients stay there.
 *
 * <p>A new op's contract test goes into the suite of its concept (or a new suite class extending {@link KitSuite},
 * added below as one more {@code @Nested} class), never into one backend's tests: then every backend runs it.
 */
public abstract class BackendTestKit {
    /** The backend under test; may skip the whole kit with a JUnit assumption when its device is absent. */
    protected abstract Backend backend();

    /** Relative and absolute tolerance of F32 results against the reference: 1e-4 on the CPU; a GPU uses 1e-3. */
    protected double f32Tolerance() { return 1e-4; }

    /**
     * The backend of provider {@code name} for {@code device}; when that provider is not installed or cannot run here
     * (no GPU, no driver), a JUnit assumption skips the kit with the provider's reason.
     */
    protected static Backend availableOrSkip(String name, Device device) {
        var info = Backends.providers().stream().filter(i -> i.provider().name().equals(name)).findFirst();
        assumeTrue(info.isPresent(), () -> "no backend provider named " + name + " is installed");
        var availability = info.get().availability();
        assumeTrue(availability.available(), () -> name + " is not available here: " + availability.reason());
        return Backends.named(name, device);
    }

    @Nested
    class PrimitiveOps extends PrimitiveOpsContract {
        PrimitiveOps() { super(BackendTestKit.this); }
    }

    @Nested
    class FusedOps extends FusedOpsContract {
        FusedOps() { super(BackendTestKit.this); }
    }

    @Nested
    class ConvPool extends ConvPoolContract {
        ConvPool() { super(BackendTestKit.this); }
    }

    @Nested
    class AttentionOps extends AttentionContract {
        AttentionOps() { super(BackendTestKit.this); }
    }

    @Nested
    class PackedSelfAttentionOps extends PackedSelfAttentionContract {
        PackedSelfAttentionOps() { super(BackendTestKit.this); }
    }

    @Nested
    class LayerNormOps extends LayerNormContract {
        LayerNormOps() { super(BackendTestKit.this); }
    }

    @Nested
    class MseLoss extends MseLossContract {
        MseLoss() { super(BackendTestKit.this); }
    }

    @Nested
    class TensorApi extends TensorApiContract {
        TensorApi() { super(BackendTestKit.this); }
    }

    @Nested
    class OpGradients extends OpGradientChecks {
        OpGradients() { super(BackendTestKit.this); }
    }

    @Nested
    class UnaryGradients extends UnaryGradientChecks {
        UnaryGradients() { super(BackendTestKit.this); }
    }

    @Nested
    class FunctionalGradients extends FunctionalGradientChecks {
        FunctionalGradients() { super(BackendTestKit.this); }
    }

    @Nested
    class SecondOrderGradients extends SecondOrderGradientChecks {
        SecondOrderGradients() { super(BackendTestKit.this); }
    }

    @Nested
    class Recurrences extends RecurrenceContract {
        Recurrences() { super(BackendTestKit.this); }
    }

    @Nested
    class Random extends RandomContract {
        Random() { super(BackendTestKit.this); }
    }

    @Nested
    class IndexChecks extends IndexCheckContract {
        IndexChecks() { super(BackendTestKit.this); }
    }

    @Nested
    class StorageRelease extends StorageReleaseContract {
        StorageRelease() { super(BackendTestKit.this); }
    }

    @Nested
    class DeviceFactories extends DeviceFactoriesContract {
        DeviceFactories() { super(BackendTestKit.this); }
    }
}
