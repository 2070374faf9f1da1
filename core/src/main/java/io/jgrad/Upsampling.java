package io.jgrad;

/**
 * Nearest-neighbour upsampling of [N, C, L] or [N, C, H, W] tensors, as index selections along each spatial axis
 * (so the gradient, which sums over the copies, comes from indexSelect's rule). Source index, as PyTorch's
 * 'nearest': {@code min(floor(dst * scale), in - 1)} with scale = 1/scaleFactor when a factor is given, else in/out.
 */
final class Upsampling {
    private Upsampling() {}

    static Tensor nearest(Tensor x, int[] outSizes, double[] scaleFactors) {
        String op = "upsample_nearest";
        if (x.rank() != 3 && x.rank() != 4) {
            throw new IllegalArgumentException(op + ": expected an input [N, C, L] or [N, C, H, W], got shape " + x.shape());
        }
        int spatial = x.rank() - 2;
        // The output shape in long, checked before any index is built: a size or factor can ask for too much.
        long[] outDims = java.util.Arrays.stream(x.dims()).asLongStream().toArray();
        if (outSizes == null) {
            if (scaleFactors.length != spatial) {
                throw new IllegalArgumentException(op + ": " + scaleFactors.length + " scale factors for input shape " + x.shape());
            }
            for (int d = 0; d < spatial; d++) {
                if (!(scaleFactors[d] > 0)) throw new IllegalArgumentException(op + ": scale factor must be positive, got " + scaleFactors[d]);
                outDims[d + 2] = (long) Math.floor(x.dim(d + 2) * scaleFactors[d]);
            }
        } else if (outSizes.length != spatial) {
            throw new IllegalArgumentException(op + ": output size " + java.util.Arrays.toString(outSizes) + " for input shape " + x.shape());
        } else {
            for (int d = 0; d < spatial; d++) outDims[d + 2] = Math.max(outSizes[d], 0); // negative: "is empty" below
        }
        int[] checked = Shape.of(op, outDims).dims();
        int[] sizes = outSizes != null ? outSizes : java.util.Arrays.copyOfRange(checked, 2, x.rank());
        Tensor out = x;
        for (int d = 0; d < spatial; d++) {
            int in = x.dim(d + 2), size = sizes[d];
            if (size <= 0 || in == 0) {
                throw new IllegalArgumentException(op + ": output size " + java.util.Arrays.toString(sizes) + " for input shape "
                        + x.shape() + " is empty");
            }
            double scale = outSizes == null ? 1 / scaleFactors[d] : (double) in / size;
            long[] index = new long[size];
            for (int i = 0; i < size; i++) index[i] = Math.min((long) Math.floor(i * scale), in - 1);
            out = out.indexSelect(d + 2, Creation.fromFlat(index, Shape.of(size), x.backend()));
        }
        return out;
    }
}
