package io.jgrad.backend;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.Layout;
import io.jgrad.Shape;

/**
 * The primitives a device implements, on (storage, layout) pairs. Inputs may be strided views (transposed, sliced,
 * broadcast with stride 0); results are new contiguous storages unless the method writes in place. Shapes and dtypes
 * are checked by the tensor ops before a backend is called, so backends may assume valid arguments.
 *
 * <p>Fused ops that matter for speed have default implementations composed from the primitives, so a backend
 * overrides only what it accelerates and a fused op it leaves alone still runs on its own device: no default reads
 * data back to the host or loops over elements there. (The few that need numbers derived from shapes alone, such as
 * window positions or pooling matrices, upload them as small constant tables.) Nor does a default leak: it closes
 * every intermediate storage it creates (padded copies, columns, tables, scalars, partial results) before it returns,
 * as device memory is not garbage collected, so that only its result stays open; it never closes a storage it was
 * given. The {@link ReferenceBackend} overrides them all with plain loops, the oracle the defaults are tested against.
 */
public interface Backend {
    String name();

    Device device();

    // ---- memory -------------------------------------------------------------------------------------------------

    /** A zero-filled storage. */
    Storage allocate(DType dtype, int length);

    /**
     * Storage for a result whose every element the caller has written before anything reads it (a buffer an op's
     * kernels fill whole): its contents are unspecified, so a backend may hand back memory it recycled without clearing
     * it first. The default is {@link #allocate}'s zeros.
     */
    default Storage allocateForOverwrite(DType dtype, int length) { return allocate(dtype, length); }

    /**
     * Takes back storage that nothing will read again: a gradient only the autograd engine held, after its last use, or
     * what a closing {@link io.jgrad.Scope} releases (possibly closed already). A backend may close it (later use then
     * fails) and reuse its memory for a later result of the same size, but only memory it allocated itself, never an
     * array a caller handed in; the default leaves it to the garbage collector.
     */
    default void recycle(Storage s) {}

    /** Moves host data onto this backend's device (host backends may return it as is). */
    Storage upload(HostStorage host);

    /** Copies storage to the host (host backends may return it as is; callers must not write into it). */
    HostStorage download(Storage storage);

    Storage full(DType dtype, int length, double value);

    /** A contiguous copy of a strided view, converted to {@code dtype}. */
    Storage copy(Storage src, Layout srcLayout, DType dtype);

    /** Writes the view {@code src} into the view {@code dst} (same shape), converting dtype. */
    void assign(Storage dst, Layout dstLayout, Storage src, Layout srcLayout);

    // ---- elementwise --------------------------------------------------------------------------------------------

    /** {@code op} applied to each element; the result has x's dtype. */
    Storage unary(UnaryOp op, Storage x, Layout xLayout, double a, double b);

    /** {@code op} of two views of the same shape and dtype. */
    Storage binary(BinaryOp op, Storage x, Layout xLayout, Storage y, Layout yLayout);

    /** BOOL result of comparing two views of the same shape and dtype. */
    Storage compare(CompareOp op, Storage x, Layout xLayout, Storage y, Layout yLayout);

    /** {@code cond ? x : y} over three views of the same shape; x and y share a dtype. */
    Storage where(Storage cond, Layout condLayout, Storage x, Layout xLayout, Storage y, Layout yLayout);

    /** {@code dst = dst op y} in place; the default computes out of place, assigns back and closes the copy. */
    default void binaryInPlace(BinaryOp op, Storage dst, Layout dstLayout, Storage y, Layout yLayout) {
        try (Storage result = binary(op, dst, dstLayout, y, yLayout)) {
            assign(dst, dstLayout, result, Layout.contiguous(dstLayout.shape()));
        }
    }

    // ---- reductions ---------------------------------------------------------------------------------------------

    /** Reduces the axes flagged in {@code axes}; the result is contiguous with those axes kept at size 1. */
    Storage reduce(ReduceOp op, Storage x, Layout xLayout, boolean[] axes);

