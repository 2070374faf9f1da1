package io.jgrad.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LinearLaunchTest {
    @Test
    void coversSmallCountsWithOneThreadPerElement() {
        assertEquals(new LinearLaunch(1, 256), LinearLaunch.of(1, 132));
        assertEquals(new LinearLaunch(1, 256), LinearLaunch.of(256, 132));
        assertEquals(new LinearLaunch(2, 256), LinearLaunch.of(257, 132));
        assertEquals(new LinearLaunch(1, 256), LinearLaunch.of(0, 132));
    }

    @Test
    void capsTheGridAt32BlocksPerMultiprocessor() {
        assertEquals(new LinearLaunch(132 * 32, 256), LinearLaunch.of(1L << 40, 132));
        assertEquals(new LinearLaunch(32, 256), LinearLaunch.of(1_000_000, 0));
        assertThrows(IllegalArgumentException.class, () -> LinearLaunch.of(-1, 132));
    }
}
