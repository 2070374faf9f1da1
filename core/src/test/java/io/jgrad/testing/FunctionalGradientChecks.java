package io.jgrad.testing;

import io.jgrad.BatchNormOptions;
import io.jgrad.Conv1dOptions;
import io.jgrad.Conv2dOptions;
import io.jgrad.DType;
import io.jgrad.ConvTranspose1dOptions;
import io.jgrad.ConvTranspose2dOptions;
import io.jgrad.F;
import io.jgrad.PaddingMode;
import io.jgrad.Pool1dOptions;
import io.jgrad.Pool2dOptions;
import io.jgrad.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static io.jgrad.testing.NumericGradient.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * F64 finite-difference checks, on the backend under test, of the gradients of the functional layer ops: every
 * convolution, pooling, normalization and upsampling, and linear (plus linear+ReLU).
 */
public abstract class FunctionalGradientChecks extends KitSuite {
    private final Random rng = new Random(42);

    protected FunctionalGradientChecks(BackendTestKit kit) { super(kit); }

    /** {@link NumericGradient#check} of inputs that live on the backend under test. */
    private void check(String what, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        assertOnBackend(what + ": the inputs", inputs);
        NumericGradient.check(what, f, inputs);
    }

    @ParameterizedTest(name = "conv2d {0}x{1} in, k{2}x{3}, stride {4}x{5}, pad {6}x{7}, dil {8}, groups {9}, bias {10}")
    @CsvSource({
            "5, 6, 3, 3, 1, 1, 0, 0, 1, 1, true",
            "5, 6, 3, 3, 1, 1, 1, 1, 1, 1, true",
            "7, 5, 3, 3, 2, 2, 1, 1, 1, 1, true",
            "7, 7, 2, 3, 2, 1, 1, 0, 1, 1, false",
            "6, 7, 3, 3, 1, 2, 2, 2, 2, 1, true",
            "5, 5, 3, 3, 1, 1, 1, 1, 1, 2, true",
            "5, 6, 3, 3, 2, 2, 1, 1, 1, 4, false",
            "4, 9, 1, 1, 3, 2, 0, 0, 1, 1, true",
    })
    void conv2d(int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dil, int groups, boolean bias) {
        int c = 4, o = groups == 4 ? 8 : 4;
        Tensor x = random(rng, 2, c, h, w);
        Tensor wt = random(rng, o, c / groups, kh, kw);
        Conv2dOptions opts = Conv2dOptions.defaults().stride(sh, sw).padding(ph, pw).dilation(dil).groups(groups);
        if (bias) {
            check("conv2d", in -> F.conv2d(in.get(0), in.get(1), in.get(2), opts), x, wt, random(rng, o));
        } else {
            check("conv2d", in -> F.conv2d(in.get(0), in.get(1), null, opts), x, wt);
        }
    }

    @Test
    void inputThatNeedsNoGradientGetsNoneWhileTheWeightGradientIsUnchanged() {
        // The first layer's images need no gradient: the rule skips that convolution (and the transposed one's).
        Tensor x = random(rng, 2, 3, 6, 5), w = random(rng, 4, 3, 3, 3), wt = random(rng, 3, 4, 3, 3);
        Conv2dOptions opts = Conv2dOptions.defaults().padding(1);
        Tensor w1 = w.detach().requiresGrad(true), w2 = w.detach().requiresGrad(true), x2 = x.detach().requiresGrad(true);
        F.conv2d(x, w1, null, opts).square().sum().backward();
        F.conv2d(x2, w2, null, opts).square().sum().backward();
        assertNull(x.grad(), "input gradient");
        assertOnBackend("the weight gradient", w1.grad());
        assertArrayEquals(w2.grad().toDoubleArray(), w1.grad().toDoubleArray(), "weight gradient");

        Tensor wt1 = wt.detach().requiresGrad(true);
        F.convTranspose2d(x.narrow(1, 0, 3), wt1, null, ConvTranspose2dOptions.defaults()).sum().backward();
        assertNotNull(wt1.grad(), "transposed weight gradient");
    }

    @Test
    void conv2dSamePaddingWithEvenKernelPadsAfter() {
        Tensor x = random(rng, 1, 2, 5, 4);
        Tensor w = random(rng, 3, 2, 2, 4);
        Conv2dOptions same = Conv2dOptions.defaults().padding(PaddingMode.SAME).dilation(1, 1);
        check("conv2d same", in -> F.conv2d(in.get(0), in.get(1), null, same), x, w);
        Conv2dOptions valid = Conv2dOptions.defaults().padding(3).padding(PaddingMode.VALID);
        check("conv2d valid", in -> F.conv2d(in.get(0), in.get(1), null, valid), x, w);
    }

