package io.jgrad.cuda;

import io.jgrad.Shape;
import io.jgrad.backend.Conv2dParams;

/**
 * What a cuDNN convolution plan depends on: the input [N, C, H, W], the weight [O, C/groups, kH, kW], the geometry
 * and the precision. The three directions of one convolution (forward, input gradient, weight gradient) share a key,
 * so a training step finds its plans after the first step.
 */
record ConvKey(int n, int c, int h, int w, int o, int cg, int kh, int kw, Conv2dParams params,
               ConvPrecision precision) {
    static ConvKey of(Shape input, Shape weight, Conv2dParams params, ConvPrecision precision) {
        if (input.rank() != 4 || weight.rank() != 4) {
            throw new IllegalArgumentException("convolution: expected an input [N, C, H, W] and a weight "
                    + "[O, C/groups, kH, kW], got " + input + " and " + weight);
        }
        return new ConvKey(input.dim(0), input.dim(1), input.dim(2), input.dim(3), weight.dim(0), weight.dim(1),
                weight.dim(2), weight.dim(3), params, precision);
    }

    int outH() { return params.outH(h, kh); }

    int outW() { return params.outW(w, kw); }

    Shape input() { return Shape.of(n, c, h, w); }

    Shape weight() { return Shape.of(o, cg, kh, kw); }

    Shape output() { return Shape.of(n, o, outH(), outW()); }

    /** Whether the groups divide the channels and the weight takes the input's channels of one group. */
    boolean consistent() {
        int g = params.groups();
        return c % g == 0 && o % g == 0 && (long) cg * g == c;
    }

    /**
     * Whether the input, the weight or the output has no elements (cuDNN rejects zero sizes): every result is then
     * zeros, a sum over nothing, or empty.
     */
    boolean empty() {
        return input().numel() == 0 || weight().numel() == 0 || outH() == 0 || outW() == 0;
    }
}