    /** Index (I64) of the first maximum (or minimum) along {@code axis}, kept at size 1. NaN counts as the maximum. */
    Storage argReduce(boolean max, Storage x, Layout xLayout, int axis);

    // ---- linear algebra -----------------------------------------------------------------------------------------

    /** Batched matrix product of views shaped [B, M, K] and [B, K, N] (either may have batch stride 0): [B, M, N]. */
    Storage matmul(Storage a, Layout aLayout, Storage b, Layout bLayout);

    // ---- indexing -----------------------------------------------------------------------------------------------

    // The index ops check every I64 position against the size of the axis in the kernel that reads it (no host pass
    // over the index): a value outside [0, size) throws IndexRangeException naming the op ("indexSelect", "gather",
    // "scatterAdd"), the value, its flat position in the index and the axis, before anything is written. A device
    // backend whose kernels run asynchronously may raise it at its next synchronization point instead.

    /** Elements along {@code axis} at the I64 positions of a 1-D index. */
    Storage indexSelect(Storage x, Layout xLayout, int axis, Storage index, Layout indexLayout);

    /** {@code out[..i..] = x[..index[..i..]..]} along {@code axis}; the result has the index's shape. */
    Storage gather(Storage x, Layout xLayout, int axis, Storage index, Layout indexLayout);

    /** {@code dst[..index[..i..]..] += src[..i..]} along {@code axis}, in place; index and src share a shape. */
    void scatterAdd(Storage dst, Layout dstLayout, int axis, Storage index, Layout indexLayout, Storage src, Layout srcLayout);

    // ---- fused ops with default implementations ----------------------------------------------------------------

    /**
     * Softmax (or log-softmax) along {@code axis}, numerically stable: the row maximum is subtracted first. (A row
     * that is all -inf comes out NaN here; the reference backend, which host backends extend, handles it.)
     */
    default Storage softmax(Storage x, Layout xLayout, int axis, boolean log) {
        Shape shape = xLayout.shape();
        boolean[] axes = new boolean[shape.rank()];
        axes[axis] = true;
        Layout full = Layout.contiguous(shape), kept = Layout.contiguous(keptShape(shape, axes));
        Layout perRow = kept.broadcastTo(shape, "softmax");
        try (var tmp = new Temporaries()) {
            Storage max = tmp.add(reduce(ReduceOp.MAX, x, xLayout, axes));
            Storage shifted = tmp.add(binary(BinaryOp.SUB, x, xLayout, max, perRow));
            Storage exp = tmp.add(unary(UnaryOp.EXP, shifted, full, 0, 0));
            Storage sum = tmp.add(reduce(ReduceOp.SUM, exp, full, axes));
            if (log) return binary(BinaryOp.SUB, shifted, full, tmp.add(unary(UnaryOp.LOG, sum, kept, 0, 0)), perRow);
            return binary(BinaryOp.DIV, exp, full, sum, perRow);
        }
    }

    /**
     * A dense layer's forward: {@code x [M, K]} times the transpose of {@code w [N, K]}, plus {@code b [N]} on every
     * row when {@code b} is not null; the result is [M, N]. The default is a matmul and a broadcast add.
     */
    default Storage linear(Storage x, Layout xLayout, Storage w, Layout wLayout, Storage b, Layout bLayout) {
        Shape out = Shape.of(xLayout.shape().dim(0), wLayout.shape().dim(0));
        Layout xBatch = batchOfOne(xLayout), wTransposedBatch = batchOfOne(wLayout.transpose(0, 1));
        if (b == null) return matmul(x, xBatch, w, wTransposedBatch);
        try (Storage product = matmul(x, xBatch, w, wTransposedBatch)) {
            return binary(BinaryOp.ADD, product, Layout.contiguous(out), b, bLayout.broadcastTo(out, "linear"));
        }
    }

    /**
     * {@code relu(linear(x, w, b))}, a dense layer followed by ReLU (see {@link #linear}); the result is [M, N]. The
     * default runs ReLU over the result of {@link #linear}; a backend can apply it in place or fuse it into the GEMM.
     */
    default Storage linearRelu(Storage x, Layout xLayout, Storage w, Layout wLayout, Storage b, Layout bLayout) {
        Shape out = Shape.of(xLayout.shape().dim(0), wLayout.shape().dim(0));
        try (Storage y = linear(x, xLayout, w, wLayout, b, bLayout)) {
            return unary(UnaryOp.RELU, y, Layout.contiguous(out), 0, 0);
        }
    }