    @Test
    void conv2dOnNonContiguousInput() {
        Tensor x = random(rng, 2, 6, 5, 3);
        Tensor w = random(rng, 2, 3, 2, 2);
        // x is read through a transposed view [2, 3, 5, 6] → permute makes it strided.
        check("conv2d strided", in -> F.conv2d(in.get(0).permute(0, 3, 2, 1), in.get(1), null,
                Conv2dOptions.defaults().padding(1)), x, w);
    }

    @ParameterizedTest(name = "conv1d L{0} k{1} stride {2} pad {3} dil {4} groups {5}")
    @CsvSource({"9, 3, 1, 1, 1, 1", "9, 3, 2, 0, 1, 1", "10, 3, 1, 2, 2, 1", "8, 2, 3, 1, 1, 2", "7, 5, 1, 0, 1, 4"})
    void conv1d(int length, int k, int stride, int pad, int dil, int groups) {
        Tensor x = random(rng, 2, 4, length);
        Tensor w = random(rng, 4, 4 / groups, k);
        Conv1dOptions o = Conv1dOptions.defaults().stride(stride).padding(pad).dilation(dil).groups(groups);
        check("conv1d", in -> F.conv1d(in.get(0), in.get(1), in.get(2), o), x, w, random(rng, 4));
    }

    @Test
    void conv1dSamePadding() {
        Tensor x = random(rng, 1, 2, 6);
        Tensor w = random(rng, 3, 2, 4);
        check("conv1d same", in -> F.conv1d(in.get(0), in.get(1), null, Conv1dOptions.defaults().padding(PaddingMode.SAME)), x, w);
    }

    @ParameterizedTest(name = "conv_transpose2d k{0} stride {1} pad {2} outpad {3} dil {4} groups {5}")
    @CsvSource({"3, 1, 0, 0, 1, 1", "3, 2, 1, 1, 1, 1", "2, 2, 0, 0, 1, 1", "3, 2, 1, 0, 1, 2", "3, 1, 1, 1, 2, 1", "2, 3, 1, 2, 2, 2"})
    void convTranspose2d(int k, int stride, int pad, int outPad, int dil, int groups) {
        Tensor x = random(rng, 2, 4, 3, 4);
        Tensor w = random(rng, 4, 6 / groups, k, k);
        ConvTranspose2dOptions o = ConvTranspose2dOptions.defaults().stride(stride).padding(pad).outputPadding(outPad)
                .dilation(dil).groups(groups);
        check("conv_transpose2d", in -> F.convTranspose2d(in.get(0), in.get(1), in.get(2), o), x, w, random(rng, 6));
    }

    @ParameterizedTest(name = "conv_transpose1d L{0} k{1} stride {2} pad {3} outpad {4} dil {5} groups {6}")
    @CsvSource({"5, 3, 1, 0, 0, 1, 1", "4, 3, 2, 1, 1, 1, 1", "6, 2, 2, 0, 0, 1, 2", "4, 3, 1, 1, 1, 2, 1"})
    void convTranspose1d(int length, int k, int stride, int pad, int outPad, int dil, int groups) {
        Tensor x = random(rng, 2, 4, length);
        Tensor w = random(rng, 4, 6 / groups, k);
        ConvTranspose1dOptions o = ConvTranspose1dOptions.defaults().stride(stride).padding(pad).outputPadding(outPad)
                .dilation(dil).groups(groups);
        check("conv_transpose1d", in -> F.convTranspose1d(in.get(0), in.get(1), in.get(2), o), x, w, random(rng, 6));
        check("conv_transpose1d of transposed input", in -> F.convTranspose1d(in.get(0).transpose(1, 2), in.get(1), null, o),
                random(rng, 2, length, 4), w);
    }

