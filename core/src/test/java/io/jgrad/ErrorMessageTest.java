package io.jgrad;

import io.jgrad.backend.ReferenceBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad arguments raise exceptions whose messages name the op, the shapes and what was wrong. */
class ErrorMessageTest {
    private static void assertMessage(Class<? extends Throwable> type, String regex, Executable call) {
        Throwable e = assertThrows(type, call);
        assertTrue(Pattern.compile(regex, Pattern.DOTALL).matcher(e.getMessage()).find(),
                () -> "message '" + e.getMessage() + "' does not match /" + regex + "/");
    }

    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

    /** A cpu reference backend that claims another device, to provoke device checks without a GPU. */
    private static final class OtherDeviceBackend extends ReferenceBackend {
        @Override public Device device() { return Device.cuda(7); }

        @Override public String name() { return "fake-cuda"; }
    }

    @Test
    void matmulNamesBothShapesAndTheInnerSizes() {
        assertMessage(IAE, "^matmul: shapes \\[3, 2\\] and \\[3, 2\\] cannot be multiplied \\(2 != 3\\)$",
                () -> Tensor.zeros(3, 2).matmul(Tensor.zeros(3, 2)));
        assertMessage(IAE, "matmul: shapes \\[4\\] and \\[3\\] cannot be multiplied \\(4 != 3\\)",
                () -> Tensor.zeros(4).matmul(Tensor.zeros(3)));
        assertMessage(IAE, "matmul: shapes \\[2, 2, 3\\] and \\[3, 3, 2\\] have batch dimensions \\[2\\] and \\[3\\] that cannot be broadcast",
                () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 2)));
        assertMessage(IAE, "matmul: .*at least 1 dimension.*\\[\\]", () -> Tensor.scalar(1).matmul(Tensor.zeros(2)));
    }

    @Test
    void maskedSelectNamesTheMaskProblem() {
        assertMessage(IAE, "^maskedSelect: mask must be BOOL, got F32$", () -> Tensor.zeros(3).maskedSelect(Tensor.ones(3)));
        assertMessage(IAE, "maskedSelect: shapes \\[2, 3\\] and \\[2\\] cannot be broadcast \\(dimension 1: 3 vs 2\\)",
                () -> Tensor.zeros(2, 3).maskedSelect(Tensor.zeros(DType.BOOL, 2)));
    }

    @Test
    void newLayerOpsNameTheirShapes() {
        assertMessage(IAE, "^group_norm: the 6 channels of input shape \\[2, 6, 4\\] cannot be split into 4 groups$",
                () -> F.groupNorm(Tensor.zeros(2, 6, 4), 4, null, null, 1e-5));
        assertMessage(IAE, "group_norm: expected more than 1 value per group, got input shape \\[2, 4\\] with 4 groups",
                () -> F.groupNorm(Tensor.zeros(2, 4), 4, null, null, 1e-5));
        assertMessage(IAE, "group_norm: weight of shape \\[3\\] does not match the 6 channels of input shape \\[2, 6, 4\\]",
                () -> F.groupNorm(Tensor.zeros(2, 6, 4), 3, Tensor.ones(3), null, 1e-5));
        assertMessage(IAE, "instance_norm: expected an input \\[N, C, ...\\] of rank >= 3, got shape \\[2, 3\\]",
                () -> F.instanceNorm(Tensor.zeros(2, 3), null, null, null, null, true, BatchNormOptions.train()));
        assertMessage(IAE, "instance_norm: expected more than 1 spatial element .*got input shape \\[2, 3, 1\\]",
                () -> F.instanceNorm(Tensor.zeros(2, 3, 1), null, null, null, null, true, BatchNormOptions.train()));
        assertMessage(IAE, "instance_norm: normalizing with running statistics needs running_mean and running_var",
                () -> F.instanceNorm(Tensor.zeros(2, 3, 4), null, null, null, null, false, BatchNormOptions.eval()));
        assertMessage(IAE, "^max_pool1d: expected a 3-D input \\[N, C, L\\], got shape \\[2, 3, 4, 4\\]$",
                () -> F.maxPool1d(Tensor.zeros(2, 3, 4, 4), 2));
        assertMessage(IAE, "avg_pool1d: kernel 5 \\(dilated 5\\) is larger than the padded input 4 \\(input shape \\[1, 1, 4\\], padding 0\\)",
                () -> F.avgPool1d(Tensor.zeros(1, 1, 4), 5));
        assertMessage(IAE, "conv_transpose1d: weight shape \\[3, 2, 3\\] expects 3 input channels \\(weight is \\[in, out/groups, k\\]\\), but input shape \\[1, 2, 5\\] has 2",
                () -> F.convTranspose1d(Tensor.zeros(1, 2, 5), Tensor.zeros(3, 2, 3), null));
        assertMessage(IAE, "conv_transpose1d: output padding 2 must be non-negative and smaller than either the stride 2 or the dilation 1",
                () -> F.convTranspose1d(Tensor.zeros(1, 2, 5), Tensor.zeros(2, 2, 3), null,
                        ConvTranspose1dOptions.defaults().stride(2).outputPadding(2)));
        assertMessage(IAE, "conv_transpose1d: expected a 3-D input \\[N, C, L\\], got shape \\[1, 2, 5, 5\\]",
                () -> F.convTranspose1d(Tensor.zeros(1, 2, 5, 5), Tensor.zeros(2, 2, 3), null));
    }

    @Test
    void broadcastFailureNamesBothShapesAndTheDimension() {
        assertMessage(IAE, "^add: shapes \\[2, 3\\] and \\[4, 3\\] cannot be broadcast \\(dimension 0: 2 vs 4\\)$",
                () -> Tensor.zeros(2, 3).add(Tensor.zeros(4, 3)));
        assertMessage(IAE, "mul: shapes \\[2, 3\\] and \\[2\\] cannot be broadcast \\(dimension 1: 3 vs 2\\)",
                () -> Tensor.zeros(2, 3).mul(Tensor.zeros(2)));
        assertMessage(IAE, "lt: shapes", () -> Tensor.zeros(2).lt(Tensor.zeros(3)));
        assertMessage(IAE, "where: shapes", () -> Tensor.where(Tensor.zeros(DType.BOOL, 2), Tensor.zeros(3), Tensor.zeros(3)));
        assertMessage(IAE, "expand: cannot broadcast shape \\[2, 3\\] to \\[4, 3\\] \\(dimension 0: 2 vs 4\\)",
                () -> Tensor.zeros(2, 3).expand(4, 3));
        assertMessage(IAE, "expand: target \\[3\\] has fewer dimensions than shape \\[2, 3\\]", () -> Tensor.zeros(2, 3).expand(3));
    }

    @Test
    void reshapeAndShapeErrors() {
        assertMessage(IAE, "reshape: shape \\[4, 2\\] is invalid for input of size 6", () -> Tensor.zeros(2, 3).reshape(4, 2));
        assertMessage(IAE, "reshape: shape \\[-1, 4\\] is invalid for input of size 6", () -> Tensor.zeros(2, 3).reshape(-1, 4));
        assertMessage(IAE, "view: only one dimension can be -1", () -> Tensor.zeros(2, 3).view(-1, -1));
        assertMessage(IAE, "reshape: invalid shape \\[2, -3\\] \\(dimension 1 is -3\\)", () -> Tensor.zeros(6).reshape(2, -3));
        assertMessage(IAE, "invalid shape \\[2, -1\\]: dimension 1 is negative \\(-1\\)", () -> Tensor.zeros(2, -1));
        assertMessage(IAE, "invalid shape \\[100000, 100000\\]: more than 2147483639 elements", () -> Tensor.zeros(100000, 100000));
        assertMessage(IAE, "more than 2147483639 elements", () -> Tensor.zeros(DType.F64, 65536, 65536));
        assertMessage(IAE, "arange: .*more than a tensor holds", () -> Tensor.arange(0, 1e10, 1));
        assertMessage(IAE, "tensor: 5 values do not fill shape \\[2, 3\\] \\(6 elements\\)", () -> Tensor.of(new float[5], 2, 3));
    }

    @Test
    void axisErrors() {
        assertMessage(IAE, "dimension 2 is out of range for a tensor of rank 2", () -> Tensor.zeros(2, 3).sum(2, false));
        assertMessage(IAE, "dimension -3 is out of range for a tensor of rank 2", () -> Tensor.zeros(2, 3).softmax(-3));
        assertMessage(IAE, "sum: axis -1 appears twice in \\[1, -1\\]", () -> Tensor.zeros(2, 3).sum(new int[] {1, -1}, false));
        assertMessage(IAE, "unsqueeze: dimension 3 is out of range for a tensor of rank 1 \\(expected -2 to 1\\)",
                () -> Tensor.zeros(2).unsqueeze(3));
        assertMessage(IAE, "permute: axis 0 repeated in \\[0, 0\\]", () -> Tensor.zeros(2, 3).permute(0, 0));
        assertMessage(IAE, "permute: 1 axes \\[0\\] for a tensor of rank 2", () -> Tensor.zeros(2, 3).permute(0));
        assertMessage(IAE, "t: expects a tensor of rank <= 2, got shape \\[1, 2, 3\\]", () -> Tensor.zeros(1, 2, 3).t());
        assertMessage(IAE, "flatten: start dimension 1 is after end dimension 0", () -> Tensor.zeros(1, 2, 3).flatten(1, 0));
    }

    @Test
    void axisOpsOnZeroDimensionalTensors() {
        Tensor s = Tensor.scalar(5);
        assertMessage(IAE, "dimension 0 is out of range for a 0-d tensor", () -> s.select(0, 0));
        assertMessage(IAE, "dimension 0 is out of range for a 0-d tensor", () -> s.narrow(0, 0, 1));
        assertMessage(IAE, "dimension -1 is out of range for a (0-d tensor|tensor of rank 0)", () -> s.slice(-1, 0, 1));
        assertMessage(IAE, "dimension 0 is out of range for a 0-d tensor", () -> s.indexSelect(0, Tensor.of(new long[] {0})));
        assertMessage(IAE, "dimension 0 is out of range for a 0-d tensor", () -> s.split(1, 0));
        assertMessage(IAE, "dimension 0 is out of range for a 0-d tensor", () -> s.gather(0, Tensor.zeros(DType.I64)));
        // Reductions and softmax accept axis 0 / -1 on a 0-d tensor, as PyTorch does.
        assertTrue(s.sum(0, false).item() == 5 && s.softmax(-1).item() == 1 && s.max(0, true).item() == 5);
    }

    @Test
    void sliceNarrowSelectErrors() {
        assertMessage(IAE, "slice: step must be positive, got 0", () -> Tensor.zeros(4).slice(0, 0, 4, 0));
        assertMessage(IAE, "narrow: start 2 and length 3 exceed dimension 0 of size 4 \\(shape \\[4\\]\\)", () -> Tensor.zeros(4).narrow(0, 2, 3));
        assertMessage(IAE, "select: index 4 is out of range for dimension 1 of size 4 \\(shape \\[2, 4\\]\\)",
                () -> Tensor.zeros(2, 4).select(1, 4));
        assertMessage(IAE, "select: index -5 is out of range", () -> Tensor.zeros(2, 4).select(1, -5));
    }

    @Test
    void reductionErrors() {
        assertMessage(IAE, "max: cannot reduce over dimension 0 of size 0 \\(shape \\[0, 3\\]\\)", () -> Tensor.zeros(0, 3).max(0, false));
        assertMessage(IAE, "min: cannot reduce over dimension 0 of size 0", () -> Tensor.zeros(0).min());
        assertMessage(IAE, "argmax: dimension 1 has size 0 \\(shape \\[2, 0\\]\\)", () -> Tensor.zeros(2, 0).argmax(1, false));
    }

    @Test
    void deviceMismatchNamesBothDevices() {
        Tensor cpu = Tensor.zeros(2);
        Tensor other = Tensor.zeros(2).to(new OtherDeviceBackend());
        assertTrue(other.device().equals(Device.cuda(7)));
        assertMessage(IAE, "add: tensors are on different devices \\(cpu and cuda:7\\); move them with to\\(device\\) first",
                () -> cpu.add(other));
        assertMessage(IAE, "matmul: tensors are on different devices", () -> Tensor.zeros(2, 2).matmul(Tensor.zeros(2, 2).to(new OtherDeviceBackend())));
        assertMessage(IAE, "concat: tensors are on different devices", () -> Tensor.concat(List.of(cpu, other), 0));
        assertMessage(IAE, "where: tensors are on different devices", () -> Tensor.where(cpu.gt(0), cpu, other));
        assertMessage(IAE, "gather: tensors are on different devices", () -> cpu.gather(0, Tensor.zeros(DType.I64, 2).to(new OtherDeviceBackend())));
        assertMessage(IAE, "addInPlace: tensors are on different devices", () -> Tensor.zeros(2).addInPlace(other));
    }

    @Test
    void indexOutOfRange() {
        Class<IndexOutOfBoundsException> IOOBE = IndexOutOfBoundsException.class;
        Tensor x = Tensor.zeros(2, 3);
        assertMessage(IOOBE, "gather: index 3 \\(at flat position 1\\) is out of range for dimension 1 of size 3",
                () -> x.gather(1, Tensor.of(new long[][] {{0, 3}, {1, 1}})));
        assertMessage(IOOBE, "gather: index -1 \\(at flat position 0\\)", () -> x.gather(0, Tensor.of(new long[][] {{-1}})));
        assertMessage(IOOBE, "indexSelect: index 2 \\(at flat position 2\\) is out of range for dimension 0 of size 2",
                () -> x.indexSelect(0, Tensor.of(new long[] {0, 1, 2})));
        assertMessage(IOOBE, "scatterAdd: index 5", () -> x.scatterAdd(1, Tensor.of(new long[][] {{5}}), Tensor.ones(1, 1)));
        assertMessage(IOOBE, "oneHot: index 4", () -> Tensor.of(new long[] {4}).oneHot(4));
        assertMessage(IAE, "gather: index must be I64 or I32, got F32", () -> x.gather(1, Tensor.zeros(2, 3)));
        assertMessage(IAE, "gather: index of shape \\[3\\] must have the same rank as input \\[2, 3\\]",
                () -> x.gather(1, Tensor.arange(3)));
        assertMessage(IAE, "gather: index shape \\[3, 1\\] exceeds input shape \\[2, 3\\] in dimension 0",
                () -> x.gather(1, Tensor.zeros(DType.I64, 3, 1)));
        assertMessage(IAE, "indexSelect: index must be 0-d or 1-D, got shape \\[1, 1\\]", () -> x.indexSelect(0, Tensor.zeros(DType.I64, 1, 1)));
        assertMessage(IAE, "scatterAdd: index shape \\[1, 1\\] and src shape \\[1, 2\\] must match",
                () -> x.scatterAdd(1, Tensor.zeros(DType.I64, 1, 1), Tensor.ones(1, 2)));
        assertMessage(IAE, "oneHot: class indices must be an integer tensor, got F32", () -> Tensor.zeros(2).oneHot(3));
    }

    @Test
    void whereNeedsABoolCondition() {
        assertMessage(IAE, "where: condition must be BOOL, got F32 \\(compare first, e.g. x.gt\\(0\\)\\)",
                () -> Tensor.where(Tensor.ones(2), Tensor.zeros(2), Tensor.zeros(2)));
        assertMessage(IAE, "where: condition must be BOOL, got I64", () -> Tensor.zeros(2).maskedFill(Tensor.ones(DType.I64, 2), 1));
    }

    @Test
    void maskedFillKeepsTheTensorsShape() {
        assertMessage(IAE, "maskedFill: mask of shape \\[2, 3\\] cannot be broadcast to the tensor's shape \\[3\\]",
                () -> Tensor.zeros(3).maskedFill(Tensor.zeros(DType.BOOL, 2, 3), 1));
    }

    @Test
    void joinAndSplitErrors() {
        assertMessage(IAE, "concat: tensor 1 has shape \\[2, 4\\] but tensor 0 has shape \\[2, 3\\] \\(dimension 1: 4 != 3\\)",
                () -> Tensor.concat(List.of(Tensor.zeros(2, 3), Tensor.zeros(2, 4)), 0));
        assertMessage(IAE, "concat: tensor 1 has shape \\[3\\] but tensor 0 has shape \\[2, 3\\] \\(ranks differ\\)",
                () -> Tensor.concat(List.of(Tensor.zeros(2, 3), Tensor.zeros(3)), 0));
        assertMessage(IAE, "concat: needs at least one tensor", () -> Tensor.concat(List.of(), 0));
        assertMessage(IAE, "concat: 0-d tensors cannot be concatenated", () -> Tensor.concat(List.of(Tensor.scalar(1)), 0));
        assertMessage(IAE, "stack: tensor 1 has shape \\[3\\] but tensor 0 has shape \\[2\\]",
                () -> Tensor.stack(List.of(Tensor.zeros(2), Tensor.zeros(3)), 0));
        assertMessage(IAE, "split: sizes \\[1, 1\\] sum to 2 but dimension 0 has size 3", () -> Tensor.zeros(3).split(new int[] {1, 1}, 0));
        assertMessage(IAE, "split: size must be positive, got 0", () -> Tensor.zeros(3).split(0, 0));
        assertMessage(IAE, "chunk: number of chunks must be positive, got 0", () -> Tensor.zeros(3).chunk(0, 0));
        assertMessage(IAE, "pad: expected \\(before, after\\) pairs for at most 1 dimensions, got \\[1, 1, 1\\]",
                () -> Tensor.zeros(3).pad(new int[] {1, 1, 1}, 0));
        assertMessage(IAE, "pad: negative padding", () -> Tensor.zeros(3).pad(new int[] {-1, 1}, 0));
    }

    @Test
    void dtypeErrors() {
        assertMessage(IAE, "addInPlace: a F32 operand would be truncated into a I64 tensor",
                () -> Tensor.zeros(DType.I64, 2).addInPlace(Tensor.full(0.5, 2)));
        assertMessage(IAE, "mulInPlace: a F32 operand would be truncated into a I32 tensor",
                () -> Tensor.zeros(DType.I32, 2).mulInPlace(1.5));
        assertMessage(IAE, "only floating-point tensors can require grad, not I64", () -> Tensor.zeros(DType.I64, 2).requiresGrad(true));
        assertMessage(IAE, "divInPlace: true division cannot be stored in a I32 tensor",
                () -> Tensor.ones(DType.I32, 2).divInPlace(Tensor.ones(DType.I32, 2)));
        assertMessage(IllegalStateException.class, "item: tensor of shape \\[3\\] has 3 elements, not 1", () -> Tensor.zeros(3).item());
    }

    @Test
    void backendSelectionErrorsExplainWhatIsMissing() {
        assertMessage(IllegalStateException.class, "no backend for device cuda:0 is installed.*Known providers: \\[reference\\[cpu\\]",
                () -> Tensor.zeros(2).to(Device.cuda(0)));
        assertMessage(IllegalStateException.class, "no backend named 'nope' for device cpu",
                () -> io.jgrad.backend.Backends.named("nope", Device.CPU));
    }
}
