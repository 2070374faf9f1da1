package io.jgrad.cuda;

import org.bytedeco.javacpp.LongPointer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packing of launch arguments (JavaCPP's host memory only: runs without a GPU). */
class KernelArgsTest {
    @Test
    void eachArgumentSitsAtItsNaturalAlignment() {
        try (KernelArgs args = new KernelArgs()) {
            args.ptr(0x7f00_1234_5678L).i32(-7).i64(1L << 40).f32(1.5f).u8(200).f64(-2.25).i32(9);
            assertEquals(7, args.count());
            int[] expected = {0, 8, 16, 24, 28, 32, 40};
            for (int i = 0; i < expected.length; i++) assertEquals(expected[i], args.offset(i), "offset of argument " + i);
            var v = args.values();
            assertEquals(0x7f00_1234_5678L, v.getLong(0));
            assertEquals(-7, v.getInt(8));
            assertEquals(1L << 40, v.getLong(16));
            assertEquals(1.5f, v.getFloat(24));
            assertEquals((byte) 200, v.get(28));
            assertEquals(-2.25, v.getDouble(32));
            assertEquals(9, v.getInt(40));
        }
    }

    @Test
    void kernelParamsPointAtEachValue() {
        try (KernelArgs args = new KernelArgs()) {
            args.i32(1).f64(2).i32(3);
            LongPointer params = args.kernelParams();
            long base = args.values().address();
            for (int i = 0; i < 3; i++) assertEquals(base + args.offset(i), params.get(i));
        }
    }

    @Test
    void layoutIsTheJgLayoutStructByValue() {
        try (KernelArgs args = new KernelArgs()) {
            args.i32(5).layout(3, new int[] {2, 3, 4}, new int[] {1, 8, 2});
            int at = args.offset(1);
            assertEquals(8, at, "a struct of long longs is 8-byte aligned");
            var v = args.values();
            assertEquals(3, v.getLong(at));
            assertEquals(3, v.getLong(at + 8));
            long[] shape = new long[KernelArgs.MAX_RANK];
            long[] strides = new long[KernelArgs.MAX_RANK];
            for (int d = 0; d < KernelArgs.MAX_RANK; d++) {
                shape[d] = v.getLong(at + 16 + 8L * d);
                strides[d] = v.getLong(at + 16 + 8L * (KernelArgs.MAX_RANK + d));
            }
            assertEquals("[2, 3, 4, 1, 1, 1, 1, 1]", java.util.Arrays.toString(shape));
            assertEquals("[1, 8, 2, 0, 0, 0, 0, 0]", java.util.Arrays.toString(strides));
            args.i64(77);
            assertEquals(at + KernelArgs.LAYOUT_BYTES, args.offset(2));
        }
    }

    @Test
    void buffersGrowAndClearKeepsThem() {
        try (KernelArgs args = new KernelArgs()) {
            for (int i = 0; i < 100; i++) args.layout(i, new int[] {i + 1}, new int[] {1}); // far past 512 bytes, 16 slots
            assertEquals(100, args.count());
            assertEquals(99 * KernelArgs.LAYOUT_BYTES, args.offset(99));
            assertEquals(99, args.values().getLong(args.offset(99) + 8), "values written before growing survive");
            assertEquals(42, args.values().getLong(args.offset(42) + 8));
            LongPointer params = args.kernelParams();
            assertEquals(args.values().address() + args.offset(99), params.get(99));
            args.clear().i32(4);
            assertEquals(1, args.count());
            assertEquals(0, args.offset(0));
        }
    }

    @Test
    void badArgumentsAreRejectedWithTheirValues() {
        try (KernelArgs args = new KernelArgs()) {
            var rank = assertThrows(IllegalArgumentException.class, () -> args.layout(0, new int[9], new int[9]));
            assertTrue(rank.getMessage().contains("rank 9 exceeds the kernels' maximum 8"), rank.getMessage());
            var mismatch = assertThrows(IllegalArgumentException.class, () -> args.layout(0, new int[2], new int[3]));
            assertTrue(mismatch.getMessage().contains("differ in rank"), mismatch.getMessage());
            assertThrows(IllegalArgumentException.class, () -> args.u8(256));
            assertThrows(IndexOutOfBoundsException.class, () -> args.offset(0));
        }
    }

    @Test
    void maxRankMatchesTheKernelHeader() throws IOException {
        try (InputStream in = KernelSource.class.getResourceAsStream("kernels/jgrad.cuh")) {
            String header = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("#define JG_MAX_RANK (\\d+)").matcher(header);
            assertTrue(m.find(), "JG_MAX_RANK not defined in jgrad.cuh");
            assertEquals(KernelArgs.MAX_RANK, Integer.parseInt(m.group(1)));
            assertTrue(header.contains("long long shape[JG_MAX_RANK];") && header.contains("long long strides[JG_MAX_RANK];"),
                    "JgLayout's fields are what KernelArgs.layout writes");
        }
    }
}
