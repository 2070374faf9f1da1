package io.jgrad.cuda;

import org.bytedeco.cuda.global.cublas;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cuBLAS GEMMs through the row-major API against the host product of {@link RowMajorGemmTest}. */
@GpuTest
class CublasGpuTest {
    private static double[] random(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = random.nextDouble() * 2 - 1;
        return x;
    }

    private static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }

    private static double[] toDoubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    /** max |actual - expected| / max |expected|. */
    private static double relativeError(double[] actual, double[] expected) {
        double worst = 0, scale = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return worst / Math.max(scale, 1e-30);
    }

    /**
     * Every transpose, batch (1, 4) and broadcast (none, A, B) case of a 33 x 17 x 29 product with padded leading
     * dimensions (A's rows 3 longer, C's 1), each batch's matrices stored one after the other.
     */
    static List<RowMajorGemm> layoutCases() {
        List<RowMajorGemm> cases = new ArrayList<>();
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                for (int batch : new int[] {1, 4}) {
                    for (int broadcast = 0; broadcast < 3; broadcast++) { // none, A, B
                        int m = 33, n = 17, k = 29;
                        int lda = (transA ? m : k) + 3, ldb = transB ? k : n, ldc = n + 1;
                        int sizeA = (transA ? k : m) * lda, sizeB = (transB ? n : k) * ldb, sizeC = m * ldc;
                        cases.add(new RowMajorGemm(transA, transB, m, n, k, lda, ldb, ldc,
                                broadcast == 1 ? 0 : sizeA, broadcast == 2 ? 0 : sizeB, sizeC, batch));
                    }
                }
            }
        }
        return cases;
    }

    /** Elements of the storage of A, B and C of a {@link #layoutCases()} case (a full batch each). */
    static int[] storageSizes(RowMajorGemm g) {
        return new int[] {(g.transA() ? g.k() : g.m()) * g.lda() * g.batch(),
                (g.transB() ? g.n() : g.k()) * g.ldb() * g.batch(), g.m() * g.ldc() * g.batch()};
    }

    /** Every transpose, batch and broadcast case of RowMajorGemmTest, in F64 and F32, on the device. */
    @Test
    void everyLayoutCaseMatchesTheHostProduct() {
        Random random = new Random(3);
        Cublas blas = DeviceArrays.device().blas();
        for (RowMajorGemm g : layoutCases()) {
            int[] sizes = storageSizes(g);
            double[] a = random(random, sizes[0]);
            double[] b = random(random, sizes[1]);
            double[] c = random(random, sizes[2]);
            double[] expected = c.clone();
            RowMajorGemmTest.rowMajorGemm(g, 1.5, a, b, 0.5, expected);

            DeviceBlock da = DeviceArrays.upload(a), db = DeviceArrays.upload(b), dc = DeviceArrays.upload(c);
            blas.gemmF64(g, 1.5, da.address(), db.address(), 0.5, dc.address());
            double f64Error = relativeError(DeviceArrays.downloadDoubles(dc, c.length), expected);
            assertTrue(f64Error < 1e-12, g + ": F64 error " + f64Error);
            DeviceArrays.free(da, db, dc);

            DeviceBlock fa = DeviceArrays.upload(toFloats(a)), fb = DeviceArrays.upload(toFloats(b));
            DeviceBlock fc = DeviceArrays.upload(toFloats(c));
            blas.gemmF32(g, 1.5f, fa.address(), fb.address(), 0.5f, fc.address());
            double f32Error = relativeError(toDoubles(DeviceArrays.downloadFloats(fc, c.length)), expected);
            double bound = blas.tf32() ? 1e-2 : 1e-5;
            assertTrue(f32Error < bound, g + ": F32 error " + f32Error);
            DeviceArrays.free(fa, fb, fc);
        }
    }

    @Test
    void tf32IsUsedOnlyWhenAllowed() {
        CudaContext context = DeviceArrays.device().context();
        try (Cublas strict = new Cublas(context, false); Cublas fast = new Cublas(context, true)) {
            assertEquals(cublas.CUBLAS_DEFAULT_MATH, strict.mathMode());
            assertEquals(cublas.CUBLAS_TF32_TENSOR_OP_MATH, fast.mathMode());
            // A 256 x 512 x 384 product stays within TF32's accuracy with it and within F32's without it.
            Random random = new Random(5);
            int m = 256, n = 384, k = 512;
            RowMajorGemm g = RowMajorGemm.of(false, false, m, n, k);
            double[] a = random(random, m * k), b = random(random, k * n);
            double[] expected = new double[m * n];
            RowMajorGemmTest.rowMajorGemm(g, 1, a, b, 0, expected);
            DeviceBlock da = DeviceArrays.upload(toFloats(a)), db = DeviceArrays.upload(toFloats(b));
            DeviceBlock dc = DeviceArrays.device().allocator().allocate(4L * m * n);
            strict.gemmF32(g, 1, da.address(), db.address(), 0, dc.address());
            double strictError = relativeError(toDoubles(DeviceArrays.downloadFloats(dc, m * n)), expected);
            fast.gemmF32(g, 1, da.address(), db.address(), 0, dc.address());
            double fastError = relativeError(toDoubles(DeviceArrays.downloadFloats(dc, m * n)), expected);
            assertTrue(strictError < 1e-5, "F32 error " + strictError);
            assertTrue(fastError < 1e-2, "TF32 error " + fastError);
            DeviceArrays.free(da, db, dc);
        }
    }
}
