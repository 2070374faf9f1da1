package io.jgrad;

import io.jgrad.autograd.Op;
import io.jgrad.backend.BinaryOp;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Conv2dParams;
import io.jgrad.backend.Storage;

/**
 * 2-D convolution and transposed convolution on NCHW tensors: validation, the backend call and the autograd record.
 * The users' entry point is {@link F}. The convolution's two gradients ({@link #inputGradient},
 * {@link #weightGradient}) are recorded ops too, so that gradients of gradients flow through them.
 */
final class Convolution {
    private Convolution() {}

    /** x [N, C, H, W], w [O, C/groups, kH, kW], optional b [O]: [N, O, outH, outW]. */
    static Tensor conv2d(Tensor x, Tensor w, Tensor b, Conv2dParams p) {
        checkConv("conv2d", 4, x, w, b, p);
        return conv2dChecked("conv2d", x, w, b, p);
    }

    /**
     * 1-D convolution of x [N, C, L] with w [O, C/groups, k]: a 2-D convolution over a unit height, so stride,
     * padding and dilation come from the W components of {@code p} (its H components must be 1, 0, 1).
     */
    static Tensor conv1d(Tensor x, Tensor w, Tensor b, Conv2dParams p) {
        if (p.strideH() != 1 || p.padH() != 0 || p.dilationH() != 1) {
            throw new IllegalArgumentException("conv1d: the height components of " + p + " must be stride 1, padding 0, dilation 1");
        }
        checkConv("conv1d", 3, x, w, b, p);
        return conv2dChecked("conv1d", x.unsqueeze(2), w.unsqueeze(2), b, p).squeeze(2);
    }

    private static Tensor conv2dChecked(String op, Tensor x, Tensor w, Tensor b, Conv2dParams p) {
        DType type = floatingType(x, w, b);
        Tensor xs = x.to(type).contiguous(), ws = w.to(type).contiguous();
        Backend backend = xs.backend();
        Shape outShape = Shape.of(x.dim(0), w.dim(0), p.outH(x.dim(2), w.dim(2)), p.outW(x.dim(3), w.dim(3)));
        Storage y = backend.conv2d(xs.storage(), xs.layout(), ws.storage(), ws.layout(), p);
        Tensor bs = b == null ? null : b.to(type);
        Tensor out = addBias(Tensor.fresh(y, outShape, backend), bs, op);
        return out.recordedAs(new Op.Conv2d(xs, ws, bs, p, op));
    }

    /** Checks ranks, channels against groups, the bias and that the (dilated) kernel fits the padded input. */
    private static void checkConv(String op, int rank, Tensor x, Tensor w, Tensor b, Conv2dParams p) {
        checkOperands(op, rank, x, w, b);
        int c = x.dim(1), o = w.dim(0), g = p.groups();
        if (c % g != 0) {
            throw new IllegalArgumentException(op + ": input channels " + c + " (input shape " + x.shape()
                    + ") are not divisible by groups " + g);
        }
        if (o % g != 0) {
            throw new IllegalArgumentException(op + ": output channels " + o + " (weight shape " + w.shape()
                    + ") are not divisible by groups " + g);
        }
        if (w.dim(1) * g != c) {
            throw new IllegalArgumentException(op + ": weight shape " + w.shape() + " with groups " + g + " expects "
                    + w.dim(1) * g + " input channels, but input shape " + x.shape() + " has " + c);
        }
        checkBias(op, b, o);
        int kw = p.dilationW() * (w.dim(-1) - 1) + 1, pw = x.dim(-1) + 2 * p.padW();
        int kh = rank == 4 ? p.dilationH() * (w.dim(2) - 1) + 1 : 1, ph = rank == 4 ? x.dim(2) + 2 * p.padH() : 1;
        if (kh > ph || kw > pw) {
            String kernel = rank == 4 ? kh + "x" + kw : String.valueOf(kw);
            String padded = rank == 4 ? ph + "x" + pw : String.valueOf(pw);
            String padding = rank == 4 ? "(" + p.padH() + ", " + p.padW() + ")" : String.valueOf(p.padW());
            throw new IllegalArgumentException(op + ": kernel (dilated size " + kernel + ") is larger than the padded input "
                    + padded + " (input shape " + x.shape() + ", weight shape " + w.shape() + ", padding " + padding + ")");
        }
    }

