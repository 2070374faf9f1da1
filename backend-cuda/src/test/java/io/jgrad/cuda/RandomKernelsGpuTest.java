package io.jgrad.cuda;

import io.jgrad.testing.PhiloxVectors;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Philox4x32-10 on the device ({@code philox4x32_10} of random.cu, the generator behind every draw) against
 * Random123's known answers. The draws themselves are compared with the reference backend bit for bit by the kit's
 * {@code RandomContract}.
 */
@GpuTest
class RandomKernelsGpuTest {
    @Test
    void philoxGivesTheKnownAnswersOnTheDevice() {
        long[][] kat = PhiloxVectors.KAT;
        int[] in = new int[6 * kat.length];
        for (int v = 0; v < kat.length; v++) System.arraycopy(PhiloxVectors.input(kat[v]), 0, in, 6 * v, 6);
        int[] out = new RandomKernels(DeviceArrays.device()).philoxWords(in);
        for (int v = 0; v < kat.length; v++) {
            assertArrayEquals(PhiloxVectors.expected(kat[v]), java.util.Arrays.copyOfRange(out, 4 * v, 4 * v + 4),
                    "vector " + v);
        }
    }
}
