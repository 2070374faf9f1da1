package io.jgrad.cuda;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The row-major to column-major mapping checked without a GPU: the column-major call is run by a host GEMM with
 * cuBLAS's exact semantics (column-major, op N/T, leading dimensions, strided batches) and compared with a plain
 * row-major product.
 */
class RowMajorGemmTest {
    /** cuBLAS {@code gemmStridedBatched} on the host: C = alpha op(first) op(second) + beta C, all column-major. */
    static void columnMajorGemm(ColumnMajorGemm g, double alpha, double[] first, double[] second, double beta, double[] c) {
        for (int b = 0; b < g.batch(); b++) {
            long f0 = b * g.strideFirst();
            long s0 = b * g.strideSecond();
            long c0 = b * g.strideC();
            for (int j = 0; j < g.n(); j++) {
                for (int i = 0; i < g.m(); i++) {
                    double sum = 0;
                    for (int l = 0; l < g.k(); l++) {
                        double x = g.transFirst() ? first[(int) (f0 + l + (long) i * g.ldFirst())]
                                : first[(int) (f0 + i + (long) l * g.ldFirst())];
                        double y = g.transSecond() ? second[(int) (s0 + j + (long) l * g.ldSecond())]
                                : second[(int) (s0 + l + (long) j * g.ldSecond())];
                        sum += x * y;
                    }
                    int at = (int) (c0 + i + (long) j * g.ldc());
                    c[at] = alpha * sum + beta * c[at];
                }
            }
        }
    }

    /** The row-major product, element by element from the definition. */
    static void rowMajorGemm(RowMajorGemm g, double alpha, double[] a, double[] b, double beta, double[] c) {
        for (int batch = 0; batch < g.batch(); batch++) {
            for (int i = 0; i < g.m(); i++) {
                for (int j = 0; j < g.n(); j++) {
                    double sum = 0;
                    for (int l = 0; l < g.k(); l++) {
                        double x = g.transA() ? a[(int) (batch * g.strideA() + (long) l * g.lda() + i)]
                                : a[(int) (batch * g.strideA() + (long) i * g.lda() + l)];
                        double y = g.transB() ? b[(int) (batch * g.strideB() + (long) j * g.ldb() + l)]
                                : b[(int) (batch * g.strideB() + (long) l * g.ldb() + j)];
                        sum += x * y;
                    }
                    int at = (int) (batch * g.strideC() + (long) i * g.ldc() + j);
                    c[at] = alpha * sum + beta * c[at];
                }
            }
        }
    }

    private static double[] random(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = random.nextInt(9) - 4;
        return x;
    }

    @Test
    void theColumnMajorCallComputesTheRowMajorProduct() {
        Random random = new Random(7);
        int cases = 0;
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                for (int[] mnk : new int[][] {{3, 5, 4}, {1, 7, 2}, {6, 1, 3}, {4, 4, 1}}) {
                    for (int batch : new int[] {1, 3}) {
                        for (int padding : new int[] {0, 2}) {
                            int m = mnk[0], n = mnk[1], k = mnk[2];
                            int lda = (transA ? m : k) + padding, ldb = (transB ? k : n) + padding, ldc = n + padding;
                            int sizeA = (transA ? k : m) * lda, sizeB = (transB ? n : k) * ldb, sizeC = m * ldc;
                            // A broadcast over the batch (stride 0) in half the cases, B in the other half.
                            long strideA = batch > 1 && padding == 0 ? 0 : sizeA;
                            long strideB = batch > 1 && padding > 0 ? 0 : sizeB;
                            RowMajorGemm g = new RowMajorGemm(transA, transB, m, n, k, lda, ldb, ldc, strideA, strideB,
                                    sizeC, batch);
                            double[] a = random(random, sizeA * batch);
                            double[] b = random(random, sizeB * batch);
                            double[] c = random(random, sizeC * batch);
                            double[] expected = c.clone();
                            double[] actual = c.clone();
                            rowMajorGemm(g, 2, a, b, -1, expected);
                            columnMajorGemm(g.toColumnMajor(), 2, b, a, -1, actual); // B goes first
                            assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(actual), g.toString());
                            cases++;
                        }
                    }
                }
            }
        }
        assertEquals(64, cases);
    }

    @Test
    void contiguousOperandsGetTheirRowLengthsAsLeadingDimensions() {
        assertEquals(new RowMajorGemm(false, false, 2, 3, 4, 4, 3, 3, 0, 0, 0, 1), RowMajorGemm.of(false, false, 2, 3, 4));
        assertEquals(new RowMajorGemm(true, true, 2, 3, 4, 2, 4, 3, 0, 0, 0, 1), RowMajorGemm.of(true, true, 2, 3, 4));
        RowMajorGemm batched = RowMajorGemm.of(false, true, 2, 3, 4).batched(5, 0, 12, 6);
        assertEquals(new RowMajorGemm(false, true, 2, 3, 4, 4, 4, 3, 0, 12, 6, 5), batched);
        assertEquals(new ColumnMajorGemm(true, false, 3, 2, 4, 4, 4, 3, 12, 0, 6, 5), batched.toColumnMajor());
    }

    @Test
    void badCallsAreRejectedWithWhatIsWrong() {
        List<Runnable> calls = List.of(
                () -> new RowMajorGemm(false, false, 2, 3, 4, 3, 3, 3, 0, 0, 0, 1),
                () -> new RowMajorGemm(true, false, 2, 3, 4, 1, 3, 3, 0, 0, 0, 1),
                () -> new RowMajorGemm(false, true, 2, 3, 4, 4, 3, 3, 0, 0, 0, 1),
                () -> new RowMajorGemm(false, false, 2, 3, 4, 4, 3, 2, 0, 0, 0, 1),
                () -> new RowMajorGemm(false, false, -1, 3, 4, 4, 3, 3, 0, 0, 0, 1),
                () -> new RowMajorGemm(false, false, 2, 3, 4, 4, 3, 3, 0, 0, 0, 0),
                () -> new RowMajorGemm(false, false, 2, 3, 4, 4, 3, 3, -1, 0, 6, 2),
                () -> new RowMajorGemm(false, false, 2, 3, 4, 4, 3, 3, 8, 12, 5, 2));
        List<String> expected = List.of(
                "gemm: lda 3 is less than 4 (A is stored 2 x 4 row-major)",
                "gemm: lda 1 is less than 2 (A is stored 4 x 2 row-major, transposed)",
                "gemm: ldb 3 is less than 4 (B is stored 3 x 4 row-major, transposed)",
                "gemm: ldc 2 is less than 3 (C is stored 2 x 3 row-major)",
                "gemm: negative size m=-1 n=3 k=4",
                "gemm: batch must be >= 1, got 0",
                "gemm: negative batch stride (A -1, B 0, C 6)",
                "gemm: C's batch stride 5 is less than one C matrix (6 elements for 2 x 3 with ldc 3), so the batches' outputs would overlap");
        for (int i = 0; i < calls.size(); i++) {
            var e = assertThrows(IllegalArgumentException.class, calls.get(i)::run);
            assertEquals(expected.get(i), e.getMessage());
        }
        assertTrue(new RowMajorGemm(false, false, 0, 0, 0, 1, 1, 1, 0, 0, 0, 4).batch() == 4, "empty products are allowed");
    }
}
