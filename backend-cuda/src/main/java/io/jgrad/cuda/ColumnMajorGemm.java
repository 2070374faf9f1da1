package io.jgrad.cuda;

/**
 * A GEMM in cuBLAS's column-major terms ({@code cublasSgemm} argument order): {@code C (m x n) = op(first) (m x k) *
 * op(second) (k x n)}, with leading dimensions as column strides. Built by {@link RowMajorGemm#toColumnMajor()},
 * where {@code first} is jgrad's B and {@code second} its A.
 */
record ColumnMajorGemm(boolean transFirst, boolean transSecond, int m, int n, int k, int ldFirst, int ldSecond, int ldc,
                       long strideFirst, long strideSecond, long strideC, int batch) {}
