package io.jgrad.cuda;

import io.jgrad.Layout;
import io.jgrad.Shape;

/**
 * How one operand of a batched matrix product, a view [batch, rows, cols], is handed to cuBLAS: stored row-major
 * (unit steps along a row) or transposed (unit steps down a column, passed with cuBLAS's transpose flag), its leading
 * dimension (the step between rows, or between columns when transposed) and its batch stride (0 repeats the matrix).
 * A view that is neither, such as a step-sliced one or one whose rows all share storage, is copied contiguous first
 * ({@link #copied}, {@link #ofCopy}).
 *
 * @param transposed  whether the matrix is stored column by column
 * @param ld          the leading dimension in elements: at least max(1, cols), or max(1, rows) when transposed, as
 *                    cuBLAS requires
 * @param batchStride elements from one matrix of the batch to the next
 */
record GemmOperand(boolean transposed, int ld, long batchStride) {
    /**
     * The view as cuBLAS can read it where it lies, or null when it must be copied. The stride of an axis of size 1
     * is never used, so it does not count (a single row is row-major whatever its row stride).
     */
    static GemmOperand of(Layout view) {
        Shape shape = view.shape();
        int batch = shape.dim(0), rows = shape.dim(1), cols = shape.dim(2);
        int rowStride = view.stride(1), colStride = view.stride(2);
        long batchStride = batch == 1 ? 0 : view.stride(0);
        if ((cols == 1 || colStride == 1) && (rows == 1 || rowStride >= Math.max(1, cols))) {
            return new GemmOperand(false, rows == 1 ? Math.max(1, cols) : rowStride, batchStride);
        }
        if ((rows == 1 || rowStride == 1) && (cols == 1 || colStride >= Math.max(1, rows))) {
            return new GemmOperand(true, cols == 1 ? Math.max(1, rows) : colStride, batchStride);
        }
        return null;
    }

    /**
     * What a view that {@link #of} rejects is copied from: its first matrix [rows, cols] when the batch shares one
     * matrix (a batch of one, or batch stride 0), else the whole view. The copy is contiguous ({@link #ofCopy}).
     */
    static Layout copied(Layout view) {
        if (!shared(view)) return view;
        Shape shape = view.shape();
        return new Layout(Shape.of(shape.dim(1), shape.dim(2)), new int[] {view.stride(1), view.stride(2)}, view.offset());
    }

    /** How cuBLAS reads the contiguous copy of {@link #copied}{@code (view)}: row-major, repeated when shared. */
    static GemmOperand ofCopy(Layout view) {
        int rows = view.shape().dim(1), cols = view.shape().dim(2);
        return new GemmOperand(false, Math.max(1, cols), shared(view) ? 0 : (long) rows * cols);
    }

    private static boolean shared(Layout view) { return view.shape().dim(0) == 1 || view.stride(0) == 0; }

    /** {@code C [batch, m, n] = A [batch, m, k] B [batch, k, n]} with C contiguous. */
    static RowMajorGemm gemm(GemmOperand a, GemmOperand b, int batch, int m, int n, int k) {
        return new RowMajorGemm(a.transposed, b.transposed, m, n, k, a.ld, b.ld, Math.max(1, n), a.batchStride,
                b.batchStride, (long) m * n, batch);
    }
}