    /**
     * Transposed convolution: x [N, Cin, H, W], w [Cin, Cout/groups, kH, kW], optional b [Cout], output
     * {@code (H-1)*stride - 2*padding + dilation*(kH-1) + outputPadding + 1} high (and likewise wide).
     */
    static Tensor convTranspose2d(Tensor x, Tensor w, Tensor b, Conv2dParams p, int outPadH, int outPadW) {
        return convTransposeChecked("conv_transpose2d", 4, x, w, b, p, outPadH, outPadW);
    }

    /**
     * 1-D transposed convolution of x [N, Cin, L] with w [Cin, Cout/groups, k]: the 2-D one over a unit height, so
     * stride, padding and dilation come from the W components of {@code p} (its H components must be 1, 0, 1).
     */
    static Tensor convTranspose1d(Tensor x, Tensor w, Tensor b, Conv2dParams p, int outPad) {
        if (p.strideH() != 1 || p.padH() != 0 || p.dilationH() != 1) {
            throw new IllegalArgumentException("conv_transpose1d: the height components of " + p
                    + " must be stride 1, padding 0, dilation 1");
        }
        return convTransposeChecked("conv_transpose1d", 3, x, w, b, p, 0, outPad);
    }

    /** Checks a transposed convolution of the given rank (3: [N, C, L], run over a unit height; 4: NCHW), runs it. */
    private static Tensor convTransposeChecked(String op, int rank, Tensor x, Tensor w, Tensor b, Conv2dParams p,
                                               int outPadH, int outPadW) {
        checkOperands(op, rank, x, w, b);
        int cin = x.dim(1), g = p.groups();
        if (cin % g != 0) {
            throw new IllegalArgumentException(op + ": input channels " + cin + " (input shape " + x.shape()
                    + ") are not divisible by groups " + g);
        }
        if (w.dim(0) != cin) {
            throw new IllegalArgumentException(op + ": weight shape " + w.shape() + " expects " + w.dim(0)
                    + " input channels (weight is [in, out/groups, " + (rank == 4 ? "kH, kW" : "k") + "]), but input shape "
                    + x.shape() + " has " + cin);
        }
        if (outPadH < 0 || outPadW < 0 || (outPadH >= p.strideH() && outPadH >= p.dilationH())
                || (outPadW >= p.strideW() && outPadW >= p.dilationW())) {
            String given = rank == 4 ? "(" + outPadH + ", " + outPadW + ")" : String.valueOf(outPadW);
            String stride = rank == 4 ? "(" + p.strideH() + ", " + p.strideW() + ")" : String.valueOf(p.strideW());
            String dilation = rank == 4 ? "(" + p.dilationH() + ", " + p.dilationW() + ")" : String.valueOf(p.dilationW());
            throw new IllegalArgumentException(op + ": output padding " + given
                    + " must be non-negative and smaller than either the stride " + stride + " or the dilation " + dilation);
        }
        int cout = w.dim(1) * g;
        checkBias(op, b, cout);
        int kh = rank == 4 ? w.dim(2) : 1, h = rank == 4 ? x.dim(2) : 1;
        int oh = (h - 1) * p.strideH() - 2 * p.padH() + p.dilationH() * (kh - 1) + outPadH + 1;
        int ow = (x.dim(-1) - 1) * p.strideW() - 2 * p.padW() + p.dilationW() * (w.dim(-1) - 1) + outPadW + 1;
        if (oh <= 0 || ow <= 0) {
            String padding = rank == 4 ? "(" + p.padH() + ", " + p.padW() + ")" : String.valueOf(p.padW());
            throw new IllegalArgumentException(op + ": input shape " + x.shape() + " with weight shape " + w.shape()
                    + " and padding " + padding + " gives an empty output " + (rank == 4 ? oh + "x" + ow : ow));
        }
        if (rank == 3) {
            x = x.unsqueeze(2);
            w = w.unsqueeze(2);
        }
        DType type = floatingType(x, w, b);
        Tensor xs = x.to(type).contiguous(), ws = w.to(type).contiguous();
        Backend backend = xs.backend();
        Shape outShape = Shape.of(x.dim(0), cout, oh, ow);
        // The transposed convolution is the input gradient of the convolution whose weight is w.
        Storage y = backend.conv2dBackwardInput(xs.storage(), xs.layout(), ws.storage(), ws.layout(), outShape, p);
        Tensor bs = b == null ? null : b.to(type);
        Tensor out = addBias(Tensor.fresh(y, outShape, backend), bs, op);
        out = out.recordedAs(new Op.ConvTranspose2d(xs, ws, bs, p, outShape));
        return rank == 3 ? out.squeeze(2) : out;
    }

