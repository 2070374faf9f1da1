package io.jgrad.backend;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;

/**
 * The {@link Backend} defaults for layer normalization over the rows of x [M, N], composed from row reductions and
 * binary ops that broadcast a per-row [M] or per-column [N] vector: correct on every backend, though each step reads
 * and writes a whole [M, N] array, which a backend's fused kernel avoids.
 */
final class ComposedLayerNorm {
    private static final boolean[] ROW = {false, true}, COLUMN = {true, false};

    private ComposedLayerNorm() {}

    /** The row means, the biased variances from the squared deviations (two passes), then y. */
    static LayerNormResult forward(Backend b, Storage x, Layout xLayout, Storage weight, Layout weightLayout,
                                   Storage bias, Layout biasLayout, double eps) {
        Geometry g = new Geometry(xLayout.shape());
        DType t = x.dtype();
        try (var tmp = new Temporaries()) {
            Storage width = tmp.add(b.full(t, 1, g.n));
            Storage mean = tmp.add(b.reduce(ReduceOp.SUM, x, xLayout, ROW));
            b.binaryInPlace(BinaryOp.DIV, mean, g.rows, width, g.scalarPerRow);
            Storage centered = tmp.add(b.binary(BinaryOp.SUB, x, xLayout, mean, g.perRow));
            Storage squared = tmp.add(b.unary(UnaryOp.SQUARE, centered, g.full, 0, 0));
            Storage variance = tmp.add(b.reduce(ReduceOp.SUM, squared, g.full, ROW));
            b.binaryInPlace(BinaryOp.DIV, variance, g.rows, width, g.scalarPerRow);
            b.binaryInPlace(BinaryOp.ADD, variance, g.rows, tmp.add(b.full(t, 1, eps)), g.scalarPerRow);
            Storage rstd = tmp.add(b.unary(UnaryOp.RSQRT, variance, g.rows, 0, 0));
            Storage y = tmp.add(b.binary(BinaryOp.MUL, centered, g.full, rstd, g.perRow));
            if (weight != null) b.binaryInPlace(BinaryOp.MUL, y, g.full, weight, g.perColumn(weightLayout));
            if (bias != null) b.binaryInPlace(BinaryOp.ADD, y, g.full, bias, g.perColumn(biasLayout));
            return new LayerNormResult(tmp.keep(y), tmp.keep(mean), tmp.keep(rstd));
        }
    }

    /**
     * With {@code xhat = (x - mean) rstd} and {@code gw = grad * weight}: {@code dx = rstd (gw - mean(gw) - xhat
     * mean(gw xhat))} per row, {@code dweight} the column sums of {@code grad xhat}, {@code dbias} those of grad.
     */
    static LayerNormGradients backward(Backend b, Storage grad, Layout gradLayout, Storage x, Layout xLayout,
                                       Storage mean, Layout meanLayout, Storage rstd, Layout rstdLayout,
                                       Storage weight, Layout weightLayout, boolean weightGrad, boolean biasGrad) {
        Geometry g = new Geometry(xLayout.shape());
        DType t = x.dtype();
        Layout meanPerRow = g.perRow(meanLayout), rstdPerRow = g.perRow(rstdLayout);
        try (var tmp = new Temporaries()) {
            Storage xhat = tmp.add(b.binary(BinaryOp.SUB, x, xLayout, mean, meanPerRow));
            b.binaryInPlace(BinaryOp.MUL, xhat, g.full, rstd, rstdPerRow);
            Storage gw = weight == null ? tmp.add(b.copy(grad, gradLayout, t))
                    : tmp.add(b.binary(BinaryOp.MUL, grad, gradLayout, weight, g.perColumn(weightLayout)));
            Storage width = tmp.add(b.full(t, 1, g.n));
            Storage meanGw = tmp.add(b.reduce(ReduceOp.SUM, gw, g.full, ROW));
            b.binaryInPlace(BinaryOp.DIV, meanGw, g.rows, width, g.scalarPerRow);
            Storage products = tmp.add(b.binary(BinaryOp.MUL, gw, g.full, xhat, g.full));
            Storage meanProducts = tmp.add(b.reduce(ReduceOp.SUM, products, g.full, ROW));
            b.binaryInPlace(BinaryOp.DIV, meanProducts, g.rows, width, g.scalarPerRow);
            // dx = (gw - mean(gw) - xhat * mean(gw xhat)) * rstd, computed in place over gw.
            b.binaryInPlace(BinaryOp.SUB, gw, g.full, meanGw, g.perRow);
            Storage correction = tmp.add(b.binary(BinaryOp.MUL, xhat, g.full, meanProducts, g.perRow));
            b.binaryInPlace(BinaryOp.SUB, gw, g.full, correction, g.full);
            b.binaryInPlace(BinaryOp.MUL, gw, g.full, rstd, rstdPerRow);
            Storage dWeight = null, dBias = null;
            if (weightGrad) {
                Storage gradXhat = tmp.add(b.binary(BinaryOp.MUL, grad, gradLayout, xhat, g.full));
                dWeight = tmp.add(b.reduce(ReduceOp.SUM, gradXhat, g.full, COLUMN));
            }
            if (biasGrad) dBias = tmp.add(b.reduce(ReduceOp.SUM, grad, gradLayout, COLUMN));
            return new LayerNormGradients(tmp.keep(gw), dWeight == null ? null : tmp.keep(dWeight),
                    dBias == null ? null : tmp.keep(dBias));
        }
    }

    /** The layouts of one [M, N] problem: the full array, the per-row [M, 1] results and their broadcasts. */
    private static final class Geometry {
        final int n;
        final Layout full, rows, perRow, scalarPerRow;
        private final Shape shape;

        Geometry(Shape shape) {
            if (shape.rank() != 2) throw new IllegalArgumentException("layer_norm: expected rows [M, N], got " + shape);
            this.shape = shape;
            n = shape.dim(1);
            full = Layout.contiguous(shape);
            rows = Layout.contiguous(Shape.of(shape.dim(0), 1));
            perRow = rows.broadcastTo(shape, "layer_norm");
            scalarPerRow = Layout.contiguous(Shape.scalar()).broadcastTo(rows.shape(), "layer_norm");
        }

        /** A per-row [M] view seen at [M, N]. */
        Layout perRow(Layout vector) { return new Layout(shape, new int[] {vector.stride(0), 0}, vector.offset()); }

        /** A per-column [N] view seen at [M, N]. */
        Layout perColumn(Layout vector) { return vector.broadcastTo(shape, "layer_norm"); }
    }
}