    @ParameterizedTest(name = "pool1d L{0} k{1} stride {2} pad {3} dil {4} ceil {5} include_pad {6}")
    @CsvSource({"8, 2, 2, 0, 1, false, true", "7, 3, 2, 1, 1, false, false", "7, 3, 2, 1, 1, true, true", "9, 2, 1, 1, 2, false, true"})
    void pool1d(int length, int k, int stride, int pad, int dil, boolean ceil, boolean includePad) {
        Pool1dOptions o = Pool1dOptions.kernel(k).stride(stride).padding(pad).ceilMode(ceil).countIncludePad(includePad);
        check("max_pool1d", in -> F.maxPool1d(in.get(0), o.dilation(dil)), random(rng, 2, 3, length));
        if (dil == 1) check("avg_pool1d", in -> F.avgPool1d(in.get(0), o), random(rng, 2, 3, length));
        check("max_pool1d of step-sliced input", in -> F.maxPool1d(in.get(0).slice(2, 0, 2 * length, 2), o.dilation(dil)),
                random(rng, 2, 3, 2 * length));
    }

    @ParameterizedTest(name = "max_pool2d {0}x{1} k{2} stride {3} pad {4} dil {5} ceil {6}")
    @CsvSource({"6, 6, 2, 2, 0, 1, false", "5, 7, 3, 2, 1, 1, false", "6, 6, 3, 2, 0, 1, true", "5, 5, 2, 2, 0, 1, true",
            "7, 6, 2, 1, 1, 2, false", "7, 7, 3, 3, 1, 2, true"})
    void maxPool2d(int h, int w, int k, int stride, int pad, int dil, boolean ceil) {
        Tensor x = random(rng, 2, 3, h, w);
        Pool2dOptions o = Pool2dOptions.kernel(k).stride(stride).padding(pad).dilation(dil).ceilMode(ceil);
        check("max_pool2d", in -> F.maxPool2d(in.get(0), o), x);
    }

    @ParameterizedTest(name = "avg_pool2d {0}x{1} k{2} stride {3} pad {4} ceil {5} include_pad {6}")
    @CsvSource({"6, 6, 2, 2, 0, false, true", "5, 5, 3, 2, 1, false, true", "5, 5, 3, 2, 1, false, false",
            "5, 5, 2, 2, 0, true, true", "5, 6, 2, 2, 1, true, false", "6, 5, 3, 2, 1, true, true", "7, 4, 3, 1, 1, false, false"})
    void avgPool2d(int h, int w, int k, int stride, int pad, boolean ceil, boolean includePad) {
        Tensor x = random(rng, 2, 3, h, w);
        Pool2dOptions o = Pool2dOptions.kernel(k).stride(stride).padding(pad).ceilMode(ceil).countIncludePad(includePad);
        check("avg_pool2d", in -> F.avgPool2d(in.get(0), o), x);
    }

    @ParameterizedTest(name = "adaptive_avg_pool2d {0}x{1} to {2}x{3}")
    @CsvSource({"5, 7, 3, 2", "5, 5, 1, 1", "4, 6, 4, 6", "3, 5, 5, 7"})
    void adaptiveAvgPool2d(int h, int w, int oh, int ow) {
        check("adaptive_avg_pool2d", in -> F.adaptiveAvgPool2d(in.get(0), oh, ow), random(rng, 2, 3, h, w));
    }

    @Test
    void globalAvgPool2d() {
        check("global_avg_pool2d", in -> F.globalAvgPool2d(in.get(0)), random(rng, 2, 3, 4, 5));
    }

    @Test
    void batchNormTraining() {
        Tensor x = random(rng, 3, 4, 3, 2);
        check("batch_norm train", in -> F.batchNorm(in.get(0), null, null, in.get(1), in.get(2), BatchNormOptions.train()),
                x, random(rng, 4), random(rng, 4));
        check("batch_norm train 1-d", in -> F.batchNorm(in.get(0), null, null, null, null, BatchNormOptions.train().eps(1e-3)),
                random(rng, 5, 3));
        check("batch_norm train NCL", in -> F.batchNorm(in.get(0), null, null, in.get(1), null, BatchNormOptions.train()),
                random(rng, 2, 3, 4), random(rng, 3));
    }

    @Test
    void batchNormEval() {
        Tensor mean = random(rng, 4);
        Tensor var = random(rng, 4).abs().add(0.5);
        check("batch_norm eval", in -> F.batchNorm(in.get(0), mean, var, in.get(1), in.get(2), BatchNormOptions.eval()),
                random(rng, 3, 4, 2, 2), random(rng, 4), random(rng, 4));
    }