    /** A 2-D layout seen as a batch of one matrix [1, rows, cols]. */
    static Layout batchOfOne(Layout matrix) {
        Shape s = matrix.shape();
        return new Layout(Shape.of(1, s.dim(0), s.dim(1)), new int[] {0, matrix.stride(0), matrix.stride(1)}, matrix.offset());
    }

    /**
     * One Adam step in place, in PyTorch's order of operations: {@code m = b1 m + (1-b1) g},
     * {@code v = b2 v + (1-b2) g^2}, {@code p -= stepSize * m / (sqrt(v) / bias2Sqrt + eps)}. All four views have the
     * same shape and dtype; {@code p}, {@code m} and {@code v} are written. The default composes primitives.
     */
    default void adamUpdate(AdamStep s, Storage p, Layout pLayout, Storage g, Layout gLayout,
                            Storage m, Layout mLayout, Storage v, Layout vLayout) {
        Shape shape = pLayout.shape();
        DType t = p.dtype();
        Layout full = Layout.contiguous(shape);
        Layout one = Layout.contiguous(Shape.scalar()).broadcastTo(shape, "adamUpdate");
        try (var tmp = new Temporaries()) {
            binaryInPlace(BinaryOp.MUL, m, mLayout, tmp.add(full(t, 1, s.beta1())), one);
            Storage scaledG = tmp.add(binary(BinaryOp.MUL, g, gLayout, tmp.add(full(t, 1, 1 - s.beta1())), one));
            binaryInPlace(BinaryOp.ADD, m, mLayout, scaledG, full);
            binaryInPlace(BinaryOp.MUL, v, vLayout, tmp.add(full(t, 1, s.beta2())), one);
            Storage g2 = tmp.add(binary(BinaryOp.MUL, g, gLayout, g, gLayout));
            binaryInPlace(BinaryOp.MUL, g2, full, tmp.add(full(t, 1, 1 - s.beta2())), one);
            binaryInPlace(BinaryOp.ADD, v, vLayout, g2, full);
            Storage denom = tmp.add(unary(UnaryOp.SQRT, v, vLayout, 0, 0));
            binaryInPlace(BinaryOp.DIV, denom, full, tmp.add(full(t, 1, s.bias2Sqrt())), one);
            binaryInPlace(BinaryOp.ADD, denom, full, tmp.add(full(t, 1, s.eps())), one);
            Storage update = tmp.add(binary(BinaryOp.DIV, m, mLayout, denom, full));
            binaryInPlace(BinaryOp.MUL, update, full, tmp.add(full(t, 1, -s.stepSize())), one);
            binaryInPlace(BinaryOp.ADD, p, pLayout, update, full);
        }
    }

    /**
     * ReLU's gradient: {@code x <= 0 ? 0 : grad} over two views of the same shape, in grad's dtype (a NaN in x lets the
     * gradient through, as {@code x <= 0} is false for it). The default is a compare and a select.
     */
    default Storage reluBackward(Storage grad, Layout gLayout, Storage x, Layout xLayout) {
        Shape shape = xLayout.shape();
        Layout one = Layout.contiguous(Shape.scalar()).broadcastTo(shape, "reluBackward");
        try (var tmp = new Temporaries()) {
            Storage notPositive = tmp.add(compare(CompareOp.LE, x, xLayout, tmp.add(full(x.dtype(), 1, 0)), one));
            Storage zero = tmp.add(full(grad.dtype(), 1, 0));
            return where(notPositive, Layout.contiguous(shape), zero, one, grad, gLayout);
        }
    }

