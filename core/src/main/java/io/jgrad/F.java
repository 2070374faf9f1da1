package io.jgrad;

import io.jgrad.backend.Conv2dParams;

/**
 * Functional ops in the style of PyTorch's {@code torch.nn.functional}: convolutions, pooling, batch normalization
 * and upsampling on NCHW (and NCL) tensors, attention, recurrence and the mean squared error loss. Options are small
 * immutable records with PyTorch's defaults, e.g.
 * {@code F.conv2d(x, w, b, Conv2dOptions.defaults().stride(2).padding(1))}. Every op is differentiable; a null bias
 * (or weight) means none.
 */
public final class F {
    private F() {}

    // ---- dense ---------------------------------------------------------------------------------------------------

    /**
     * {@code x W^T + b} over the last dimension, as PyTorch's {@code F.linear}: x [..., K], w [N, K], b [N] or null;
     * the result is [..., N]. One fused backend op (GEMM and bias), and backward computes the input's gradient only
     * when x requires grad.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) { return LinearAlgebra.linear(x, w, b); }

    /**
     * {@code relu(linear(x, w, b))} as one op: the same values and gradients as the two ops, without keeping the
     * pre-activation or a second output; backends may apply ReLU in place.
     */
    public static Tensor linearRelu(Tensor x, Tensor w, Tensor b) { return LinearAlgebra.linearRelu(x, w, b); }

    // ---- convolution ---------------------------------------------------------------------------------------------

    /** Convolution with stride 1, no padding: x [N, C, H, W], w [O, C/groups, kH, kW], b [O] or null. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b) { return conv2d(x, w, b, Conv2dOptions.defaults()); }

    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, Conv2dOptions o) {
        if (w.rank() != 4) {
            throw new IllegalArgumentException("conv2d: expected a 4-D weight [O, C/groups, kH, kW], got shape " + w.shape()
                    + " for input shape " + x.shape());
        }
        int padH = o.padH(), padW = o.padW(), extraH = 0, extraW = 0;
        if (o.paddingMode() == PaddingMode.VALID) {
            padH = padW = 0;
        } else if (o.paddingMode() == PaddingMode.SAME) {
            if (o.strideH() != 1 || o.strideW() != 1) {
                throw new IllegalArgumentException("conv2d: padding SAME needs stride 1, got (" + o.strideH() + ", " + o.strideW() + ")");
            }
            int totalH = o.dilationH() * (w.dim(2) - 1), totalW = o.dilationW() * (w.dim(3) - 1);
            padH = totalH / 2;
            padW = totalW / 2;
            extraH = totalH - 2 * padH;
            extraW = totalW - 2 * padW;
        }
        // An odd total padding puts the extra zero after (bottom/right), as PyTorch does.
        if ((extraH > 0 || extraW > 0) && x.rank() == 4) x = x.pad(new int[] {0, extraW, 0, extraH}, 0);
        Conv2dParams p = new Conv2dParams(o.strideH(), o.strideW(), padH, padW, o.dilationH(), o.dilationW(), o.groups());
        return Convolution.conv2d(x, w, b, p);
    }

    /** 1-D convolution with stride 1, no padding: x [N, C, L], w [O, C/groups, k], b [O] or null. */
    public static Tensor conv1d(Tensor x, Tensor w, Tensor b) { return conv1d(x, w, b, Conv1dOptions.defaults()); }

    public static Tensor conv1d(Tensor x, Tensor w, Tensor b, Conv1dOptions o) {
        if (w.rank() != 3) {
            throw new IllegalArgumentException("conv1d: expected a 3-D weight [O, C/groups, k], got shape " + w.shape()
                    + " for input shape " + x.shape());
        }
        int pad = o.pad(), extra = 0;
        if (o.paddingMode() == PaddingMode.VALID) {
            pad = 0;
        } else if (o.paddingMode() == PaddingMode.SAME) {
            if (o.stride() != 1) throw new IllegalArgumentException("conv1d: padding SAME needs stride 1, got " + o.stride());
            int total = o.dilation() * (w.dim(2) - 1);
            pad = total / 2;
            extra = total - 2 * pad;
        }
        if (extra > 0 && x.rank() == 3) x = x.pad(new int[] {0, extra}, 0);
        return Convolution.conv1d(x, w, b, new Conv2dParams(1, o.stride(), 0, pad, 1, o.dilation(), o.groups()));
    }

