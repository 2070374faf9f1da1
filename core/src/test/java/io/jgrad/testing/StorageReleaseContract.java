package io.jgrad.testing;

import io.jgrad.DType;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Storage#close()} on a backend: idempotent, and any later use of the storage, through any op of the Tensor
 * API (as input, as output of an in-place op, through a view, as a download), fails with an
 * {@link IllegalStateException} that names the storage; other tensors are untouched. {@link Backend#synchronize()}
 * returns with every earlier result readable.
 */
public abstract class StorageReleaseContract extends KitSuite {
    protected StorageReleaseContract(BackendTestKit kit) { super(kit); }

    private static void assertClosedUse(String what, Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call, what);
        assertTrue(e.getMessage().contains("F32 storage of 6 elements was closed"), what + ": " + e.getMessage());
    }

    @Test
    void everyUseOfAClosedStorageFails() {
        Tensor t = Tensor.ones(2, 3), other = Tensor.ones(2, 3);
        Tensor view = t.transpose(0, 1);
        t.storage().close();
        t.storage().close();
        List<Executable> uses = List.of(() -> t.add(1), () -> other.mul(t), () -> t.sum(), () -> t.exp(),
                () -> t.matmul(Tensor.ones(3, 2)), () -> t.toFloatArray(), () -> t.narrow(0, 0, 1).narrow(1, 0, 1).item(),
                () -> view.contiguous(), () -> t.to(DType.F64), () -> t.softmax(1), () -> t.argmax(),
                () -> t.gather(1, Tensor.zeros(DType.I64, 2, 1)), () -> t.addInPlace(other), () -> other.copyFrom(t),
                () -> Tensor.where(other.gt(0), t, other), () -> Tensor.concat(List.of(t, other), 0), () -> t.toString());
        for (int i = 0; i < uses.size(); i++) assertClosedUse("use " + i, uses.get(i));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, other.toFloatArray(), "other tensors are untouched");
    }

    @Test
    void synchronizeLeavesResultsReadable() {
        Tensor y = Tensor.arange(0, 4, 1).mul(2);
        backend().synchronize();
        backend().synchronize();
        assertArrayEquals(new float[] {0, 2, 4, 6}, y.toFloatArray());
        assertEquals(backend(), y.backend());
    }
}