    /**
     * {@link #reluBackward} written over the gradient itself: {@code grad[i] = x[i] <= 0 ? 0 : grad[i]} through the two
     * views (same shape and dtype), for a gradient that nothing reads again (the autograd engine's own, after its last
     * use), so that the result needs no new storage. The default computes {@link #reluBackward} and copies it in.
     */
    default void reluBackwardInPlace(Storage grad, Layout gLayout, Storage x, Layout xLayout) {
        try (var tmp = new Temporaries()) {
            Storage masked = tmp.add(reluBackward(grad, gLayout, x, xLayout));
            assign(grad, gLayout, masked, Layout.contiguous(xLayout.shape()));
        }
    }

    /**
     * GELU's gradient {@code grad * gelu'(x)} over two views of the same shape and dtype: the exact form's
     * {@code Phi(x) + x phi(x)}, or with {@code tanh} the tanh approximation's derivative. The default composes it from
     * elementwise ops in the order {@link GeluGradient} gives, which a fused kernel follows.
     */
    default Storage geluBackward(Storage grad, Layout gLayout, Storage x, Layout xLayout, boolean tanh) {
        return GeluGradient.compose(this, grad, gLayout, x, xLayout, tanh);
    }

    // ---- mean squared error (defaults in ComposedSquaredError) ------------------------------------------------------

    /** {@code (x - y)^2} element by element over two views of the same shape and dtype: a new contiguous storage. */
    default Storage squaredError(Storage x, Layout xLayout, Storage y, Layout yLayout) {
        return ComposedSquaredError.squares(this, x, xLayout, y, yLayout);
    }

    /**
     * The sum of {@code (x - y)^2} over two views of the same shape and dtype: a storage of one element. A host backend
     * should give the same bits whatever its thread count (a loss value should not change with it).
     */
    default Storage squaredErrorSum(Storage x, Layout xLayout, Storage y, Layout yLayout) {
        return ComposedSquaredError.sum(this, x, xLayout, y, yLayout);
    }

    /**
     * The squared error's gradient {@code (grad * (x - y)) * 2} over three views of the same shape and dtype (grad is
     * often one value broadcast with stride 0: a reduced loss's upstream gradient). With x and y swapped it is the
     * gradient of y, exactly the negation.
     */
    default Storage squaredErrorBackward(Storage grad, Layout gLayout, Storage x, Layout xLayout, Storage y,
                                         Layout yLayout) {
        return ComposedSquaredError.backward(this, grad, gLayout, x, xLayout, y, yLayout);
    }

    /** The shape of a reduction's result with the reduced axes kept at size 1. */
    static Shape keptShape(Shape shape, boolean[] axes) {
        int[] dims = shape.dims();
        for (int i = 0; i < dims.length; i++) if (axes[i]) dims[i] = 1;
        return Shape.of(dims);
    }

    // ---- per-channel ops of batch normalization ([N, C, ...], channel axis 1; defaults in ComposedChannelOps) ----

    /** [2, C] in x's dtype: the mean of each channel over every other axis, then its biased variance. */
    default Storage channelMoments(Storage x, Layout xLayout) {
        return ComposedChannelOps.moments(this, x, xLayout);
    }

    /**
     * [2, C] in g's dtype: each channel's sum of {@code g}, then its sum of {@code g * (x - center[c])} (batch
     * normalization's gradient sums); g and x share a shape, center is [C].
     */
    default Storage channelGradSums(Storage g, Layout gLayout, Storage x, Layout xLayout, Storage center, Layout centerLayout) {
        return ComposedChannelOps.gradSums(this, g, gLayout, x, xLayout, center, centerLayout);
    }

    /**
     * {@code scale[c] * u + vScale[c] * v + shift[c]} over [N, C, ...] in u's dtype (batch normalization's output and
     * input gradient); {@code v} and {@code vScale} may both be null. The per-channel vectors are [C].
     */
    default Storage channelAffine(Storage u, Layout uLayout, Storage scale, Layout scaleLayout,
                                  Storage v, Layout vLayout, Storage vScale, Layout vScaleLayout,
                                  Storage shift, Layout shiftLayout) {
        return ComposedChannelOps.affine(this, u, uLayout, scale, scaleLayout, v, vLayout, vScale, vScaleLayout,
                shift, shiftLayout);
    }

