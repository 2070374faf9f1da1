package io.jgrad.conv;

import io.jgrad.BatchNormOptions;
import io.jgrad.Conv1dOptions;
import io.jgrad.Conv2dOptions;
import io.jgrad.ConvTranspose2dOptions;
import io.jgrad.F;
import io.jgrad.PaddingMode;
import io.jgrad.Pool2dOptions;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad shapes and options fail with a message that names what was wrong. */
class ConvErrorTest {
    private static void assertMessage(Executable call, String... parts) {
        String message = assertThrows(IllegalArgumentException.class, call).getMessage();
        for (String part : parts) assertTrue(message.contains(part), "message '" + message + "' should contain '" + part + "'");
    }

    @Test
    void kernelLargerThanPaddedInput() {
        assertMessage(() -> F.conv2d(Tensor.zeros(1, 2, 3, 3), Tensor.zeros(4, 2, 5, 5), null),
                "conv2d", "larger than the padded input 3x3", "[1, 2, 3, 3]", "[4, 2, 5, 5]");
        assertMessage(() -> F.conv2d(Tensor.zeros(1, 2, 3, 3), Tensor.zeros(4, 2, 3, 3), null, Conv2dOptions.defaults().dilation(2)),
                "dilated size 5x5");
        assertMessage(() -> F.conv1d(Tensor.zeros(1, 2, 4), Tensor.zeros(3, 2, 6), null), "conv1d", "padded input 4", "[1, 2, 4]");
        assertMessage(() -> F.maxPool2d(Tensor.zeros(1, 1, 2, 2), 3), "max_pool2d", "kernel 3x3", "[1, 1, 2, 2]");
    }

    @Test
    void channelsAndGroups() {
        assertMessage(() -> F.conv2d(Tensor.zeros(1, 3, 5, 5), Tensor.zeros(4, 1, 3, 3), null, Conv2dOptions.defaults().groups(2)),
                "input channels 3", "[1, 3, 5, 5]", "not divisible by groups 2");
        assertMessage(() -> F.conv2d(Tensor.zeros(1, 4, 5, 5), Tensor.zeros(3, 2, 3, 3), null, Conv2dOptions.defaults().groups(2)),
                "output channels 3", "[3, 2, 3, 3]", "groups 2");
        assertMessage(() -> F.conv2d(Tensor.zeros(1, 3, 5, 5), Tensor.zeros(4, 2, 3, 3), null),
                "weight shape [4, 2, 3, 3]", "expects 2 input channels", "input shape [1, 3, 5, 5] has 3");
        assertMessage(() -> F.convTranspose2d(Tensor.zeros(1, 3, 5, 5), Tensor.zeros(2, 4, 3, 3), null),
                "conv_transpose2d", "[2, 4, 3, 3]", "[1, 3, 5, 5]");
        assertMessage(() -> F.conv2d(Tensor.zeros(1, 2, 5, 5), Tensor.zeros(4, 2, 3, 3), Tensor.zeros(3)),
                "bias of shape [3]", "4 output channels");
    }

    @Test
    void stridesPaddingAndOptions() {
        assertMessage(() -> F.conv2d(Tensor.zeros(1, 2, 5, 5), Tensor.zeros(4, 2, 3, 3), null, Conv2dOptions.defaults().stride(0)),
                "stride must be positive", "(0, 0)");
        assertMessage(() -> F.conv2d(Tensor.zeros(1, 2, 5, 5), Tensor.zeros(4, 2, 3, 3), null, Conv2dOptions.defaults().stride(-1, 1)),
                "stride must be positive", "(-1, 1)");
        assertMessage(() -> F.conv2d(Tensor.zeros(1, 2, 5, 5), Tensor.zeros(4, 2, 3, 3), null,
                Conv2dOptions.defaults().stride(2).padding(PaddingMode.SAME)), "SAME needs stride 1");
        assertMessage(() -> F.conv1d(Tensor.zeros(1, 2, 5), Tensor.zeros(4, 2, 3), null, Conv1dOptions.defaults().padding(-1)),
                "padding must be non-negative");
        assertMessage(() -> F.maxPool2d(Tensor.zeros(1, 1, 6, 6), Pool2dOptions.kernel(2).stride(0)), "stride must be positive");
        assertMessage(() -> F.maxPool2d(Tensor.zeros(1, 1, 6, 6), Pool2dOptions.kernel(2).padding(2)), "at most half the kernel");
        assertMessage(() -> F.avgPool2d(Tensor.zeros(1, 1, 6, 6), Pool2dOptions.kernel(2).dilation(2)), "avg_pool2d", "dilation must be 1");
        assertMessage(() -> F.convTranspose2d(Tensor.zeros(1, 2, 3, 3), Tensor.zeros(2, 2, 3, 3), null,
                ConvTranspose2dOptions.defaults().stride(2).outputPadding(2)), "output padding (2, 2)", "stride (2, 2)");
    }

