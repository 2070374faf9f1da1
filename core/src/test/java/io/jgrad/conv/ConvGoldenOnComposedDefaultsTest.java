package io.jgrad.conv;

import io.jgrad.Tensor;
import io.jgrad.backend.Backends;
import io.jgrad.testing.OpaqueStorageBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Every PyTorch golden case of {@link ConvGoldenTest} (outputs and gradients, F64 and F32) again, with tensors on
 * {@link OpaqueStorageBackend}: the convolution, pooling and batch-normalization ops run the SPI's default compositions
 * on it (and may not read its memory back to the host).
 */
class ConvGoldenOnComposedDefaultsTest extends ConvGoldenTest {
    private Backends.Use scope;

    @BeforeEach
    void onComposedDefaults() {
        scope = Backends.use(OpaqueStorageBackend.INSTANCE);
        assertSame(OpaqueStorageBackend.INSTANCE, Tensor.zeros(1).backend());
    }

    @AfterEach
    void restoreTheDefaultBackend() { scope.close(); }
}