    @Test
    void groupNorm() {
        check("group_norm", in -> F.groupNorm(in.get(0), 2, in.get(1), in.get(2), 1e-5),
                random(rng, 3, 4, 2, 3), random(rng, 4), random(rng, 4));
        check("group_norm one group, no affine, NCL", in -> F.groupNorm(in.get(0), 1, null, null, 1e-3), random(rng, 2, 3, 4));
        check("group_norm a group per channel, transposed input",
                in -> F.groupNorm(in.get(0).transpose(1, 2), 3, in.get(1), null, 1e-5), random(rng, 2, 5, 3), random(rng, 3));
        check("group_norm of [N, C]", in -> F.groupNorm(in.get(0), 2, null, in.get(1), 1e-5), random(rng, 3, 6), random(rng, 6));
    }

    @Test
    void instanceNorm() {
        check("instance_norm", in -> F.instanceNorm(in.get(0), null, null, in.get(1), in.get(2), true, BatchNormOptions.train()),
                random(rng, 3, 2, 2, 3), random(rng, 2), random(rng, 2));
        check("instance_norm NCL, no affine", in -> F.instanceNorm(in.get(0), null, null, null, null, true, BatchNormOptions.train()),
                random(rng, 2, 3, 5));
        Tensor mean = random(rng, 3), var = random(rng, 3).abs().add(0.5);
        check("instance_norm with running statistics", in -> F.instanceNorm(in.get(0), mean, var, in.get(1), null, false,
                BatchNormOptions.eval()), random(rng, 2, 3, 4), random(rng, 3));
    }

    /** An empty batch gives an empty output; the weight gradient is zero (a sum over no images). */
    @Test
    void emptyBatch() {
        Tensor x = Tensor.zeros(DType.F64, 0, 2, 5, 5).requiresGrad(true);
        Tensor w = random(rng, 3, 2, 3, 3).requiresGrad(true);
        Tensor b = random(rng, 3).requiresGrad(true);
        Tensor y = F.conv2d(x, w, b, Conv2dOptions.defaults().padding(1));
        assertArrayEquals(new int[] {0, 3, 5, 5}, y.dims());
        assertOnBackend("the output", y);
        Tensor pooled = F.maxPool2d(y, 2);
        assertArrayEquals(new int[] {0, 3, 2, 2}, pooled.dims());
        pooled.sum().backward();
        assertArrayEquals(new int[] {0, 2, 5, 5}, x.grad().dims());
        assertTrue(w.grad().equalValues(Tensor.zerosLike(w)), "weight gradient of an empty batch");
        assertTrue(b.grad().equalValues(Tensor.zerosLike(b)), "bias gradient of an empty batch");
    }

    @Test
    void upsampleNearest() {
        check("upsample x2", in -> F.upsampleNearest(in.get(0), 2.0), random(rng, 1, 2, 3, 3));
        check("upsample 5x4", in -> F.upsampleNearest(in.get(0), 5, 4), random(rng, 1, 2, 3, 3));
        check("upsample 1-d x3", in -> F.upsampleNearest(in.get(0), 3.0), random(rng, 2, 2, 4));
        check("downsample 2x3", in -> F.upsampleNearest(in.get(0), 2, 3), random(rng, 1, 1, 5, 7));
    }

    @Test
    void linear() {
        check("linear", in -> F.linear(in.get(0), in.get(1), in.get(2)), random(rng, 5, 7), random(rng, 4, 7), random(rng, 4));
        check("linear without bias", in -> F.linear(in.get(0), in.get(1), null), random(rng, 5, 7), random(rng, 4, 7));
        check("linear on a 3-D input", in -> F.linear(in.get(0), in.get(1), in.get(2)), random(rng, 2, 3, 7), random(rng, 4, 7), random(rng, 4));
        // Non-contiguous operands: a transposed input and a transposed weight.
        check("linear on transposed views", in -> F.linear(in.get(0).t(), in.get(1).t(), in.get(2)),
                random(rng, 7, 5), random(rng, 7, 4), random(rng, 4));
    }

    @Test
    void linearRelu() {
        check("linearRelu", in -> F.linearRelu(in.get(0), in.get(1), in.get(2)), random(rng, 5, 7), random(rng, 4, 7), random(rng, 4));
        check("linearRelu without bias", in -> F.linearRelu(in.get(0), in.get(1), null), random(rng, 5, 7), random(rng, 4, 7));
        check("linearRelu on transposed views, 3-D", in -> F.linearRelu(in.get(0).transpose(1, 2), in.get(1).t(), in.get(2)),
                random(rng, 2, 7, 3), random(rng, 7, 4), random(rng, 4));
    }
}