    // ---- layer normalization over the rows of x [M, N] (defaults in ComposedLayerNorm) ------------------------------

    /**
     * Layer normalization of each row of x [M, N]: {@code y = (x - mean) * rstd * weight + bias} with the row's mean
     * and {@code rstd = 1 / sqrt(var + eps)}, var its biased variance (computed without the cancellation of
     * {@code E[x^2] - E[x]^2}). {@code weight} and {@code bias} are [N] views or null. Returns y [M, N] and the mean
     * and rstd [M] that {@link #layerNormBackward} reads, all in x's dtype.
     */
    default LayerNormResult layerNorm(Storage x, Layout xLayout, Storage weight, Layout weightLayout,
                                      Storage bias, Layout biasLayout, double eps) {
        return ComposedLayerNorm.forward(this, x, xLayout, weight, weightLayout, bias, biasLayout, eps);
    }

    /**
     * The gradients of {@link #layerNorm} given the output's gradient {@code grad} [M, N], x, the forward's
     * {@code mean} and {@code rstd} [M] and its weight (or null): dx [M, N]; when {@code weightGrad}, dweight [N], the
     * sum over rows of {@code grad * xhat} ({@code xhat = (x - mean) * rstd}); when {@code biasGrad}, dbias [N], the
     * sum over rows of grad. All in x's dtype.
     */
    default LayerNormGradients layerNormBackward(Storage grad, Layout gradLayout, Storage x, Layout xLayout,
                                                 Storage mean, Layout meanLayout, Storage rstd, Layout rstdLayout,
                                                 Storage weight, Layout weightLayout, boolean weightGrad,
                                                 boolean biasGrad) {
        return ComposedLayerNorm.backward(this, grad, gradLayout, x, xLayout, mean, meanLayout, rstd, rstdLayout,
                weight, weightLayout, weightGrad, biasGrad);
    }

    // ---- convolution and pooling (NCHW; defaults in ComposedConv and ComposedPooling) ------------------------------

    /** Convolution of x [N, C, H, W] with w [O, C/groups, kH, kW] (no bias): [N, O, outH, outW] in x's dtype. */
    default Storage conv2d(Storage x, Layout xLayout, Storage w, Layout wLayout, Conv2dParams p) {
        return ComposedConv.conv2d(this, x, xLayout, w, wLayout, p);
    }

    /**
     * The gradient of {@link #conv2d} with respect to an input of {@code inputShape}, given the output gradient
     * [N, O, outH, outW]. This is also the forward of the transposed convolution.
     */
    default Storage conv2dBackwardInput(Storage gradOut, Layout gLayout, Storage w, Layout wLayout, Shape inputShape, Conv2dParams p) {
        return ComposedConv.conv2dBackwardInput(this, gradOut, gLayout, w, wLayout, inputShape, p);
    }

    /** The gradient of {@link #conv2d} with respect to a weight of {@code weightShape}, summed over the batch. */
    default Storage conv2dBackwardWeight(Storage gradOut, Layout gLayout, Storage x, Layout xLayout, Shape weightShape, Conv2dParams p) {
        return ComposedConv.conv2dBackwardWeight(this, gradOut, gLayout, x, xLayout, weightShape, p);
    }

    /**
     * Max pooling of x [N, C, H, W]: values in x's dtype and I64 positions {@code h * W + w} within each plane of each
     * window's first maximum (a NaN counts as the maximum).
     */
    default MaxPool2dResult maxPool2d(Storage x, Layout xLayout, Pool2dParams p) {
        return ComposedPooling.maxPool2d(this, x, xLayout, p);
    }

    /** Routes each output gradient to the input position in {@code indices} (from {@link #maxPool2d}). */
    default Storage maxPool2dBackward(Storage gradOut, Layout gLayout, Storage indices, Layout indicesLayout, Shape inputShape) {
        return ComposedPooling.maxPool2dBackward(this, gradOut, gLayout, indices, indicesLayout, inputShape);
    }

    /** Average pooling of x [N, C, H, W] (dilation must be 1). */
    default Storage avgPool2d(Storage x, Layout xLayout, Pool2dParams p) {
        return ComposedPooling.avgPool2d(this, x, xLayout, p);
    }

