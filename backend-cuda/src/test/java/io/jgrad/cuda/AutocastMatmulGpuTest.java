package io.jgrad.cuda;

import io.jgrad.Autocast;
import io.jgrad.Autocast.Precision;
import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.F;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * F32 products inside {@link Autocast} on cuda:0 (16-bit copies of the inputs, cublasGemmEx with F32 accumulation)
 * against exact host products of the same F32 inputs, with tolerances derived from the 16-bit formats.
 *
 * <p>A format with p significant bits (bfloat16 p = 8, half p = 11) has the unit roundoff u = 2^-p. With inputs
 * uniform in [-1, 1]:
 * <ul>
 *   <li>Elementwise, rigorously: rounding an input (to nearest, or even toward zero) changes it by at most 2u
 *       relative, so a product of two rounded inputs is off by at most (1 + 2u)^2 - 1 = 4u + 4u^2 relative; the
 *       products of 16-bit values are exact in F32, and summing K of them (plus the bias) in F32 in any order, even
 *       truncating, adds at most (K + 2) 2^-23 of the sum of magnitudes S = sum |a b| (+ |bias|). Below the format's
 *       smallest normal number an input may be flushed: at most K 2^-emin more. So |C - exact| <= (4u + 4u^2 +
 *       (K + 2) 2^-23 (1 + 4u)) S + K 2^-emin.</li>
 *   <li>Normwise, statistically: rounding to nearest gives a relative error with mean 0 and mean square u^2/6 (the
 *       mantissa is uniform within each binade: E[(ulp/x)^2] = 2u^2, and the error is uniform over one ulp); a term's
 *       error a b (da + db) then has relative variance u^2/3, and over K independent terms the result's error relative
 *       to its size is u / sqrt(3) ~ 0.58 u, whatever K (the sum's size and its error both grow as sqrt(K)). Rounding
 *       toward zero gives ~1.5 u (a bias of -0.69 u per input). So ||C - exact|| / ||exact|| must lie in
 *       [u/4, 2.5 u]: far above F32's ~1e-7 and TF32's 0.58 2^-11 (for BF16), so the precision did change, and
 *       within the format's error.</li>
 * </ul>
 * BF16 (u = 2^-8): expected 2.3e-3, accepted [9.8e-4, 9.8e-3]. F16 (u = 2^-11): expected 2.8e-4, accepted [1.2e-4,
 * 1.2e-3]. Each case also differs from the F32 product bit for bit, while the same product outside the scope stays
 * within F32's accuracy.
 */
@GpuTest
class AutocastMatmulGpuTest {
    private static final Precision[] REDUCED = {Precision.BF16, Precision.F16};

    private static Backend cuda() { return Backends.named("cuda", Device.cuda(0)); }

    /** Significant bits of a format's inputs, the implicit one included. */
    private static int significantBits(Precision p) { return p == Precision.BF16 ? 8 : 11; }

    /** The format's smallest normal number. */
    private static double smallestNormal(Precision p) { return p == Precision.BF16 ? 0x1p-126 : 0x1p-14; }

    /** x rounded to the format, to nearest even (PyTorch's conversion). */
    private static double roundedTo(Precision p, double value) {
        float x = (float) value;
        if (p == Precision.F16) return Float.float16ToFloat(Float.floatToFloat16(x));
        int bits = Float.floatToRawIntBits(x);
        return Float.intBitsToFloat((bits + 0x7FFF + ((bits >>> 16) & 1)) & 0xFFFF0000);
    }

    private static float[] uniform(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (random.nextDouble() * 2 - 1);
        return x;
    }

    /**
     * A logical product [batch, m, k] x [batch or 1, k, n] (+ bias [n]) on the host, each input passed through
     * {@code input} first: the value of each element in double and its sum of magnitudes.
     */
    private record HostProduct(double[] value, double[] magnitude) {
        static HostProduct of(float[] a, float[] b, float[] bias, int batch, int m, int k, int n, boolean bShared,
                              DoubleUnaryOperator input) {
            double[] value = new double[batch * m * n], magnitude = new double[value.length];
            for (int q = 0; q < batch; q++) {
                int aBase = q * m * k, bBase = bShared ? 0 : q * k * n;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double sum = 0, abs = 0;
                        for (int t = 0; t < k; t++) {
                            double term = input.applyAsDouble(a[aBase + i * k + t]) * input.applyAsDouble(b[bBase + t * n + j]);
                            sum += term;
                            abs += Math.abs(term);
                        }
                        if (bias != null) {
                            sum += bias[j];
                            abs += Math.abs(bias[j]);
                        }
                        value[(q * m + i) * n + j] = sum;
                        magnitude[(q * m + i) * n + j] = abs;
                    }
                }
            }
            return new HostProduct(value, magnitude);
        }
    }

    /**
     * The rigorous elementwise bound's factor of the sum of magnitudes for {@code roundings} F32 roundings after
     * products of inputs rounded (any way) to the format: 4u + 4u^2 + roundings 2^-23 (1 + 4u).
     */
    private static double boundFactor(Precision p, int roundings) {
        double u = Math.scalb(1.0, -significantBits(p));
        return 4 * u + 4 * u * u + roundings * 0x1p-23 * (1 + 4 * u);
    }

    /** Fails unless every |actual - expected| <= factor * magnitude + absolute. */
    private static void assertWithinBound(String what, float[] actual, double[] expected, double[] magnitude,
                                          double factor, double absolute) {
        for (int i = 0; i < expected.length; i++) {
            double allowed = factor * magnitude[i] + absolute;
            if (Math.abs(actual[i] - expected[i]) > allowed) {
                fail(String.format(Locale.ROOT, "%s: element %d is %s, exact %s, allowed +-%s", what, i, actual[i],
                        expected[i], allowed));
            }
        }
    }

    /** The [cols, rows] transpose of a row-major [rows, cols] matrix. */
    private static float[] transposed(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
        return t;
    }

    /** ||actual - expected|| / ||expected|| (Frobenius). */
    private static double normwise(float[] actual, double[] expected) {
        double err = 0, ref = 0;
        for (int i = 0; i < expected.length; i++) {
            err += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            ref += expected[i] * expected[i];
        }
        return Math.sqrt(err / ref);
    }

    /**
     * Checks one product computed on the device by {@code product} (inside and outside the autocast scope) against
     * the host's exact one; {@code relu} applies ReLU to the exact values (1-Lipschitz: the bound carries over).
     */
    private static void check(String what, Supplier<Tensor> product, HostProduct exact, int k, boolean relu) {
        double[] expected = exact.value().clone();
        if (relu) for (int i = 0; i < expected.length; i++) expected[i] = Math.max(0, expected[i]);
        float[] f32 = product.get().toFloatArray();
        double f32Error = normwise(f32, expected);
        double f32Bound = Boolean.getBoolean(Cublas.TF32_PROPERTY) ? 1e-2 : 1e-5;
        assertTrue(f32Error < f32Bound, what + ": F32 outside autocast, normwise error " + f32Error);
        for (Precision p : REDUCED) {
            float[] reduced;
            try (Autocast ignored = Autocast.enable(p)) {
                reduced = product.get().toFloatArray();
            }
            assertEquals(Precision.F32, Autocast.current());
            double u = Math.scalb(1.0, -significantBits(p));
            assertWithinBound(what + " " + p, reduced, expected, exact.magnitude(), boundFactor(p, k + 2),
                    k * smallestNormal(p));
            double error = normwise(reduced, expected);
            System.out.printf(Locale.ROOT, "autocast %s %s: normwise error %.3e (%.2f u; F32 %.1e)%n", what, p, error,
                    error / u, f32Error);
            assertTrue(error >= u / 4 && error <= 2.5 * u, String.format(Locale.ROOT,
                    "%s %s: normwise error %.3e is outside [u/4, 2.5u] = [%.3e, %.3e] (u = 2^-%d)%s", what, p, error,
                    u / 4, 2.5 * u, significantBits(p), error < u / 4 ? ": the inputs were not rounded to the format" : ""));
            assertFalse(Arrays.equals(f32, reduced), what + " " + p + ": bit for bit the F32 product");
        }
    }

    @Test
    void matmulAndBatchedMatmulUnderBf16AndF16AreWithinTheFormatsErrorAndNotF32() {
        Backend cuda = cuda();
        SplittableRandom random = new SplittableRandom(7);
        // A plain product.
        int m = 256, k = 512, n = 384;
        float[] a = uniform(random, m * k), b = uniform(random, k * n);
        Tensor ta = Tensor.of(a, m, k).to(cuda), tb = Tensor.of(b, k, n).to(cuda);
        HostProduct exact = HostProduct.of(a, b, null, 1, m, k, n, false, v -> v);
        check("matmul [256, 512] x [512, 384]", () -> ta.matmul(tb), exact, k, false);

        // The left operand as a transposed view (cuBLAS's transpose flag) of a stored [k, m] matrix.
        Tensor viewA = Tensor.of(transposed(a, m, k), k, m).to(cuda).transpose(0, 1);
        check("matmul transposed [512, 256]^T x [512, 384]", () -> viewA.matmul(tb), exact, k, false);

        // Batched (cublasGemmStridedBatchedEx), then with the right operand shared by the batch (batch stride 0).
        int batch = 4, bm = 64, bk = 256, bn = 96;
        float[] x = uniform(random, batch * bm * bk), y = uniform(random, batch * bk * bn), w = uniform(random, bk * bn);
        Tensor tx = Tensor.of(x, batch, bm, bk).to(cuda), ty = Tensor.of(y, batch, bk, bn).to(cuda);
        Tensor tw = Tensor.of(w, bk, bn).to(cuda);
        check("batched matmul [4, 64, 256] x [4, 256, 96]", () -> tx.matmul(ty),
                HostProduct.of(x, y, null, batch, bm, bk, bn, false, v -> v), bk, false);
        check("batched matmul [4, 64, 256] x [256, 96]", () -> tx.matmul(tw),
                HostProduct.of(x, w, null, batch, bm, bk, bn, true, v -> v), bk, false);
    }

    @Test
    void linearAndLinearReluUnderBf16AndF16AreWithinTheFormatsErrorAndNotF32() {
        Backend cuda = cuda();
        SplittableRandom random = new SplittableRandom(8);
        int rows = 128, in = 512, out = 256;
        float[] x = uniform(random, rows * in), w = uniform(random, out * in), bias = uniform(random, out);
        float[] wT = transposed(w, out, in);
        Tensor tx = Tensor.of(x, rows, in).to(cuda), tw = Tensor.of(w, out, in).to(cuda), tb = Tensor.of(bias, out).to(cuda);
        HostProduct exact = HostProduct.of(x, wT, bias, 1, rows, in, out, false, v -> v);
        check("linear [128, 512] x [256, 512]^T + b", () -> F.linear(tx, tw, tb), exact, in, false);
        check("linearRelu [128, 512] x [256, 512]^T + b", () -> F.linearRelu(tx, tw, tb), exact, in, true);
    }

    /**
     * What an autocast product computes, exactly: each F32 input rounded to nearest even in the 16-bit format (as PyTorch's
     * autocast converts), the exact products summed in F32. Against the host product of the rounded inputs, the
     * normwise error is then F32 summation error only: at most (K + 1) 2^-23 even for a truncating accumulator, far
     * below the u/4 that rounding toward zero (or an accumulator narrower than F32) would leave.
     */
    @Test
    void inputsAreRoundedToNearestEvenAndAccumulatedInF32() {
        Backend cuda = cuda();
        SplittableRandom random = new SplittableRandom(9);
        int m = 256, k = 512, n = 384;
        float[] a = uniform(random, m * k), b = uniform(random, k * n);
        Tensor ta = Tensor.of(a, m, k).to(cuda), tb = Tensor.of(b, k, n).to(cuda);
        for (Precision p : REDUCED) {
            float[] reduced;
            try (Autocast ignored = Autocast.enable(p)) {
                reduced = ta.matmul(tb).toFloatArray();
            }
            double error = normwise(reduced, HostProduct.of(a, b, null, 1, m, k, n, false, v -> roundedTo(p, v)).value());
            double bound = (k + 1) * 0x1p-23;
            System.out.printf(Locale.ROOT, "autocast %s: normwise error against the rounded inputs' exact product %.3e "
                    + "(bound %.1e)%n", p, error, bound);
            assertTrue(error <= bound, String.format(Locale.ROOT, "%s: error %.3e against the product of the inputs "
                    + "rounded to nearest even exceeds F32 summation's %.1e: the conversion does not round to nearest even or "
                    + "cuBLAS accumulates in less than F32", p, error, bound));
        }
    }

    /**
     * Every transpose, batch, broadcast and leading-dimension case of {@code CublasGpuTest} through the reduced path
     * ({@code cublasGemmEx}, {@code cublasGemmStridedBatchedEx}) with alpha 1.5 and beta 0.5, elementwise within the
     * rigorous bound: a misplaced argument would be off by O(1). (These shapes are too small to require tensor cores,
     * so they are not compared with the F32 product.)
     */
    @Test
    void everyLayoutCaseThroughGemmExIsWithinTheFormatsBound() {
        SplittableRandom random = new SplittableRandom(11);
        for (Precision p : REDUCED) {
            for (RowMajorGemm g : CublasGpuTest.layoutCases()) {
                int[] sizes = CublasGpuTest.storageSizes(g);
                float[] a = uniform(random, sizes[0]), b = uniform(random, sizes[1]), c = uniform(random, sizes[2]);
                double[] expected = toDoubles(c), magnitude = new double[c.length];
                RowMajorGemmTest.rowMajorGemm(g, 1.5, toDoubles(a), toDoubles(b), 0.5, expected);
                for (int i = 0; i < c.length; i++) magnitude[i] = Math.abs(0.5 * c[i]);
                RowMajorGemmTest.rowMajorGemm(g, 1.5, absolute(a), absolute(b), 1, magnitude);

                DeviceBlock da = DeviceArrays.upload(a), db = DeviceArrays.upload(b), dc = DeviceArrays.upload(c);
                AutocastGemm.multiply(DeviceArrays.device(), g, p, 1.5f, da.address(), db.address(), 0.5f, dc.address());
                float[] actual = DeviceArrays.downloadFloats(dc, c.length);
                DeviceArrays.free(da, db, dc);
                // Alpha, beta and C add three roundings to the K products' sum.
                assertWithinBound(g + " " + p, actual, expected, magnitude, boundFactor(p, g.k() + 3),
                        1.5 * g.k() * smallestNormal(p));
            }
        }
    }

    private static double[] toDoubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    private static double[] absolute(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = Math.abs(x[i]);
        return d;
    }

    /** F64 and integer products never change under autocast. */
    @Test
    void f64AndIntegerProductsIgnoreAutocast() {
        Backend cuda = cuda();
        SplittableRandom random = new SplittableRandom(10);
        int m = 64, k = 128, n = 32;
        float[] a = uniform(random, m * k), b = uniform(random, k * n);
        Tensor ta = Tensor.of(a, m, k).to(cuda).to(DType.F64), tb = Tensor.of(b, k, n).to(cuda).to(DType.F64);
        double[] expected = HostProduct.of(a, b, null, 1, m, k, n, false, v -> v).value();
        Tensor ia = Tensor.of(a, m, k).mul(100).to(DType.I64).to(cuda), ib = Tensor.of(b, k, n).mul(100).to(DType.I64).to(cuda);
        long[] integers = ia.matmul(ib).toLongArray();
        for (Precision p : REDUCED) {
            try (Autocast ignored = Autocast.enable(p)) {
                double[] actual = ta.matmul(tb).toDoubleArray();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-12 * k, "F64 under " + p + ", element " + i);
                }
                assertArrayEquals(integers, ia.matmul(ib).toLongArray(), "I64 under " + p);
            }
        }
    }
}