    @Test
    void ranks() {
        assertMessage(() -> F.conv2d(Tensor.zeros(2, 5, 5), Tensor.zeros(4, 2, 3, 3), null), "conv2d", "4-D input", "[2, 5, 5]");
        assertMessage(() -> F.conv2d(Tensor.zeros(1, 2, 5, 5), Tensor.zeros(4, 2, 3), null), "conv2d", "4-D weight", "[4, 2, 3]");
        assertMessage(() -> F.conv1d(Tensor.zeros(1, 2, 5, 5), Tensor.zeros(4, 2, 3), null), "conv1d", "3-D input", "[1, 2, 5, 5]");
        assertMessage(() -> F.maxPool2d(Tensor.zeros(5, 5), 2), "max_pool2d", "[5, 5]");
        assertMessage(() -> F.adaptiveAvgPool2d(Tensor.zeros(2, 5, 5), 1, 1), "adaptive_avg_pool2d", "[2, 5, 5]");
        assertMessage(() -> F.upsampleNearest(Tensor.zeros(5, 5), 2.0), "upsample_nearest", "[5, 5]");
        assertMessage(() -> F.batchNorm(Tensor.zeros(4), null, null, null, null, BatchNormOptions.train()), "batch_norm", "[4]");
    }

    @Test
    void batchNormShapesAndModes() {
        assertMessage(() -> F.batchNorm(Tensor.zeros(2, 3, 4), Tensor.zeros(4), Tensor.ones(4), null, null, BatchNormOptions.train()),
                "running_mean of shape [4]", "3 channels", "[2, 3, 4]");
        assertMessage(() -> F.batchNorm(Tensor.zeros(1, 3, 1, 1), null, null, null, null, BatchNormOptions.train()),
                "more than 1 value per channel", "[1, 3, 1, 1]");
        assertMessage(() -> F.batchNorm(Tensor.zeros(2, 3), null, null, null, null, BatchNormOptions.eval()), "eval mode needs running_mean");
    }

    @Test
    void outputSizesFollowPyTorch() {
        assertEquals(java.util.List.of(1, 4, 3, 3), dims(F.conv2d(Tensor.zeros(1, 2, 5, 5), Tensor.zeros(4, 2, 3, 3), null,
                Conv2dOptions.defaults().stride(2).padding(1))));
        assertEquals(java.util.List.of(1, 4, 5, 6), dims(F.conv2d(Tensor.zeros(1, 2, 5, 6), Tensor.zeros(4, 2, 2, 4), null,
                Conv2dOptions.defaults().padding(PaddingMode.SAME))));
        assertEquals(java.util.List.of(1, 3, 6, 6), dims(F.convTranspose2d(Tensor.zeros(1, 2, 3, 3), Tensor.zeros(2, 3, 3, 3), null,
                ConvTranspose2dOptions.defaults().stride(2).padding(1).outputPadding(1))));
        assertEquals(java.util.List.of(1, 1, 3, 3), dims(F.maxPool2d(Tensor.zeros(1, 1, 6, 6), Pool2dOptions.kernel(3).stride(2).ceilMode(true))));
        assertEquals(java.util.List.of(1, 1, 2, 2), dims(F.maxPool2d(Tensor.zeros(1, 1, 6, 6), Pool2dOptions.kernel(3).stride(2))));
    }

    private static java.util.List<Integer> dims(Tensor t) { return java.util.Arrays.stream(t.dims()).boxed().toList(); }
}