    default Storage avgPool2dBackward(Storage gradOut, Layout gLayout, Shape inputShape, Pool2dParams p) {
        return ComposedPooling.avgPool2dBackward(this, gradOut, gLayout, inputShape, p);
    }

    /** Adaptive average pooling to [N, C, outH, outW]; window i spans [floor(i*H/outH), ceil((i+1)*H/outH)). */
    default Storage adaptiveAvgPool2d(Storage x, Layout xLayout, int outH, int outW) {
        return ComposedPooling.adaptiveAvgPool2d(this, x, xLayout, outH, outW);
    }

    default Storage adaptiveAvgPool2dBackward(Storage gradOut, Layout gLayout, Shape inputShape) {
        return ComposedPooling.adaptiveAvgPool2dBackward(this, gradOut, gLayout, inputShape);
    }

    // ---- recurrence (time-first; defaults in ComposedRecurrence) ---------------------------------------------------

    /**
     * Runs {@code cell} over T steps: {@code xProj [T, B, G*H]} is the input projection {@code W_ih x + b_ih} of every
     * step, {@code w [G*H, H]} is {@code W_hh}, {@code bias [G*H]} is {@code b_hh} or null, {@code h0} and (LSTM only,
     * else null) {@code c0} are the initial states [B, H]. {@code lengths} (I64 [B], each in [1, T], checked by the
     * caller) or null: steps at or past a sequence's length neither change its state nor produce output (zero there),
     * as PyTorch's packed sequences; with {@code reverse} the steps run from T - 1 down to 0, so a sequence starts at
     * its own last valid step. Returns the output per step ({@code h'}, then {@code c'} for LSTM) and what
     * {@link #recurrenceBackward} reads, laid out as {@link RecurrentCell#savedWidth} says. All in xProj's dtype.
     * (The reference backend runs this default: its per-step primitives are already the oracle's loops.)
     */
    default RecurrenceResult recurrence(RecurrentCell cell, boolean reverse, Storage xProj, Layout xProjLayout,
                                        Storage w, Layout wLayout, Storage bias, Layout biasLayout,
                                        Storage h0, Layout h0Layout, Storage c0, Layout c0Layout,
                                        Storage lengths, Layout lengthsLayout) {
        return ComposedRecurrence.forward(this, cell, reverse, xProj, xProjLayout, w, wLayout, bias, biasLayout,
                h0, h0Layout, c0, c0Layout, lengths, lengthsLayout);
    }

    /**
     * Backward through time of {@link #recurrence}, from the gradient of its output {@code gradOut} (shaped like the
     * output) and the {@code saved} values it returned, with the same cell, direction, {@code w} and lengths.
     */
    default RecurrenceGradients recurrenceBackward(RecurrentCell cell, boolean reverse, Storage gradOut, Layout gradOutLayout,
                                                   Storage saved, Layout savedLayout, Storage w, Layout wLayout,
                                                   Storage lengths, Layout lengthsLayout) {
        return ComposedRecurrence.backward(this, cell, reverse, gradOut, gradOutLayout, saved, savedLayout, w, wLayout,
                lengths, lengthsLayout);
    }

    // ---- attention (defaults in ComposedAttention) ------------------------------------------------------------------

    /**
     * Scaled dot-product attention {@code softmax(scale * q k^T + mask) v} of q [B, H, Tq, D], k [B, H, Tk, D] and
     * v [B, H, Tk, Dv] (views of one floating dtype), with the additive {@code mask} (q's dtype, its layout broadcast to
     * [B, H, Tq, Tk]; null for none), the causal mask and dropout of {@link AttentionParams}. Returns the output
     * [B, H, Tq, Dv] (contiguous, or token-major as {@link AttentionResult#tokenMajor} says) and each row's log-sum-exp
     * [B, H, Tq]. A row whose every key is masked comes out NaN. The default materialises the scores; a backend
     * overrides it with a kernel that keeps one block of them at a time.
     */
    default AttentionResult attention(Storage q, Layout qLayout, Storage k, Layout kLayout, Storage v, Layout vLayout,
                                      Storage mask, Layout maskLayout, AttentionParams p) {
        return ComposedAttention.forward(this, q, qLayout, k, kLayout, v, vLayout, mask, maskLayout, p);
    }

