package io.jgrad.cpu.gemm;

/** Argument checks shared by the float and double GEMMs; messages name the offending operand. */
final class GemmArgs {
    private GemmArgs() {}

    static void checkDims(int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative dimension m=" + m + ", n=" + n + ", k=" + k);
        }
    }

    /**
     * Checks a row-major operand of {@code rows x cols} stored at {@code off} with leading dimension
     * {@code ld} inside an array of {@code length} elements.
     */
    static void checkMatrix(String name, int length, int off, int ld, int rows, int cols) {
        if (off < 0) {
            throw new IndexOutOfBoundsException("gemm: " + name + " offset " + off + " is negative");
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("gemm: leading dimension of " + name + " is " + ld
                    + " but its stored rows have " + cols + " columns");
        }
        if (rows == 0 || cols == 0) return;
        long last = (long) off + (long) (rows - 1) * ld + cols - 1;
        if (last >= length) {
            throw new IndexOutOfBoundsException("gemm: " + name + " (" + rows + " x " + cols + ", offset " + off
                    + ", ld " + ld + ") needs index " + last + " but its array has length " + length);
        }
    }
}
