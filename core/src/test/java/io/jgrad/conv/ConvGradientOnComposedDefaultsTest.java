package io.jgrad.conv;

import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.PrimitivesOnly;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Every finite-difference check of {@link ConvGradientTest} again, with tensors on a backend that implements only the
 * SPI's primitives: the convolution, pooling and batch-normalization ops run the SPI's default compositions.
 */
class ConvGradientOnComposedDefaultsTest extends ConvGradientTest {
    private Backends.Use scope;

    @BeforeEach
    void onComposedDefaults() {
        Backend defaults = PrimitivesOnly.overReference();
        scope = Backends.use(defaults);
        assertSame(defaults, Tensor.zeros(1).backend());
    }

    @AfterEach
    void restoreTheDefaultBackend() { scope.close(); }
}
