package io.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RecycledArraysTest {
    private static final int N = RecycledArrays.MIN_LENGTH;

    @Test
    void handsBackOnlyArraysOfTheExactLength() {
        RecycledArrays pool = new RecycledArrays(1L << 30);
        assertNull(pool.take(N));
        assertNull(pool.take(2 * N)); // each length asked for once
        float[] a = new float[N], b = new float[2 * N];
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
        pool.give(new float[N]); // nobody asked for this length: left to the collector
        assertEquals(0, pool.bytes());
        assertNull(pool.take(N));
        assertNull(pool.take(N));
        pool.give(new float[N]);
        pool.give(new float[N]);
        pool.give(new float[N]); // one more than the two unanswered requests
        assertEquals(4L * N * 2, pool.bytes());
    }

    @Test
    void keepsNoSmallArraysAndNoMoreThanItsBound() {
        RecycledArrays pool = new RecycledArrays(4L * N * 2);
        for (int i = 0; i < 3; i++) assertNull(pool.take(N));
        assertNull(pool.take(N - 1));
        pool.give(new float[N - 1]);
        assertEquals(0, pool.bytes());
        pool.give(new float[N]);
        pool.give(new float[N]);
        pool.give(new float[N]); // over the byte bound: left to the collector
        assertEquals(4L * N * 2, pool.bytes());
        assertEquals(N, pool.take(N).length);
        assertEquals(N, pool.take(N).length);
        assertNull(pool.take(N));
    }
}
