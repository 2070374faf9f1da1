package io.jgrad.cpu.conv;

/**
 * Per-thread scratch arrays for the convolution kernels, kept between calls so that a training step does not
 * allocate (and the JVM zero) a fresh im2col matrix per layer and direction. Contents are garbage on entry.
 */
final class ConvScratch {
    private static final ThreadLocal<ConvScratch> LOCAL = ThreadLocal.withInitial(ConvScratch::new);

    private float[] col = new float[0];
    private float[] product = new float[0];

    private ConvScratch() {}

    static ConvScratch get() { return LOCAL.get(); }

    /** An im2col matrix of at least {@code n} floats. */
    float[] col(int n) {
        if (col.length < n) col = new float[n];
        return col;
    }

    /** A GEMM result of at least {@code n} floats (an image's output before it is copied into place). */
    float[] product(int n) {
        if (product.length < n) product = new float[n];
        return product;
    }
}