    /** Transposed convolution with stride 1, no padding: x [N, Cin, H, W], w [Cin, Cout/groups, kH, kW]. */
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor b) { return convTranspose2d(x, w, b, ConvTranspose2dOptions.defaults()); }

    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor b, ConvTranspose2dOptions o) {
        Conv2dParams p = new Conv2dParams(o.strideH(), o.strideW(), o.padH(), o.padW(), o.dilationH(), o.dilationW(), o.groups());
        return Convolution.convTranspose2d(x, w, b, p, o.outPadH(), o.outPadW());
    }

    /** 1-D transposed convolution with stride 1, no padding: x [N, Cin, L], w [Cin, Cout/groups, k]. */
    public static Tensor convTranspose1d(Tensor x, Tensor w, Tensor b) { return convTranspose1d(x, w, b, ConvTranspose1dOptions.defaults()); }

    /** Runs as the 2-D transposed convolution over a unit height; output length as {@link #convTranspose2d}'s width. */
    public static Tensor convTranspose1d(Tensor x, Tensor w, Tensor b, ConvTranspose1dOptions o) {
        Conv2dParams p = new Conv2dParams(1, o.stride(), 0, o.pad(), 1, o.dilation(), o.groups());
        return Convolution.convTranspose1d(x, w, b, p, o.outPad());
    }

    // ---- pooling -------------------------------------------------------------------------------------------------

    /** Max pooling with a square kernel and stride equal to it. */
    public static Tensor maxPool2d(Tensor x, int kernel) { return maxPool2d(x, Pool2dOptions.kernel(kernel)); }

    public static Tensor maxPool2d(Tensor x, Pool2dOptions o) { return Pooling.maxPool2d(x, o.params()); }

    /** Average pooling with a square kernel and stride equal to it. */
    public static Tensor avgPool2d(Tensor x, int kernel) { return avgPool2d(x, Pool2dOptions.kernel(kernel)); }

    public static Tensor avgPool2d(Tensor x, Pool2dOptions o) { return Pooling.avgPool2d(x, o.params()); }

    /** Max pooling of [N, C, L] with stride equal to the kernel. */
    public static Tensor maxPool1d(Tensor x, int kernel) { return maxPool1d(x, Pool1dOptions.kernel(kernel)); }

    /** Max pooling of [N, C, L], run as the 2-D pooling over a unit height. */
    public static Tensor maxPool1d(Tensor x, Pool1dOptions o) { return Pooling.maxPool1d(x, o.params()); }

    /** Average pooling of [N, C, L] with stride equal to the kernel. */
    public static Tensor avgPool1d(Tensor x, int kernel) { return avgPool1d(x, Pool1dOptions.kernel(kernel)); }

    /** Average pooling of [N, C, L], run as the 2-D pooling over a unit height. */
    public static Tensor avgPool1d(Tensor x, Pool1dOptions o) { return Pooling.avgPool1d(x, o.params()); }

    /** Average pooling to exactly outH x outW. */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) { return Pooling.adaptiveAvgPool2d(x, outH, outW); }

    /** The mean of each channel: [N, C, H, W] to [N, C, 1, 1]. */
    public static Tensor globalAvgPool2d(Tensor x) {
        if (x.rank() != 4) throw new IllegalArgumentException("global_avg_pool2d: expected a 4-D input [N, C, H, W], got shape " + x.shape());
        return x.mean(new int[] {2, 3}, true);
    }

    // ---- normalization -------------------------------------------------------------------------------------------

    /**
     * Batch normalization of x [N, C, ...] per channel. In training mode the batch statistics are used and, when
     * given, {@code runningMean}/{@code runningVar} ([C]) are updated in place; in eval mode they are used instead.
     * {@code weight} and {@code bias} ([C]) are the optional affine transform.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, BatchNormOptions o) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, o);
    }

    /**
     * Group normalization of x [N, C, ...], as PyTorch's {@code F.group_norm}: the channels are split into
     * {@code groups} groups, each sample's group is normalized by its own mean and biased variance, then the optional
     * per-channel {@code weight} and {@code bias} ([C]) apply. Runs on the batch normalization ops (one "channel" per
     * sample and group), so every backend computes it with its fused per-channel kernels.
     */
    public static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, double eps) {
        return Normalization.groupNorm(x, groups, weight, bias, eps);
    }

    /**
     * Instance normalization of x [N, C, ...], as PyTorch's {@code F.instance_norm}: each sample's channel is
     * normalized by its own statistics. With {@code useInputStats} false the running statistics ([C]) normalize
     * instead (eval mode of a layer that tracks them); with it true and running statistics given, they move toward
     * the batch's mean over samples of the per-instance mean and unbiased variance by {@code o.momentum()}.
     * {@code o.training()} is ignored: {@code useInputStats} decides.
     */
    public static Tensor instanceNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                      boolean useInputStats, BatchNormOptions o) {
        return Normalization.instanceNorm(x, runningMean, runningVar, weight, bias, useInputStats, o);
    }

    /**
     * Layer normalization as PyTorch's {@code F.layer_norm}: each slice of x over its trailing dimensions, which must
     * equal {@code normalizedShape}, becomes {@code (x - mean) / sqrt(var + eps)} (biased variance), times
     * {@code weight} plus {@code bias} (both shaped {@code normalizedShape}, each optional: null). One fused op on the
     * backend's kernel, forward and backward.
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return LayerNormalization.forward(x, normalizedShape, weight, bias, eps);
    }

    // ---- attention ------------------------------------------------------------------------------------------------

    /** {@code softmax(q k^T / sqrt(D)) v} of q [B, H, Tq, D], k [B, H, Tk, D] and v [B, H, Tk, Dv]: [B, H, Tq, Dv]. */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v) {
        return scaledDotProductAttention(q, k, v, AttentionOptions.defaults());
    }

    /**
     * Scaled dot-product attention as PyTorch's {@code F.scaled_dot_product_attention}, with the masks, causality,
     * scale and dropout of {@code o}: one fused op (the backend's kernel, which need not materialise the scores; it
     * saves each row's log-sum-exp for a fused backward). A query whose every key is masked gets NaN.
     */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, AttentionOptions o) {
        return Attention.scaledDotProduct(q, k, v, o);
    }

    /**
     * Self-attention on one packed projection {@code qkv} [batch, length, 3E] (the input projected by a packed
     * {@code in_proj_weight}): the same as {@link #scaledDotProductAttention(Tensor, Tensor, Tensor, AttentionOptions)}
     * on its thirds {@code qkv.chunk(3, -1)}, each reshaped to [batch, length, heads, E / heads] and permuted to
     * [batch, heads, length, E / heads], with one recorded op whose gradient is a single [batch, length, 3E] tensor
     * the backend writes in place (the three views' gradients would be added into a zero tensor of its shape).
     *
     * @throws IllegalArgumentException if {@code qkv} is not [batch, length, 3 * heads * d] or not floating
     */
    public static Tensor packedSelfAttention(Tensor qkv, int heads, AttentionOptions o) {
        return PackedSelfAttention.apply(qkv, heads, o);
    }

    /**
     * {@link #scaledDotProductAttention(Tensor, Tensor, Tensor, AttentionOptions)} that also returns the attention
     * weights [B, H, Tq, Tk] (after dropout); composed from matmul and softmax, as the weights are materialised anyway.
     * Given the same generator state it draws the same dropout mask as the fused op.
     */
    public static AttentionOutput scaledDotProductAttentionWithWeights(Tensor q, Tensor k, Tensor v, AttentionOptions o) {
        return Attention.withWeights(q, k, v, o);
    }

    // ---- upsampling ----------------------------------------------------------------------------------------------

    /** Nearest-neighbour upsampling of [N, C, L] or [N, C, H, W] by the same factor on every spatial axis. */
    public static Tensor upsampleNearest(Tensor x, double scaleFactor) {
        double[] factors = new double[Math.max(x.rank() - 2, 0)];
        java.util.Arrays.fill(factors, scaleFactor);
        return Upsampling.nearest(x, null, factors);
    }

    /** Nearest-neighbour resize to the given spatial size (one value per spatial axis). */
    public static Tensor upsampleNearest(Tensor x, int... size) { return Upsampling.nearest(x, size, null); }

    // ---- losses ---------------------------------------------------------------------------------------------------

    /**
     * The squared error {@code (prediction - target)^2} reduced as {@code reduction} says, as PyTorch's
     * {@code F.mse_loss} without broadcasting: prediction and target must have the same shape; mixed dtypes compute in
     * the promoted one. One recorded op, forward and backward each one fused backend pass
     * ({@code Backend.squaredError}, {@code squaredErrorSum} and {@code squaredErrorBackward}); the target gets a
     * gradient only when it requires one.
     */
    public static Tensor mseLoss(Tensor prediction, Tensor target, LossReduction reduction) {
        return MeanSquaredError.forward(prediction, target, reduction);
    }

    // ---- recurrence ----------------------------------------------------------------------------------------------

    /**
     * One direction of a recurrent layer as one fused op (see {@link io.jgrad.backend.RecurrentCell} for the cells and
     * their PyTorch gate orders). {@code xProj [T, B, G*H]} is the time-first input projection {@code W_ih x + b_ih}
     * of every step (one GEMM over all steps, done by the caller), {@code wHh [G*H, H]} and {@code bHh [G*H]} (or
     * null) the recurrent weight and bias, {@code h0} and (LSTM only, else null) {@code c0} the initial states
     * [B, H]. {@code lengths} (I64 [B], values in [1, T]) or null gives each sequence's length: later steps neither
     * change its state nor get gradient, and its outputs there are zero (PyTorch's packed sequences). With
     * {@code reverse} the recurrence runs from the last step back, each sequence from its own last valid step.
     */
    public static RecurrenceOutput recurrence(io.jgrad.backend.RecurrentCell cell, Tensor xProj, Tensor wHh, Tensor bHh,
                                              Tensor h0, Tensor c0, Tensor lengths, boolean reverse) {
        return Recurrence.run(cell, xProj, wHh, bHh, h0, c0, lengths, reverse);
    }
}
