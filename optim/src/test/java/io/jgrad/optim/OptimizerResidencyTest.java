package io.jgrad.optim;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.testing.TransferGuardBackend;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Optimizers create their state and scalars on the parameters' backend and step without host transfers, with the
 * values they give on the default backend; gradient clipping makes its scalars there too.
 */
class OptimizerResidencyTest {
    private static final List<Function<List<Tensor>, Optimizer>> OPTIMIZERS = List.of(
            ps -> SGD.builder(ps).lr(0.1).momentum(0.9).nesterov(true).build(),
            ps -> Adam.builder(ps).lr(0.01).amsgrad(true).build(),
            ps -> AdamW.builder(ps).lr(0.01).build(),
            ps -> RMSprop.builder(ps).lr(0.01).momentum(0.5).centered(true).build(),
            ps -> Adagrad.builder(ps).lr(0.1).build());

    /** A parameter and its gradient, on the given backend (null: the default). */
    private static Tensor parameter(TransferGuardBackend backend) {
        Tensor p = Tensor.randn(new Generator(1), DType.F64, 3, 4);
        Tensor g = Tensor.randn(new Generator(2), DType.F64, 3, 4);
        if (backend != null) {
            p = p.to(backend);
            g = g.to(backend);
        }
        p.requiresGrad(true);
        p.setGrad(g);
        return p;
    }

    @Test
    void clippingMakesItsScalarsOnTheGradientsBackend() {
        TransferGuardBackend device = new TransferGuardBackend();
        Tensor empty = Tensor.zeros(DType.F64, 0).to(device).requiresGrad(true);
        empty.setGrad(Tensor.zeros(DType.F64, 0).to(device));
        Tensor p = parameter(device);
        double norm;
        try (var guard = device.guardUploads("clipping by the largest gradient")) {
            norm = GradientClipping.clipByNorm(List.of(empty, p), 1e9, Double.POSITIVE_INFINITY);
        }
        assertEquals(p.grad().abs().max().item(), norm);
    }

    @Test
    void stepsRunOnTheParametersBackend() {
        for (var make : OPTIMIZERS) {
            TransferGuardBackend device = new TransferGuardBackend();
            Tensor p = parameter(device), expected = parameter(null);
            Optimizer opt = make.apply(List.of(p)), reference = make.apply(List.of(expected));
            try (var guard = device.guard(opt.getClass().getSimpleName() + " steps")) {
                opt.step();
                opt.step();
            }
            reference.step();
            reference.step();
            assertSame(device, p.backend());
            assertArrayEquals(expected.toDoubleArray(), p.toDoubleArray(), 1e-15, opt.getClass().getSimpleName());
        }
    }
}
