package io.jgrad;

import io.jgrad.autograd.Op;
import io.jgrad.backend.Backend;
import io.jgrad.backend.MaxPool2dResult;
import io.jgrad.backend.Pool2dParams;

/**
 * Max, average and adaptive average pooling of NCHW tensors. The users' entry point is {@link F}. The backward ops
 * are recorded ops too, so that gradients of gradients flow through them.
 */
final class Pooling {
    private Pooling() {}

    static Tensor maxPool2d(Tensor x, Pool2dParams p) {
        Tensor xs = checkedInput("max_pool2d", x, p);
        Backend backend = xs.backend();
        MaxPool2dResult r = backend.maxPool2d(xs.storage(), xs.layout(), p);
        Shape outShape = Shape.of(x.dim(0), x.dim(1), p.outH(x.dim(2)), p.outW(x.dim(3)));
        Tensor out = Tensor.fresh(r.output(), outShape, backend);
        Tensor indices = Tensor.fresh(r.indices(), outShape, backend);
        return out.recordedAs(new Op.MaxPool2d(xs, indices, p));
    }

    static Tensor avgPool2d(Tensor x, Pool2dParams p) {
        if (p.dilationH() != 1 || p.dilationW() != 1) {
            throw new IllegalArgumentException("avg_pool2d: dilation must be 1, got (" + p.dilationH() + ", " + p.dilationW() + ")");
        }
        Tensor xs = checkedInput("avg_pool2d", x, p);
        Backend backend = xs.backend();
        Shape outShape = Shape.of(x.dim(0), x.dim(1), p.outH(x.dim(2)), p.outW(x.dim(3)));
        Tensor out = Tensor.fresh(backend.avgPool2d(xs.storage(), xs.layout(), p), outShape, backend);
        return out.recordedAs(new Op.AvgPool2d(xs, p));
    }

    /** Max pooling of [N, C, L]: the 2-D pooling over a unit height ({@code p}'s height components are 1, 0, 1). */
    static Tensor maxPool1d(Tensor x, Pool2dParams p) {
        checkInput1d("max_pool1d", x, p);
        return maxPool2d(x.unsqueeze(2), p).squeeze(2);
    }

    /** Average pooling of [N, C, L]: the 2-D pooling over a unit height ({@code p}'s height components are 1, 0, 1). */
    static Tensor avgPool1d(Tensor x, Pool2dParams p) {
        checkInput1d("avg_pool1d", x, p);
        if (p.dilationW() != 1) throw new IllegalArgumentException("avg_pool1d: dilation must be 1, got " + p.dilationW());
        return avgPool2d(x.unsqueeze(2), p).squeeze(2);
    }

    private static void checkInput1d(String op, Tensor x, Pool2dParams p) {
        if (x.rank() != 3) throw new IllegalArgumentException(op + ": expected a 3-D input [N, C, L], got shape " + x.shape());
        int k = p.dilationW() * (p.kernelW() - 1) + 1, padded = x.dim(2) + 2 * p.padW();
        if (k > padded) {
            throw new IllegalArgumentException(op + ": kernel " + p.kernelW() + " (dilated " + k + ") is larger than the padded input "
                    + padded + " (input shape " + x.shape() + ", padding " + p.padW() + ")");
        }
    }

    /** Averages over windows [floor(i*H/outH), ceil((i+1)*H/outH)) so that the output is exactly outH x outW. */
    static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        String op = "adaptive_avg_pool2d";
        checkRank(op, x);
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException(op + ": output size must be positive, got " + outH + "x" + outW);
        }
        if (x.dim(2) == 0 || x.dim(3) == 0) {
            throw new IllegalArgumentException(op + ": input shape " + x.shape() + " has an empty spatial dimension");
        }
        Tensor xs = x.to(x.dtype().toFloating()).contiguous();
        Backend backend = xs.backend();
        Tensor out = Tensor.fresh(backend.adaptiveAvgPool2d(xs.storage(), xs.layout(), outH, outW),
                Shape.of(x.dim(0), x.dim(1), outH, outW), backend);
        return out.recordedAs(new Op.AdaptiveAvgPool2d(xs, outH, outW));
    }

    /** Gradient of max pooling: each output gradient added at its window's argmax. */
    static Tensor maxPool2dBackward(Tensor gradOut, Tensor indices, Shape inputShape) {
        Tensor g = gradOut.contiguous();
        Backend backend = g.backend();
        Tensor gx = Tensor.fresh(backend.maxPool2dBackward(g.storage(), g.layout(), indices.storage(), indices.layout(), inputShape),
                inputShape, backend);
        return gx.recordedAs(new Op.MaxPool2dBackward(g, indices, inputShape));
    }

    /** Gradient of average pooling. */
    static Tensor avgPool2dBackward(Tensor gradOut, Shape inputShape, Pool2dParams p) {
        Tensor g = gradOut.contiguous();
        Backend backend = g.backend();
        Tensor gx = Tensor.fresh(backend.avgPool2dBackward(g.storage(), g.layout(), inputShape, p), inputShape, backend);
        return gx.recordedAs(new Op.AvgPool2dBackward(g, inputShape, p));
    }

    /** Gradient of adaptive average pooling. */
    static Tensor adaptiveAvgPool2dBackward(Tensor gradOut, Shape inputShape) {
        Tensor g = gradOut.contiguous();
        Backend backend = g.backend();
        Tensor gx = Tensor.fresh(backend.adaptiveAvgPool2dBackward(g.storage(), g.layout(), inputShape), inputShape, backend);
        return gx.recordedAs(new Op.AdaptiveAvgPool2dBackward(g, inputShape));
    }

    private static void checkRank(String op, Tensor x) {
        if (x.rank() != 4) throw new IllegalArgumentException(op + ": expected a 4-D input [N, C, H, W], got shape " + x.shape());
    }

    private static Tensor checkedInput(String op, Tensor x, Pool2dParams p) {
        checkRank(op, x);
        int kh = p.dilationH() * (p.kernelH() - 1) + 1, kw = p.dilationW() * (p.kernelW() - 1) + 1;
        int ph = x.dim(2) + 2 * p.padH(), pw = x.dim(3) + 2 * p.padW();
        if (kh > ph || kw > pw) {
            throw new IllegalArgumentException(op + ": kernel " + p.kernelH() + "x" + p.kernelW() + " (dilated " + kh + "x" + kw
                    + ") is larger than the padded input " + ph + "x" + pw + " (input shape " + x.shape() + ", padding ("
                    + p.padH() + ", " + p.padW() + "))");
        }
        return x.to(x.dtype().toFloating()).contiguous();
    }
}