    /**
     * The gradient of {@link #conv2d} with respect to an input of {@code inputShape}: the transposed convolution of
     * the output gradient, recorded as one.
     */
    static Tensor inputGradient(Tensor gradOut, Tensor w, Shape inputShape, Conv2dParams p) {
        Tensor g = gradOut.contiguous(), ws = w.to(g.dtype()).contiguous();
        Backend backend = g.backend();
        Tensor gx = Tensor.fresh(backend.conv2dBackwardInput(g.storage(), g.layout(), ws.storage(), ws.layout(), inputShape, p),
                inputShape, backend);
        return gx.recordedAs(new Op.ConvTranspose2d(g, ws, null, p, inputShape));
    }

    /** The gradient of {@link #conv2d} with respect to a weight of {@code weightShape}, summed over the batch. */
    static Tensor weightGradient(Tensor gradOut, Tensor x, Shape weightShape, Conv2dParams p) {
        Tensor g = gradOut.contiguous(), xs = x.to(g.dtype()).contiguous();
        Backend backend = g.backend();
        Tensor gw = Tensor.fresh(backend.conv2dBackwardWeight(g.storage(), g.layout(), xs.storage(), xs.layout(), weightShape, p),
                weightShape, backend);
        return gw.recordedAs(new Op.Conv2dWeightBackward(g, xs, weightShape, p));
    }

    /** Adds the bias [C] to every channel of {@code out}, the op's fresh and unshared result, in place. */
    private static Tensor addBias(Tensor out, Tensor bias, String op) {
        if (bias == null) return out;
        Tensor b = bias.detach().reshape(1, bias.numel(), 1, 1);
        out.backend().binaryInPlace(BinaryOp.ADD, out.storage(), out.layout(), b.storage(), b.layout().broadcastTo(out.shape(), op));
        return out;
    }

    private static void checkOperands(String op, int rank, Tensor x, Tensor w, Tensor b) {
        if (b == null) Elementwise.checkSameDevice(op, x, w);
        else Elementwise.checkSameDevice(op, x, w, b);
        String layout = rank == 4 ? "[N, C, H, W]" : "[N, C, L]";
        if (x.rank() != rank) {
            throw new IllegalArgumentException(op + ": expected a " + rank + "-D input " + layout + ", got shape " + x.shape());
        }
        if (w.rank() != rank) {
            throw new IllegalArgumentException(op + ": expected a " + rank + "-D weight, got shape " + w.shape()
                    + " for input shape " + x.shape());
        }
        if (w.numel() == 0) throw new IllegalArgumentException(op + ": empty weight of shape " + w.shape());
    }

    private static void checkBias(String op, Tensor b, int channels) {
        if (b != null && (b.rank() != 1 || b.dim(0) != channels)) {
            throw new IllegalArgumentException(op + ": bias of shape " + b.shape() + " does not match " + channels + " output channels");
        }
    }

    private static DType floatingType(Tensor x, Tensor w, Tensor b) {
        DType type = DType.promote(x.dtype(), w.dtype());
        if (b != null) type = DType.promote(type, b.dtype());
        return type.toFloating();
    }
}
