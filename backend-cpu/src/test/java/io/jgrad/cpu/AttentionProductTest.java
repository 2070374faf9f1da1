package io.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attention's small products ({@link AttentionKernels#multiplyAdd}) element by element against one fused multiply-add
 * per step of depth in the order of the depth: the four-row register tiles of four, two and one vectors, the last
 * columns and the single rows all give those bits, with w read row-wise and column-wise, overwriting y or adding to
 * it, and nothing outside the rows and columns asked for is written.
 */
class AttentionProductTest {
    static Stream<Arguments> shapes() {
        IntStream rows = IntStream.concat(IntStream.rangeClosed(1, 14), IntStream.of(31, 32, 33, 64, 128));
        return rows.boxed().flatMap(r -> IntStream.of(1, 15, 16, 17, 32, 48, 64, 80, 128, 192).boxed()
                .flatMap(width -> Stream.of(true, false).flatMap(transposedW -> Stream.of(true, false)
                        .map(overwrite -> Arguments.of(r, width, transposedW, overwrite)))));
    }

    @ParameterizedTest(name = "rows {0}, width {1}, w transposed {2}, overwrite {3}")
    @MethodSource("shapes")
    void everyTileGivesTheBitsOfOneFmaChainPerElement(int rows, int width, boolean transposedW, boolean overwrite) {
        int depth = 37, padding = 3;
        Random random = new Random(31L * rows + width);
        // w is [rows, depth] read through its strides: row-wise (ws = depth + padding, wc = 1) or stored transposed
        // as [depth, rows + padding] (ws = 1, wc = rows + padding); x is [depth, width + padding]; y is
        // [rows, width + padding].
        int ws = transposedW ? 1 : depth + padding, wc = transposedW ? rows + padding : 1;
        int wo = 2, x0 = 5, yo = 7, xs = width + padding, ys = width + padding;
        float[] w = filled(random, wo + (transposedW ? depth * wc : rows * ws) + padding);
        float[] x = filled(random, x0 + depth * xs + padding);
        float[] y = filled(random, yo + rows * ys + padding);
        float[] expected = y.clone();
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < width; f++) {
                float sum = overwrite ? 0f : y[yo + r * ys + f];
                for (int c = 0; c < depth; c++) sum = Math.fma(w[wo + r * ws + c * wc], x[x0 + c * xs + f], sum);
                expected[yo + r * ys + f] = sum;
            }
        }
        AttentionKernels.multiplyAdd(w, wo, ws, wc, rows, depth, x, x0, xs, y, yo, ys, width, overwrite);
        for (int i = 0; i < y.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(y[i]), "element " + i + ": expected "
                    + expected[i] + ", got " + y[i]);
        }
    }

    /** Values in [-1, 1), none exactly 0 (a zero weight lets the single-row path skip a step). */
    private static float[] filled(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            float v;
            do {
                v = random.nextFloat() * 2 - 1;
            } while (v == 0f);
            a[i] = v;
        }
        return a;
    }
}
