package io.jgrad.autograd;

import io.jgrad.BatchNormOptions;
import io.jgrad.DType;
import io.jgrad.LossReduction;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.AttentionParams;
import io.jgrad.backend.Backend;
import io.jgrad.backend.BinaryOp;
import io.jgrad.backend.Conv2dParams;
import io.jgrad.backend.Pool2dParams;
import io.jgrad.backend.RecurrentCell;
import io.jgrad.backend.ReduceOp;
import io.jgrad.backend.UnaryOp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a recorded op did: a small immutable description holding the op's attributes (axes, kernel geometry, ...)
 * and the tensors it was computed from. {@code Tensor.gradFn().description()} returns it for a tensor computed with
 * grad mode on; graph walkers (export, fusion) switch over these records, and the gradient rules do too, in one
 * place. {@link #inputs()} lists the operands that receive gradients, in a fixed order; other tensor components
 * (the output, an index, a mask) are read by the rule but receive none.
 *
 * <p>Array components are the op's own copies; do not modify them.
 */
public sealed interface Op {
    /** The op's name as in error messages and {@code toString} ({@code mul}, {@code conv2d}, ...). */
    String name();

    /** The operands that receive gradients, in the order the rule returns them. */
    List<Tensor> inputs();

    private static String lower(Enum<?> e) { return e.name().toLowerCase(Locale.ROOT); }

    // ---- elementwise ---------------------------------------------------------------------------------------------

    /** {@code out = kind(x; a, b)}. */
    record Unary(UnaryOp kind, Tensor x, Tensor out, double a, double b) implements Op {
        public String name() { return lower(kind); }
        public List<Tensor> inputs() { return List.of(x); }
    }

    /** {@code out = x kind y}; x and y are already broadcast-compatible and of one dtype. */
    record Binary(BinaryOp kind, Tensor x, Tensor y, Tensor out) implements Op {
        public String name() { return lower(kind); }
        public List<Tensor> inputs() { return List.of(x, y); }
    }

    /** {@code condition ? x : y}, broadcasting all three. */
    record Where(Tensor condition, Tensor x, Tensor y) implements Op {
        public String name() { return "where"; }
        public List<Tensor> inputs() { return List.of(x, y); }
    }

    /** A dtype conversion between floating types. */
    record Cast(Tensor x, DType to) implements Op {
        public String name() { return "to_" + lower(to); }
        public List<Tensor> inputs() { return List.of(x); }
    }

    /** A copy onto another backend. */
    record ToBackend(Tensor x, Backend target) implements Op {
        public String name() { return "to"; }
        public List<Tensor> inputs() { return List.of(x); }
    }

    // ---- reductions and softmax ------------------------------------------------------------------------------------

    /** {@code out} is x reduced over {@code axes}, which are kept at size 1. */
    record Reduce(ReduceOp kind, Tensor x, Tensor out, int[] axes) implements Op {
        public String name() { return lower(kind); }
        public List<Tensor> inputs() { return List.of(x); }
    }

    /** Softmax or log-softmax of x along {@code axis}. */
    record Softmax(Tensor x, Tensor out, int axis, boolean log) implements Op {
        public String name() { return log ? "log_softmax" : "softmax"; }
        public List<Tensor> inputs() { return List.of(x); }
    }

    // ---- linear algebra ----------------------------------------------------------------------------------------

    /** {@code a [..., M, K] @ b [..., K, N]}, batch dimensions broadcast. */
    record Matmul(Tensor a, Tensor b) implements Op {
        public String name() { return "matmul"; }
        public List<Tensor> inputs() { return List.of(a, b); }
    }

    /** {@code x [M, K] @ w[N, K]^T + bias}, then ReLU when {@code relu}; bias may be null, out is the result. */
    record Linear(Tensor x, Tensor w, Tensor bias, Tensor out, boolean relu) implements Op {
        public String name() { return relu ? "linear_relu" : "linear"; }
        public List<Tensor> inputs() { return bias == null ? List.of(x, w) : List.of(x, w, bias); }
    }

    /** ReLU's gradient: {@code x <= 0 ? 0 : grad}; x receives no gradient (it is zero almost everywhere). */
    record ReluBackward(Tensor grad, Tensor x) implements Op {
        public String name() { return "relu_backward"; }
        public List<Tensor> inputs() { return List.of(grad); }
    }

    /**
     * GELU's gradient {@code grad * gelu'(x)}, the exact form's or, with {@code tanh}, the tanh approximation's; both
     * grad and x receive gradients (x through gelu'').
     */
    record GeluBackward(Tensor grad, Tensor x, boolean tanh) implements Op {
        public String name() { return tanh ? "gelu_tanh_backward" : "gelu_backward"; }
        public List<Tensor> inputs() { return List.of(grad, x); }
    }

    // ---- losses ---------------------------------------------------------------------------------------------------

    /**
     * The squared error of prediction and target (same shape and dtype), reduced as {@code reduction} says (a scalar
     * unless NONE); both receive gradients ({@code +-2 (prediction - target)} times the upstream gradient).
     */
    record MseLoss(Tensor prediction, Tensor target, LossReduction reduction) implements Op {
        public String name() { return "mse_loss"; }
        public List<Tensor> inputs() { return List.of(prediction, target); }
    }

    // ---- views and copies ----------------------------------------------------------------------------------------

    /** x seen with another shape ({@code view}, {@code reshape}, {@code squeeze}, {@code unsqueeze}). */
    record Reshape(Tensor x, Shape shape, String name) implements Op {
        public List<Tensor> inputs() { return List.of(x); }
    }

    /** x's axes reordered: axis i of the result is axis {@code axes[i]} of x ({@code permute}, {@code transpose}). */
    record Permute(Tensor x, int[] axes, String name) implements Op {
        public List<Tensor> inputs() { return List.of(x); }
    }

    /** {@code length} elements of x along {@code axis} from {@code start}, every {@code step}-th. */
    record Slice(Tensor x, int axis, int start, int length, int step, String name) implements Op {
        public List<Tensor> inputs() { return List.of(x); }
    }

    /** A slice's gradient: zeros of {@code inputShape} with grad written where the slice came from. */
    record SliceBackward(Tensor grad, Shape inputShape, int axis, int start, int step) implements Op {
        public String name() { return "slice_backward"; }
        public List<Tensor> inputs() { return List.of(grad); }
    }

    /** x broadcast to {@code shape}. */
    record Expand(Tensor x, Shape shape) implements Op {
        public String name() { return "expand"; }
        public List<Tensor> inputs() { return List.of(x); }
    }

    /** A contiguous copy of x. */
    record Copy(Tensor x) implements Op {
        public String name() { return "copy"; }
        public List<Tensor> inputs() { return List.of(x); }
    }

    /** The parts joined along {@code axis}. */
    record Concat(List<Tensor> parts, int axis) implements Op {
        public Concat { parts = List.copyOf(parts); }
        public String name() { return "concat"; }
        public List<Tensor> inputs() { return parts; }
    }

    /** x padded with {@code value}: {@code before[d]} and {@code after[d]} elements on each side of axis d. */
    record Pad(Tensor x, int[] before, int[] after, double value) implements Op {
        public String name() { return "pad"; }
        public List<Tensor> inputs() { return List.of(x); }
    }

    // ---- indexing ------------------------------------------------------------------------------------------------

    /** {@code out[..i..] = x[..index[..i..]..]} along {@code axis}; index is I64. */
    record Gather(Tensor x, int axis, Tensor index) implements Op {
        public String name() { return "gather"; }
        public List<Tensor> inputs() { return List.of(x); }
    }

    /** The entries of x at the positions of the 1-D I64 {@code index} along {@code axis}. */
    record IndexSelect(Tensor x, int axis, Tensor index) implements Op {
        public String name() { return "index_select"; }
        public List<Tensor> inputs() { return List.of(x); }
    }

    /** A copy of {@code base} with {@code values} added at {@code index} along {@code axis}. */
    record ScatterAdd(Tensor base, int axis, Tensor index, Tensor values) implements Op {
        public String name() { return "scatter_add"; }
        public List<Tensor> inputs() { return List.of(base, values); }
    }

    /**
     * The elements of x (broadcast to {@code shape} with its mask) at the flat positions {@code positions} (I64, in
     * row-major order of {@code shape}): {@code masked_select}.
     */
    record MaskedSelect(Tensor x, Shape shape, Tensor positions) implements Op {
        public String name() { return "masked_select"; }
        public List<Tensor> inputs() { return List.of(x); }
    }

    // ---- convolution and pooling (NCHW) --------------------------------------------------------------------------

    /** Convolution of x with w plus an optional bias ({@code conv2d}, or {@code conv1d} run over a unit height). */
    record Conv2d(Tensor x, Tensor w, Tensor bias, Conv2dParams params, String name) implements Op {
        public List<Tensor> inputs() { return withBias(x, w, bias); }
    }

    /**
     * Transposed convolution of x with w [Cin, Cout/groups, kH, kW] to {@code outShape}, plus an optional bias:
     * {@code conv_transpose2d}, and also the gradient of a convolution with respect to its input.
     */
    record ConvTranspose2d(Tensor x, Tensor w, Tensor bias, Conv2dParams params, Shape outShape) implements Op {
        public String name() { return "conv_transpose2d"; }
        public List<Tensor> inputs() { return withBias(x, w, bias); }
    }

    /** The gradient of a convolution with respect to a weight of {@code weightShape}, from grad and x. */
    record Conv2dWeightBackward(Tensor grad, Tensor x, Shape weightShape, Conv2dParams params) implements Op {
        public String name() { return "conv2d_weight_backward"; }
        public List<Tensor> inputs() { return List.of(grad, x); }
    }

    /** Max pooling; {@code indices} holds each output's argmax position within its input plane (I64). */
    record MaxPool2d(Tensor x, Tensor indices, Pool2dParams params) implements Op {
        public String name() { return "max_pool2d"; }
        public List<Tensor> inputs() { return List.of(x); }
    }

    /** Max pooling's gradient: each grad added at its window's argmax in zeros of {@code inputShape}. */
    record MaxPool2dBackward(Tensor grad, Tensor indices, Shape inputShape) implements Op {
        public String name() { return "max_pool2d_backward"; }
        public List<Tensor> inputs() { return List.of(grad); }
    }

    record AvgPool2d(Tensor x, Pool2dParams params) implements Op {
        public String name() { return "avg_pool2d"; }
        public List<Tensor> inputs() { return List.of(x); }
    }

    /** Average pooling's gradient for an input of {@code inputShape}. */
    record AvgPool2dBackward(Tensor grad, Shape inputShape, Pool2dParams params) implements Op {
        public String name() { return "avg_pool2d_backward"; }
        public List<Tensor> inputs() { return List.of(grad); }
    }

    record AdaptiveAvgPool2d(Tensor x, int outH, int outW) implements Op {
        public String name() { return "adaptive_avg_pool2d"; }
        public List<Tensor> inputs() { return List.of(x); }
    }

    /** Adaptive average pooling's gradient for an input of {@code inputShape}. */
    record AdaptiveAvgPool2dBackward(Tensor grad, Shape inputShape) implements Op {
        public String name() { return "adaptive_avg_pool2d_backward"; }
        public List<Tensor> inputs() { return List.of(grad); }
    }

    // ---- normalization -------------------------------------------------------------------------------------------

    /**
     * Batch normalization of x [N, C, ...] per channel with the statistics it used ({@code mean} and
     * {@code invstd = 1/sqrt(var + eps)}, [C]: the batch's in training mode, the running ones in eval mode) and the
     * optional affine {@code weight} and {@code bias} [C].
     */
    record BatchNorm(Tensor x, Tensor weight, Tensor bias, Tensor mean, Tensor invstd, BatchNormOptions options)
            implements Op {
        public String name() { return "batch_norm"; }
        public List<Tensor> inputs() {
            List<Tensor> in = new ArrayList<>(3);
            in.add(x);
            if (weight != null) in.add(weight);
            if (bias != null) in.add(bias);
            return in;
        }
    }

    /**
     * Layer normalization of x over its trailing {@code normalizedShape} with the statistics it used ({@code mean} and
     * {@code rstd = 1/sqrt(var + eps)} of each of the M rows, [M]) and the optional affine {@code weight} and
     * {@code bias} (shaped {@code normalizedShape}).
     */
    record LayerNorm(Tensor x, Tensor weight, Tensor bias, Tensor mean, Tensor rstd, int[] normalizedShape, double eps)
            implements Op {
        public LayerNorm { normalizedShape = normalizedShape.clone(); }
        public String name() { return "layer_norm"; }
        public List<Tensor> inputs() {
            List<Tensor> in = new ArrayList<>(3);
            in.add(x);
            if (weight != null) in.add(weight);
            if (bias != null) in.add(bias);
            return in;
        }
    }

    // ---- recurrence ----------------------------------------------------------------------------------------------

    /**
     * A fused recurrence ({@code Backend.recurrence}) over the time-first input projection {@code xProj [T, B, G*H]}
     * with the recurrent weight {@code w}, optional bias, initial states {@code h0} and (LSTM) {@code c0}, optional
     * I64 {@code lengths}; {@code out} is the op's output and {@code saved} what its backward reads.
     */
    record Recurrence(RecurrentCell cell, boolean reverse, Tensor xProj, Tensor w, Tensor bias, Tensor h0, Tensor c0,
                      Tensor lengths, Tensor out, Tensor saved) implements Op {
        public String name() { return lower(cell); }
        public List<Tensor> inputs() {
            List<Tensor> in = new ArrayList<>(5);
            for (Tensor t : new Tensor[] {xProj, w, bias, h0, c0}) if (t != null) in.add(t);
            return in;
        }
    }

    // ---- attention -----------------------------------------------------------------------------------------------

    /**
     * Scaled dot-product attention of q [B, H, Tq, D], k and v with the constant additive {@code mask} (a view
     * broadcast to [B, H, Tq, Tk], or null), its output and each row's {@code logsumexp} [B, H, Tq], which the fused
     * backward reads.
     */
    record ScaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor mask, Tensor out, Tensor logsumexp,
                                     AttentionParams params) implements Op {
        public String name() { return "scaled_dot_product_attention"; }
        public List<Tensor> inputs() { return List.of(q, k, v); }
    }

    /**
     * Self-attention on one packed projection {@code qkv} [B, T, 3E], whose thirds split into {@code heads} heads are
     * q, k and v, with the constant additive {@code mask} (or null), the output [B, H, T, E / H] and each row's
     * {@code logsumexp}; its gradient is one [B, T, 3E] tensor.
     */
    record PackedSelfAttention(Tensor qkv, int heads, Tensor mask, Tensor out, Tensor logsumexp,
                               AttentionParams params) implements Op {
        public String name() { return "packed_self_attention"; }
        public List<Tensor> inputs() { return List.of(qkv); }
    }

    private static List<Tensor> withBias(Tensor x, Tensor w, Tensor bias) {
        return bias == null ? List.of(x, w) : List.of(x, w, bias);
    }
}