    /**
     * The gradients of {@link #attention} with respect to q, k and v given the output's gradient {@code grad}
     * [B, H, Tq, Dv], the forward's operands, output and log-sum-exp (the weights are recomputed from them, the dropout
     * mask redrawn from the params' seed and offset), contiguous or token-major as {@link AttentionGradients#tokenMajor}
     * says.
     */
    default AttentionGradients attentionBackward(Storage grad, Layout gradLayout, Storage q, Layout qLayout,
                                                 Storage k, Layout kLayout, Storage v, Layout vLayout,
                                                 Storage mask, Layout maskLayout, Storage out, Layout outLayout,
                                                 Storage logsumexp, Layout lseLayout, AttentionParams p) {
        return ComposedAttention.backward(this, grad, gradLayout, q, qLayout, k, kLayout, v, vLayout, mask, maskLayout,
                out, outLayout, logsumexp, lseLayout, p);
    }

    /**
     * {@link #attentionBackward} writing the gradients of q, k and v into the non-overlapping views {@code dqLayout},
     * {@code dkLayout} and {@code dvLayout} of {@code into} (shaped like q, k and v; every element of each written).
     * For self-attention on one packed projection [B, T, 3E], whose q, k and v are views of its thirds, the three
     * gradients then form the projection's gradient in place instead of being copied into it. The default copies
     * {@link #attentionBackward}'s results in.
     */
    default void attentionBackwardInto(Storage grad, Layout gradLayout, Storage q, Layout qLayout, Storage k,
                                       Layout kLayout, Storage v, Layout vLayout, Storage mask, Layout maskLayout,
                                       Storage out, Layout outLayout, Storage logsumexp, Layout lseLayout,
                                       AttentionParams p, Storage into, Layout dqLayout, Layout dkLayout,
                                       Layout dvLayout) {
        AttentionGradients r = attentionBackward(grad, gradLayout, q, qLayout, k, kLayout, v, vLayout, mask,
                maskLayout, out, outLayout, logsumexp, lseLayout, p);
        try (var tmp = new Temporaries()) {
            Storage dq = tmp.add(r.q()), dk = tmp.add(r.k()), dv = tmp.add(r.v());
            boolean tokenMajor = r.tokenMajor();
            assign(into, dqLayout, dq, AttentionResult.layoutOf(qLayout.shape(), tokenMajor));
            assign(into, dkLayout, dk, AttentionResult.layoutOf(kLayout.shape(), tokenMajor));
            assign(into, dvLayout, dv, AttentionResult.layoutOf(vLayout.shape(), tokenMajor));
        }
    }

    // ---- random numbers and synchronization ---------------------------------------------------------------------

    /**
     * {@code length} values of {@code dtype} drawn from {@code distribution} with the Philox4x32-10 generator keyed by
     * {@code seed}: element {@code i} comes from lane {@code i mod e} of Philox block {@code offset + i / e} (counter
     * arithmetic modulo 2^64), {@code e} being {@link RandomDistribution#elementsPerBlock}, by the recipe documented
     * on the distribution's record. An element depends only on (seed, its block, its lane), never on the order or the
     * threads that compute it, so every backend, a CUDA kernel included, must return the same bits. The caller
     * (normally a {@link io.jgrad.Generator}) reserves {@link RandomDistribution#blocks} blocks from {@code offset}, and
     * has checked the dtype with {@link RandomDistribution#checkDtype}. There is no default: a default would draw on
     * the host and upload, which a device backend must not do silently.
     */
    Storage random(RandomDistribution distribution, DType dtype, int length, long seed, long offset);

    /**
     * Waits until the work this backend has queued (kernels, copies) is done, so that timings and host reads see
     * finished results. Host backends finish every op before returning, so the default does nothing.
     */
    default void synchronize() {}
}
