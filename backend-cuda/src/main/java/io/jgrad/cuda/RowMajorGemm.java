package io.jgrad.cuda;

/**
 * A (batched) GEMM as jgrad sees it, row-major: for each batch index {@code b},
 * {@code C[b] (m x n) = alpha * op(A[b]) (m x k) * op(B[b]) (k x n) + beta * C[b]}, where {@code op(X)} is X or,
 * when transposed, X stored as the transpose. Leading dimensions are row strides in elements: A is stored m x k
 * ({@code lda >= k}), or k x m when {@code transA} ({@code lda >= m}); B likewise k x n or n x k; C is m x n
 * ({@code ldc >= n}). Batch strides are in elements; a stride of 0 for A or B uses the same matrix for every batch.
 */
record RowMajorGemm(boolean transA, boolean transB, int m, int n, int k, int lda, int ldb, int ldc,
                    long strideA, long strideB, long strideC, int batch) {
    RowMajorGemm {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("gemm: negative size m=" + m + " n=" + n + " k=" + k);
        if (batch < 1) throw new IllegalArgumentException("gemm: batch must be >= 1, got " + batch);
        checkLeading("lda", lda, transA ? m : k, "A", transA, transA ? k : m, transA ? m : k);
        checkLeading("ldb", ldb, transB ? k : n, "B", transB, transB ? n : k, transB ? k : n);
        checkLeading("ldc", ldc, n, "C", false, m, n);
        if (strideA < 0 || strideB < 0 || strideC < 0) {
            throw new IllegalArgumentException("gemm: negative batch stride (A " + strideA + ", B " + strideB + ", C " + strideC + ")");
        }
        long cExtent = m == 0 || n == 0 ? 0 : (long) (m - 1) * ldc + n;
        if (batch > 1 && strideC < cExtent) {
            throw new IllegalArgumentException("gemm: C's batch stride " + strideC + " is less than one C matrix (" + cExtent
                    + " elements for " + m + " x " + n + " with ldc " + ldc + "), so the batches' outputs would overlap");
        }
    }

    /** One contiguous GEMM: {@code lda}, {@code ldb}, {@code ldc} are the stored row lengths. */
    static RowMajorGemm of(boolean transA, boolean transB, int m, int n, int k) {
        return new RowMajorGemm(transA, transB, m, n, k, transA ? m : k, transB ? k : n, n, 0, 0, 0, 1);
    }

    /** The same GEMM over {@code batch} matrices, {@code strideX} elements apart (0 repeats the matrix). */
    RowMajorGemm batched(int batch, long strideA, long strideB, long strideC) {
        return new RowMajorGemm(transA, transB, m, n, k, lda, ldb, ldc, strideA, strideB, strideC, batch);
    }

    /**
     * The column-major call cuBLAS gets. A row-major matrix is its transpose in column-major order, so
     * {@code C = op(A) op(B)} is computed as {@code C^T = op(B)^T op(A)^T}: B goes first, m and n swap, the
     * transposes and leading dimensions carry over unchanged.
     */
    ColumnMajorGemm toColumnMajor() {
        return new ColumnMajorGemm(transB, transA, n, m, k, ldb, lda, ldc, strideB, strideA, strideC, batch);
    }

    private static void checkLeading(String name, int ld, int minimum, String matrix, boolean transposed, int rows, int cols) {
        if (ld < Math.max(1, minimum)) {
            throw new IllegalArgumentException("gemm: " + name + " " + ld + " is less than " + Math.max(1, minimum) + " ("
                    + matrix + " is stored " + rows + " x " + cols + " row-major" + (transposed ? ", transposed" : "") + ")");
        }
    }
}
