package io.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RecycledArraysTest {
    private static final int N = RecycledArrays.MIN_LENGTH;

    /** A new array of {@code length} that {@code pool} records as the backend's own, as the backend's results are. */
    private static float[] own(RecycledArrays pool, int length) {
        float[] a = new float[length];
        pool.adopt(a);
        return a;
    }

    @Test
    void handsBackOnlyArraysOfTheExactLength() {
        RecycledArrays pool = new RecycledArrays(1L << 30);
        assertNull(pool.take(N));
        assertNull(pool.take(2 * N)); // each length asked for once
        float[] a = own(pool, N), b = own(pool, 2 * N);
        pool.give(a);
        pool.give(b);
        assertNull(pool.take(N + 1));
        assertSame(b, pool.take(2 * N));
        assertSame(a, pool.take(N));
        assertEquals(0, pool.bytes());
    }

    @Test
    void keepsOnlyAsManyArraysOfALengthAsWereAskedFor() {
        RecycledArrays pool = new RecycledArrays(1L << 30);
        pool.give(own(pool, N)); // nobody asked for this length: left to the collector
        assertEquals(0, pool.bytes());
        assertNull(pool.take(N));
        assertNull(pool.take(N));
        pool.give(own(pool, N));
        pool.give(own(pool, N));
        pool.give(own(pool, N)); // one more than the two unanswered requests
        assertEquals(4L * N * 2, pool.bytes());
    }

    @Test
    void keepsNoSmallArraysAndNoMoreThanItsBound() {
        RecycledArrays pool = new RecycledArrays(4L * N * 2);
        for (int i = 0; i < 3; i++) assertNull(pool.take(N));
        assertNull(pool.take(N - 1));
        pool.give(own(pool, N - 1));
        assertEquals(0, pool.bytes());
        pool.give(own(pool, N));
        pool.give(own(pool, N));
        pool.give(own(pool, N)); // over the byte bound: left to the collector
        assertEquals(4L * N * 2, pool.bytes());
        assertEquals(N, pool.take(N).length);
        assertEquals(N, pool.take(N).length);
        assertNull(pool.take(N));
    }

    @Test
    void keepsNoArrayItDidNotAdopt() {
        RecycledArrays pool = new RecycledArrays(1L << 30);
        assertNull(pool.take(N));
        pool.give(new float[N]); // a caller's array, wrapped in a storage: never written by a later result
        assertEquals(0, pool.bytes());
        assertNull(pool.take(N));
    }
}
