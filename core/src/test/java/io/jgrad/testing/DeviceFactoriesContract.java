package io.jgrad.testing;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.ReferenceBackend;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The device forms of the factories and {@code newZeros/newOnes/newFull} create directly on the backend: the one the
 * current scope ({@link Backends#use}) names for that device, or the tensor's own.
 */
public abstract class DeviceFactoriesContract extends KitSuite {
    protected DeviceFactoriesContract(BackendTestKit kit) { super(kit); }

    @Test
    void deviceFormsCreateOnTheScopedBackend() {
        Backend b = backend();
        Generator g = new Generator(3);
        List<Tensor> made = List.of(Tensor.zeros(b.device(), DType.F64, 2, 3), Tensor.ones(b.device(), DType.I32, 4),
                Tensor.full(b.device(), DType.F32, 2.5, 1, 2), Tensor.rand(b.device(), g, DType.F64, 5),
                Tensor.randn(b.device(), g, DType.F32, 5), Tensor.uniform(b.device(), g, DType.F32, -1, 1, 5),
                Tensor.normal(b.device(), g, DType.F64, 1, 2, 5), Tensor.randint(b.device(), g, DType.I32, 0, 9, 5),
                Tensor.bernoulli(b.device(), g, DType.BOOL, 0.5, 5));
        for (Tensor t : made) assertSame(b, t.backend(), t.dtype() + " " + t.shape());
        assertArrayEquals(new double[] {2.5, 2.5}, made.get(2).toDoubleArray());
        assertEquals(DType.I32, made.get(1).dtype());
        assertEquals(DType.I32, made.get(7).dtype());
        assertEquals(DType.BOOL, made.get(8).dtype());
    }

    @Test
    void newFactoriesFollowTheTensor() {
        Tensor base = Tensor.zeros(DType.F64, 1);
        Tensor z, o, f, s;
        try (var elsewhere = Backends.use(new ReferenceBackend())) { // another default: the tensor decides
            z = base.newZeros(2, 2);
            o = base.newOnes(3);
            f = base.newFull(7, 2);
            s = base.newFull(4);
        }
        for (Tensor t : List.of(z, o, f, s)) {
            assertSame(backend(), t.backend());
            assertEquals(DType.F64, t.dtype());
        }
        assertArrayEquals(new double[] {0, 0, 0, 0}, z.toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 1}, o.toDoubleArray());
        assertArrayEquals(new double[] {7, 7}, f.toDoubleArray());
        assertEquals(0, s.rank());
        assertEquals(4, s.item());
    }
}
