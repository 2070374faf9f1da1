package io.jgrad.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SizeClassesTest {
    private static final long MIB = 1L << 20;

    @Test
    void smallRequestsRoundUpTo512ByteGranules() {
        assertEquals(512, SizeClasses.roundUp(0));
        assertEquals(512, SizeClasses.roundUp(1));
        assertEquals(512, SizeClasses.roundUp(512));
        assertEquals(1024, SizeClasses.roundUp(513));
        assertEquals(MIB, SizeClasses.roundUp(MIB - 1));
    }

    @Test
    void largeRequestsRoundUpTo2MiBGranules() {
        assertEquals(2 * MIB, SizeClasses.roundUp(MIB));
        assertEquals(2 * MIB, SizeClasses.roundUp(2 * MIB));
        assertEquals(4 * MIB, SizeClasses.roundUp(2 * MIB + 1));
        assertEquals(1024 * MIB, SizeClasses.roundUp(1023 * MIB + 5));
    }

    @Test
    void wasteIsUnderOneGranule() {
        for (long bytes = 1; bytes < 64 * MIB; bytes = bytes * 3 + 7) {
            long size = SizeClasses.roundUp(bytes);
            long granule = bytes < MIB ? 512 : 2 * MIB;
            assertTrue(size >= bytes && size - bytes < granule, bytes + " -> " + size);
            assertEquals(0, size % 512, "every class is 512-byte aligned: " + size);
        }
    }

    @Test
    void badSizesAreRejected() {
        var negative = assertThrows(IllegalArgumentException.class, () -> SizeClasses.roundUp(-1));
        assertTrue(negative.getMessage().contains("-1"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SizeClasses.roundUp(Long.MAX_VALUE));
    }
}
