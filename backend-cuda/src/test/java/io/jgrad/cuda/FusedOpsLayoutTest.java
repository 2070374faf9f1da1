package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.testing.Views.Kind;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The index math of fused.cu's strided per-channel kernels, checked on the host: for the kit's batch-normalization
 * shapes and layouts, value k of channel c, read at row-major position c * count + k of the simplified channel-first
 * view (as fused_offset does), is element (k / rest, c, k % rest) of the original view.
 */
class FusedOpsLayoutTest {
    private static final Shape[] SHAPES = {Shape.of(5, 3), Shape.of(3, 5, 7), Shape.of(4, 3, 5, 6),
            Shape.of(2, 2, 4, 4), Shape.of(1, 4, 1, 3), Shape.of(6, 1, 2)};

    @Test
    void channelFirstPositionsReachEachChannelsValues() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (Kind kind : Kind.values()) {
            for (Shape shape : SHAPES) {
                Layout x = io.jgrad.testing.Views.make(kind, shape, DType.F32, rnd, r -> 0).layout();
                Views views = FusedOps.channelsFirst(x);
                int channels = shape.dim(1), count = shape.numel() / channels, rest = count / shape.dim(0);
                for (int c = 0; c < channels; c++) {
                    for (int k = 0; k < count; k++) {
                        int[] index = new int[shape.rank()];
                        index[0] = k / rest;
                        index[1] = c;
                        for (int d = shape.rank() - 1, r = k % rest; d >= 2; d--) {
                            index[d] = r % shape.dim(d);
                            r /= shape.dim(d);
                        }
                        String what = kind + " " + shape + " c " + c + " k " + k;
                        assertEquals(x.indexOf(index), offset(views, c * count + k), what);
                    }
                }
            }
        }
    }

    /** fused_offset: the storage offset of row-major position {@code linear} of view 0. */
    private static long offset(Views v, int linear) {
        long at = v.offsets()[0];
        for (int d = v.shape().length - 1; d >= 0; d--) {
            at += (long) (linear % v.shape()[d]) * v.strides()[0][d];
            linear /= v.shape()[d];
        }
        return at;
    }
}
